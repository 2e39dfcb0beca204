"""Server settings model: defaults, validation, overrides, request syntax.

Runs on the ``ayon_server`` stand-ins (tests/standins/server).
"""
from __future__ import annotations

import copy
import os
from typing import Any

import pytest
from ayon_server.exceptions import BadRequestException
from rez.utils.formatting import PackageRequest

from server.settings import (
    ApplicationsAddonSettings,
    get_default_values,
    is_valid_request,
    parse_timestamp,
)
from server.settings.enums import applications_enum, tools_enum
from tests.fixtures.server import REPO_ROOT, run_server_code
from tests.fixtures.server import set_at as _set


def _validate(values: dict[str, Any]) -> ApplicationsAddonSettings:
    return ApplicationsAddonSettings(**values)


def _group(values: dict[str, Any], name: str) -> dict[str, Any]:
    return next(g for g in values["applications"] if g["name"] == name)


# --- defaults -----------------------------------------------------------

def test_defaults_validate_and_are_recognisable(server_world):
    settings = server_world.run(server_world.addon.get_default_settings())
    assert isinstance(settings, ApplicationsAddonSettings)
    groups = {group.name: group for group in settings.applications}
    for name in ("maya", "houdini", "nuke", "blender", "unreal", "terminal"):
        assert name in groups, name
        for variant in groups[name].variants:
            assert variant.command or any(
                getattr(variant.command_per_platform, p)
                for p in ("windows", "linux", "darwin")
            )
    maya_2025 = next(v for v in groups["maya"].variants if v.name == "2025")
    assert maya_2025.rez_request == ["maya-2025"]
    assert maya_2025.command == ["maya"]
    houdini = [v.rez_request for v in groups["houdini"].variants]
    assert ["houdini-20.5"] in houdini
    terminal = groups["terminal"].variants[0]
    assert terminal.command_per_platform.linux == ["xterm"]
    tools = {t.name: t for t in settings.tools}
    assert tools["mtoa"].variants[0].rez_request == ["mtoa-5.4"]
    assert tools["mtoa"].variants[0].host_names == ["maya"]
    assert "redshift" in tools
    profiles = settings.project_applications.profiles
    assert [p.allow_type for p in profiles] == ["all_applications"]
    assert settings.ayon_request.mode == "weak"
    assert settings.project_overrides.timestamp == ""


def test_every_default_group_icon_is_a_file_in_public_icons():
    for group in get_default_values()["applications"]:
        assert group["icon"], group["name"]
        path = os.path.join(REPO_ROOT, "public", "icons", group["icon"])
        assert os.path.isfile(path), path
        with open(path, encoding="utf-8") as stream:
            assert stream.read().lstrip().startswith("<svg")


def test_settings_keys_and_scopes_follow_the_docs():
    schema = ApplicationsAddonSettings.schema()
    props = schema["properties"]
    assert list(props) == [
        "rez", "ayon_request", "applications", "tools",
        "project_applications", "project_tools", "project_overrides",
    ]
    assert props["rez"]["scope"] == ["studio"]
    assert props["project_overrides"]["scope"] == ["project"]
    for key in ("ayon_request", "applications", "tools",
                "project_applications", "project_tools"):
        assert props[key]["scope"] == ["studio", "project"], key
    values = _validate(get_default_values()).dict()
    assert set(values["rez"]) == {
        "packages_path", "local_cache_path", "memcached_uri",
        "resolve_cache", "resolve_time_limit_s", "implicit_packages",
        "extra_config", "cachable", "cachable_excludes",
        "cachable_includes", "cache_size_limit_gb",
    }
    assert values["rez"]["resolve_cache"] == {
        "enabled": True,
        "path": {"windows": "", "linux": "", "darwin": ""},
    }
    assert set(values["ayon_request"]) == {
        "mode", "package_name_template", "include_launcher",
        "launcher_package_name", "extra",
    }
    group = values["applications"][0]
    assert set(group) == {
        "name", "label", "icon", "host_name", "enabled", "rez_request",
        "environment", "variants",
    }
    assert set(group["variants"][0]) == {
        "name", "label", "enabled", "rez_request", "command",
        "command_per_platform", "arguments", "redirect_output",
        "environment",
    }
    tool = values["tools"][0]
    assert set(tool) == {"name", "label", "environment", "variants"}
    assert set(tool["variants"][0]) == {
        "name", "label", "rez_request", "host_names", "app_variants",
        "environment",
    }
    assert set(values["project_applications"]["profiles"][0]) == {
        "task_types", "folder_paths", "task_names", "allow_type",
        "applications",
    }
    assert set(values["project_overrides"]) == {"extra_requests",
                                                "timestamp"}


# --- validation ---------------------------------------------------------

