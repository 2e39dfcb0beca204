"""Resolve the application's rez request before any other hook runs.

Every later hook (ayon-core's among them) sees the rez environment.
"""
from ayon_applications.constants import LaunchTypes
from ayon_applications.hooks import PreLaunchHook
from ayon_applications.rez_environment import (
    context_tools,
    find_command,
    resolve_for_launch,
    resolved_environment,
)


class RezResolveHook(PreLaunchHook):
    """Compose the request, resolve it and build the rez environment."""

    order = -1000
    launch_types = set()

    def execute(self) -> None:
        """Resolve, set the environment and the resolved executable."""
        context = self.launch_context
        app = self.application
        manager = app.manager
        tools = context_tools(manager, app, self.data)
        request = manager.compose_request(app, tools)
        resolution = resolve_for_launch(
            manager, app, request, context.launch_type, context.env
        )
        env = resolved_environment(
            resolution, context.env, manager.ayon_request_mode()
        )
        context.env = env
        self.data["tools"] = [tool.full_name for tool in tools]
        self.data["rez_request"] = request
        self.data["rez_resolution"] = resolution
        if app.command and context.launch_type == LaunchTypes.local:
            executable = find_command(app, resolution, env)
            context.executable.executable_path = executable
            if context.launch_args:
                context.launch_args[0] = executable
