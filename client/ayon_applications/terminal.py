"""The studio terminal in an application's resolved environment.

What Ynput's "debug terminal" action does, through rez: the terminal is
the highest enabled variant of the ``terminal`` application group (its
command looked up on the resolved ``PATH``); it starts with the
environment an application would get in a task (every pre-launch hook
run, nothing started), or with its own without an application.
"""
import subprocess
import sys
from typing import Any, Dict, Optional

from .exceptions import ApplicationLaunchFailed
from .launch_pipeline import find_command, prepare_launch


def open_terminal(
    manager: Any,
    app_name: Optional[str],
    project_name: str,
    task_id: str,
    terminal_group: str = "terminal",
) -> subprocess.Popen:
    """Start the terminal in ``app_name``'s environment in a task.

    Raises:
        ApplicationLaunchFailed: The project has no terminal, or the
            launch cannot be prepared.
        ApplicationExecutableNotFound: The terminal's command is not on
            the resolved ``PATH``.
    """
    from .entities import get_task_launch_context

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
    launch = prepare_launch(
        project_manager, app_name or terminal.full_name, **context
    )
    env = launch.env
    resolution = launch.data["rez_resolution"]
    found = find_command(terminal, resolution, env)
    args = [*found.args, *terminal.command[1:], *terminal.arguments]
    return subprocess.Popen(args, env=env, **_terminal_kwargs())


def _terminal_kwargs() -> Dict[str, Any]:
    """Popen options of a terminal: its own console, detached from us."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_CONSOLE}
    return {"start_new_session": True}
