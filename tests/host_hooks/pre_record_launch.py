"""Launch hooks of the test host addon: they record what ran and how."""
from ayon_applications import LaunchTypes, PreLaunchHook


class RecordFarmPublish(PreLaunchHook):
    """Runs for farm-publish launches only, as ayon-core's farm filter."""

    order = 1000
    hosts = {"maya"}
    launch_types = {LaunchTypes.farm_publish}

    def execute(self):
        self.launch_context.env["HOST_HOOK_LAUNCH_TYPE"] = (
            self.launch_context.launch_type
        )


class FailWhenAsked(PreLaunchHook):
    """Fails with an unexpected error when the environment asks it to."""

    hosts = {"maya"}
    launch_types = set()

    def execute(self):
        if self.launch_context.env.get("TEST_HOOK_RAISES"):
            raise RuntimeError("host hook bug")
