"""Environment layers ayon-core adds in AYON, for launches without it.

In AYON, ayon-core's global host data hook applies the JSON environments
and the context variables through ``ayon_applications.utils``; without
ayon-core this hook does the same with the context it has.
"""
from ayon_applications.environment import (
    apply_app_environments,
    context_environment,
)
from ayon_applications.hooks import PreLaunchHook


class StandaloneEnvironmentHook(PreLaunchHook):
    """JSON environments and AYON context variables, without ayon-core."""

    order = -100
    launch_types = set()

    def validate(self) -> bool:
        """Only when no addons manager (no ayon-core) runs the launch."""
        return self.launch_context.addons_manager is None

    def execute(self) -> None:
        """Apply the layers on the launch environment."""
        context = self.launch_context
        app = self.application
        tools = [
            app.manager.tools[name]
            for name in self.data.get("tools") or []
            if name in app.manager.tools
        ]
        env = apply_app_environments(
            context.env, app, tools, context.env_group
        )
        env.update(
            context_environment(
                app,
                project_name=self.data.get("project_name"),
                folder_path=self.data.get("folder_path"),
                task_name=self.data.get("task_name"),
            )
        )
        workfile = self.data.get("workfile_path")
        if workfile:
            env["AYON_LAST_WORKFILE"] = workfile
        context.env = env
