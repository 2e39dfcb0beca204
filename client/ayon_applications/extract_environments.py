"""``extractenvironments``: a farm task's environment, written as OUT.json.

Deadline's worker runs ``ayon_console --headless addon applications
extractenvironments OUT.json.tmp --envgroup farm --project P --folder F
--task T --app A`` and applies every key of the file to the render
process. With the whole context the file holds the application's
environment as a farm launch builds it (``launch_pipeline``: the artist's
resolve reproduced, every pre-launch hook of the launch type); without it,
this process's environment, as Deadline expects. The file is written
whole or not at all (``output.write_json_atomically``): nothing is written
when the environment cannot be built.
"""
import logging
import os
from typing import Any, Dict, Optional

from .constants import LaunchTypes
from .exceptions import ApplicationLaunchFailed
from .launch_pipeline import launch_environment
from .output import write_json_atomically

log = logging.getLogger(__name__)


def task_environment(
    manager: Any,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    app_name: Optional[str] = None,
    env_group: Optional[str] = None,
    launch_type: str = LaunchTypes.farm_publish,
) -> Dict[str, str]:
    """The environment a farm job of this context gets.

    The launch type is ``farm-publish`` by default, as with the old addon:
    ayon-core's farm hooks (e.g. its environment filter) target it, for
    render and publish jobs alike. Without ``env_group`` the JSON
    environments' ``standard`` values apply, as with the old addon
    (Deadline and Royal Render pass ``--envgroup farm``).
    """
    if not all((project_name, folder_path, task_name, app_name)):
        return dict(os.environ)
    return launch_environment(
        manager,
        app_name,  # type: ignore[arg-type]
        project_name=project_name,
        folder_path=folder_path,
        task_name=task_name,
        env_group=env_group,
        launch_type=launch_type,
    )


def extract_environments(
    manager: Any, output_path: str, **context: Any
) -> None:
    """Write :func:`task_environment` to ``output_path`` as JSON, whole.

    Args:
        manager: The application manager.
        output_path: The JSON file (Deadline's ``OUT.json.tmp``).
        **context: The arguments of :func:`task_environment`.

    Raises:
        ApplicationLaunchFailed: The environment cannot be built, or the
            file cannot be written (nothing is written).
        TimeoutError: Another writer kept the file too long.
    """
    env = task_environment(manager, **context)
    try:
        write_json_atomically(output_path, env)
    except ApplicationLaunchFailed as exc:
        raise ApplicationLaunchFailed(
            f"Cannot write the environment of \"{context.get('app_name')}\""
            f" to \"{output_path}\": {exc}"
        ) from None
    log.info("Environment written to %s", output_path)
