"""Launching through rez, end to end, with real packages and processes."""
import os
import textwrap

import pytest

from ayon_applications import (
    ApplicationExecutableNotFound,
    ApplicationManager,
    LaunchTypes,
)
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    pythonpath_entries,
    read_probe,
    tool,
    tool_group,
    variant,
    write_settings_file,
)


def make_manager(tmp_path, studio, projects=None, bundle=None):
    path = write_settings_file(
        str(tmp_path / "settings.json"), studio, projects, bundle
    )
    return ApplicationManager(settings_source=FileSettingsSource(path))


def maya_settings(probe_repo, **kwargs):
    return addon_settings(
        [probe_repo.root],
        [app_group(
            "maya",
            [variant("2025", ["maya-2025"], arguments=["-proj", "x"],
                     environment={
                         "STUDIO_MAYA": "{MAYA_VERSION}-studio",
                         "MAYA_MODULE_PATH": ["/studio/modules",
                                              "{MAYA_MODULE_PATH}"],
                     })],
            environment={"GROUP_VAR": "group"},
        )],
        **kwargs,
    )


def launch_and_read(manager, probe_output, app="maya/2025", **data):
    data.setdefault("project_name", "show")
    data.setdefault("folder_path", "/shots/sh010")
    data.setdefault("task_name", "animation")
    process = manager.launch(app, **data)
    assert process is not None
    assert process.wait(timeout=60) == 0
    return read_probe(probe_output)


def test_launch_starts_process_with_rez_json_and_launcher_env(
    tmp_path, probe_repo, probe_output, monkeypatch
):
    monkeypatch.setenv("PYTHONPATH", "/ayon/launcher/site")
    monkeypatch.setenv("QT_API", "pyside6")
    manager = make_manager(tmp_path, maya_settings(probe_repo))

    result = launch_and_read(manager, probe_output)
    env = result["env"]

    # rez layer
    assert env["MAYA_VERSION"] == "2025.1"
    assert env["REZ_USED_RESOLVE"].split() == [
        "python-3.11.0", "maya-2025.1"
    ]
    # the command was found on the resolved PATH, arguments kept
    assert result["argv"][0] == os.path.join(
        probe_repo.root, "maya", "2025.1", "bin", "probe"
    )
    assert result["argv"][1:] == ["-proj", "x"]
    # JSON layers: group and variant, with references to rez values
    assert env["GROUP_VAR"] == "group"
    assert env["STUDIO_MAYA"] == "2025.1-studio"
    assert env["MAYA_MODULE_PATH"] == os.pathsep.join([
        "/studio/modules",
        os.path.join(probe_repo.root, "maya", "2025.1", "modules"),
    ])
    # the launcher's PYTHONPATH is extended, not lost; QT_API dropped
    paths = pythonpath_entries(env)
    assert paths[-1] == "/ayon/launcher/site"
    assert os.path.join(
        probe_repo.root, "python", "3.11.0", "python_lib"
    ) in paths
    assert "QT_API" not in env
    # context and reproducibility variables
    assert env["AYON_PROJECT_NAME"] == "show"
    assert env["AYON_FOLDER_PATH"] == "/shots/sh010"
    assert env["AYON_TASK_NAME"] == "animation"
    assert env["AYON_APP_NAME"] == "maya/2025"
    assert int(env["AYON_REZ_TIMESTAMP"]) > 0
    assert os.path.isfile(env["AYON_REZ_CONTEXT_FILE"])


def test_project_override_pins_another_version(
    tmp_path, probe_repo, probe_output
):
    studio = maya_settings(probe_repo)
    pinned = maya_settings(probe_repo)["applications"]
    pinned[0]["variants"][0]["rez_request"] = ["maya-2024"]
    manager = make_manager(
        tmp_path, studio, projects={"pinned_show": {"applications": pinned}}
    )

    in_pinned = launch_and_read(
        manager, probe_output, project_name="pinned_show"
    )
    assert in_pinned["env"]["MAYA_VERSION"] == "2024.2"
    elsewhere = launch_and_read(manager, probe_output, project_name="show")
    assert elsewhere["env"]["MAYA_VERSION"] == "2025.1"


