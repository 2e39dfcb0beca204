"""Ynput's Applications settings (1.x) converted to this addon's shape.

The input is the hand-written 1.4.x sample of ``tests/data`` (see its
README); the result must validate with this addon's settings model (over
the ``ayon_server`` stand-ins) and keep every group, variant, flag,
argument and environment; what is not converted is listed.
"""
from __future__ import annotations

import copy
import json
import os
from typing import Any

import pytest
from ayon_server.settings import apply_overrides
from rez.utils.formatting import PackageRequest

from ayon_applications.rules.ynput_settings import (
    convert_overrides,
    is_ynput_shape,
    rez_package_name,
    rez_version,
)
from server.settings import (
    ApplicationsAddonSettings,
    get_default_values,
    is_valid_request,
)
from tests.fixtures.server import REPO_ROOT

DATA = os.path.join(REPO_ROOT, "tests", "data", "ynput_applications")
PLATFORMS = ("windows", "linux", "darwin")
ICONS = sorted(os.listdir(os.path.join(REPO_ROOT, "public", "icons")))


def load(name: str) -> dict[str, Any]:
    with open(os.path.join(DATA, f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


def validated(*overrides: dict[str, Any]) -> ApplicationsAddonSettings:
    """This addon's defaults with the overrides, as the server applies."""
    settings = ApplicationsAddonSettings(**get_default_values())
    for override in overrides:
        settings = apply_overrides(settings, override)
    return settings


def source_groups(studio: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The 1.x groups by name: fixed ones and additional apps."""
    apps = dict(studio["applications"])
    groups = {a["name"]: a for a in apps.pop("additional_apps")}
    groups.update(apps)
    return groups


@pytest.fixture(scope="module")
def studio() -> dict[str, Any]:
    return load("studio_overrides")


@pytest.fixture(scope="module")
def converted(studio):
    return convert_overrides(studio, icon_files=ICONS)


def test_sample_validates_and_keeps_every_group_and_variant(
    studio, converted
):
    settings = validated(converted.settings)
    groups = {group.name: group for group in settings.applications}
    expected = source_groups(studio)
    assert set(groups) == set(expected)
    for name, source in expected.items():
        group = groups[name]
        assert group.enabled is source.get("enabled", True), name
        assert json.loads(group.environment) == json.loads(
            source.get("environment", "{}")
        ), name
        assert [v.name for v in group.variants] == [
            v["name"] for v in source.get("variants", [])
        ], name
        for variant, data in zip(group.variants, source.get("variants", [])):
            where = f"{name}/{variant.name}"
            assert variant.label == data["label"], where
            for platform_name in PLATFORMS:
                assert getattr(variant.arguments, platform_name) == (
                    data["arguments"][platform_name]
                ), where
            assert json.loads(variant.environment) == json.loads(
                data["environment"]
            ), where


def test_groups_keep_label_icon_and_host_name(converted):
    groups = {g.name: g for g in validated(converted.settings).applications}
    assert (groups["maya"].label, groups["maya"].host_name) == (
        "Maya", "maya")
    assert groups["maya"].icon == "maya.svg"  # this addon's icon
    assert (groups["nukex"].label, groups["nukex"].host_name) == (
        "Nuke X", "nuke")
    assert groups["adsk_3dsmax"].host_name == "max"
    assert groups["terminal"].host_name == ""
    assert (groups["djv"].label, groups["djv"].icon) == ("DJV", "djv.png")
    assert groups["studio-review"].enabled is False


def test_executables_become_request_and_program_per_platform(converted):
    groups = {g.name: g for g in validated(converted.settings).applications}
    maya = {v.name: v for v in groups["maya"].variants}
    assert maya["2025"].rez_request == ["maya-2025"]
    assert maya["2025"].command == []
    assert maya["2025"].command_per_platform.dict() == {
        "windows": ["maya.exe"], "linux": ["maya"], "darwin": ["Maya"],
    }
    assert maya["2024"].command_per_platform.darwin == []  # 1.x had none
    houdini = {v.name: v for v in groups["houdini"].variants}
    assert houdini["20-5"].rez_request == ["houdini-20.5"]
    nuke = groups["nuke"].variants[0]
    assert nuke.rez_request == ["nuke-15.1"]
    assert nuke.command_per_platform.linux == ["Nuke15.1"]
    review = groups["studio-review"].variants[0]
    assert review.rez_request == ["studio_review-2024__LTS_"]
    for group in groups.values():
        for variant in group.variants:
            for request in variant.rez_request:
                assert is_valid_request(request), request
                parsed = PackageRequest(request)  # rez itself
                assert f"{parsed.name}-{parsed.range}" == request


def test_a_variant_without_executables_is_converted_disabled(converted):
    groups = {g.name: g for g in validated(converted.settings).applications}
    maya_2023 = groups["maya"].variants[2]
    assert maya_2023.name == "2023"
    assert maya_2023.enabled is False
    assert maya_2023.rez_request == []
    assert all(v.enabled for v in groups["maya"].variants[:2])


def test_tools_keep_filters_and_environment(studio, converted):
    settings = validated(converted.settings)
    tools = {t.name: t for t in settings.tools}
    assert set(tools) == {"mtoa", "redshift"}
    redshift = {v.name: v for v in tools["redshift"].variants}
    assert redshift["3-6-maya"].app_variants == ["maya/2025", "maya/2024"]
    assert redshift["3-6-houdini"].host_names == ["houdini"]
    assert redshift["3-6-maya"].rez_request == []
    source = studio["tool_groups"][0]
    assert json.loads(tools["mtoa"].environment) == json.loads(
        source["environment"])
    assert tools["mtoa"].label == "Arnold for Maya"


def test_profiles_carry_over(studio, converted):
    settings = validated(converted.settings)
    apps = settings.project_applications.profiles
    assert [(p.task_types, p.allow_type, p.applications) for p in apps] == [
        (p["task_types"], p["allow_type"], p["applications"])
        for p in studio["project_applications"]["profiles"]
    ]
    tools = settings.project_tools.profiles
    assert [(p.folder_paths, p.task_names, p.tools) for p in tools] == [
        (p["folder_paths"], p["task_names"], p["tools"])
        for p in studio["project_tools"]["profiles"]
    ]


def test_project_override_converts_and_applies_over_the_studio(converted):
    project = load("project_overrides")
    result = convert_overrides(project)
    settings = validated(converted.settings, result.settings)
    first = settings.project_applications.profiles[0]
    assert (first.task_types, first.applications) == (
        ["Animation", "Layout"], ["maya/2024"])
    assert [g.name for g in settings.applications][:2] == ["maya",
                                                           "adsk_3dsmax"]
    assert result.notes == []


def test_conversion_lists_what_was_not_converted(converted):
    notes = {note.path: note.message for note in converted.notes}
    assert set(notes) == {
        "applications/maya/variants/2025/executables/darwin/0",
        "applications/maya/variants/2023",
        "applications/nuke/variants/15-1/executables/darwin/0",
        "applications/houdini/variants/20-5/executables/darwin/0",
        "applications/houdini/variants/19-5/group_label",
        "applications/houdini/variants/19-5/show_grouped",
        "applications/terminal/variants/main/executables/linux/1",
        "applications/terminal/variants/main/executables/linux/2",
    }
    assert "'Houdini Legacy'" in notes[
        "applications/houdini/variants/19-5/group_label"]
    assert "'xterm'" in notes[
        "applications/terminal/variants/main/executables/linux/2"]
    assert "Info.plist" in notes[
        "applications/maya/variants/2025/executables/darwin/0"]


def test_redirect_output_carries_over_with_its_1x_default(
    studio, converted
):
    """1.x keeps a variant's output for the Process Monitor unless
    ``redirect_output`` is false (default true); so does the result,
    although this addon's own default is false."""
    settings = validated(converted.settings)
    kept = {
        f"{group.name}/{variant.name}": variant.redirect_output
        for group in settings.applications for variant in group.variants
    }
    assert kept["terminal/main"] is False
    assert kept["maya/2025"] is True
    assert kept["nuke/15-1"] is True
    dropped = copy.deepcopy(studio)
    del dropped["applications"]["maya"]["variants"][0]["redirect_output"]
    (maya,) = [
        group for group in convert_overrides(dropped).settings["applications"]
        if group["name"] == "maya"
    ]
    assert maya["variants"][0]["redirect_output"] is True


def test_wrappers_hold_every_executable_folder(converted):
    wrappers = {w.request: w for w in converted.wrappers}
    maya = wrappers["maya-2025"]
    assert maya.source == "applications/maya/variants/2025"
    assert maya.folders == {
        "windows": ["C:\\Program Files\\Autodesk\\Maya2025\\bin"],
        "linux": ["/usr/autodesk/maya2025/bin",
                  "/opt/autodesk/maya2025/bin"],
        "darwin": ["/Applications/Autodesk/maya2025/Maya.app/Contents/MacOS"],
    }
    terminal = wrappers["terminal-main"]
    assert terminal.programs["windows"] == "cmd.exe"
    assert terminal.folders == {"windows": [], "linux": [], "darwin": []}
    djv = wrappers["djv-2.0.8"]
    assert djv.folders["linux"] == ["{STUDIO_SW}/djv/2.0.8/bin"]
    assert "maya-2023" not in wrappers


@pytest.mark.parametrize("name, package, version", [
    ("maya", "maya", "2025"),
    ("adsk_3dsmax", "adsk_3dsmax", "2025"),
    ("my-app", "my_app", "20.5"),
    ("studio review", "studio_review", "2024_LTS"),
    ("app.x", "app_x", "17.0"),
    ("3de", "3de", "4.r8"),
])
def test_naming_rule(name, package, version):
    variant = {"maya": "2025", "adsk_3dsmax": "2025", "my-app": "20-5",
               "studio review": "2024 LTS", "app.x": "17.0",
               "3de": "4-r8"}[name]
    assert rez_package_name(name) == package
    assert rez_version(variant) == version
    request = f"{package}-{version}"
    parsed = PackageRequest(request)
    assert (parsed.name, str(parsed.range)) == (package, version)


@pytest.mark.parametrize("variant, version", [
    ("20-5", "20.5"), ("17.0", "17.0"), ("1--2", "1.2"), ("-beta-", "beta"),
    ("2025 (LTS)", "2025__LTS_"), ("---", "_"),
])
def test_version_rule_drops_empty_parts(variant, version):
    assert rez_version(variant) == version
    assert is_valid_request(f"x-{version}")


# --- shapes -------------------------------------------------------------

def test_this_addons_shape_passes_through_unchanged():
    own = get_default_values()
    result = convert_overrides(own)
    assert result.converted is False
    assert result.settings == own
    assert result.settings is not own
    profiles_only = load("project_overrides")
    assert not is_ynput_shape(profiles_only)
    assert convert_overrides(profiles_only).settings == profiles_only
    assert convert_overrides({}).settings == {}


@pytest.mark.parametrize("overrides", [
    {"applications": {"maya": {"enabled": False}}},
    {"tool_groups": []},
    {"only_available": False},
    {"project_tools": {"enabled": False, "profiles": []}},
])
def test_ynput_markers_are_recognised(overrides):
    assert is_ynput_shape(overrides)


def test_studio_overrides_are_laid_over_the_source_defaults():
    defaults = load("defaults")
    overrides = {"applications": {"maya": {"enabled": False}}}
    result = convert_overrides(overrides, source_defaults=defaults)
    settings = validated(result.settings)
    groups = {g.name: g for g in settings.applications}
    assert list(groups) == list(defaults["applications"])[:-1]
    assert groups["maya"].enabled is False
    assert groups["maya"].variants[0].rez_request == ["maya-2025"]
    assert groups["blender"].variants[0].arguments.linux == [
        "--python-use-system-env"]
    assert [t.name for t in settings.tools] == ["htoa"]
    # without the defaults only what the overrides hold is there
    alone = validated(convert_overrides(overrides).settings)
    assert [g.name for g in alone.applications] == ["maya"]
    assert alone.applications[0].host_name == "maya"


def test_profiles_of_a_project_do_not_bring_the_defaults_applications():
    result = convert_overrides(
        {"project_tools": {"enabled": True, "profiles": []}},
        source_defaults=load("defaults"),
    )
    assert result.settings == {"project_tools": {"profiles": []}}


def test_unknown_and_unused_values_are_listed_not_dropped():
    overrides = {
        "applications": {
            "maya": {
                "host_name": "maya",
                "future_group_field": 1,
                "environment": "[1, 2]",
                "variants": [{
                    "name": "2025", "label": "", "future_field": True,
                    "executables": {"linux": ["/opt/maya/bin/maya"],
                                    "solaris": ["/x"]},
                    "arguments": {}, "environment": "{oops",
                }],
            },
            "nuke": {"variants": {"15-0": {}}, "environment": 7},
        },
        "only_available": True,
        "project_applications": {"enabled": False, "profiles": [
            {"task_types": [], "allow_type": "all_applications",
             "applications": [], "hosts": ["maya"]},
        ]},
        "mystery": {},
    }
    result = convert_overrides(overrides)
    notes = {note.path for note in result.notes}
    assert notes == {
        "applications/maya/future_group_field",
        "applications/maya/environment",
        "applications/maya/variants/2025/future_field",
        "applications/maya/variants/2025/executables/solaris",
        "applications/maya/variants/2025/environment",
        "applications/nuke/variants",
        "applications/nuke/environment",
        "only_available",
        "project_applications/enabled",
        "project_applications/profiles/0/hosts",
        "mystery",
    }
    validated(result.settings)


def test_two_variants_on_one_package_keep_the_first():
    overrides = {"applications": {"nuke": {"variants": [
        {"name": "15-0", "executables": {"linux": ["/opt/a/Nuke15.0"]}},
        {"name": "15.0", "executables": {"linux": ["/opt/b/Nuke15.0"]}},
    ]}}}
    result = convert_overrides(overrides)
    variants = validated(result.settings).applications[0].variants
    assert [v.enabled for v in variants] == [True, False]
    assert [w.source for w in result.wrappers] == [
        "applications/nuke/variants/15-0"]
    assert [n.path for n in result.notes] == [
        "applications/nuke/variants/15.0"]


@pytest.mark.parametrize("platform_name, executables, programs, folders", [
    ("windows", ["C:\\A\\Maya.exe", "D:/B/maya.EXE"], "Maya.exe",
     ["C:\\A", "D:/B"]),
    ("linux", ["/a/maya", "/a/maya"], "maya", ["/a"]),
    ("linux", ["{SW}/maya/bin/maya"], "maya", ["{SW}/maya/bin"]),
    ("linux", ["/a/{weird}.x/maya"], "maya", ["/a/{weird}.x"]),
    ("linux", ["maya"], "maya", []),
    ("darwin", ["/Applications/Blender.app"], "Blender",
     ["/Applications/Blender.app/Contents/MacOS"]),
])
def test_executables_per_platform(
    platform_name, executables, programs, folders
):
    overrides = {"applications": {"maya": {"variants": [
        {"name": "1", "executables": {platform_name: executables}},
    ]}}}
    wrapper = convert_overrides(overrides).wrappers[0]
    assert wrapper.programs == {platform_name: programs}
    assert wrapper.folders == {platform_name: folders}


@pytest.mark.parametrize("executable", [
    "/opt/maya/bin/maya{SUFFIX}", "bin/maya", "~/maya/bin/maya",
])
def test_executables_that_cannot_be_converted(executable):
    overrides = {"applications": {"maya": {"variants": [
        {"name": "1", "executables": {"linux": [executable]}},
    ]}}}
    result = convert_overrides(overrides)
    assert result.wrappers == []
    paths = [note.path for note in result.notes]
    assert "applications/maya/variants/1/executables/linux/0" in paths
    assert validated(result.settings).applications[0].variants[0].enabled \
        is False


def test_mixed_overrides_keep_this_addons_tools():
    own_tools = get_default_values()["tools"]
    result = convert_overrides({"tool_groups": [], "tools": own_tools})
    assert result.settings["tools"] == own_tools
    assert [n.path for n in result.notes] == ["tool_groups"]


def test_input_is_not_modified(studio):
    before = copy.deepcopy(studio)
    convert_overrides(studio, source_defaults=load("defaults"))
    assert studio == before
