"""Resolve the application's rez request before any other hook runs.

Every later hook (ayon-core's among them) sees the rez environment. The
steps are those of ``ayon_applications.launch_pipeline``.
"""
from ayon_applications.hooks import PreLaunchHook
from ayon_applications.launch_pipeline import LaunchPipeline


class RezResolveHook(PreLaunchHook):
    """Compose the request, resolve it and build the rez environment."""

    order = -1000
    launch_types = set()

    def execute(self) -> None:
        """Resolve, set the environment and the resolved executable."""
        context = self.launch_context
        pipeline = LaunchPipeline(
            self.application, self.data, context.launch_type, context.env
        )
        context.env = pipeline.env
        self.data["tools"] = pipeline.tool_names
        self.data["rez_request"] = pipeline.request
        self.data["rez_resolution"] = pipeline.resolution
        command = pipeline.command
        if command:
            self.log.debug("Command: %s", command.describe())
            context.executable.executable_path = command.program
            if context.launch_args:
                # An alias's own arguments come before the variant's.
                context.launch_args[0:1] = command.args
