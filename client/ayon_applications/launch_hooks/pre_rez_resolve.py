"""Resolve the application's rez request before any other hook runs.

Every later hook (ayon-core's among them) sees the rez environment. The
steps are those of ``ayon_applications.launch_pipeline``.
"""
from ayon_applications.hooks import PreLaunchHook
from ayon_applications.launch_pipeline import apply_launch_pipeline


class RezResolveHook(PreLaunchHook):
    """Compose the request, resolve it and build the rez environment."""

    order = -1000
    launch_types = set()

    def execute(self) -> None:
        """Resolve, set the environment and the resolved executable."""
        apply_launch_pipeline(self.launch_context)
