"""Launch hooks that read and change a launch as other addons' hooks do.

Each evaluates the expressions ``tests.test_hook_surface.ACCESSES`` lists
for its stage (written from reading ayon-core's and host addons' hooks)
and records the values there; the late one also changes the launch the
ways those hooks do. Loaded by the launch as any addon's hook file.
"""
import warnings

from ayon_applications import LaunchTypes, PostLaunchHook, PreLaunchHook
from tests import test_hook_surface as table


def _record(hook, stage):
    for expression, _check in table.ACCESSES[stage]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = eval(expression, {"self": hook})  # noqa: S307
        table.SEEN[(stage, expression)] = (
            value, [warning.category for warning in caught]
        )


class SurfaceEarly(PreLaunchHook):
    """After this addon's rez step, before ayon-core's context hook."""

    order = -500
    hosts = {"maya"}
    launch_types = {LaunchTypes.local}

    def execute(self):
        _record(self, "early")


class SurfaceLate(PreLaunchHook):
    """After ayon-core's hooks filled the context (order 20)."""

    order = 20
    app_groups = {"maya"}
    launch_types = {LaunchTypes.local}

    def execute(self):
        _record(self, "late")
        context = self.launch_context
        # as houdini's set_paths, nukeassist's and mac/new-console hooks
        context.kwargs["cwd"] = self.data["env"]["AYON_WORKDIR"]
        context.env["SURFACE_FROM_HOOK"] = "set"
        context.launch_args.append(["--nested", "pair"])
        context.kwargs.update({"stdout": None, "stderr": None})


class SurfacePost(PostLaunchHook):
    """After the start, as ayon-core's post hooks run."""

    app_names = {"maya/2025"}
    launch_types = {LaunchTypes.local}

    def execute(self):
        _record(self, "post")
