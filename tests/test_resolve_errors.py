"""Every failure a user can cause reads as one clear message and starts
nothing: it names the app, the project, the full request, and rez's
explanation."""
import os

import pytest

from ayon_applications import ApplicationLaunchFailed, ApplicationManager
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    tool,
    tool_group,
    variant,
    write_settings_file,
)


def launch_failure(tmp_path, probe_repo, app_request, **kwargs):
    tools = kwargs.pop("tools", None)
    profiles = kwargs.pop("tool_profiles", None)
    settings = addon_settings(
        kwargs.pop("packages_path", [probe_repo.root]),
        [app_group("maya", [variant("2025", app_request)])],
        tools=tools,
        tool_profiles=profiles,
        **kwargs,
    )
    path = write_settings_file(str(tmp_path / "s.json"), settings)
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    with pytest.raises(ApplicationLaunchFailed) as info:
        manager.launch("maya/2025", project_name="show")
    message = str(info.value)
    assert '"maya/2025"' in message
    assert 'project "show"' in message
    for request in app_request:
        assert request in message
    assert "Traceback" not in message
    assert not os.path.exists(os.environ["PROBE_OUTPUT"])
    return message


def test_unknown_family(tmp_path, probe_repo, probe_output):
    message = launch_failure(tmp_path, probe_repo, ["maya-2025", "nosuch"])
    assert "package family not found: nosuch" in message
    assert '"nosuch" from application "maya/2025"' in message
    # rez read the request; what is missing is the package
    assert "a requested package or version does not exist" in message
    assert "could not read the request" not in message


@pytest.mark.parametrize("family", ["3delight", "foo.bar"])
def test_unknown_family_hint_for_names_rez_allows(
    tmp_path, probe_repo, probe_output, family
):
    # a name starting with a digit or holding a dot, as rez allows
    message = launch_failure(
        tmp_path, probe_repo, ["maya-2025", f"{family}-2"]
    )
    assert f"package family not found: {family}" in message
    assert f'"{family}-2" from application "maya/2025"' in message


def test_unknown_family_of_a_dependency(tmp_path, probe_repo, probe_output):
    probe_repo.add("broken", "1.0.0", requires=["missing_dep"])
    message = launch_failure(tmp_path, probe_repo, ["maya-2025", "broken"])
    assert "missing_dep" in message


def test_unknown_version(tmp_path, probe_repo, probe_output):
    message = launch_failure(tmp_path, probe_repo, ["maya-2030"])
    assert "could not be found: maya-2030" in message
    assert "a requested package or version does not exist" in message


def test_bad_request_string(tmp_path, probe_repo, probe_output):
    message = launch_failure(tmp_path, probe_repo, ["maya-2025", "ma ya"])
    assert "Not a valid package name" in message
    assert "rez could not read the request" in message


def test_bad_version_syntax(tmp_path, probe_repo, probe_output):
    message = launch_failure(tmp_path, probe_repo, ["maya-2025..2024"])
    assert "Invalid version range" in message
    assert "rez could not read the request" in message


def test_conflict_shows_chains_and_origins(
    tmp_path, probe_repo, probe_output
):
    probe_repo.add("redshift", "3.5.0", requires=["python-3.10"])
    message = launch_failure(
        tmp_path, probe_repo, ["maya-2025"],
        tools=[tool_group("redshift", [tool("3.5", ["redshift-3.5"])])],
        tool_profiles=[{"task_types": [], "folder_paths": [],
                        "task_names": [], "tools": ["redshift/3.5"]}],
    )
    assert "python-3.11 <--!--> python-3.10" in message
    assert "maya-2025 --> maya-2025.1 --> python-3.11" in message
    assert "redshift-3.5 --> redshift-3.5.0 --> python-3.10" in message
    assert 'from tool "redshift/3.5"' in message


def test_cycle(tmp_path, probe_repo, probe_output):
    probe_repo.add("cyc_a", "1.0.0", requires=["cyc_b"])
    probe_repo.add("cyc_b", "1.0.0", requires=["cyc_a"])
    message = launch_failure(tmp_path, probe_repo, ["cyc_a"])
    assert "cyclic dependency" in message


def test_time_limit(tmp_path, probe_repo, probe_output):
    for index in range(30):
        probe_repo.add(f"plug{index}", "1.0.0", requires=["maya"])
    requests = ["maya"] + [f"plug{index}" for index in range(30)]
    message = launch_failure(
        tmp_path, probe_repo, requests, time_limit_s=1e-6
    )
    assert "time limit" in message


def test_package_commands_error(tmp_path, probe_repo, probe_output):
    probe_repo.add("badcmd", "1.0.0", commands="env.FOO = undefined_name")
    message = launch_failure(tmp_path, probe_repo, ["maya-2025", "badcmd"])
    assert "the package badcmd-1.0.0 failed in its commands()" in message
    assert "undefined_name" in message


def test_missing_packages_path(tmp_path, probe_repo, probe_output):
    missing = str(tmp_path / "not_mounted")
    message = launch_failure(
        tmp_path, probe_repo, ["maya-2025"], packages_path=[missing]
    )
    assert (
        "rez packages path is missing or unreachable from this machine:"
        f' "{missing}" (settings rez/packages_path).' in message
    )