def test_project_extra_requests_join_every_launch(
    tmp_path, probe_repo, probe_output
):
    probe_repo.add("ocio_config", "2.0.0",
                   commands="env.OCIO = '{root}/config.ocio'")
    manager = make_manager(
        tmp_path,
        maya_settings(probe_repo),
        projects={"show": {"project_overrides": {
            "extra_requests": ["ocio_config-2"], "timestamp": "",
        }}},
    )
    env = launch_and_read(manager, probe_output)["env"]
    assert env["OCIO"].endswith(os.path.join("2.0.0", "config.ocio"))


def test_tool_request_joins_the_resolve(tmp_path, probe_repo, probe_output):
    probe_repo.add("mtoa", "5.4.0", requires=["maya-2025"],
                   commands="env.MTOA_VERSION = '{version}'")
    probe_repo.add("golaem", "9.0.0", commands="env.GOLAEM = '1'")
    settings = maya_settings(
        probe_repo,
        tools=[
            tool_group("mtoa", [tool(
                "5.4", ["mtoa-5.4"], host_names=["maya"],
                environment={"MTOA_FROM_SETTINGS": "{MTOA_VERSION}"},
            )]),
            tool_group("golaem", [tool("9", ["golaem-9"],
                                       host_names=["houdini"])]),
        ],
        tool_profiles=[{
            "task_types": [], "folder_paths": [], "task_names": [],
            "tools": ["mtoa/5.4", "golaem/9"],
        }],
    )
    settings["applications"][0]["host_name"] = "maya"
    manager = make_manager(tmp_path, settings)

    env = launch_and_read(manager, probe_output)["env"]
    assert env["MTOA_VERSION"] == "5.4.0"
    assert env["MTOA_FROM_SETTINGS"] == "5.4.0"
    assert "mtoa-5.4.0" in env["REZ_USED_RESOLVE"].split()
    # a tool for another host stays out of the resolve
    assert "GOLAEM" not in env
    assert env["AYON_APP_TOOLS"] == "mtoa/5.4"


def test_missing_command_names_resolved_packages(
    tmp_path, probe_repo, probe_output
):
    settings = maya_settings(probe_repo)
    settings["applications"][0]["variants"][0]["command"] = ["mayapy_nope"]
    manager = make_manager(tmp_path, settings)
    with pytest.raises(ApplicationExecutableNotFound) as info:
        manager.launch("maya/2025", project_name="show")
    assert "mayapy_nope" in str(info.value)
    assert "maya-2025.1" in info.value.details
    assert not os.path.exists(probe_output)


HOOK_TEMPLATE = textwrap.dedent("""
    from ayon_applications import PreLaunchHook, PostLaunchHook, LaunchTypes


    class AddLate(PreLaunchHook):
        order = 50
        launch_types = {{LaunchTypes.local}}

        def execute(self):
            order = self.launch_context.env.get("HOOK_ORDER", "")
            self.launch_context.env["HOOK_ORDER"] = order + "late,"
            self.launch_context.launch_args.append("--from-late-hook")


    class AddEarly(PreLaunchHook):
        order = 10

        def execute(self):
            # runs after the rez hook: the resolved env is already there
            assert self.launch_context.env["MAYA_VERSION"]
            order = self.launch_context.env.get("HOOK_ORDER", "")
            self.launch_context.env["HOOK_ORDER"] = order + "early,"
            self.launch_context.launch_args.append("--from-early-hook")


    class OtherGroupOnly(PreLaunchHook):
        app_groups = {{"houdini"}}

        def execute(self):
            self.launch_context.env["OTHER_GROUP_HOOK"] = "ran"


    class AfterLaunch(PostLaunchHook):
        def execute(self):
            with open({marker!r}, "w") as stream:
                stream.write(str(self.launch_context.process.pid))
""")


class FakeAddon:
    """An addon that only gives launch hook paths, as host addons do."""

    name = "fake_host"

    def __init__(self, path):
        self.path = path

    def get_launch_hook_paths(self, app):
        return self.path


class FakeAddonsManager:
    def __init__(self, addons):
        self.addons = addons

    def get_enabled_addons(self):
        return list(self.addons)


