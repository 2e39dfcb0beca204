"""Launching as Ynput's Applications addon 1.4.4 launches.

Cases written from reading its ``addon.py`` (``launch_application`` and
the ``launch`` / ``launch-by-id`` / ``launch-by-workfile-id`` commands):

- before a launch every enabled addon prepares the process
  (ayon-core's ``ensure_addons_are_process_ready(addon_name,
  addon_version, project_name)``), which outside headless mode also makes
  sure the tray runs; a preparation failure ends the process with 1;
- ``--use-last-workfile`` is read with ayon-core's ``env_value_to_bool``
  (``1/0``, ``true/false``, ``yes/no``, ``on/off``, any case);
- ``launch_application(app, project, folder, task, workfile_path=None,
  use_last_workfile=None)`` takes a bool as ``workfile_path`` as the old
  positional ``use_last_workfile`` (with a ``DeprecationWarning``), and a
  failed launch exits the process with 1.
"""
import json
import os

import pytest

from tests.fixtures.launch import read_probe
from tests.test_ayon_integration import (  # noqa: F401 - fixture
    run_cli,
    studio,
    wait_for,
)


def ready_recorder_class(fail_with=None):
    """An addon recording each process preparation (as ftrack's login
    would run there); it refuses with ``fail_with`` when given."""
    from ayon_core.addon import AYONAddon, ProcessPreparationError

    class ReadyRecorderAddon(AYONAddon):
        name = "ready_recorder"
        calls = []

        def ensure_is_process_ready(self, process_context):
            self.calls.append((
                process_context.addon_name,
                process_context.addon_version,
                process_context.project_name,
            ))
            if fail_with:
                raise ProcessPreparationError(fail_with)

    return ReadyRecorderAddon


@pytest.fixture
def recorder(studio):  # noqa: F811 - the fixture imported above
    """The studio's addons plus the recorder: ``(class, studio)``."""
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager

    def with_recorder(fail_with=None):
        klass = ready_recorder_class(fail_with)
        _standin.ADDONS.append(klass)
        return klass, dict(studio, addons=AddonsManager())

    return with_recorder


LAUNCHES = [
    pytest.param(["launch", "--folder", "/shots/sh010", "--task",
                  "animation"], id="launch"),
    pytest.param(["launch-by-id", "--task-id", None], id="launch-by-id"),
]


@pytest.mark.parametrize("args", LAUNCHES)
def test_addons_prepare_the_process_before_a_launch(
    recorder, probe_output, args
):
    from ayon_core import _standin

    klass, world = recorder()
    args = [world["task"]["id"] if arg is None else arg for arg in args]
    code = run_cli(world, args[0], "--app", "maya/2025",
                   "--project", "show", *args[1:])
    assert code == 0
    wait_for(probe_output)
    from ayon_applications.version import __version__

    assert klass.calls == [("applications", __version__, "show")]
    assert _standin.TRAY_STARTS == []  # headless: no tray


def test_outside_headless_mode_the_tray_is_made_sure_to_run(
    recorder, probe_output, monkeypatch
):
    from ayon_core import _standin

    monkeypatch.delenv("AYON_HEADLESS_MODE")
    _klass, world = recorder()
    code = run_cli(world, "launch-by-id", "--app", "maya/2025",
                   "--project", "show", "--task-id", world["task"]["id"])
    assert code == 0
    wait_for(probe_output)
    assert len(_standin.TRAY_STARTS) == 1


def test_a_process_preparation_failure_stops_the_launch(
    recorder, probe_output, capsys
):
    klass, world = recorder(fail_with="Log in to ftrack first")
    code = run_cli(world, "launch-by-id", "--app", "maya/2025",
                   "--project", "show", "--task-id", world["task"]["id"])
    assert code == 1
    assert "Log in to ftrack first" in capsys.readouterr().out
    assert len(klass.calls) == 1
    assert not os.path.exists(probe_output)


def test_resolve_and_extractenvironments_do_not_prepare_the_process(
    recorder, tmp_path
):
    klass, world = recorder()
    assert run_cli(world, "resolve", "--app", "maya/2025",
                   "--project", "show") == 0
    output = str(tmp_path / "env.json")
    assert run_cli(world, "extractenvironments", output, "--envgroup",
                   "farm", "--project", "show", "--folder", "/shots/sh010",
                   "--task", "animation", "--app", "maya/2025") == 0
    assert klass.calls == []


@pytest.mark.parametrize("value, opened", [
    ("1", "1"), ("0", "0"), ("True", "1"), ("false", "0"),
    ("YES", "1"), ("no", "0"), ("on", "1"), ("Off", "0"),
])
def test_use_last_workfile_is_read_as_env_value_to_bool(
    studio, probe_output, value, opened  # noqa: F811
):
    code = run_cli(studio, "launch-by-id", "--app", "maya/2025",
                   "--project", "show", "--task-id", studio["task"]["id"],
                   "--use-last-workfile", value)
    assert code == 0
    wait_for(probe_output)
    assert read_probe(probe_output)["env"]["AVALON_OPEN_LAST_WORKFILE"] == (
        opened
    )


def test_launch_application_as_ynputs(studio, probe_output):  # noqa: F811
    addon = studio["addons"]["applications"]
    with pytest.warns(DeprecationWarning, match="use_last_workfile"):
        result = addon.launch_application(
            "maya/2025", "show", "/shots/sh010", "animation", False
        )
    assert result is None
    wait_for(probe_output)
    assert read_probe(probe_output)["env"]["AVALON_OPEN_LAST_WORKFILE"] == (
        "0"
    )


