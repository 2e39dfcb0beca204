"""Command bodies, shared by ``ayon addon applications`` and
``python -m ayon_applications``.

Each command takes a ready :class:`ApplicationManager` and returns an exit
code. Failures a user can fix are reported as readable messages (stderr,
or a dialog when the launcher is not headless), never as tracebacks.
"""
import json
import logging
import os
import subprocess
import sys
import traceback
from typing import Any, Callable, Dict, Optional, TextIO

from .constants import FARM_ENV_SUBGROUP, LaunchTypes
from .environment import environment_difference
from .exceptions import (
    ApplicationExecutableNotFound,
    ApplicationLaunchFailed,
    ApplicationNotFound,
)
from .output import write_json_atomically
from .rez_environment import (
    context_tools,
    resolve_for_launch,
    resolved_environment,
)

log = logging.getLogger(__name__)

USER_ERRORS = (
    ApplicationLaunchFailed,
    ApplicationNotFound,
    ApplicationExecutableNotFound,
    TimeoutError,
)

#: Shows a failure to the user; replaced by a dialog in the AYON UI.
FailureReporter = Callable[[str], None]


def print_failure(message: str) -> None:
    """Report a failure on stderr."""
    sys.stderr.write(f"ERROR: {message}\n")


def ensure_log_output() -> None:
    """Show this addon's log on stderr when no handler would show it.

    The AYON launcher gives handlers only to the loggers ayon-core makes;
    without one, the farm log would not say whether the artist's context
    was reused, resolved as of their time, or resolved fresh. The level
    is ``AYON_LOG_LEVEL`` (INFO by default), as ayon-core's.
    """
    addon_log = logging.getLogger(__package__)
    if addon_log.handlers or logging.getLogger().handlers:
        return
    try:
        level = int(os.environ.get("AYON_LOG_LEVEL") or logging.INFO)
    except ValueError:
        level = logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(levelname)s %(name)s: %(message)s")
    )
    addon_log.addHandler(handler)
    addon_log.setLevel(level)


def run_guarded(
    body: Callable[[], int], report: FailureReporter = print_failure
) -> int:
    """Run a command body; a user error is reported and gives exit 1."""
    try:
        return body()
    except USER_ERRORS as exc:
        message = str(exc)
        if isinstance(exc, KeyError):
            message = exc.args[0] if exc.args else message
        report(message)
        return 1
    except Exception as exc:  # noqa: BLE001 - still one message, exit 1
        log.debug("Unexpected error", exc_info=True)
        report(
            f"An unexpected error happened: {exc.__class__.__name__}:"
            f" {exc}\n\n{traceback.format_exc()}"
        )
        return 1


def resolve_command(
    manager: Any,
    app_name: str,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    task_type: Optional[str] = None,
    as_json: bool = False,
    out: Optional[TextIO] = None,
) -> int:
    """Show a launch's request, resolve and environment difference."""
    out = out or sys.stdout
    manager = manager.for_project(project_name)
    app = manager.get_application(app_name)
    data = {
        "project_name": project_name,
        "folder_path": folder_path,
        "task_name": task_name,
        "task_type": task_type,
    }
    tools = context_tools(manager, app, data)
    request = manager.compose_request(app, tools)
    report: Dict[str, Any] = {
        "app": app.full_name,
        "project": project_name,
        "tools": [tool.full_name for tool in tools],
        "request": request.to_data(),
    }
    try:
        resolution = resolve_for_launch(
            manager, app, request, LaunchTypes.local, os.environ
        )
        env = resolved_environment(
            resolution, os.environ, manager.ayon_request_mode()
        )
    except ApplicationLaunchFailed as exc:
        if not as_json:
            raise
        report["error"] = str(exc)
        out.write(json.dumps(report, indent=4) + "\n")
        return 1
    report["packages"] = resolution.packages
    report["timestamp"] = resolution.timestamp
    report["from_cache"] = resolution.from_cache
    report["environment"] = environment_difference(os.environ, env)
    if as_json:
        out.write(json.dumps(report, indent=4) + "\n")
        return 0
    out.write(f"Application: {app.full_name}\n")
    if project_name:
        out.write(f"Project: {project_name}\n")
    out.write(f"Request:\n{request.describe()}\n")
    out.write("Resolved packages:\n")
    for package in resolution.packages:
        out.write(f"  {package}\n")
    out.write("Environment (changes):\n")
    for key, value in report["environment"].items():
        shown = "(removed)" if value is None else value
        out.write(f"  {key}={shown}\n")
    return 0


def launch_command(
    manager: Any,
    app_name: str,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    wait: bool = False,
    **data: Any,
) -> int:
    """Launch an application in a context.

    Args:
        wait: Wait for the application and return its exit code.
        **data: More launch data (``workfile_path``,
            ``start_last_workfile``, ``task_type``, entities...).
    """
    process = manager.launch(
        app_name,
        project_name=project_name,
        folder_path=folder_path,
        task_name=task_name,
        **data,
    )
    if wait and process is not None:
        return process.wait()
    return 0


def launch_data_options(
    workfile_path: Optional[str] = None,
    use_last_workfile: Optional[str] = None,
) -> Dict[str, Any]:
    """Launch data from the CLI's workfile options."""
    data: Dict[str, Any] = {}
    if workfile_path:
        # ayon-core's hooks open "last_workfile_path" at start; a workfile
        #   given explicitly is opened whatever "use last workfile" says
        data["workfile_path"] = workfile_path
        data["last_workfile_path"] = workfile_path
        data["start_last_workfile"] = True
    elif use_last_workfile is not None:
        data["start_last_workfile"] = str(use_last_workfile) == "1"
    return data


