"""Checking the addon settings the client receives, before any use.

Settings reach the client from the AYON server (checked by the server
model when saved, yet perhaps saved before a rule existed) or from a
standalone JSON file (checked by nothing else). Both are checked here
with the server model's rules, so a wrong value is one clear error naming
the field instead of something else: a string ``arguments`` read as one
argument per character, a ``null`` studio section ending in a traceback,
a duplicate variant silently winning.

Field paths read ``applications[maya].variants[2025].arguments``
(see ``settings_checks``, the generic half).

Beyond types: names are non-empty, without ``/`` or surrounding spaces,
and unique in their list; a command's program is not blank; environments
are JSON objects whose variable names and values the OS accepts; this
platform's package folders follow ``rules/locations.py`` (the server's
rule), except that a settings file may name folders relative to itself.
A memcached URI rez cannot parse is not an error: resolves skip it with
one warning (:func:`usable_memcached_uris`), as the cache is optional.
"""
import json
import logging
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from .definitions import current_platform
from .exceptions import ApplicationLaunchFailed
from .rules.locations import (
    LocationError,
    RelativePathError,
    check_absolute_path,
    check_memcached_uri,
)
from .rules.timestamps import TIMESTAMP_EXAMPLES, parse_timestamp
from .settings_checks import PLATFORMS, JsonChecker, describe

__all__ = [
    "check_settings_file",
    "check_addon_settings",
    "checked_addon_settings",
    "usable_memcached_uris",
]

log = logging.getLogger(__name__)

#: Problems listed in one message; the rest are counted.
MAX_LISTED = 3
# memcached URI sets already warned about in this process.
_WARNED_URIS: Set[Tuple[str, ...]] = set()


