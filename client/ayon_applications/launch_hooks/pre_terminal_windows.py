"""On Windows the ``terminal`` application gets a console of its own.

A launch is detached from the launcher (no console) and, without a
console of its own, a terminal program would have nowhere to show its
prompt. As Ynput's ``prelaunch_shell_windows`` hook: the terminal starts
with ``CREATE_NEW_CONSOLE`` and its output is not redirected. Runs last,
after any hook that redirects output.
"""
import subprocess

from ayon_applications.constants import LaunchTypes
from ayon_applications.hooks import PreLaunchHook

# subprocess.CREATE_NEW_CONSOLE, which exists only on Windows.
CREATE_NEW_CONSOLE = 0x00000010


class TerminalNewConsoleHook(PreLaunchHook):
    """Start the terminal in a new console, output not redirected."""

    order = 1000
    app_groups = {"terminal"}
    platforms = {"windows"}
    launch_types = {LaunchTypes.local}

    def execute(self) -> None:
        """Replace the creation flags and keep output on the console."""
        self.launch_context.kwargs.update({
            "creationflags": getattr(
                subprocess, "CREATE_NEW_CONSOLE", CREATE_NEW_CONSOLE
            ),
            "stdout": None,
            "stderr": None,
        })