def test_launch_application_failure_exits_1(
    studio, probe_output, capsys  # noqa: F811
):
    addon = studio["addons"]["applications"]
    with pytest.raises(SystemExit) as info:
        addon.launch_application(
            "maya/2099", "show", "/shots/sh010", "animation"
        )
    assert info.value.code == 1
    assert "maya/2099" in capsys.readouterr().err
    assert not os.path.exists(probe_output)


def _without_program(studio):  # noqa: F811
    settings = json.loads(json.dumps(studio["settings"]))
    settings["applications"][0]["variants"][0]["command"] = ["not_here"]
    studio["server"].set_studio_settings("applications", settings)


def test_environment_of_an_app_whose_program_is_not_here(
    studio, tmp_path  # noqa: F811
):
    """Ynput's ``get_app_environments_for_context`` runs the hooks
    without looking for the executable (webpublisher, batch scripts and
    debug shells ask for the environment of apps not installed there)."""
    from ayon_applications.utils import get_app_environments_for_context

    _without_program(studio)
    env = get_app_environments_for_context(
        "show", "/shots/sh010", "animation", "maya/2025",
        addons_manager=studio["addons"],
    )
    assert env["MAYA_VERSION"] == "2025.1"
    assert env["AYON_APP_NAME"] == "maya/2025"
    assert os.path.isdir(env["AYON_WORKDIR"])


def test_launch_of_an_app_whose_program_is_not_here_fails_first(
    studio, tmp_path, capsys  # noqa: F811
):
    _without_program(studio)
    code = run_cli(studio, "launch-by-id", "--app", "maya/2025",
                   "--project", "show", "--task-id", studio["task"]["id"])
    assert code == 1
    assert '"not_here"' in capsys.readouterr().err
    # it failed in the rez step, before ayon-core's hook made the workdir
    assert not os.path.exists(tmp_path / "work")
    assert run_cli(studio, "resolve", "--app", "maya/2025",
                   "--project", "show") == 1


def test_hooks_run_first_then_the_start_raises_not_found(
    tmp_path, probe_repo, probe_output
):
    """A context prepared first (hooks run, as ``get_app_environments_
    for_context`` does) and launched after fails at the start."""
    from ayon_applications import ApplicationExecutableNotFound
    from tests.test_launch import make_manager, maya_settings

    settings = maya_settings(probe_repo)
    settings["applications"][0]["variants"][0]["command"] = ["not_here"]
    manager = make_manager(tmp_path, settings)
    context = manager.create_launch_context("maya/2025", project_name="show")
    context.run_prelaunch_hooks()
    assert context.env["MAYA_VERSION"] == "2025.1"
    with pytest.raises(ApplicationExecutableNotFound, match="not_here"):
        context.launch()
    assert context.process is None
    assert not os.path.exists(probe_output)


def test_extractenvironments_without_envgroup_gives_standard_values(
    studio, tmp_path  # noqa: F811
):
    """Ynput's command passes ``env_group=None``: the ``standard`` values
    of the JSON environments (scripts calling it without ``--envgroup``
    get what they got)."""
    output = str(tmp_path / "env.json")
    assert run_cli(studio, "extractenvironments", output, "--project",
                   "show", "--folder", "/shots/sh010", "--task",
                   "animation", "--app", "maya/2025") == 0
    with open(output, encoding="utf-8") as stream:
        assert json.load(stream)["MAYA_GROUP_ENV"] == "ws"


@pytest.mark.parametrize("folder, task, message", [
    ("/shots/nope", "animation",
     "Folder '/shots/nope' not found in project 'show'."),
    ("/shots/sh010", "nope",
     "Task 'nope' not found in 'show' > '/shots/sh010'."),
])
def test_unknown_context_is_ayon_cores_one_line(
    studio, probe_output, capsys, folder, task, message  # noqa: F811
):
    """ayon-core's context hook refuses a folder or task it cannot find;
    the launch ends with its message, nothing started."""
    code = run_cli(studio, "launch", "--app", "maya/2025", "--project",
                   "show", "--folder", folder, "--task", task)
    assert code == 1
    error = capsys.readouterr().err
    assert message in error
    assert "Traceback" not in error
    assert not os.path.exists(probe_output)


SHARED_HOOK_LIB = '''
from ayon_applications import PreLaunchHook


class SharedHook(PreLaunchHook):
    launch_types = set()

    def execute(self):
        env = self.launch_context.env
        env["SHARED_RUNS"] = env.get("SHARED_RUNS", "") + "x"
'''


def test_hook_files_may_import_their_hooks(
    tmp_path, probe_repo, monkeypatch
):
    """ayon-core finds every hook class a hook file holds, imported ones
    too (``classes_from_module``); one imported by two files runs once,
    files starting with ``_`` are skipped."""
    from tests.test_launch import make_manager, maya_settings

    library = tmp_path / "lib"
    library.mkdir()
    (library / "shared_hook_lib.py").write_text(SHARED_HOOK_LIB)
    monkeypatch.syspath_prepend(str(library))
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("pre_a.py", "pre_b.py", "_pre_private.py"):
        (hooks / name).write_text(
            "from shared_hook_lib import SharedHook  # noqa: F401\n"
        )
    (hooks / "_pre_private.py").write_text(
        SHARED_HOOK_LIB.replace("SharedHook", "PrivateHook")
        .replace('"x"', '"private"')
    )

    class HookAddon:
        name = "hooks_addon"

        def get_launch_hook_paths(self, app):
            return str(hooks)

    class Addons:
        def get_enabled_addons(self):
            return [HookAddon()]

    manager = make_manager(tmp_path, maya_settings(probe_repo))
    manager.addons_manager = Addons()
    context = manager.create_launch_context("maya/2025", project_name="show")
    context.run_prelaunch_hooks()
    assert context.env["SHARED_RUNS"] == "x"
