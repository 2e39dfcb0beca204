"""Inside AYON: ayon-core's hooks, the real ayon-python-api against a
local test server, the ``ayon addon applications`` commands and the
artist-facing failure report."""
import json
import os
import time

import pytest

from tests.fixtures.launch import (
    addon_settings,
    app_group,
    read_probe,
    tool,
    tool_group,
    variant,
)


def make_maya_host_addon_class():
    from ayon_core.addon import AYONAddon, IHostAddon

    class MayaAddon(AYONAddon, IHostAddon):
        """A host addon as ayon-maya is: implementation envs, workfiles."""

        name = "maya"
        host_name = "maya"

        def add_implementation_envs(self, env, app):
            env["MAYA_IMPLEMENTATION"] = f"for {app.full_name}"

        def get_workfile_extensions(self):
            return [".ma", ".mb"]

        def get_launch_hook_paths(self, app):
            return [HOST_HOOKS_DIR]

    return MayaAddon


HOST_HOOKS_DIR = os.path.join(os.path.dirname(__file__), "host_hooks")


@pytest.fixture
def studio(ayon_server, applications_addon_class, probe_repo, tmp_path,
           monkeypatch, probe_output):
    """A project, task, bundle and settings on the local AYON server."""
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager

    ayon_server.add_project("show", roots={"work": str(tmp_path / "work")})
    folder = ayon_server.add_folder("show", "/shots/sh010")
    task = ayon_server.add_task("show", folder["id"], "animation",
                                "Animation")
    ayon_server.add_bundle(
        "Prod",
        {"core": "1.4.4+dev", "applications": "2.0.0+rez", "maya": "0.4.1"},
        installer_version="1.3.2",
        is_production=True,
    )
    monkeypatch.setenv("AYON_BUNDLE_NAME", "Prod")
    monkeypatch.setenv("AYON_STUDIO_BUNDLE_NAME", "Prod")
    monkeypatch.setenv("AYON_HEADLESS_MODE", "1")
    settings = addon_settings(
        [probe_repo.root],
        [app_group(
            "maya", [variant("2025", ["maya-2025"])], host_name="maya",
            environment={"MAYA_GROUP_ENV": {"standard": "ws",
                                            "farm": "farm"}},
        )],
        ayon_mode="weak",
    )
    ayon_server.set_studio_settings("applications", settings)
    # the bundle's addons, as AddonsManager() finds them in AYON
    _standin.ADDONS[:] = [
        applications_addon_class, make_maya_host_addon_class()
    ]
    manager = AddonsManager()
    return {
        "task": task,
        "folder": folder,
        "addons": manager,
        "server": ayon_server,
        "settings": settings,
    }


def run_cli(studio, *args):
    from ayon_core import _standin

    return _standin.run_addon_cli(["applications", *args], studio["addons"])


def wait_for(path, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path) and os.path.getsize(path):
            time.sleep(0.05)
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} was not written in {timeout} s")


def test_launch_by_id_launches_in_the_task_context(studio, probe_output):
    code = run_cli(
        studio, "launch-by-id", "--app", "maya/2025", "--project", "show",
        "--task-id", studio["task"]["id"],
    )
    assert code == 0
    wait_for(probe_output)
    env = read_probe(probe_output)["env"]
    assert env["AYON_PROJECT_NAME"] == "show"
    assert env["AYON_FOLDER_PATH"] == "/shots/sh010"
    assert env["AYON_TASK_NAME"] == "animation"
    assert env["AYON_APP_NAME"] == "maya/2025"
    assert env["AYON_HOST_NAME"] == "maya"
    # ayon-core's global hook ran our utils: workdir, last workfile,
    # the host addon's implementation envs, the group's JSON env
    assert os.path.isdir(env["AYON_WORKDIR"])
    assert env["AYON_LAST_WORKFILE"].endswith(".ma")
    assert env["MAYA_IMPLEMENTATION"] == "for maya/2025"
    assert env["MAYA_GROUP_ENV"] == "ws"
    # the resolve ran first, with the bundle as weak requests
    assert env["MAYA_VERSION"] == "2025.1"
    requests = env["REZ_USED_REQUEST"].split()
    assert "~ayon_core==1.4.4._dev" in requests
    assert "~ayon_launcher==1.3.2" in requests
    # the context is saved in the work directory for the farm
    assert env["AYON_REZ_CONTEXT_FILE"].startswith(env["AYON_WORKDIR"])
    assert os.path.isfile(env["AYON_REZ_CONTEXT_FILE"])


