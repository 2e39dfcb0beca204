"""Bad input a studio can give, and the one line each must end in.

Plain data, shared by ``tests/test_bad_input.py`` (which runs every case
through the standalone command line) and ``scripts/reliability_table.py``
(which writes ``docs/reliability.md`` from these very tables, so the doc
lists what the tests try).

A case edits a good settings file (:func:`good_settings_file`: one app
``maya/2025`` whose command would start, a tool, a project ``show``) and
names the text the ``ERROR:`` line must hold.
"""
import copy
import json
from dataclasses import dataclass
from typing import Any, List, Sequence, Tuple, Union

from tests.fixtures.launch import (
    addon_settings,
    app_group,
    tool,
    tool_group,
    variant,
)

#: The package folder of the good file, relative to the file.
PACKAGES = "packages"
APP = "maya/2025"
PROJECT = "show"
#: Field path of the app's variant in the studio settings.
VARIANT = "studio.applications.0.variants.0"

Key = Union[str, int]


def _keys(path: str) -> List[Key]:
    return [int(key) if key.isdigit() else key for key in path.split(".")]


def _parent(data: Any, path: str) -> Tuple[Any, Key]:
    keys = _keys(path)
    for key in keys[:-1]:
        data = data[key]
    return data, keys[-1]


def shown_path(path: str) -> str:
    """``a.0.b`` as the docs show it: ``a[0].b``."""
    text = ""
    for key in _keys(path):
        text += f"[{key}]" if isinstance(key, int) else f".{key}"
    return text.lstrip(".")


@dataclass(frozen=True)
class Set:
    """Set one value of the file."""

    path: str
    value: Any

    def apply(self, data: Any) -> Any:
        parent, key = _parent(data, self.path)
        parent[key] = copy.deepcopy(self.value)
        return data

    def describe(self) -> str:
        return f"`{shown_path(self.path)}` = `{json.dumps(self.value)}`"


@dataclass(frozen=True)
class Drop:
    """Remove one key of the file."""

    path: str

    def apply(self, data: Any) -> Any:
        parent, key = _parent(data, self.path)
        del parent[key]
        return data

    def describe(self) -> str:
        return f"`{shown_path(self.path)}` left out"


@dataclass(frozen=True)
class Duplicate:
    """Append a copy of one list item to its list."""

    path: str

    def apply(self, data: Any) -> Any:
        parent, key = _parent(data, self.path)
        parent.append(copy.deepcopy(parent[key]))
        return data

    def describe(self) -> str:
        return f"`{shown_path(self.path)}` twice"


@dataclass(frozen=True)
class FileText:
    """Replace the whole file with this text."""

    text: str

    def apply(self, data: Any) -> Any:
        return self

    def describe(self) -> str:
        return f"the file holds `{self.text}`"


@dataclass(frozen=True)
class NoFile:
    """No settings file at the given path."""

    def apply(self, data: Any) -> Any:
        return self

    def describe(self) -> str:
        return "the file does not exist"


Edit = Union[Set, Drop, Duplicate, FileText, NoFile]


@dataclass(frozen=True)
class Case:
    """One bad input and the text its ``ERROR:`` line holds.

    Attributes:
        id: Short name (the test id).
        edits: What is changed in the good file, in order.
        shows: Text the one ``ERROR:`` line must contain.
        command: ``launch`` (of ``maya/2025`` in ``show``, waited for),
            ``resolve`` or ``extractenvironments``.
    """

    id: str
    edits: Sequence[Edit]
    shows: str
    command: str = "launch"

    def describe(self) -> str:
        return "; ".join(edit.describe() for edit in self.edits)


def good_settings_file() -> dict:
    """A settings file that launches ``maya/2025`` (see the module)."""
    studio = addon_settings(
        [PACKAGES],
        [app_group("maya", [variant("2025", ["maya-2025.1"])])],
        tools=[tool_group("mtoa", [tool("5", ["maya"])])],
    )
    show = {
        "applications": copy.deepcopy(studio["applications"]),
        "project_overrides": {"extra_requests": [], "timestamp": ""},
    }
    return {
        "studio": studio,
        "projects": {PROJECT: show},
        "bundle": {"name": "Production", "launcher_version": "1.0.0",
                   "addons": {"core": "1.4.0"}},
    }


def edited_settings_file(case: Case) -> Any:
    """The good file with the case's edits: data, or a FileText/NoFile."""
    data: Any = good_settings_file()
    for edit in case.edits:
        data = edit.apply(data)
    return data


_V = VARIANT
_P = "studio.applications[maya].variants[2025]"

