"""Profiles are chosen as ayon-core's ``filter_profiles`` chooses them.

The table below was written from reading ayon-core's
``ayon_core/lib/profiles_filtering.py`` (``filter_profiles``,
``validate_value_by_regexes``, ``_profile_exclusion``); each case says
which part of that source gives its answer. It runs against the port
(``ayon_applications.rules.filter_profiles``, used by the server and the
standalone mode) and against the ``ayon_core`` stand-in, which must
behave like the real function (inside AYON the client calls the real
one). The client's manager is then held to the same rule, in both modes.
"""
import re
from typing import Any, Dict, List, NamedTuple, Optional

import pytest

from ayon_applications import ApplicationManager
from ayon_applications.exceptions import ApplicationLaunchFailed
from ayon_applications.rules import PROFILE_KEYS_ORDER, filter_profiles
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    tool,
    tool_group,
    variant,
    write_settings_file,
)

CONTEXT = {
    "folder_paths": "/shots/sq010/sh0010",
    "task_names": "anim",
    "task_types": "Animation",
}
ORDER = ["folder_paths", "task_names", "task_types"]


class Case(NamedTuple):
    profiles: Optional[List[Dict[str, Any]]]
    key_values: Dict[str, Any]
    keys_order: Optional[List[str]]
    expected: Any  # a profile id, None, or an exception class
    why: str


def _p(profile_id: str, **filters: Any) -> Dict[str, Any]:
    return dict(filters, id=profile_id)


TYPE = {"task_types": "Animation"}

