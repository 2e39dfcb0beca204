"""Typed settings views: the client's defaults are the server model's.

The server model runs on the ``ayon_server`` stand-ins
(tests/standins/server). A settings section the client reads with
nothing in it must give the same view as the server model's defaults,
and every field of those sections must be one the view reads.
"""
import dataclasses

import pytest

from ayon_applications import ApplicationLaunchFailed, ApplicationManager
from ayon_applications.rez_settings import RezSettings
from ayon_applications.settings_views import (
    AllowType,
    ApplicationsProfile,
    AyonRequestSettings,
    ProjectOverrides,
    RequestMode,
    ToolsProfile,
)
from server.settings import ApplicationsAddonSettings
from server.settings.profiles import (
    ProjectApplicationsProfile,
    ProjectToolsProfile,
)

#: Server field names the client reads under another name.
CLIENT_NAMES = {"resolve_time_limit_s": "time_limit_s"}
#: Fields of a view that are not server fields of its section: the site
#: setting, the packages paths of every OS (``packages_path`` is this
#: OS's), and this OS's folder of the ``resolve_cache`` group
#: (``resolve_cache`` is its ``enabled``).
CLIENT_ONLY = {
    "dev_packages_path", "studio_packages_paths", "resolve_cache_path",
}
#: Fields of profiles that choose the profile (``profiles.find_profile``).
FILTER_FIELDS = {"task_types", "folder_paths", "task_names"}


def server_defaults() -> dict:
    return ApplicationsAddonSettings().dict()


@pytest.mark.parametrize("view, section", [
    pytest.param(RezSettings, "rez", id="rez"),
    pytest.param(AyonRequestSettings, "ayon_request", id="ayon_request"),
    pytest.param(ProjectOverrides, "project_overrides",
                 id="project_overrides"),
])
def test_section_defaults_are_the_server_models(view, section):
    defaults = server_defaults()

    assert view.from_settings({}) == view.from_settings(defaults)
    assert view.from_settings({section: None}) == view.from_settings({})
    server_fields = {
        CLIENT_NAMES.get(name, name) for name in defaults[section]
    }
    assert server_fields == {
        f.name for f in dataclasses.fields(view)
    } - CLIENT_ONLY


@pytest.mark.parametrize("view, model", [
    pytest.param(ApplicationsProfile, ProjectApplicationsProfile,
                 id="project_applications"),
    pytest.param(ToolsProfile, ProjectToolsProfile, id="project_tools"),
])
def test_profile_defaults_are_the_server_models(view, model):
    server_profile = model().dict()

    assert view.from_data({}) == view.from_data(server_profile)
    assert set(server_profile) - FILTER_FIELDS == {
        f.name for f in dataclasses.fields(view)
    }


def test_server_defaults_values_read_as_the_view_defaults():
    defaults = server_defaults()
    ayon = AyonRequestSettings.from_settings(defaults)
    assert ayon.mode is RequestMode.WEAK
    assert ayon.package_name_template == "ayon_{addon_name}"
    assert ayon.include_launcher is True
    assert ayon.launcher_package_name == "ayon_launcher"
    assert RezSettings.from_settings(defaults).time_limit_s == 60
    assert ProjectOverrides.from_settings(defaults).resolve_time() is None


def test_request_mode_is_a_string_to_code_comparing_strings():
    mode = AyonRequestSettings.from_settings(
        {"ayon_request": {"mode": "strict"}}
    ).mode
    assert mode is RequestMode.STRICT
    assert mode == "strict"
    assert mode in ("weak", "strict", "off")
    assert f"({mode})" == "(strict)"
    assert str(mode) == "strict"


def test_empty_values_read_as_defaults_and_false_stays_false():
    view = AyonRequestSettings.from_settings({"ayon_request": {
        "mode": "", "package_name_template": "", "include_launcher": False,
        "launcher_package_name": None, "extra": None,
    }})
    assert view == dataclasses.replace(
        AyonRequestSettings(), include_launcher=False
    )


def test_unknown_mode_names_the_modes():
    with pytest.raises(ValueError, match="\"loose\".*weak, strict, off"):
        AyonRequestSettings.from_settings({"ayon_request": {"mode": "loose"}})


def test_manager_reports_an_unknown_mode_with_the_project():
    # refused as the settings are read (settings_validation)
    with pytest.raises(ApplicationLaunchFailed) as info:
        manager = ApplicationManager(
            {"applications": {"ayon_request": {"mode": "loose"}}},
            project_name="show",
        )
        manager.ayon_request_mode()
    message = str(info.value)
    assert "ayon_request" in message and "\"show\"" in message
    assert "loose" in message


@pytest.mark.parametrize("value", [
    1718000000, "1718000000", "2024-06-10T06:13:20Z",
])
def test_project_timestamp_as_number_or_text(value):
    overrides = ProjectOverrides.from_settings(
        {"project_overrides": {"timestamp": value}}
    )
    assert overrides.resolve_time() == 1718000000


def test_profiles_read_allow_type_and_names():
    listed = ApplicationsProfile.from_data(
        {"allow_type": "applications", "applications": ["maya/2025"]}
    )
    assert listed.allow_type is AllowType.APPLICATIONS
    assert listed.applications == ["maya/2025"]
    every = ApplicationsProfile.from_data({"allow_type": "all_applications"})
    assert every.allow_type is AllowType.ALL_APPLICATIONS
    assert ToolsProfile.from_data({"tools": None}).tools == []