#: Settings file cases: exit 1, one line naming the field, nothing runs.
SETTINGS_CASES = [
    Case("file-missing", [NoFile()],
         "Cannot read settings file"),
    Case("file-not-json", [FileText("{\"studio\": {")],
         "is not valid JSON"),
    Case("file-a-list", [FileText("[]")],
         "has no \"studio\" section"),
    Case("studio-missing", [Drop("studio")],
         "has no \"studio\" section"),
    Case("studio-null", [Set("studio", None)],
         "studio must be an object, got null"),
    Case("studio-a-list", [Set("studio", [])],
         "studio must be an object, got a list"),
    Case("projects-a-list", [Set("projects", [])],
         "projects must be an object, got a list"),
    Case("project-null", [Set(f"projects.{PROJECT}", None)],
         f"projects.\"{PROJECT}\" must be an object, got null"),
    Case("applications-an-object",
         [Set("studio.applications", {"maya": {}})],
         "studio.applications must be a list, got an object"),
    Case("group-without-name", [Drop("studio.applications.0.name")],
         "studio.applications[0].name is missing"),
    Case("variant-without-name", [Drop(f"{_V}.name")],
         "studio.applications[maya].variants[0].name is missing"),
    Case("group-name-empty", [Set("studio.applications.0.name", "")],
         "studio.applications[0].name is empty"),
    Case("variant-name-with-slash", [Set(f"{_V}.name", "20/25")],
         "studio.applications[maya].variants[0].name must not contain"
         " '/'"),
    Case("group-twice", [Duplicate("studio.applications.0")],
         "studio.applications has the name \"maya\" twice (items 0"
         " and 1)"),
    Case("variant-twice", [Duplicate(_V)],
         "studio.applications[maya].variants has the name \"2025\" twice"),
    Case("variant-twice-in-project",
         [Duplicate(f"projects.{PROJECT}.applications.0.variants.0")],
         f"projects.\"{PROJECT}\".applications[maya].variants has the"
         " name \"2025\" twice"),
    Case("tool-twice", [Duplicate("studio.tools.0.variants.0")],
         "studio.tools[mtoa].variants has the name \"5\" twice"),
    Case("arguments-a-string", [Set(f"{_V}.arguments", "-batch")],
         f"{_P}.arguments must be a list of strings or an object of"
         " per-platform lists"),
    Case("platform-arguments-a-string",
         [Set(f"{_V}.arguments.linux", "-batch")],
         f"{_P}.arguments.linux must be a list of strings, got the string"
         " \"-batch\""),
    Case("command-a-string", [Set(f"{_V}.command", "probe")],
         f"{_P}.command must be a list of strings, got the string"
         " \"probe\""),
    Case("command-blank", [Set(f"{_V}.command", [""])],
         f"{_P}.command has a blank program"),
    Case("command-spaces", [Set(f"{_V}.command", [" probe"])],
         f"{_P}.command has a blank program or one with spaces around"
         " it"),
    Case("command-a-number", [Set(f"{_V}.command", [42])],
         f"{_P}.command[0] must be a string, got the number 42"),
    Case("command-per-platform-a-string",
         [Set(f"{_V}.command_per_platform", "probe")],
         f"{_P}.command_per_platform must be an object"),
    Case("rez-request-a-string", [Set(f"{_V}.rez_request", "maya-2025")],
         f"{_P}.rez_request must be a list of strings"),
    Case("enabled-a-string", [Set(f"{_V}.enabled", "false")],
         f"{_P}.enabled must be true or false, got the string \"false\""),
    Case("environment-not-json", [Set(f"{_V}.environment", "{A: 1}")],
         f"{_P}.environment is not valid JSON"),
    Case("environment-a-list", [Set(f"{_V}.environment", "[1, 2]")],
         f"{_P}.environment must be a JSON object, got a list"),
    Case("environment-bad-name",
         [Set(f"{_V}.environment", "{\"A=B\": \"1\"}")],
         f"{_P}.environment has the variable name \"A=B\""),
    Case("environment-nul",
         [Set("studio.applications.0.environment",
              "{\"A\": \"x\\u0000y\"}")],
         "studio.applications[maya].environment variable A holds a NUL"),
    Case("packages-path-a-string",
         [Set("studio.rez.packages_path.linux", PACKAGES)],
         "studio.rez.packages_path.linux must be a list of strings, got"
         " the string \"packages\""),
    Case("packages-path-home",
         [Set("studio.rez.packages_path.linux", ["~/packages"])],
         "studio.rez.packages_path.linux \"~/packages\" starts with ~ or"
         " a variable"),
    Case("packages-path-variable",
         [Set("studio.rez.packages_path.linux", ["$REZ_REPO"])],
         "studio.rez.packages_path.linux \"$REZ_REPO\" starts with ~ or"
         " a variable"),
    Case("local-cache-a-list",
         [Set("studio.rez.local_cache_path.linux", ["/tmp/cache"])],
         "studio.rez.local_cache_path.linux must be a string, got a"
         " list"),
    Case("time-limit-a-string",
         [Set("studio.rez.resolve_time_limit_s", "60")],
         "studio.rez.resolve_time_limit_s must be a number, got the"
         " string \"60\""),
    Case("time-limit-negative",
         [Set("studio.rez.resolve_time_limit_s", -1)],
         "studio.rez.resolve_time_limit_s must be 0 (no limit) or more"),
    Case("extra-config-not-json", [Set("studio.rez.extra_config", "{")],
         "studio.rez.extra_config is not valid JSON"),
    Case("memcached-not-a-list",
         [Set("studio.rez.memcached_uri", "127.0.0.1:11211")],
         "studio.rez.memcached_uri must be a list of strings"),
    Case("cachable-unknown", [Set("studio.rez.cachable", "some")],
         'studio.rez.cachable must be one of "all", "none", "filters"'),
    Case("cachable-rules-not-a-list",
         [Set("studio.rez.cachable_excludes", "glob(*)")],
         "studio.rez.cachable_excludes must be a list of strings"),
    Case("cache-limit-negative", [Set("studio.rez.cache_size_limit_gb", -2)],
         "studio.rez.cache_size_limit_gb must be 0 (no limit) or more"),
    Case("ayon-mode-unknown", [Set("studio.ayon_request.mode", "loose")],
         "studio.ayon_request.mode must be one of \"weak\", \"strict\","
         " \"off\", got the string \"loose\""),
    Case("include-launcher-a-string",
         [Set("studio.ayon_request.include_launcher", "yes")],
         "studio.ayon_request.include_launcher must be true or false"),
    Case("tool-app-not-group-variant",
         [Set("studio.tools.0.variants.0.app_variants", ["maya"])],
         "studio.tools[mtoa].variants[5].app_variants holds the string"
         " \"maya\", not 'group/variant'"),
    Case("profiles-an-object",
         [Set("studio.project_tools.profiles", {})],
         "studio.project_tools.profiles must be a list, got an object"),
    Case("allow-type-unknown",
         [Set("studio.project_applications.profiles.0.allow_type", "any")],
         "studio.project_applications.profiles[0].allow_type must be one"
         " of"),
    Case("timestamp-a-list",
         [Set(f"projects.{PROJECT}.project_overrides.timestamp", [])],
         f"projects.\"{PROJECT}\".project_overrides.timestamp must be a"
         " string or a number, got a list"),
    Case("timestamp-unreadable",
         [Set(f"projects.{PROJECT}.project_overrides.timestamp",
              "yesterday")],
         f"projects.\"{PROJECT}\".project_overrides.timestamp 'yesterday'"
         " is neither ISO 8601 nor epoch seconds; e.g. \"2024-06-10\""),
    Case("bundle-addons-a-list", [Set("bundle.addons", ["core"])],
         "bundle.addons must be an object, got a list"),
    Case("site-a-list", [Set("site", ["dev"])],
         "site must be an object, got a list"),
    Case("dev-packages-path-a-list",
         [Set("site", {"dev_packages_path": ["dev"]})],
         "site.dev_packages_path must be a string, got a list"),
    # the same refusals for the other commands: nothing resolved, no file
    Case("studio-null-resolve", [Set("studio", None)],
         "studio must be an object, got null", command="resolve"),
    Case("arguments-a-string-resolve", [Set(f"{_V}.arguments", "-batch")],
         f"{_P}.arguments must be a list of strings", command="resolve"),
    Case("studio-null-extract", [Set("studio", None)],
         "studio must be an object, got null",
         command="extractenvironments"),
    Case("variant-twice-extract", [Duplicate(_V)],
         "has the name \"2025\" twice", command="extractenvironments"),
]