def test_resolve_json_shows_bundle_addons_as_weak_requests(
    studio, capsys
):
    code = run_cli(studio, "resolve", "--app", "maya/2025",
                   "--project", "show", "--json")
    assert code == 0
    out = capsys.readouterr().out
    report = json.loads(out)
    by_request = {part["request"]: part["origins"]
                  for part in report["request"]}
    for request in ("~ayon_core==1.4.4._dev",
                    "~ayon_applications==2.0.0._rez",
                    "~ayon_maya==0.4.1"):
        assert by_request[request] == ['AYON bundle "Prod" (weak)']
    assert report["packages"] == ["python-3.11.0", "maya-2025.1"]


def test_weak_bundle_request_conflict_names_both_versions(
    studio, probe_repo, probe_output, capsys
):
    from ayon_core import _standin

    probe_repo.add("ayon_core", "1.3.0")
    probe_repo.add("studio_tools", "1.0.0", requires=["ayon_core-1.3"])
    settings = json.loads(json.dumps(studio["settings"]))
    settings["applications"][0]["variants"][0]["rez_request"].append(
        "studio_tools"
    )
    studio["server"].set_studio_settings("applications", settings)

    code = run_cli(
        studio, "launch-by-id", "--app", "maya/2025", "--project", "show",
        "--task-id", studio["task"]["id"],
    )

    assert code == 1
    error = capsys.readouterr().err
    assert "ayon_core-1.3" in error
    assert "~ayon_core==1.4.4._dev" in error
    assert 'Cannot launch "maya/2025" in project "show"' in error
    assert not os.path.exists(probe_output)
    assert _standin.LAUNCHER_PROCESSES == []  # headless: no dialog


def test_failure_outside_headless_mode_shows_a_dialog(
    studio, monkeypatch, capsys
):
    from ayon_core import _standin

    monkeypatch.delenv("AYON_HEADLESS_MODE")
    code = run_cli(
        studio, "launch-by-id", "--app", "maya/2099", "--project", "show",
        "--task-id", studio["task"]["id"],
    )
    assert code == 1
    assert "maya/2099" in capsys.readouterr().err
    (call,) = _standin.LAUNCHER_PROCESSES
    assert call["args"][-2].endswith("launch_failed_dialog.py")
    (shown,) = call["files"].values()
    assert "maya/2099" in shown["message"]
    assert not os.path.exists(call["args"][-1])  # temp file cleaned up


DEADLINE_ARGS = [
    "extractenvironments", None, "--envgroup", "farm",
    "--project", "show", "--folder", "/shots/sh010", "--task", "animation",
    "--app", "maya/2025",
]


def test_extractenvironments_with_deadline_arguments(studio, tmp_path):
    output = str(tmp_path / "job" / "env.json")
    args = list(DEADLINE_ARGS)
    args[1] = output
    assert run_cli(studio, *args) == 0
    with open(output) as stream:
        env = json.load(stream)
    # the whole environment, not a difference
    assert env["PATH"] and env["HOME"] == os.environ["HOME"]
    assert env["MAYA_VERSION"] == "2025.1"
    assert env["MAYA_GROUP_ENV"] == "farm"
    assert env["AYON_TASK_NAME"] == "animation"
    assert env["AYON_APP_NAME"] == "maya/2025"
    assert not os.path.exists(output + ".tmp")


def test_extractenvironments_unknown_app_leaves_no_file(
    studio, tmp_path, capsys
):
    output = str(tmp_path / "env.json")
    args = list(DEADLINE_ARGS)
    args[1] = output
    args[-1] = "maya/1999"
    assert run_cli(studio, *args) != 0
    assert "maya/1999" in capsys.readouterr().err
    assert not os.path.exists(output)
    assert not os.path.exists(output + ".tmp")