class _Checker(JsonChecker):
    """Walks one settings section, collecting problems with their path.

    Args:
        platform_name: The platform whose package folders are checked.
        relative_paths: Accept package folders relative to a file.
    """

    def __init__(self, platform_name: str, relative_paths: bool) -> None:
        super().__init__()
        self.platform_name = platform_name
        self.relative_paths = relative_paths

    # --- values with rules ------------------------------------------------
    def environment(self, path: str, value: Any) -> None:
        """A JSON object (text or parsed) of variables the OS accepts."""
        value = self.json_object(path, value)
        if value is None:
            return
        for key, item in value.items():
            if not key or "=" in key or "\0" in key:
                self.problem(path, f"has the variable name {json.dumps(key)},"
                                   " which no OS accepts (empty, '=' or"
                                   " NUL)")
            elif _holds_nul(item):
                self.problem(f"{path} variable {key}",
                             "holds a NUL character, which no OS accepts")

    def command(self, path: str, value: Any) -> None:
        """A command: a list of strings whose program is not blank."""
        if not self.strings(path, value) or not value:
            return
        program = value[0]
        if not program.strip() or program != program.strip():
            self.problem(path, f"has a blank program or one with spaces"
                               f" around it: {describe(program)}; e.g."
                               ' ["maya"]')

    def commands_per_platform(self, path: str, value: Any) -> None:
        if not self.kind(path, value, "object"):
            return
        for platform_name in PLATFORMS:
            if platform_name in value:
                self.command(f"{path}.{platform_name}", value[platform_name])

    def arguments(self, path: str, value: Any) -> None:
        """Arguments: a list of strings, or one per platform."""
        if isinstance(value, dict):
            self.per_platform(path, value)
        elif not isinstance(value, list):
            self.problem(path, "must be a list of strings or an object of"
                               " per-platform lists ({\"linux\": [...]}),"
                               f" got {describe(value)}")
        else:
            self.strings(path, value)

    def folders(self, path: str, value: Any, single: bool) -> None:
        """Package folders per platform; this platform's follow the rule."""
        if not self.kind(path, value, "object"):
            return
        for platform_name in PLATFORMS:
            if platform_name not in value:
                continue
            item_path = f"{path}.{platform_name}"
            item = value[platform_name]
            if single:
                if not self.kind(item_path, item, "string") or not item:
                    continue
                items = [item]
            elif self.strings(item_path, item):
                items = item
            else:
                continue
            if platform_name != self.platform_name:
                continue
            for folder in items:
                try:
                    check_absolute_path(folder, platform_name)
                except RelativePathError as exc:
                    if not self.relative_paths:
                        self.problem(item_path, f"{json.dumps(folder)} {exc}")
                except LocationError as exc:
                    self.problem(item_path, f"{json.dumps(folder)} {exc}")

    def time_limit(self, path: str, value: Any) -> None:
        if self.kind(path, value, "number") and value < 0:
            self.problem(path, f"must be 0 (no limit) or more, got {value}")

    def timestamp(self, path: str, value: Any) -> None:
        """The project timestamp, readable by the shared rule."""
        if not self.kind(path, value, "string", "number"):
            return
        try:
            parse_timestamp(value)
        except ValueError as exc:
            self.problem(path, f"{exc}; e.g. {TIMESTAMP_EXAMPLES}")

    def app_names(self, path: str, value: Any) -> None:
        """Full application names, ``group/variant``."""
        if not self.strings(path, value):
            return
        for name in value:
            group, _sep, variant = name.partition("/")
            if not group or not variant or "/" in variant:
                self.problem(path, f"holds {describe(name)}, not"
                                   " 'group/variant'")

    # --- sections ---------------------------------------------------------
    def addon_settings(self, path: str, settings: Any) -> None:
        self.fields(path, settings, {
            "rez": self.rez,
            "ayon_request": self.ayon_request,
            "applications": lambda p, v: self.named_items(
                p, v, self.app_group),
            "tools": lambda p, v: self.named_items(p, v, self.tool_group),
            "project_applications": lambda p, v: self.profiles(
                p, v, {"allow_type": lambda pp, vv: self.choice(
                    pp, vv, _choices("AllowType")),
                    "applications": self.strings}),
            "project_tools": lambda p, v: self.profiles(
                p, v, {"tools": self.strings}),
            "project_overrides": lambda p, v: self.fields(p, v, {
                "extra_requests": self.strings,
                "timestamp": self.timestamp,
            }),
        })

    def rez(self, path: str, value: Any) -> None:
        self.fields(path, value, {
            "packages_path": lambda p, v: self.folders(p, v, False),
            "local_cache_path": lambda p, v: self.folders(p, v, True),
            "memcached_uri": self.strings,
            "resolve_time_limit_s": self.time_limit,
            "implicit_packages": self.strings,
            "extra_config": self.json_object,
            "cachable": lambda p, v: self.choice(p, v, _cachable_modes()),
            "cachable_excludes": self.strings,
            "cachable_includes": self.strings,
            # like the time limit: a number, 0 for none
            "cache_size_limit_gb": self.time_limit,
        })

    def ayon_request(self, path: str, value: Any) -> None:
        self.fields(path, value, {
            "mode": lambda p, v: self.choice(
                p, v, _choices("RequestMode")),
            "package_name_template": "string",
            "include_launcher": "boolean",
            "launcher_package_name": "string",
            "extra": self.strings,
        })

    def app_group(self, path: str, group: Dict[str, Any]) -> None:
        self.fields(path, group, {
            "label": "string",
            "icon": "string",
            "host_name": "string",
            "enabled": "boolean",
            "rez_request": self.strings,
            "environment": self.environment,
            "variants": lambda p, v: self.named_items(p, v, self.app_variant),
        })

    def app_variant(self, path: str, variant: Dict[str, Any]) -> None:
        self.fields(path, variant, {
            "label": "string",
            "enabled": "boolean",
            "rez_request": self.strings,
            "command": self.command,
            "command_per_platform": self.commands_per_platform,
            "arguments": self.arguments,
            "environment": self.environment,
            "redirect_output": "boolean",
        })

    def tool_group(self, path: str, group: Dict[str, Any]) -> None:
        self.fields(path, group, {
            "label": "string",
            "environment": self.environment,
            "variants": lambda p, v: self.named_items(p, v, self.tool),
        })

    def tool(self, path: str, tool: Dict[str, Any]) -> None:
        self.fields(path, tool, {
            "label": "string",
            "rez_request": self.strings,
            "host_names": self.strings,
            "app_variants": self.app_names,
            "environment": self.environment,
        })

    def profiles(
        self, path: str, value: Any, own_fields: Dict[str, Any]
    ) -> None:
        def check_profile(profile_path: str, profile: Any) -> None:
            self.fields(profile_path, profile, {
                "task_types": self.strings,
                "task_names": self.strings,
                "folder_paths": self.strings,
                **own_fields,
            })

        def check_profiles(profiles_path: str, profiles: Any) -> None:
            if self.kind(profiles_path, profiles, "list"):
                for index, profile in enumerate(profiles):
                    check_profile(f"{profiles_path}[{index}]", profile)

        self.fields(path, value, {"profiles": check_profiles})

    def bundle(self, path: str, value: Any) -> None:
        def check_addons(addons_path: str, addons: Any) -> None:
            if self.kind(addons_path, addons, "object"):
                for name, version in addons.items():
                    self.kind(f"{addons_path}.{name}", version, "string")

        self.fields(path, value, {
            "name": "string",
            "launcher_version": "string",
            "addons": check_addons,
        })