def _duplicate_group(values: dict[str, Any]) -> None:
    values["applications"].append(copy.deepcopy(values["applications"][0]))


def _duplicate_variant(values: dict[str, Any]) -> None:
    variants = _group(values, "maya")["variants"]
    variants.append(copy.deepcopy(variants[0]))


def _duplicate_tool(values: dict[str, Any]) -> None:
    values["tools"].append(copy.deepcopy(values["tools"][0]))


def _duplicate_tool_variant(values: dict[str, Any]) -> None:
    variants = values["tools"][1]["variants"]
    variants.append(copy.deepcopy(variants[0]))


BAD_INPUTS = {
    "duplicate group": (_duplicate_group, ["applications", "'maya'",
                                           "duplicate"]),
    "duplicate variant": (_duplicate_variant, ["'maya' variants", "'2025'",
                                               "duplicate"]),
    "duplicate tool group": (_duplicate_tool, ["tools", "'mtoa'",
                                               "duplicate"]),
    "duplicate tool": (_duplicate_tool_variant, ["'redshift' variants",
                                                 "'maya-3-6'"]),
    "group name with /": (_set("applications.0.name", "maya/x"),
                          ["applications.name", "'maya/x'", "'/'"]),
    "variant name with /": (_set("applications.0.variants.0.name", "20/25"),
                            ["applications.variants.name", "'20/25'"]),
    "tool name with /": (_set("tools.0.variants.0.name", "a/b"),
                         ["tools.variants.name", "'a/b'"]),
    "tool group name with /": (_set("tools.0.name", "mt/oa"),
                               ["tools.name", "'mt/oa'"]),
    "empty group name": (_set("applications.0.name", ""),
                         ["applications.name", "empty", "''"]),
    "blank variant name": (_set("applications.0.variants.0.name", "  "),
                           ["applications.variants.name", "'  '"]),
    "group env not JSON": (_set("applications.0.environment", "{oops"),
                           ["group 'maya' environment", "invalid JSON",
                            "'{oops'"]),
    "variant env a list": (_set("applications.0.variants.0.environment",
                                "[1, 2]"),
                           ["variant '2025' environment", "JSON object",
                            "'[1, 2]'"]),
    "tool env not JSON": (_set("tools.0.variants.0.environment", "{'a': 1}"),
                          ["tools variant '5-4' environment",
                           "invalid JSON"]),
    "tool group env": (_set("tools.0.environment", "\"text\""),
                       ["tools group 'mtoa' environment", "JSON object"]),
    "rez extra_config": (_set("rez.extra_config", "nope"),
                         ["rez.extra_config", "'nope'"]),
    "variant request": (_set("applications.0.variants.0.rez_request",
                             ["maya 2025"]),
                        ["variant '2025' rez_request", "'maya 2025'",
                         "not a valid rez request"]),
    "group request": (_set("applications.0.rez_request", ["maya-=1"]),
                      ["group 'maya' rez_request", "'maya-=1'"]),
    "tool request": (_set("tools.0.variants.0.rez_request", ["mtoa-5+<4"]),
                     ["tools variant '5-4' rez_request", "'mtoa-5+<4'",
                      "empty"]),
    "extra request": (_set("project_overrides.extra_requests", ["~"]),
                      ["project_overrides.extra_requests", "'~'"]),
    "implicit package": (_set("rez.implicit_packages", ["a..b"]),
                         ["rez.implicit_packages", "'a..b'"]),
    "empty command": (_set("applications.0.variants.0.command", []),
                      ["variant '2025'", "command is empty", "[]"]),
    "bad timestamp": (_set("project_overrides.timestamp", "last friday"),
                      ["project_overrides.timestamp", "'last friday'"]),
    "bad mode": (_set("ayon_request.mode", "loose"),
                 ["ayon_request.mode", "'loose'"]),
    "bad template": (_set("ayon_request.extra", ["ayon_{nope}"]),
                     ["ayon_request.extra", "'ayon_{nope}'"]),
    "name template placeholder": (
        _set("ayon_request.package_name_template", "ayon_{addon_name}_{x}"),
        ["ayon_request.package_name_template", "only {addon_name}"],
    ),
    "name template request": (
        _set("ayon_request.package_name_template", "ayon {addon_name}"),
        ["ayon_request.package_name_template", "'ayon core'"],
    ),
    "bad app filter": (_set("tools.0.variants.0.app_variants", ["maya"]),
                       ["app_variants", "'maya'", "group/variant"]),
    "bad allow type": (_set("project_applications.profiles.0.allow_type",
                            "some"),
                       ["allow_type", "'some'"]),
    "bad cachable": (_set("rez.cachable", "some"),
                     ["rez.cachable", "'some'", "'filters'"]),
    "bad filter rule": (_set("rez.cachable_excludes", ["regex([)"]),
                        ["rez.cachable_excludes", "'regex([)'"]),
    "bad rule type": (_set("rez.cachable_includes", ["wild(maya*)"]),
                      ["rez.cachable_includes", "'wild' is not a rule"]),
}


