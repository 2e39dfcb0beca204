"""``resolve`` is a dry run of ``launch``: the same steps up to the start,
the command line and the whole environment, each changed variable with
its origin, and ``launch``'s verdict (exit code and message).

Real rez packages and a real probe process (tests/fixtures/launch.py).
"""
import io
import json
import os
import re
import textwrap

import pytest

from ayon_applications import ApplicationManager
from ayon_applications.__main__ import main as standalone_main
from ayon_applications.cli import resolve_command
from ayon_applications.env_origins import LAUNCHER_CLEANUP
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    read_probe,
    tool,
    tool_group,
    variant,
    write_settings_file,
)

CONTEXT = {
    "project_name": "show",
    "folder_path": "/shots/sh010",
    "task_name": "animation",
}

HOOKS = textwrap.dedent("""
    from ayon_applications import PreLaunchHook


    class StudioLicense(PreLaunchHook):
        order = 10

        def execute(self):
            env = self.launch_context.env
            env["STUDIO_LICENSE"] = "5053@license"
            env["MAYA_MODULE_PATH"] += ":/hook/modules"
            self.launch_context.launch_args.append("-from-hook")
""")


class HookAddon:
    """An addon giving one launch hook folder, as host addons do."""

    name = "studio"

    def __init__(self, path):
        self.path = path

    def get_launch_hook_paths(self, app):
        return [self.path]


class AddonsManager:
    def __init__(self, addons):
        self.addons = addons

    def get_enabled_addons(self):
        return list(self.addons)


def settings(probe_repo, **variant_changes):
    probe_repo.add("mtoa", "5.4.0", requires=["maya-2025"],
                   commands="env.MTOA_VERSION = '{version}'")
    maya = variant(
        "2025", ["maya-2025"], arguments=["-proj", "x"],
        environment={
            "STUDIO_MAYA": "{MAYA_VERSION}-studio",
            "MAYA_MODULE_PATH": ["/studio/modules", "{MAYA_MODULE_PATH}"],
        },
    )
    maya.update(variant_changes)
    studio = addon_settings(
        [probe_repo.root],
        [app_group("maya", [maya], environment={"GROUP_VAR": "group"},
                   host_name="maya")],
        tools=[tool_group(
            "mtoa",
            [tool("5.4", ["mtoa-5.4"], environment={
                "MTOA_FROM_SETTINGS": "{MTOA_VERSION}"})],
            environment={"MTOA_GROUP": "arnold"},
        )],
        tool_profiles=[{"task_types": [], "folder_paths": [],
                        "task_names": [], "tools": ["mtoa/5.4"]}],
    )
    # a pinned resolve time: the dry run and the launch resolve alike
    projects = {"show": {"project_overrides": {
        "extra_requests": [], "timestamp": "2030-01-01T00:00:00Z"}}}
    return studio, projects


@pytest.fixture
def manager(tmp_path, probe_repo):
    studio, projects = settings(probe_repo)
    path = write_settings_file(str(tmp_path / "s.json"), studio, projects)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "pre_studio.py").write_text(HOOKS)
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    manager.addons_manager = AddonsManager([HookAddon(str(hooks))])
    return manager


def dry_run_report(manager, *, no_hooks=False, **context):
    out = io.StringIO()
    code = resolve_command(
        manager, "maya/2025", as_json=True, no_hooks=no_hooks, out=out,
        **(context or CONTEXT),
    )
    return code, json.loads(out.getvalue())


def test_resolve_json_is_what_launch_gives_the_program(
    manager, probe_repo, probe_output, monkeypatch
):
    monkeypatch.setenv("QT_API", "pyside6")
    code, report = dry_run_report(manager)
    assert code == 0

    process = manager.launch("maya/2025", **CONTEXT)
    assert process.wait(timeout=60) == 0
    probe = read_probe(probe_output)

    assert report["environment"] == probe["env"]
    assert report["command"] == probe["argv"]
    assert report["command"][1:] == ["-proj", "x", "-from-hook"]

    origins = {name: change["origins"]
               for name, change in report["changes"].items()}
    maya = "rez package maya-2025.1"
    variant_env = 'environment of application "maya/2025"'
    assert origins["MAYA_VERSION"] == [maya]
    assert origins["MTOA_VERSION"] == ["rez package mtoa-5.4.0"]
    assert origins["GROUP_VAR"] == ['environment of application group "maya"']
    assert origins["STUDIO_MAYA"] == [variant_env]
    assert origins["MTOA_GROUP"] == ['environment of tool group "mtoa"']
    assert origins["MTOA_FROM_SETTINGS"] == ['environment of tool "mtoa/5.4"']
    hook = "launch hook StudioLicense (pre_studio.py)"
    assert origins["STUDIO_LICENSE"] == [hook]
    # set by the package, extended by the variant, then by the hook
    assert origins["MAYA_MODULE_PATH"] == [maya, variant_env, hook]
    assert maya in origins["PATH"]
    for name in ("AYON_PROJECT_NAME", "AYON_FOLDER_PATH", "AYON_TASK_NAME",
                 "AYON_APP_NAME", "AYON_HOST_NAME"):
        assert origins[name] == ["AYON context"], name
    assert origins["AYON_APP_TOOLS"] == ["AYON context (tools)"]
    assert origins["AYON_REZ_CONTEXT_FILE"] == [
        "launch hook SaveRezContextHook (pre_save_rez_context.py)"
    ]
    assert report["changes"]["QT_API"] == {
        "value": None, "origins": [LAUNCHER_CLEANUP],
    }
    assert report["hooks"] == [
        "launch hook RezResolveHook (pre_rez_resolve.py)",
        "launch hook StandaloneEnvironmentHook"
        " (pre_standalone_environment.py)",
        "launch hook StudioLicense (pre_studio.py)",
        "launch hook SaveRezContextHook (pre_save_rez_context.py)",
        # runs last in every local launch: a hook may turn output keeping
        #   on (launch_context.redirect_output); here it keeps nothing
        "launch hook ProcessOutputHook (pre_process_output.py)",
    ]
    assert "(unknown)" not in str(origins)