def test_no_packages_path(tmp_path, probe_repo, probe_output):
    message = launch_failure(
        tmp_path, probe_repo, ["maya-2025"], packages_path=[]
    )
    assert "no rez packages path" in message


def test_invalid_json_environment(tmp_path, probe_repo, probe_output):
    settings = addon_settings(
        [probe_repo.root],
        [app_group("maya", [variant("2025", ["maya-2025"],
                                    environment="{not json")])],
    )
    path = write_settings_file(str(tmp_path / "s.json"), settings)
    # refused when the settings are read, naming the field
    with pytest.raises(
        ApplicationLaunchFailed,
        match=r"applications\[maya\]\.variants\[2025\]\.environment"
        " is not valid JSON",
    ):
        manager = ApplicationManager(
            settings_source=FileSettingsSource(path)
        )
        manager.launch("maya/2025", project_name="show")
    assert not os.path.exists(probe_output)


# --- What exists instead ----------------------------------------------------
def test_unknown_family_lists_the_nearest_names(
    tmp_path, probe_repo, probe_output
):
    message = launch_failure(tmp_path, probe_repo, ["maya-2025", "pythn"])
    assert "package family not found: pythn" in message
    assert "\nhint: nearest names: python\n" in message + "\n"


def test_unknown_version_lists_the_versions_there_are(
    tmp_path, probe_repo, probe_output
):
    message = launch_failure(tmp_path, probe_repo, ["maya-2030"])
    assert "\nhint: versions of maya: 2024.2, 2025.1" in message


@pytest.mark.parametrize("asked, expected", [
    ("maya", 'the variants of "maya" are: maya/2024, maya/2025'),
    ("maya/2023", 'the variants of "maya" are: maya/2024, maya/2025'),
    ("mya/2025", "did you mean: maya/2025, maya/2024"),
    ("nuke/15", "the applications there are: maya/2024, maya/2025"),
])
def test_unknown_application_lists_the_variants_of_its_group(
    tmp_path, probe_repo, probe_output, asked, expected
):
    from ayon_applications import ApplicationNotFound

    settings = addon_settings([probe_repo.root], [app_group("maya", [
        variant("2024", ["maya-2024"]), variant("2025", ["maya-2025"]),
    ])])
    path = write_settings_file(str(tmp_path / "s.json"), settings)
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    with pytest.raises(ApplicationNotFound) as info:
        manager.launch(asked, project_name="show")
    assert info.value.app_name == asked
    assert str(info.value) == (
        f'Application "{asked}" was not found in the settings of project'
        f' "show"; {expected}'
    )


def test_unknown_application_without_project_names_the_studio_settings(
    tmp_path, probe_repo
):
    from ayon_applications import ApplicationNotFound

    names = [f"{number}" for number in range(12)]
    settings = addon_settings([probe_repo.root], [app_group("maya", [
        variant(name, ["maya-2025"]) for name in names
    ])])
    path = write_settings_file(str(tmp_path / "s.json"), settings)
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    with pytest.raises(ApplicationNotFound) as info:
        manager.launch("houdini/20")
    assert str(info.value) == (
        'Application "houdini/20" was not found in the studio settings; the'
        " applications there are: maya/0, maya/1, maya/2, maya/3, maya/4,"
        " maya/5, maya/6, maya/7, maya/8, maya/9 and 2 more"
    )


def test_a_disabled_group_is_named_as_the_reason(tmp_path, probe_repo):
    group = app_group("maya", [variant("2025", ["maya-2025"])])
    group["enabled"] = False
    path = write_settings_file(
        str(tmp_path / "s.json"), addon_settings([probe_repo.root], [group])
    )
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    with pytest.raises(ApplicationLaunchFailed) as info:
        manager.launch("maya/2025", project_name="show")
    assert str(info.value) == (
        'Application "maya/2025" is disabled in the settings of project'
        ' "show" (its group "maya" is disabled: applications[maya].enabled)'
    )


@pytest.mark.parametrize("existing, expected", [
    pytest.param([], "package family not found: ayon_", id="no-package"),
    pytest.param(["1.3.0"], "hint: versions of ayon_core: 1.3.0",
                 id="other-version"),
])
def test_strict_mode_without_the_bundles_packages_names_rezify_bundle(
    tmp_path, probe_repo, probe_output, existing, expected
):
    for version in existing:
        probe_repo.add("ayon_core", version)
        probe_repo.add("ayon_launcher", "1.3.2")
    settings = addon_settings(
        [probe_repo.root], [app_group("maya", [variant("2025", ["maya"])])],
        ayon_mode="strict",
    )
    path = write_settings_file(
        str(tmp_path / "s.json"), settings,
        bundle={"name": "Prod", "launcher_version": "1.3.2",
                "addons": {"core": "1.4.0"}},
    )
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    with pytest.raises(ApplicationLaunchFailed) as info:
        manager.launch("maya/2025", project_name="show")
    message = str(info.value)
    assert expected in message
    assert "rez packages written by rezify-bundle --bundle Prod" in message
