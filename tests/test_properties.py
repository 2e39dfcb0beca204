"""Property tests: any input works or raises the documented error.

- the request composer (``requests.compose_request``) takes any request
  lists and never raises; it keeps order, drops blanks and repeats, and
  remembers every origin;
- the JSON environment parser (``definitions.parse_environment``,
  ``environment.apply_json_environments``) takes any JSON: text that is
  not a JSON object raises ``ApplicationLaunchFailed``; any object gives
  string variables, ``{VAR}`` references filled from the environment;
- the settings check (``settings_validation``) takes any JSON: it passes
  or raises ``ApplicationLaunchFailed`` with one line; what passes, the
  rest of the client reads without any other error.

Examples are bounded (see ``BOUNDED``) so the suite stays fast; the seed
is fixed so a run in CI is repeatable.
"""
import json
import os
import string
from typing import Any, Dict, List

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ayon_applications import ApplicationLaunchFailed, ApplicationManager
from ayon_applications.definitions import parse_environment
from ayon_applications.environment import (
    apply_app_environments,
    apply_json_environments,
    parse_environment_values,
)
from ayon_applications.requests import compose_request
from ayon_applications.settings import SettingsSource
from ayon_applications.settings_validation import (
    check_addon_settings,
    check_settings_file,
)

BOUNDED = settings(
    max_examples=75,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# --- JSON values ------------------------------------------------------------

json_scalars = (
    st.none() | st.booleans() | st.integers(-10**6, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
)


def json_values(leaves=json_scalars, max_leaves: int = 12):
    """Any JSON value (nested lists and objects)."""
    return st.recursive(
        leaves,
        lambda children: st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4),
        max_leaves=max_leaves,
    )


# --- the request composer ---------------------------------------------------

requests_lists = st.lists(
    st.sampled_from(["maya", "maya-2025", " maya-2025 ", "", "  ",
                     "~python-3.11", "!foo", "ayon_core==1.4"])
    | st.text(max_size=10),
    max_size=5,
)


@BOUNDED
@given(
    group=requests_lists, app=requests_lists,
    tools=st.lists(st.tuples(st.text(max_size=6), requests_lists),
                   max_size=3),
    project=requests_lists, ayon=requests_lists, implicit=requests_lists,
)
def test_composer_keeps_order_drops_blanks_and_repeats(
    group, app, tools, project, ayon, implicit
):
    composed = compose_request(
        group, "maya", app, "maya/2025", tools, project, "show", ayon,
        "AYON bundle", implicit,
    )
    sources = [group, app, *[requests for _n, requests in tools], project,
               ayon, implicit]
    expected: List[str] = []
    for requests in sources:
        for request in requests:
            if request.strip() and request.strip() not in expected:
                expected.append(request.strip())
    assert composed.requests == expected
    for part in composed.parts:
        assert part.origins, part
        assert len(set(part.origins)) == len(part.origins)
    assert len(composed.to_data()) == len(expected)
    assert isinstance(composed.describe(), str)
    for part in composed.parts:
        composed.origins_of_package(part.request)


# --- the JSON environment parser --------------------------------------------

@BOUNDED
@given(text=st.text(max_size=30) | json_values().map(json.dumps))
def test_environment_text_is_an_object_or_the_documented_error(text):
    try:
        parsed = parse_environment(text, "application \"maya/2025\"")
    except ApplicationLaunchFailed as exc:
        message = str(exc)
        assert message.startswith(
            "The environment of application \"maya/2025\""
        )
        assert "\n" not in message
        return
    assert isinstance(parsed, dict)


env_names = st.sampled_from(["A", "B", "PATH", "MAYA_X", "_Y"])
env_leaf = (
    st.text(alphabet=string.ascii_letters + "{}/:_", max_size=10)
    | st.integers(-5, 5) | st.booleans() | st.none()
)
env_values = st.recursive(
    env_leaf,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(
        st.sampled_from(["windows", "linux", "darwin", "standard", "farm",
                         "other"]),
        children, max_size=3,
    ),
    max_leaves=6,
)
env_layers = st.lists(
    st.dictionaries(env_names, env_values, max_size=4), max_size=3
)


@BOUNDED
@given(
    layers=env_layers,
    env=st.dictionaries(env_names, st.text(max_size=8), max_size=3),
    env_group=st.sampled_from([None, "standard", "farm", "other"]),
    platform_name=st.sampled_from(["windows", "linux", "darwin"]),
)
def test_any_json_environment_gives_string_variables(
    layers, env, env_group, platform_name
):
    result = apply_json_environments(env, layers, env_group, platform_name)
    assert all(isinstance(key, str) and isinstance(value, str)
               for key, value in result.items())
    assert set(env) <= set(result)
    # a plain value without references is set as it is by the last layer
    for layer in layers:
        for key, value in parse_environment_values(
            layer, env_group, platform_name
        ).items():
            if "{" not in value and "}" not in value:
                last = value
                for later in layers[layers.index(layer) + 1:]:
                    later_values = parse_environment_values(
                        later, env_group, platform_name
                    )
                    if key in later_values:
                        last = None
                if last is not None:
                    assert result[key] == last


reference_parts = st.lists(
    st.sampled_from(["/x", ":", "{A}", "{B}", "{UNKNOWN}", "lib"]),
    max_size=5,
)


@BOUNDED
@given(
    parts=reference_parts,
    a=st.text(alphabet=string.ascii_letters + "/", max_size=6),
    b=st.text(alphabet=string.ascii_letters + "/", max_size=6),
)
def test_references_are_filled_from_the_environment(parts, a, b):
    value = "".join(parts)
    result = apply_json_environments(
        {"A": a, "B": b}, [{"C": value}], None, "linux"
    )
    expected = value.replace("{A}", a).replace("{B}", b)
    assert result["C"] == expected  # unknown references stay as written


# --- settings: generated near the real shape --------------------------------

def _rarely(valid, wrong=None):
    """The valid value, about one time in 40 ``wrong`` (any JSON)."""
    wrong = wrong if wrong is not None else json_values(max_leaves=4)
    return st.integers(0, 39).flatmap(lambda n: wrong if n == 0 else valid)


def _optional_fields(fields: Dict[str, Any], required=()):
    """An object with some of ``fields``, each rarely of a wrong value."""
    return st.fixed_dictionaries(
        {key: _rarely(fields[key]) for key in required},
        optional={key: _rarely(value) for key, value in fields.items()
                  if key not in required},
    )


def _name_key(item: Dict[str, Any]) -> str:
    return json.dumps(item["name"], sort_keys=True)


names = _rarely(
    st.sampled_from(["maya", "2025", "nuke", "5", "x_1", "2024.2"]),
    st.sampled_from(["", " x", "a/b", "   "]),
)
string_lists = st.lists(st.text(max_size=8), max_size=3)
environment_texts = _rarely(
    st.dictionaries(st.sampled_from(["A", "B", "PATH"]), env_values,
                    max_size=3).map(json.dumps),
    st.sampled_from(["{}", "", "{bad", "[1]", "{\"A\": \"x\\u0000\"}",
                     "{\"A=B\": \"1\"}", "{\"\": \"1\"}"]),
)
per_platform_lists = _optional_fields(
    {"windows": string_lists, "linux": string_lists, "darwin": string_lists}
)
commands = st.lists(
    _rarely(st.sampled_from(["maya", "probe"]), st.sampled_from(["", " m"])),
    max_size=2,
)
variants = _optional_fields({
    "name": names, "label": st.text(max_size=5), "enabled": st.booleans(),
    "rez_request": st.lists(st.sampled_from(["maya-2025", "python"]),
                            max_size=2),
    "command": commands,
    "command_per_platform": _optional_fields({"linux": commands}),
    "arguments": per_platform_lists | string_lists,
    "environment": environment_texts,
}, required=["name"])
groups = _optional_fields({
    "name": names, "label": st.text(max_size=5), "host_name": names,
    "enabled": st.booleans(), "rez_request": string_lists,
    "environment": environment_texts,
    "variants": st.lists(variants, min_size=1, max_size=3,
                         unique_by=_name_key),
}, required=["name"])
tools = _optional_fields({
    "name": names, "environment": environment_texts,
    "variants": st.lists(_optional_fields({
        "name": names, "rez_request": string_lists,
        "host_names": string_lists,
        "app_variants": st.lists(_rarely(st.just("maya/2025"),
                                         st.just("maya")), max_size=2),
        "environment": environment_texts,
    }, required=["name"]), max_size=2, unique_by=_name_key),
}, required=["name"])
profile_filters = {
    "task_types": st.lists(st.sampled_from(["Animation", "Lighting"]),
                           max_size=2),
    "task_names": string_lists,
    "folder_paths": st.lists(st.sampled_from(["/shots", "*", "(", "/a.*"]),
                             max_size=2),
}
addon_settings_data = _optional_fields({
    "rez": _optional_fields({
        "packages_path": _optional_fields({
            "linux": st.lists(_rarely(st.just("/studio/rez"),
                                      st.sampled_from(["rel", "~/x", ""])),
                              max_size=2),
            "windows": string_lists,
        }),
        "local_cache_path": _optional_fields({"linux": _rarely(
            st.sampled_from(["", "/var/tmp/rez"]), st.just("rel"))}),
        "memcached_uri": st.lists(st.sampled_from(
            ["127.0.0.1:11211", "h:abc", "memcache://h:1"]), max_size=2),
        "resolve_time_limit_s": _rarely(st.integers(0, 100), st.just(-1)),
        "implicit_packages": string_lists,
        "extra_config": _rarely(st.sampled_from(["{}", ""]),
                                st.sampled_from(["{bad", "[]"])),
    }),
    "ayon_request": _optional_fields({
        "mode": _rarely(st.sampled_from(["weak", "strict", "off"]),
                        st.just("loose")),
        "package_name_template": st.sampled_from(
            ["ayon_{addon_name}", "{x}", "{"]),
        "include_launcher": st.booleans(),
        "extra": st.lists(st.sampled_from(["x-{bundle_name}", "{nope}"]),
                          max_size=2),
    }),
    "applications": st.lists(groups, min_size=1, max_size=3,
                             unique_by=_name_key),
    "tools": st.lists(tools, max_size=2, unique_by=_name_key),
    "project_applications": _optional_fields({"profiles": st.lists(
        _optional_fields({
            **profile_filters,
            "allow_type": _rarely(st.sampled_from(
                ["applications", "all_applications"]), st.just("x")),
            "applications": st.lists(st.sampled_from(["maya/2025"]),
                                     max_size=1),
        }), max_size=2)}),
    "project_tools": _optional_fields({"profiles": st.lists(
        _optional_fields({**profile_filters, "tools": string_lists}),
        max_size=2)}),
    "project_overrides": _optional_fields({
        "extra_requests": string_lists,
        "timestamp": st.sampled_from(["", "2024-06-10", "1718000000",
                                      "soon"]) | st.integers(0, 10**10),
    }),
}, required=["applications"])


class _Bundle(SettingsSource):
    """Only the running bundle (the settings are given)."""

    def bundle_data(self, project_name):
        return {"name": "Production", "launcher_version": "1.0.0",
                "addons": {"core": "1.4.0", "applications": "2.0.0+rez"}}


def _use_everything(manager: ApplicationManager) -> None:
    """Read the settings the way launches do (no resolve)."""
    manager.rez_settings().config_overrides()
    manager.project_timestamp()
    for task_type in (None, "Animation"):
        for folder in (None, "/shots/sh010"):
            manager.applications_for_context(task_type, "anim", folder)
            manager.tools_for_context(None, task_type, "anim", folder)
    for app in manager.applications.values():
        tools = manager.tools_for_context(app, "Animation", "anim",
                                          "/shots/sh010",
                                          list(manager.tools))
        str(manager.compose_request(app, tools))
        app.find_executable()
        apply_app_environments(dict(os.environ), app, tools, "farm")
    for group in manager.app_groups.values():
        assert isinstance(group.environment, dict)
    for tool in manager.tools.values():
        assert isinstance(tool.environment, dict)


@BOUNDED
@given(settings_data=addon_settings_data)
def test_settings_pass_or_one_line_error_and_what_passes_is_usable(
    settings_data
):
    try:
        check_addon_settings(settings_data, "Settings")
    except ApplicationLaunchFailed as exc:
        assert str(exc).startswith("Settings: ")
        assert "\n" not in str(exc)
        return
    try:
        manager = ApplicationManager(
            {"applications": settings_data}, project_name="show",
            settings_source=_Bundle(),
        )
        _use_everything(manager)
    except ApplicationLaunchFailed as exc:
        # a value only the launch can judge (a timestamp, an ayon_request
        #   template): the documented error, one line
        assert "\n" not in str(exc), str(exc)


@BOUNDED
@given(data=json_values(max_leaves=20) | st.fixed_dictionaries(
    {"studio": json_values()},
    optional={"projects": json_values(), "bundle": json_values()},
))
def test_any_settings_file_data_passes_or_is_one_line(data):
    try:
        check_settings_file(data, "/studio/settings.json")
    except ApplicationLaunchFailed as exc:
        assert str(exc).startswith(
            "Settings file \"/studio/settings.json\" is not valid: "
        )
        assert "\n" not in str(exc)