CASES = {
    "no profiles": Case(
        [], TYPE, None, None,
        "'if not profiles_data: return None'"),
    "profiles None": Case(
        None, TYPE, None, None,
        "'if not profiles_data: return None'"),
    "specific beats an earlier generic profile (the issue's case)": Case(
        [_p("generic", task_types=[]),
         _p("anim", task_types=["Animation"])], TYPE, None, "anim",
        "an empty filter scores 0, a match 1; the highest score wins"
        " whatever the list order"),
    "generic takes the other task types": Case(
        [_p("generic", task_types=[]),
         _p("anim", task_types=["Animation"])],
        {"task_types": "Layout"}, None, "generic",
        "'anim' scores -1 and is skipped; 'generic' scores 0"),
    "no profile matches": Case(
        [_p("anim", task_types=["Animation"])], {"task_types": "Layout"},
        None, None,
        "every profile skipped: matching_profiles stays None"),
    "task type as a regex": Case(
        [_p("comp", task_types=["Comp.*"])], {"task_types": "Compositing"},
        None, "comp",
        "entries are compiled and fullmatch()ed"),
    "a regex must match the whole value": Case(
        [_p("comp", task_types=["Comp"])], {"task_types": "Compositing"},
        None, None, "fullmatch, not match"),
    "not a search either": Case(
        [_p("omp", task_types=["omp"])], {"task_types": "Comp"},
        None, None, "fullmatch, not search"),
    "case matters": Case(
        [_p("lower", task_types=["animation"])], TYPE, None, None,
        "re.compile without flags"),
    "'*' scores 0, a match 1": Case(
        [_p("star", task_types=["*"]), _p("anim", task_types=["Animation"])],
        TYPE, None, "anim",
        "'if \"*\" in in_list: return 0'"),
    "'*' beside other entries admits any value": Case(
        [_p("mixed", task_types=["Layout", "*"])], TYPE, None, "mixed",
        "the '*' test comes before the regexes"),
    "'*' beside a matching entry still scores 0": Case(
        [_p("empty", task_types=[]),
         _p("mixed", task_types=["Animation", "*"])],
        TYPE, None, "empty",
        "both score 0: the first of the tie wins"),
    "'*' admits an empty value": Case(
        [_p("star", task_names=["*"])], {"task_names": None}, None, "star",
        "the '*' test comes before 'if not value: return -1'"),
    "an empty value fails a filter": Case(
        [_p("named", task_names=["anim"]), _p("any")],
        {"task_names": None}, None, "any",
        "'if not value: return -1'"),
    "an empty string value fails a filter": Case(
        [_p("named", task_names=["anim"])], {"task_names": ""}, None, None,
        "'if not value: return -1'"),
    "an empty value passes an empty filter": Case(
        [_p("any", task_names=[])], {"task_names": ""}, None, "any",
        "'if not in_list: return 0' comes first"),
    "a profile without the key has no filter": Case(
        [_p("bare")], TYPE, None, "bare",
        "profile.get(key) is None: scores 0"),
    "a folder path matches the whole path only": Case(
        [_p("seq", folder_paths=["/shots/sq010"])],
        {"folder_paths": "/shots/sq010/sh0010"}, None, None,
        "folder paths are regexes like any other value: no prefix rule"),
    "children need a regex": Case(
        [_p("seq", folder_paths=["/shots/sq010/.*"])],
        {"folder_paths": "/shots/sq010/sh0010"}, None, "seq",
        "fullmatch of '/shots/sq010/.*'"),
    "a dot in a folder path is a regex dot": Case(
        [_p("seq", folder_paths=["/shots/sq01."])],
        {"folder_paths": "/shots/sq01x"}, None, "seq",
        "entries are not escaped"),
    "more matching keys win whatever the order": Case(
        [_p("one", task_types=["Animation"]),
         _p("two", task_types=["Animation"], task_names=["anim"])],
        CONTEXT, ORDER, "two", "2 points beat 1"),
    "a tie goes to the profile matching the first key": Case(
        [_p("by_type", task_types=["Animation"]),
         _p("by_folder", folder_paths=["/shots/.*"])],
        CONTEXT, ORDER, "by_folder",
        "_profile_exclusion keeps, key by key, the profiles matching it"),
    "keys_order decides the tie": Case(
        [_p("by_type", task_types=["Animation"]),
         _p("by_folder", folder_paths=["/shots/.*"])],
        CONTEXT, ["task_types"], "by_type",
        "keys missing from keys_order follow it in key_values order"),
    "without keys_order the key_values order decides": Case(
        [_p("by_folder", folder_paths=["/shots/.*"]),
         _p("by_type", task_types=["Animation"])],
        {"task_types": "Animation", "folder_paths": "/shots/a"}, None,
        "by_type",
        "'keys_order = tuple(key_values.keys())'"),
    "a full tie goes to the first profile": Case(
        [_p("first", task_types=["Anim.*"]),
         _p("second", task_types=["Animation"])], TYPE, None, "first",
        "'return matching_profiles[0][0]'"),
    "a tie no key separates keeps every candidate": Case(
        [_p("a", task_types=["Animation"]), _p("b", task_names=["anim"]),
         _p("c", task_types=["Animation"])],
        CONTEXT, ORDER, "b",
        "folder_paths: none match, all kept; task_names: only 'b'"),
    "the first key narrows, the list order ends it": Case(
        [_p("a", task_types=["Animation"]), _p("b", task_names=["anim"]),
         _p("c", task_types=["Animation"])],
        CONTEXT, ["task_types", "folder_paths", "task_names"], "a",
        "task_types keeps 'a' and 'c'; no later key separates them"),
    "keys_order naming a key the context lacks": Case(
        [_p("a")], TYPE, ["hosts"], KeyError,
        "the loop reads key_values[key] for every key of keys_order"),
    "... unless every profile is out before that key": Case(
        [_p("layout", task_types=["Layout"])], TYPE,
        ["task_types", "hosts"], None,
        "a -1 breaks the loop before key_values['hosts'] is read"),
    "a filter given as a plain string": Case(
        [_p("s", task_types="Animation")], TYPE, None, "s",
        "'if not isinstance(in_list, (list, tuple, set))' wraps it"),
    "empty entries are skipped": Case(
        [_p("e", task_names=[""])], {"task_names": "anim"}, None, None,
        "compile_list_of_regexes skips them: nothing can match"),
    "an empty entry beside a real one": Case(
        [_p("e", task_names=["", "anim"])], {"task_names": "anim"}, None,
        "e", "the real entry matches"),
    "an entry that is not text is skipped": Case(
        [_p("n", task_types=[5, "Anim.*"])], TYPE, None, "n",
        "re.compile(5) raises TypeError, caught and skipped"),
    "an invalid regex raises": Case(
        [_p("bad", task_names=["("])], {"task_names": "anim"}, None,
        re.error, "re.error is not caught"),
    "an invalid regex is not read for an empty value": Case(
        [_p("bad", task_names=["("])], {"task_names": ""}, None, None,
        "'if not value: return -1' comes before compiling"),
    "no keys: the first profile": Case(
        [_p("a", task_types=["X"]), _p("b")], {}, None, "a",
        "no key scores anything: all tie at 0"),
}


