"""What other addons' launch hooks read and change, on this addon's
real classes.

The table is written from reading the hooks that run in a studio's
launches: ayon-core's ``hooks/`` (``pre_global_host_data``,
``pre_add_last_workfile_arg``, ``pre_copy_template_workfile``,
``pre_create_extra_workdir_folders``, ``pre_ocio_hook``,
``pre_mac_launch``, ``pre_new_console_apps``,
``pre_filter_farm_environments``, ``pre_remove_launcher_paths``) and the
launch hooks of ayon-maya (``pre_auto_load_plugins``, ``pre_copy_mel``,
``pre_open_workfile_post_initialization``), ayon-nuke
(``pre_nukeassist_setup``) and ayon-houdini (``set_paths``,
``set_default_display_and_view``). Each row is one access those hooks
make, at the stage they make it; the probe hooks in
``tests/surface_hooks`` evaluate them in a real launch (rez resolve,
ayon-core's context hook, the process start) and the checks hold them to
what the hooks rely on. The late probe also changes the launch as those
hooks do (``kwargs["cwd"]``, ``env``, nested ``launch_args``,
``kwargs.update``), and the started process shows the changes.
"""
import logging
import os

import pytest

from ayon_applications import Application, ApplicationManager
from tests.fixtures.launch import read_probe
from tests.test_ayon_integration import (  # noqa: F401 - fixture
    run_cli,
    studio,
    wait_for,
)

SURFACE_HOOKS = os.path.join(os.path.dirname(__file__), "surface_hooks")

#: What the probe hooks saw: (stage, expression) -> (value, warnings).
SEEN = {}


def _is_str_dict(value):
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


ACCESSES = {
    # after the rez step (-1000), before ayon-core's context hook (-100)
    "early": [
        # every hook: launch_context.env is a dict of strings
        ("self.launch_context.env", _is_str_dict),
        ("'REZ_USED_RESOLVE' in self.launch_context.env", True),
        # pre_mac_launch: the executable's path is the first argument
        ("__import__('os').path.isabs(str(self.launch_context.executable))",
         True),
        ("self.launch_context.launch_args[0]"
         " == str(self.launch_context.executable)", True),
        ("self.launch_context.executable.executable_path"
         " == str(self.launch_context.executable)", True),
        # maya/houdini hooks: project settings of every addon, early
        ("sorted(self.data['project_settings'])[:1]", ["applications"]),
        ("self.data['project_name']", "show"),
        ("self.data['folder_path']", "/shots/sh010"),
        ("self.data['task_name']", "animation"),
    ],
    # after ayon-core's hooks (global host data -100, ocio 0, last
    #   workfile 10, extra folders 15)
    "late": [
        ("self.data['project_entity']['name']", "show"),
        ("self.data['folder_entity']['path']", "/shots/sh010"),
        ("self.data['folder_entity']['id'] is not None", True),
        ("self.data['task_entity']['name']", "animation"),
        ("self.data['task_entity']['taskType']", "Animation"),
        ("self.data['task_type']", "Animation"),
        ("self.data['anatomy'] is not None", True),
        ("self.data['last_workfile_path'].endswith('.ma')", True),
        ("isinstance(self.data['start_last_workfile'], bool)", True),
        ("'task' in self.data['workdir_data']", True),
        # pre_create_extra_workdir_folders reads data["env"]
        ("self.data.get('env') is self.launch_context.env", True),
        ("__import__('os').path.isdir(self.data['env']['AYON_WORKDIR'])",
         True),
        ("self.launch_context.env['AYON_APP_NAME']", "maya/2025"),
        ("self.launch_context.env['AYON_HOST_NAME']", "maya"),
        ("self.launch_context.env_group", "standard"),
        ("self.launch_context.launch_type", "local"),
        ("self.launch_context.kwargs['env'] is self.launch_context.env",
         True),
        ("self.launch_context.application.full_name", "maya/2025"),
        ("self.launch_context.application.is_host", True),
        ("self.launch_context.application.host_name", "maya"),
        ("self.launch_context.host_name", "maya"),
        ("self.launch_context.app_group.name", "maya"),
        ("self.launch_context.manager is self.manager", True),
        ("self.launch_context.log", logging.Logger),
        ("self.application is self.launch_context.application", True),
        ("self.data is self.launch_context.data", True),
        ("self.host_name", "maya"),
        ("self.app_group.name", "maya"),
        ("self.app_name", "maya/2025"),
        ("self.manager", ApplicationManager),
        ("self.manager.applications['maya/2025'] is self.application",
         True),
        ("self.application", Application),
        ("callable(self.addons_manager.get_enabled_addons)", True),
        ("self.addons_manager.get_host_addon('maya').name", "maya"),
        ("self.launch_context.addons_manager is self.addons_manager",
         True),
        ("self.launch_context.modules_manager is self.addons_manager",
         True),
        ("self.modules_manager is self.addons_manager", True),
        ("self.log", logging.Logger),
    ],
    # ayon-core's post hooks: the process started
    "post": [
        ("isinstance(self.launch_context.process.pid, int)", True),
        ("all(isinstance(a, str) for a in self.launch_context.launch_args)",
         True),
    ],
}


def _check(expected, value):
    if isinstance(expected, type):
        return isinstance(value, expected)
    if callable(expected):
        return expected(value)
    return value == expected


@pytest.fixture
def surface_launch(studio, probe_output):  # noqa: F811
    """One launch with the probe hooks; the probe's record."""
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager, AYONAddon

    class SurfaceAddon(AYONAddon):
        name = "surface"

        def get_launch_hook_paths(self, app):
            return SURFACE_HOOKS

    SEEN.clear()
    _standin.ADDONS.append(SurfaceAddon)
    world = dict(studio, addons=AddonsManager())
    code = run_cli(world, "launch-by-id", "--app", "maya/2025",
                   "--project", "show", "--task-id", world["task"]["id"])
    assert code == 0
    wait_for(probe_output)
    return read_probe(probe_output)


def test_hooks_see_and_change_the_launch_as_they_expect(surface_launch):
    """One launch; every row of the table checked (all failures shown)."""
    wrong = []
    for stage, rows in ACCESSES.items():
        for expression, expected in rows:
            if (stage, expression) not in SEEN:
                wrong.append(f"{stage}: {expression}: not evaluated")
                continue
            value, _warnings = SEEN[(stage, expression)]
            if not _check(expected, value):
                wrong.append(f"{stage}: {expression} -> {value!r}")
    assert not wrong, "\n".join(wrong)

    # a hook's deprecated name warns; the current ones do not
    _value, caught = SEEN[("late", "self.modules_manager"
                                   " is self.addons_manager")]
    assert caught == [DeprecationWarning]
    _value, caught = SEEN[("late", "self.addons_manager.get_host_addon"
                                   "('maya').name")]
    assert caught == []

    # what the late probe changed, as other addons' hooks do, reached
    #   the process
    probe = surface_launch
    assert probe["env"]["SURFACE_FROM_HOOK"] == "set"
    assert probe["argv"][-2:] == ["--nested", "pair"]
    assert os.path.samefile(probe["cwd"], probe["env"]["AYON_WORKDIR"])