def test_no_hooks_runs_only_the_addons_own_steps(manager, probe_output):
    code, report = dry_run_report(manager, no_hooks=True)
    assert code == 0
    origins = {name: change["origins"]
               for name, change in report["changes"].items()}
    assert report["hooks"] == [
        "rez step of this addon", "environment layers of this addon",
    ]
    assert "STUDIO_LICENSE" not in report["environment"]
    assert "AYON_REZ_CONTEXT_FILE" not in report["environment"]
    assert origins["MAYA_VERSION"] == ["rez package maya-2025.1"]
    assert origins["GROUP_VAR"] == ['environment of application group "maya"']
    assert report["command"][1:] == ["-proj", "x"]
    assert not os.path.exists(probe_output)


def test_text_output_shows_command_and_origins(manager, probe_repo):
    out = io.StringIO()
    assert resolve_command(manager, "maya/2025", out=out, **CONTEXT) == 0
    text = out.getvalue()
    probe = os.path.join(probe_repo.root, "maya", "2025.1", "bin", "probe")
    assert re.search(r"\nResolved packages \(rez solver: \d+\.\d{3} s\):\n"
                     r"  python-3\.11\.0\n", text), text
    assert f"Command line:\n  {probe} -proj x -from-hook\n" in text
    assert "  MAYA_VERSION=2025.1\n      <- rez package maya-2025.1\n" in text
    assert "  STUDIO_LICENSE=5053@license\n      <- launch hook" in text
    assert "REZ_USED_RESOLVE" not in text  # rez's own, in --json only


def run_both(tmp_path, probe_repo, capsys, **variant_changes):
    """``launch`` then ``resolve`` from the standalone command line."""
    studio, projects = settings(probe_repo, **variant_changes)
    path = write_settings_file(str(tmp_path / "s.json"), studio, projects)
    context = ["--app", "maya/2025", "--project", "show", "--folder",
               "/shots/sh010", "--task", "animation"]
    results = []
    for command in ("launch", "resolve"):
        code = standalone_main(["--settings", path, command, *context])
        results.append((code, capsys.readouterr().err))
    return results


@pytest.mark.parametrize("change, message", [
    pytest.param({"command": ["not_there"]},
                 'ERROR: Command "not_there" of application "maya/2025" was'
                 " not found\nLooked for among the aliases and on the PATH"
                 ' of the resolve of "maya/2025" in project "show": ',
                 id="missing-command"),
    pytest.param({"command": ["not_there"]},
                 "\nCheck applications[maya].variants[2025].command in the"
                 " settings, or add the package that provides \"not_there\""
                 " to the request.\n", id="missing-command-advice"),
    pytest.param({"command": []},
                 'ERROR: Application "maya/2025" has no command in the'
                 " settings\nSet applications[maya].variants[2025].command"
                 " (or command_per_platform for this platform).\n",
                 id="no-command"),
    pytest.param({"enabled": False},
                 'ERROR: Application "maya/2025" is disabled in the settings'
                 ' of project "show"'
                 " (applications[maya].variants[2025].enabled)\n",
                 id="disabled"),
])
def test_resolve_fails_as_launch_fails(
    tmp_path, probe_repo, probe_output, capsys, change, message
):
    (launch_code, launch_err), (resolve_code, resolve_err) = run_both(
        tmp_path, probe_repo, capsys, **change
    )
    assert launch_code == resolve_code == 1
    assert message in launch_err
    assert resolve_err == launch_err
    assert not os.path.exists(probe_output)


def test_resolve_json_reports_the_failure(manager, tmp_path):
    code, report = dry_run_report(manager, project_name="show",
                                  folder_path=None, task_name=None)
    assert code == 0  # the context is optional
    manager.for_project("show").applications["maya/2025"].command = ["nope"]
    code, report = dry_run_report(manager)
    assert code == 1
    assert report["error"].startswith(
        'Command "nope" of application "maya/2025" was not found'
    )
    assert report["request"][0]["request"] == "maya-2025"
    assert "environment" not in report