def test_addon_hooks_run_in_order_and_filter_by_group(
    tmp_path, probe_repo, probe_output
):
    hooks_dir = tmp_path / "hooks"
    hooks_dir.mkdir()
    marker = str(tmp_path / "post_hook_ran")
    (hooks_dir / "pre_fake.py").write_text(
        HOOK_TEMPLATE.format(marker=marker)
    )
    manager = make_manager(tmp_path, maya_settings(probe_repo))
    manager.addons_manager = FakeAddonsManager([FakeAddon(str(hooks_dir))])

    result = launch_and_read(manager, probe_output)

    assert result["env"]["HOOK_ORDER"] == "early,late,"
    assert result["argv"][-2:] == ["--from-early-hook", "--from-late-hook"]
    assert "OTHER_GROUP_HOOK" not in result["env"]
    with open(marker) as stream:
        assert int(stream.read()) > 0


def test_failing_prelaunch_hook_stops_the_launch(
    tmp_path, probe_repo, probe_output
):
    hooks_dir = tmp_path / "hooks"
    hooks_dir.mkdir()
    (hooks_dir / "pre_fail.py").write_text(textwrap.dedent("""
        from ayon_applications import PreLaunchHook
        from ayon_applications.exceptions import ApplicationLaunchFailed

        class Veto(PreLaunchHook):
            def execute(self):
                raise ApplicationLaunchFailed("license server is down")
    """))
    manager = make_manager(tmp_path, maya_settings(probe_repo))
    manager.addons_manager = FakeAddonsManager([FakeAddon([str(hooks_dir)])])
    from ayon_applications import ApplicationLaunchFailed

    with pytest.raises(ApplicationLaunchFailed, match="license server"):
        manager.launch("maya/2025", project_name="show")
    assert not os.path.exists(probe_output)


def test_farm_launch_type_skips_local_only_hooks(
    tmp_path, probe_repo, probe_output
):
    from ayon_applications.launch_pipeline import launch_environment

    manager = make_manager(tmp_path, maya_settings(probe_repo))
    env = launch_environment(
        manager, "maya/2025", "show", "/shots/sh010", "animation",
        env_group="farm", launch_type=LaunchTypes.farm_render,
    )
    assert env["MAYA_VERSION"] == "2025.1"
    # the context file is saved for local launches only
    assert "AYON_REZ_CONTEXT_FILE" not in env


def test_project_timestamp_resolves_as_released_then(
    tmp_path, probe_repo, probe_output
):
    probe_repo.add("rig_tools", "1.0.0", timestamp=1700000000,
                   commands="env.RIG_TOOLS = '{version}'")
    probe_repo.add("rig_tools", "1.1.0", timestamp=1800000000,
                   commands="env.RIG_TOOLS = '{version}'")
    studio = maya_settings(probe_repo)
    studio["applications"][0]["variants"][0]["rez_request"].append(
        "rig_tools"
    )
    manager = make_manager(tmp_path, studio, projects={
        "frozen_show": {"project_overrides": {
            "extra_requests": [], "timestamp": "2024-01-01T00:00:00Z",
        }},
    })
    frozen = launch_and_read(manager, probe_output,
                             project_name="frozen_show")["env"]
    assert frozen["RIG_TOOLS"] == "1.0.0"
    assert frozen["AYON_REZ_TIMESTAMP"] == "1704067200"
    latest = launch_and_read(manager, probe_output)["env"]
    assert latest["RIG_TOOLS"] == "1.1.0"


def test_strict_mode_takes_ayon_from_rez_not_the_launcher(
    tmp_path, probe_repo, probe_output, monkeypatch
):
    monkeypatch.setenv("PYTHONPATH", "/ayon/launcher/site")
    probe_repo.add("ayon_core", "1.4.0",
                   commands="env.PYTHONPATH.append('{root}/python')")
    probe_repo.add("ayon_launcher", "1.3.2")
    bundle = {"name": "Prod", "launcher_version": "1.3.2",
              "addons": {"core": "1.4.0"}}
    manager = make_manager(
        tmp_path, maya_settings(probe_repo, ayon_mode="strict"),
        bundle=bundle,
    )
    env = launch_and_read(manager, probe_output)["env"]
    resolved = env["REZ_USED_RESOLVE"].split()
    assert "ayon_core-1.4.0" in resolved
    assert "ayon_launcher-1.3.2" in resolved
    paths = pythonpath_entries(env)
    assert "/ayon/launcher/site" not in paths
    assert os.path.join(probe_repo.root, "ayon_core", "1.4.0",
                        "python") in paths