def test_launch_by_workfile_id_opens_that_workfile(
    studio, probe_output, tmp_path
):
    workfile = studio["server"].add_workfile(
        "show", studio["task"]["id"],
        "{root[work]}/show/shots/sh010/work/animation/sh010_v007.ma",
    )
    code = run_cli(studio, "launch-by-workfile-id", "--app", "maya/2025",
                   "--project", "show", "--workfile-id", workfile["id"])
    assert code == 0
    wait_for(probe_output)
    env = read_probe(probe_output)["env"]
    assert env["AYON_TASK_NAME"] == "animation"
    assert env["AYON_LAST_WORKFILE"] == str(
        tmp_path / "work" / "show" / "shots" / "sh010" / "work"
        / "animation" / "sh010_v007.ma"
    )
    assert env["AVALON_OPEN_LAST_WORKFILE"] == "1"


def test_open_terminal_starts_terminal_in_the_app_environment(
    studio, probe_output
):
    # the studio terminal's command ("probe") is looked up on the PATH
    # resolved for maya/2025, where the terminal starts
    settings = json.loads(json.dumps(studio["settings"]))
    settings["applications"].append(app_group(
        "terminal", [variant("default", [])]
    ))
    studio["server"].set_studio_settings("applications", settings)

    code = run_cli(studio, "launch-debug-terminal", "--project", "show",
                   "--task-id", studio["task"]["id"], "--app", "maya/2025")

    assert code == 0
    wait_for(probe_output)
    env = read_probe(probe_output)["env"]
    assert env["MAYA_VERSION"] == "2025.1"
    assert env["AYON_APP_NAME"] == "maya/2025"


def test_manager_made_without_addons_manager_runs_every_addons_hooks(
    studio, probe_output
):
    """Other code builds ``ApplicationManager()`` bare, as it did with the
    old addon; in AYON its launches still run ayon-core's hooks."""
    from ayon_applications import ApplicationManager

    process = ApplicationManager().launch(
        "maya/2025", project_name="show", folder_path="/shots/sh010",
        task_name="animation",
    )
    assert process.wait(timeout=60) == 0
    env = read_probe(probe_output)["env"]
    assert os.path.isdir(env["AYON_WORKDIR"])
    assert env["MAYA_IMPLEMENTATION"] == "for maya/2025"


def add_task_type_tool(studio, probe_repo):
    """Tool ``mtoa/5.4`` for Animation tasks, by the tools profile."""
    probe_repo.add("mtoa", "5.4.0", requires=["maya-2025"],
                   commands="env.MTOA_FROM_REZ = '{version}'")
    settings = json.loads(json.dumps(studio["settings"]))
    settings["tools"] = [tool_group("mtoa", [tool(
        "5.4", ["mtoa-5.4"], environment={"MTOA_FROM_SETTINGS": "1"},
    )])]
    settings["project_tools"]["profiles"] = [{
        "task_types": ["Animation"], "folder_paths": [], "task_names": [],
        "tools": ["mtoa/5.4"],
    }]
    studio["server"].set_studio_settings("applications", settings)


def test_extractenvironments_by_names_resolves_the_tasks_tools(
    studio, probe_repo, tmp_path
):
    """A farm job names project, folder and task only; the task's type
    still chooses its tools, for packages and environment alike."""
    add_task_type_tool(studio, probe_repo)
    output = str(tmp_path / "env.json")
    args = list(DEADLINE_ARGS)
    args[1] = output

    assert run_cli(studio, *args) == 0

    with open(output) as stream:
        env = json.load(stream)
    assert "mtoa-5.4" in env["REZ_USED_REQUEST"].split()
    assert env["MTOA_FROM_REZ"] == "5.4.0"
    assert env["MTOA_FROM_SETTINGS"] == "1"
    assert env["AYON_APP_TOOLS"] == "mtoa/5.4"


