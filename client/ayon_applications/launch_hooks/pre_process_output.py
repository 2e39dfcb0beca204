"""Keep the output of launches with ``redirect_output`` in a log file.

The Process Monitor shows the log. Runs after every ordered hook, so it
sees the final process options: a process given its own console (the
Windows terminal) keeps its output there.
"""
from ayon_applications.constants import LaunchTypes
from ayon_applications.hooks import PreLaunchHook


class ProcessOutputHook(PreLaunchHook):
    """Send stdout and stderr to a private log file."""

    order = None
    launch_types = {LaunchTypes.local}

    def execute(self) -> None:
        """Open the log file and hand it to the process options, when
        the launch keeps its output (``launch_context.redirect_output``:
        the variant's setting, or what an earlier hook made it)."""
        if not self.launch_context.redirect_output:
            return
        # Imported only when output is kept (sqlite3 and the process
        #   store): hook discovery imports this file before a launch.
        from ayon_applications.process import (
            ProcessManager,
            ProcessStorageError,
        )
        from ayon_applications.process_recording import (
            keeps_own_console,
            redirect_output,
        )

        if keeps_own_console(self.launch_context.kwargs):
            return
        try:
            redirect_output(self.launch_context, ProcessManager())
        except (OSError, ProcessStorageError) as exc:
            # The application matters more than its log.
            self.log.warning("Output of %s is not kept: %s",
                             self.app_name, exc)
