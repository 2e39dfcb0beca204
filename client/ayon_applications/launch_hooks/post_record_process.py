"""Record every local launch for the Process Monitor."""
from ayon_applications.constants import LaunchTypes
from ayon_applications.hooks import PostLaunchHook


class RecordProcessHook(PostLaunchHook):
    """Store the started process (context, pid, log) and watch its exit."""

    order = 0
    launch_types = {LaunchTypes.local}

    def execute(self) -> None:
        """Record; a failure is logged and never stops anything."""
        # Imported here, after the start (sqlite3 and the process
        #   store): hook discovery imports this file before a launch.
        from ayon_applications.process import ProcessManager
        from ayon_applications.process_recording import (
            close_output_stream,
            record_launch,
        )

        close_output_stream(self.launch_context)
        try:
            record_launch(self.launch_context, ProcessManager())
        except Exception as exc:  # noqa: BLE001 - never fails a launch
            self.log.warning("Launch of %s not recorded: %s",
                             self.app_name, exc)