def test_resolve_by_names_shows_the_tasks_tools(studio, probe_repo, capsys):
    """``resolve`` shows what a launch would do, tools included."""
    add_task_type_tool(studio, probe_repo)
    code = run_cli(studio, "resolve", "--app", "maya/2025", "--project",
                   "show", "--folder", "/shots/sh010", "--task", "animation",
                   "--json")
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tools"] == ["mtoa/5.4"]
    assert "mtoa-5.4.0" in report["packages"]


def test_extractenvironments_runs_farm_publish_hooks(studio, tmp_path):
    """As with the old addon, Deadline's extraction is a farm-publish
    launch, so ayon-core's farm hooks (its environment filter) run."""
    output = str(tmp_path / "env.json")
    args = list(DEADLINE_ARGS)
    args[1] = output
    assert run_cli(studio, *args) == 0
    with open(output) as stream:
        assert json.load(stream)["HOST_HOOK_LAUNCH_TYPE"] == "farm-publish"


def test_unexpected_error_is_one_message_and_exit_1(
    studio, probe_output, monkeypatch, capsys
):
    monkeypatch.setenv("TEST_HOOK_RAISES", "1")
    code = run_cli(studio, "launch-by-id", "--app", "maya/2025",
                   "--project", "show", "--task-id", studio["task"]["id"])
    assert code == 1
    error = capsys.readouterr().err
    assert "An unexpected error happened: RuntimeError: host hook bug" in (
        error
    )
    assert not os.path.exists(probe_output)


def test_given_workfile_is_opened_even_without_last_workfile(
    studio, probe_output
):
    workfile = "/mnt/work/show/sh010_v002.ma"
    code = run_cli(studio, "launch-by-id", "--app", "maya/2025",
                   "--project", "show", "--task-id", studio["task"]["id"],
                   "--workfile-path", workfile, "--use-last-workfile", "0")
    assert code == 0
    wait_for(probe_output)
    env = read_probe(probe_output)["env"]
    assert env["AYON_LAST_WORKFILE"] == workfile
    assert env["AVALON_OPEN_LAST_WORKFILE"] == "1"


def test_disabled_application_is_refused(studio, probe_output, capsys):
    settings = json.loads(json.dumps(studio["settings"]))
    settings["applications"][0]["enabled"] = False
    studio["server"].set_studio_settings("applications", settings)
    code = run_cli(studio, "launch-by-id", "--app", "maya/2025",
                   "--project", "show", "--task-id", studio["task"]["id"])
    assert code == 1
    assert '"maya/2025" is disabled' in capsys.readouterr().err
    assert not os.path.exists(probe_output)


def test_resolve_names_ayon_cores_layers_as_origins(studio, capsys):
    """In AYON ayon-core's hook applies the JSON environments and the
    context through ``utils``; ``resolve`` still names each origin."""
    code = run_cli(studio, "resolve", "--app", "maya/2025", "--project",
                   "show", "--folder", "/shots/sh010", "--task", "animation",
                   "--json")
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    origins = {name: change["origins"]
               for name, change in report["changes"].items()}
    assert origins["MAYA_VERSION"] == ["rez package maya-2025.1"]
    assert origins["MAYA_GROUP_ENV"] == [
        'environment of application group "maya"'
    ]
    assert origins["MAYA_IMPLEMENTATION"] == [
        "addon maya (add_implementation_envs)"
    ]
    assert origins["AYON_PROJECT_NAME"] == ["AYON context"]
    assert origins["AYON_WORKDIR"] == ["AYON context (work directory)"]
    assert origins["AYON_LAST_WORKFILE"] == ["AYON context (workfile)"]
    assert "launch hook GlobalHostDataHook (pre_global_host_data.py)" in (
        report["hooks"]
    )
    assert "(unknown)" not in str(origins)


def test_doctor_checks_every_project_of_the_server(studio, capsys):
    studio["server"].add_project("archived")
    studio["server"].projects["archived"]["active"] = False
    code = run_cli(studio, "doctor", "--json")
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["projects"] == ["show"]  # active projects only
    assert [(c["name"], c["result"], c["packages"])
            for c in report["checks"]] == [("maya/2025", "ok", 2)]