def _choices(enum_name: str) -> List[str]:
    """The values of an enum of ``settings_views`` (read at call time:
    that module imports this one through ``rez_settings``)."""
    from . import settings_views

    return [member.value for member in getattr(settings_views, enum_name)]


def _cachable_modes() -> List[str]:
    """The values of ``rez/cachable`` (read at call time, as
    :func:`_choices`: ``rez_settings`` imports this module)."""
    from .rez_settings import CACHABLE_MODES

    return list(CACHABLE_MODES)


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\0" in value
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_nul(item) for item in value.values())
    return False


def _raise_problems(where: str, problems: List[str]) -> None:
    """Raise one one-line error listing the first problems."""
    if not problems:
        return
    listed = "; ".join(problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    if more > 0:
        listed += f"; and {more} more"
    raise ApplicationLaunchFailed(f"{where}: {listed}")


def check_addon_settings(
    settings: Any,
    where: str,
    relative_paths: bool = False,
    platform_name: Optional[str] = None,
    path: str = "",
) -> None:
    """Check this addon's settings (studio, or a project's overrides).

    Args:
        settings: The settings, as the server model's ``dict()``.
        where: Start of the message, e.g. ``Settings of project "demo"``.
        relative_paths: Accept package folders relative to a file.
        platform_name: Platform whose package folders are checked
            (default: this one).
        path: Field path of ``settings`` itself, e.g. ``studio``.

    Raises:
        ApplicationLaunchFailed: Naming each field that is not valid.
    """
    checker = _Checker(platform_name or current_platform(), relative_paths)
    checker.addon_settings(path, settings)
    _raise_problems(where, checker.problems)


def check_settings_file(
    data: Any, file_path: str, platform_name: Optional[str] = None
) -> None:
    """Check a standalone settings file's data (see ``SettingsFile``).

    ``studio`` and each project's overrides are checked on their own
    (overrides are partial); package folders may be relative to the file.

    Raises:
        ApplicationLaunchFailed: Naming each field that is not valid.
    """
    where = f"Settings file \"{file_path}\" is not valid"
    checker = _Checker(platform_name or current_platform(), True)
    if not isinstance(data, dict):
        checker.problem("", "it must hold a JSON object {\"studio\":"
                            f" {{...}}, ...}}, got {describe(data)}")
    elif "studio" not in data:
        checker.problem("", "it has no \"studio\" section")
    else:
        checker.addon_settings("studio", data["studio"])
        projects = data.get("projects")
        if projects is not None and checker.kind(
            "projects", projects, "object"
        ):
            for name, overrides in projects.items():
                checker.addon_settings(
                    f"projects.{json.dumps(name)}", overrides
                )
        if data.get("bundle") is not None:
            checker.bundle("bundle", data["bundle"])
        if data.get("site") is not None:
            checker.fields("site", data["site"],
                           {"dev_packages_path": "string"})
    _raise_problems(where, checker.problems)


def checked_addon_settings(
    settings: Any, project_name: Optional[str] = None
) -> Dict[str, Any]:
    """This addon's settings as a manager received them, checked.

    Args:
        settings: This addon's settings (None when there are none).
        project_name: The project they are for; None for the studio.

    Returns:
        A shallow copy of the settings ({} for None).

    Raises:
        ApplicationLaunchFailed: Naming each field that is not valid.
    """
    if settings is None:
        return {}
    if project_name:
        where = (f"Settings of the applications addon for project"
                 f" \"{project_name}\" are not valid")
    else:
        where = "Studio settings of the applications addon are not valid"
    check_addon_settings(settings, where)
    return dict(settings)


def usable_memcached_uris(uris: Sequence[str]) -> List[str]:
    """The memcached URIs rez can use; warns once about the others.

    A URI rez cannot parse would fail every resolve, while the cache is
    only an optimisation: it is left out, with one warning per process
    for each set of such URIs.
    """
    usable: List[str] = []
    refused: List[str] = []
    for uri in uris:
        try:
            check_memcached_uri(uri)
        except LocationError as exc:
            refused.append(f"{json.dumps(uri)} ({exc})")
        else:
            usable.append(uri)
    key = tuple(refused)
    if refused and key not in _WARNED_URIS:
        _WARNED_URIS.add(key)
        log.warning(
            "Settings rez.memcached_uri: left out %s, not a memcached"
            " server address (e.g. 127.0.0.1:11211); resolving without"
            " %s", "; ".join(refused), "it" if len(refused) == 1 else "them",
        )
    return usable