#: memcached URIs rez cannot parse: the launch goes on without the cache,
#: with one warning naming the field.
MEMCACHED_WARNED = [
    "127.0.0.1:11211 ",
    "memcache://127.0.0.1:11211",
    "127.0.0.1:abc",
    "unix:memcached.sock",
]

#: Settings from the AYON server: package folders must be absolute.
SERVER_PATH_CASES = [
    ("packages", "rez.packages_path.linux \"packages\" is not an absolute"
                 " path"),
    ("./packages", "rez.packages_path.linux \"./packages\" is not an"
                   " absolute path"),
    ("~/packages", "rez.packages_path.linux \"~/packages\" starts with ~"),
]


@dataclass(frozen=True)
class Fault:
    """A failure of the machine, not of the settings."""

    id: str
    what: str
    shows: str


#: Faults: exit 1, one line, nothing launched, no output file.
FAULT_CASES = [
    Fault("environment-too-large-one-variable",
          "a JSON environment variable of 3 MB (Linux takes 128 KiB for"
          " one)", "too large for the OS"),
    Fault("environment-too-large-in-all",
          "100 variables of 100 KiB (10 MB in all)",
          "too large for the OS"),
    Fault("output-is-a-folder", "`extractenvironments OUT.json` where"
          " OUT.json is a folder", "it is a folder"),
    Fault("output-under-a-file", "`extractenvironments FILE/OUT.json`"
          " where FILE is a file", "is a file, not a folder"),
    Fault("output-folder-not-writable", "`extractenvironments"
          " DIR/OUT.json` run by user nobody, DIR owned by root (755)",
          "permission denied: nobody may not write in"),
    Fault("output-folder-not-creatable", "`extractenvironments"
          " DIR/NEW/OUT.json` run by user nobody, DIR owned by root",
          "permission denied: nobody may not write in"),
]
