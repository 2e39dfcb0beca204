"""Environment layers ayon-core adds in AYON, for launches without it.

In AYON, ayon-core's global host data hook applies the JSON environments
and the context variables through ``ayon_applications.utils``; without
ayon-core this hook does the same with the context it has.
"""
from ayon_applications.environment import apply_addon_layers
from ayon_applications.hooks import PreLaunchHook


class StandaloneEnvironmentHook(PreLaunchHook):
    """JSON environments and AYON context variables, without ayon-core."""

    order = -100
    launch_types = set()

    def validate(self) -> bool:
        """Only when ayon-core's hooks do not run."""
        return not self.launch_context.runs_ayon_core_hooks()

    def execute(self) -> None:
        """Apply the layers on the launch environment."""
        apply_addon_layers(self.launch_context)