def test_weak_mode_launches_without_ayon_packages(
    tmp_path, probe_repo, probe_output
):
    bundle = {"name": "Prod", "launcher_version": "1.3.2",
              "addons": {"core": "1.4.4+dev"}}
    manager = make_manager(
        tmp_path, maya_settings(probe_repo, ayon_mode="weak"), bundle=bundle
    )
    env = launch_and_read(manager, probe_output)["env"]
    assert "~ayon_core==1.4.4._dev" in env["REZ_USED_REQUEST"].split()
    assert env["REZ_USED_RESOLVE"].split() == [
        "python-3.11.0", "maya-2025.1"
    ]


def test_long_running_process_sees_new_releases_after_cache_ttl(
    tmp_path, probe_repo, probe_output, monkeypatch
):
    from ayon_applications import resolver

    manager = make_manager(tmp_path, maya_settings(probe_repo))
    launch_and_read(manager, probe_output)  # fills rez's caches
    probe_repo.add_probe_app("maya", "2025.9", requires=["python-3.11"],
                             commands="env.MAYA_VERSION = '{version}'")

    monkeypatch.setattr(resolver.SOLVES, "ttl_s", 3600.0)
    cached = launch_and_read(manager, probe_output)["env"]
    assert cached["MAYA_VERSION"] == "2025.1"  # rez's caches, as trusted

    monkeypatch.setattr(resolver.SOLVES, "ttl_s", 0.0)
    fresh = launch_and_read(manager, probe_output)["env"]
    assert fresh["MAYA_VERSION"] == "2025.9"


def test_bad_ayon_request_template_is_a_clear_failure(
    tmp_path, probe_repo, probe_output
):
    settings = maya_settings(probe_repo, ayon_mode="weak")
    settings["ayon_request"]["package_name_template"] = "ayon_{name}"
    manager = make_manager(
        tmp_path, settings, bundle={"name": "Prod", "launcher_version": "1",
                                    "addons": {"core": "1.4.0"}},
    )
    from ayon_applications import ApplicationLaunchFailed

    with pytest.raises(ApplicationLaunchFailed, match="ayon_request"):
        manager.launch("maya/2025", project_name="show")
    assert not os.path.exists(probe_output)


def test_launches_resolving_the_same_packages_share_one_saved_context(
    tmp_path, probe_repo, probe_output
):
    manager = make_manager(tmp_path, maya_settings(probe_repo))
    workdir = tmp_path / "work"
    workdir.mkdir()
    env = dict(os.environ, AYON_WORKDIR=str(workdir))
    first = launch_and_read(manager, probe_output, env=env)["env"]
    second = launch_and_read(manager, probe_output, env=env)["env"]
    assert first["AYON_REZ_CONTEXT_FILE"] == second["AYON_REZ_CONTEXT_FILE"]
    assert os.listdir(workdir / ".rez_contexts") == [
        os.path.basename(first["AYON_REZ_CONTEXT_FILE"])
    ]
    probe_repo.add_probe_app("maya", "2025.5", requires=["python-3.11"])
    from ayon_applications.resolver import clear_caches

    clear_caches()
    third = launch_and_read(manager, probe_output, env=env)["env"]
    assert third["AYON_REZ_CONTEXT_FILE"] != first["AYON_REZ_CONTEXT_FILE"]


def test_latest_variant_sorts_versions_as_numbers(tmp_path, probe_repo):
    settings = addon_settings([probe_repo.root], [app_group("terminal", [
        variant("9", ["maya-2024"]), variant("10", ["maya-2025"]),
    ])])
    manager = make_manager(tmp_path, settings)
    latest = manager.find_latest_available_variant_for_group("terminal")
    assert latest.full_name == "terminal/10"