def launch_by_id_command(
    manager: Any,
    app_name: str,
    project_name: str,
    task_id: str,
    workfile_path: Optional[str] = None,
    use_last_workfile: Optional[str] = None,
    wait: bool = False,
) -> int:
    """Launch in the context of a task given by id (AYON server)."""
    from .entities import get_task_launch_context

    context = get_task_launch_context(project_name, task_id)
    context.update(launch_data_options(workfile_path, use_last_workfile))
    return launch_command(manager, app_name, wait=wait, **context)


def launch_by_workfile_id_command(
    manager: Any,
    app_name: str,
    project_name: str,
    workfile_id: str,
    wait: bool = False,
) -> int:
    """Launch a workfile given by id, in its task's context."""
    from .entities import get_workfile_launch_context

    context = get_workfile_launch_context(project_name, workfile_id)
    context.update(launch_data_options(context.get("workfile_path")))
    return launch_command(manager, app_name, wait=wait, **context)


def launch_environment(
    manager: Any,
    app_name: str,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    env_group: Optional[str] = None,
    launch_type: Optional[str] = None,
    env: Optional[Dict[str, str]] = None,
) -> Dict[str, str]:
    """The whole environment a launch would have, without starting it."""
    context = manager.create_launch_context(
        app_name,
        project_name=project_name,
        folder_path=folder_path,
        task_name=task_name,
        env_group=env_group,
        launch_type=launch_type,
        env=dict(os.environ if env is None else env),
    )
    context.run_prelaunch_hooks()
    return dict(context.env)


def extract_environments_command(
    manager: Any,
    output_path: str,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    app_name: Optional[str] = None,
    env_group: Optional[str] = None,
    launch_type: str = LaunchTypes.farm_publish,
) -> int:
    """Write the whole environment of a farm task as JSON.

    With the full context (project, folder, task, app) the environment is
    the application's, resolved for the farm; otherwise it is this
    process's environment, as Deadline expects. Nothing is written when
    the environment cannot be built.

    The launch type is ``farm-publish`` by default, as with the old addon:
    ayon-core's farm hooks (e.g. its environment filter) target it, for
    render and publish jobs alike.
    """
    if all((project_name, folder_path, task_name, app_name)):
        env = launch_environment(
            manager,
            app_name,  # type: ignore[arg-type]
            project_name=project_name,
            folder_path=folder_path,
            task_name=task_name,
            env_group=env_group or FARM_ENV_SUBGROUP,
            launch_type=launch_type,
        )
    else:
        env = dict(os.environ)
    write_json_atomically(output_path, env)
    log.info("Environment written to %s", output_path)
    return 0


def open_terminal_command(
    manager: Any,
    app_name: Optional[str],
    project_name: str,
    task_id: str,
    terminal_group: str = "terminal",
    wait: bool = False,
) -> int:
    """Open the studio terminal in an application's resolved environment.

    The terminal is the highest enabled variant of the ``terminal`` group
    (its command looked up on the resolved ``PATH``); it starts with the
    environment ``app_name`` would get in the task, or its own without
    ``app_name``.
    """
    from .entities import get_task_launch_context
    from .rez_environment import find_command

    context = get_task_launch_context(project_name, task_id)
    project_manager = manager.for_project(project_name)
    terminal = project_manager.find_latest_available_variant_for_group(
        terminal_group
    )
    if terminal is None:
        raise ApplicationLaunchFailed(
            f"Project \"{project_name}\" has no enabled application in the"
            f" \"{terminal_group}\" group to open a terminal with"
        )
    launch = project_manager.create_launch_context(
        app_name or terminal.full_name, env=dict(os.environ), **context
    )
    launch.run_prelaunch_hooks()
    env = launch.env
    resolution = launch.data["rez_resolution"]
    executable = find_command(terminal, resolution, env)
    args = [executable, *terminal.command[1:], *terminal.arguments]
    process = subprocess.Popen(args, env=env, **_terminal_kwargs())
    if wait:
        return process.wait()
    return 0


def rezify_bundle_command(
    manager: Any,
    output: str,
    bundle_name: Optional[str] = None,
    project_name: Optional[str] = None,
    force: bool = False,
    out: Optional[TextIO] = None,
) -> int:
    """Write the bundle's AYON packages into a rez repository.

    Prints one line per package: created, already there or rebuilt.

    Args:
        manager: Application manager whose ``ayon_request`` settings
            name the packages; None for the default names.
        output: The rez repository folder.
        bundle_name: Studio bundle; the running one when None.
        project_name: Lay this project's bundle over it.
        force: Rebuild package versions that already exist.
    """
    from .rezify import ALREADY_THERE, rezify_bundle

    out = out or sys.stdout
    options: Dict[str, Any] = {}
    if manager is not None:
        settings = manager.for_project(project_name).settings
        options = settings.get("ayon_request") or {}

    def report(result: Any) -> None:
        out.write(result.describe() + "\n")
        out.flush()

    results = rezify_bundle(
        output,
        bundle_name=bundle_name,
        project_name=project_name,
        force=force,
        package_name_template=(
            options.get("package_name_template") or "ayon_{addon_name}"
        ),
        launcher_package_name=(
            options.get("launcher_package_name") or "ayon_launcher"
        ),
        include_launcher=bool(options.get("include_launcher", True)),
        report=report,
    )
    if any(result.status != ALREADY_THERE for result in results):
        # A launch from this process sees the new packages at once.
        from .resolver import clear_caches

        clear_caches()
    return 0


def _terminal_kwargs() -> Dict[str, Any]:
    """Popen options of a terminal: its own console, detached from us."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_CONSOLE}
    return {"start_new_session": True}