GOOD_RULES = ["glob(*)", "maya*", "regex(.*_dev)", "range(maya-2024+)",
              "maya-2024+", "before(1718000000)", "after(maya:1718000000)"]
#: Refused by rez itself.
REZ_REFUSES = ["regex([)", "before(yesterday)", "wild(maya*)"]
#: Read by rez as rules matching nothing (family "maya 2024"; a range
#: named "glob()"): refused by the server, as a typo they would hide.
NEVER_MATCH = ["range(maya 2024)", "glob()"]


def _rez_reads(rule):
    from rez.package_filter import PackageFilter

    try:
        PackageFilter.from_pod({"excludes": [rule]})
    except Exception:  # noqa: BLE001 - rez raises several types
        return False
    return True


def _server_takes(rule):
    values = get_default_values()
    values["rez"]["cachable_excludes"] = [rule]
    try:
        _validate(values)
    except BadRequestException:
        return False
    return True


@pytest.mark.parametrize("rule", GOOD_RULES + REZ_REFUSES + NEVER_MATCH)
def test_cache_filter_rules_are_read_as_rez_reads_them(rule):
    """rez's ``PackageFilter`` is the oracle (the server cannot import
    rez): what it refuses the server refuses, and what it reads the
    server takes, except rules that could never match."""
    assert _server_takes(rule) is (rule in GOOD_RULES)
    assert _rez_reads(rule) is (rule not in REZ_REFUSES)


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_with_field_and_value(case):
    mutate, expected = BAD_INPUTS[case]
    values = get_default_values()
    _validate(values)  # the unchanged defaults pass
    mutate(values)
    with pytest.raises(BadRequestException) as info:
        _validate(values)
    message = info.value.detail
    for text in expected:
        assert text in message, (text, message)


def test_extra_templates_take_every_placeholder_the_client_fills():
    values = get_default_values()
    values["ayon_request"]["extra"] = [
        "~studio_config-{bundle_name}",
        "~studio_bundle-{studio_bundle_name}",
        "~project_bundle-{project_bundle_name}",
        "~launcher_extras-{launcher_version}",
    ]
    _validate(values)


def test_command_may_come_from_command_per_platform_or_be_disabled():
    values = get_default_values()
    variant = _group(values, "maya")["variants"][0]
    variant["command"] = []
    variant["command_per_platform"]["windows"] = ["maya.exe"]
    _validate(values)
    variant["command_per_platform"]["windows"] = []
    variant["enabled"] = False
    _validate(values)


@pytest.mark.parametrize("text,expected", [
    ("", None),
    ("1718000000", 1718000000),
    ("2024-06-10T06:13:20", 1718000000),
    ("2024-06-10T06:13:20Z", 1718000000),
    ("2024-06-10T08:13:20+02:00", 1718000000),
    ("2024-06-10", 1717977600),
])
def test_timestamps_accepted(text, expected):
    values = get_default_values()
    values["project_overrides"]["timestamp"] = text
    assert _validate(values).project_overrides.timestamp == text
    assert parse_timestamp(text) == expected


# --- rez request syntax, checked against real rez ------------------------

GOOD_REQUESTS = [
    "maya", "maya-2025", "maya-2024.2", "houdini-20.5", "nuke-15.1",
    "~ayon_core==1.4.0", "~ayon_core", "!foo", "!foo-1+",
    "python-3.10+<3.12", "python-3.10+,<3.12", "foo==1.0", "foo>=1",
    "foo>=1,<2", "foo<3", "foo<=3", "foo>1", "foo-1+", "foo-1..2",
    "foo-..2", "foo-1|3+", "foo-<2,>1", "foo@1", "foo#1",
    "3delight-2", "a.b-1", "_foo", ".ephemeral-1", "foo-1.a.b-c_d",
    "foo-1<2", "foo-alpha+<beta", "foo-2.9+<2.10", "foo-1.0+<1.0.1",
    "foo-", "redshift_maya-3.6",
]
BAD_REQUESTS = [
    "", "~", "!", "maya 2025", " maya", "maya-2025 ", "maya/2025",
    "foo-=1", "foo=1", "foo<", "foo--1", "foo-1-", "a..b", "~.foo",
    "foo-3+<2", "foo-3+<3", "foo-2.10+<2.9", "foo-b+<a", "foo-1..",
    "foo-<2,1+", "foo-<2>1", "foo-1/2", "foo-,<2", "foo-1.-2",
    "foo-~1", "foo-<2+", "foo-1..2..3", "foo+", "-foo", "foo-1+<",
    "__pycache__",
]