def _check(function, case: Case) -> None:
    if isinstance(case.expected, type):
        with pytest.raises(case.expected):
            function(case.profiles, case.key_values, case.keys_order)
        return
    profile = function(case.profiles, case.key_values, case.keys_order)
    assert (profile and profile["id"]) == case.expected, case.why


@pytest.mark.parametrize("name", list(CASES))
def test_port_follows_ayon_core(name):
    _check(filter_profiles, CASES[name])


@pytest.mark.parametrize("name", list(CASES))
def test_standin_follows_ayon_core(name, ayon_core_standin):
    from ayon_core.lib import filter_profiles as standin_filter_profiles

    _check(standin_filter_profiles, CASES[name])


def test_keys_order_is_that_of_ynput_project_tools():
    # ayon-applications 1.4.4, utils.get_tools_for_context
    assert PROFILE_KEYS_ORDER == ("folder_paths", "task_names", "task_types")


# --- the client's manager ------------------------------------------------

def _settings(app_profiles, tool_profiles):
    settings = addon_settings(
        ["/unused"],
        [app_group("maya", [variant("2025", ["maya-2025"])]),
         app_group("blender", [variant("4", ["blender-4"])])],
        tools=[tool_group("mtoa", [tool("5", ["mtoa-5"])]),
               tool_group("ocio", [tool("2", ["ocio-2"])])],
        tool_profiles=tool_profiles,
    )
    settings["project_applications"]["profiles"] = app_profiles
    return settings


def _app_profile(apps, **filters):
    return dict({"task_types": [], "folder_paths": [], "task_names": [],
                 "allow_type": "applications", "applications": apps},
                **filters)


def _tool_profile(tools, **filters):
    return dict({"task_types": [], "folder_paths": [], "task_names": [],
                 "tools": tools}, **filters)


ISSUE_SETTINGS = _settings(
    [_app_profile(["maya/2025"]),
     _app_profile(["blender/4"], task_types=["Animation"])],
    [_tool_profile(["ocio/2"]),
     _tool_profile(["mtoa/5"], task_names=["anim.*"])],
)


def _choices(manager):
    apps = manager.applications_for_context(
        task_type="Animation", task_name="anim_main",
        folder_path="/shots/sq010/sh0010",
    )
    tools = manager.tools_for_context(
        task_type="Animation", task_name="anim_main",
        folder_path="/shots/sq010/sh0010",
    )
    return ([app.full_name for app in apps],
            [tool.full_name for tool in tools])


def test_standalone_manager_chooses_the_specific_profile(tmp_path):
    path = write_settings_file(str(tmp_path / "s.json"), ISSUE_SETTINGS)
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    assert _choices(manager) == (["blender/4"], ["mtoa/5"])


def test_manager_in_ayon_calls_ayon_cores_filter_profiles(
    ayon_core_standin, monkeypatch
):
    import ayon_core.lib

    real = ayon_core.lib.filter_profiles
    calls = []

    def spy(profiles_data, key_values, keys_order=None, logger=None):
        calls.append((key_values, list(keys_order)))
        return real(profiles_data, key_values, keys_order, logger)

    monkeypatch.setattr(ayon_core.lib, "filter_profiles", spy)
    manager = ApplicationManager({"applications": ISSUE_SETTINGS})
    assert _choices(manager) == (["blender/4"], ["mtoa/5"])
    context = {"folder_paths": "/shots/sq010/sh0010",
               "task_names": "anim_main", "task_types": "Animation"}
    assert calls == [(context, ORDER), (context, ORDER)]


def test_standalone_manager_does_not_use_ayon_core(
    ayon_core_standin, monkeypatch, tmp_path
):
    import ayon_core.lib

    def refuse(*args, **kwargs):
        raise AssertionError("standalone must use the port")

    monkeypatch.setattr(ayon_core.lib, "filter_profiles", refuse)
    path = write_settings_file(str(tmp_path / "s.json"), ISSUE_SETTINGS)
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    assert _choices(manager) == (["blender/4"], ["mtoa/5"])


def test_invalid_regex_in_settings_is_a_clear_launch_error(tmp_path):
    settings = _settings([_app_profile(["maya/2025"], task_names=["(x"])],
                         [])
    path = write_settings_file(str(tmp_path / "s.json"), settings)
    manager = ApplicationManager(
        project_name="show", settings_source=FileSettingsSource(path)
    )
    with pytest.raises(ApplicationLaunchFailed) as info:
        manager.applications_for_context("Animation", "anim", "/shots/a")
    message = str(info.value)
    assert 'project_applications of project "show"' in message
    assert "'(x'" in message