def _rez_accepts(request: str) -> bool:
    try:
        PackageRequest(request)
    except Exception:  # rez raises its own errors for bad requests
        return False
    return True


@pytest.mark.parametrize("request_text", GOOD_REQUESTS)
def test_good_requests_agree_with_rez(request_text):
    assert _rez_accepts(request_text)
    assert is_valid_request(request_text)


@pytest.mark.parametrize("request_text", BAD_REQUESTS)
def test_bad_requests_agree_with_rez(request_text):
    assert not _rez_accepts(request_text)
    assert not is_valid_request(request_text)


def test_checker_agrees_with_rez_on_generated_requests():
    pieces = ["foo", "-", "1", "2.0", "10", "b", "+", "<", "<=", ">",
              ">=", "==", "..", ",", "|", "~", "!", "@", "."]
    disagreements = []
    for first in pieces:
        for second in pieces:
            for third in pieces:
                text = first + second + third
                if _rez_accepts(text) != is_valid_request(text):
                    disagreements.append(text)
    assert disagreements == []


def test_server_settings_do_not_need_rez():
    output = run_server_code(
        "from server.settings import ApplicationsAddonSettings as S\n"
        "from server.settings import get_default_values as d\n"
        "S(**d())\n"
        "print('ok')\n",
        REPO_ROOT,
    )
    assert output.strip() == "ok"


# --- studio and project overrides ---------------------------------------

def test_project_override_changes_one_variant_request(server_world):
    world = server_world
    world.add_project("show", ["Animation"])
    world.add_project("other", ["Animation"])
    studio = world.run(world.addon.get_studio_settings()).dict()
    # The server stores a list override whole: the studio list, one change.
    applications = copy.deepcopy(studio["applications"])
    _group({"applications": applications}, "maya")["variants"][0][
        "rez_request"] = ["maya-2025.3"]
    world.set_project_overrides("show", {"applications": applications})

    project = world.run(world.addon.get_project_settings("show")).dict()
    maya = _group(project, "maya")
    assert maya["variants"][0]["rez_request"] == ["maya-2025.3"]
    # everything else is still the studio's
    expected = copy.deepcopy(studio)
    _group(expected, "maya")["variants"][0]["rez_request"] = ["maya-2025.3"]
    assert project == expected
    assert _group(studio, "maya")["variants"][0]["rez_request"] == [
        "maya-2025"]
    other = world.run(world.addon.get_project_settings("other")).dict()
    assert other == studio


def test_nested_model_override_merges_field_by_field(server_world):
    world = server_world
    world.add_project("show", [])
    world.set_studio_overrides({"rez": {"memcached_uri": ["mc:11211"]}})
    world.set_project_overrides("show", {
        "ayon_request": {"mode": "strict"},
        "project_overrides": {"timestamp": "2024-06-10"},
    })
    settings = world.run(world.addon.get_project_settings("show"))
    assert settings.ayon_request.mode == "strict"
    assert settings.ayon_request.package_name_template == "ayon_{addon_name}"
    assert settings.ayon_request.include_launcher is True
    assert settings.rez.memcached_uri == ["mc:11211"]
    assert settings.rez.resolve_time_limit_s == 60
    assert settings.project_overrides.timestamp == "2024-06-10"


def test_project_override_with_bad_request_is_refused(server_world):
    world = server_world
    world.add_project("show", [])
    studio = world.run(world.addon.get_studio_settings()).dict()
    applications = copy.deepcopy(studio["applications"])
    applications[0]["variants"][0]["rez_request"] = ["maya-2025+<2024"]
    world.set_project_overrides("show", {"applications": applications})
    with pytest.raises(BadRequestException, match="'maya-2025\\+<2024'"):
        world.run(world.addon.get_project_settings("show"))


def test_enum_resolvers_read_project_settings(server_world):
    world = server_world
    world.add_project("show", [])
    studio = world.run(world.addon.get_studio_settings()).dict()
    applications = copy.deepcopy(studio["applications"])
    maya = _group({"applications": applications}, "maya")
    maya["variants"].append(dict(maya["variants"][0], name="2026",
                                 label="2026", rez_request=["maya-2026"]))
    world.set_project_overrides("show", {"applications": applications})

    def values(project):
        items = world.run(applications_enum(project, world.addon, None))
        return {item["value"]: item["label"] for item in items}

    assert values("show")["maya/2026"] == "Maya 2026"
    assert "maya/2026" not in values(None)
    assert values(None)["houdini/20-5"] == "Houdini 20.5"
    tools = world.run(tools_enum(None, world.addon, "production"))
    assert {"value": "mtoa/5-4", "label": "Arnold for Maya 5.4"} in tools
