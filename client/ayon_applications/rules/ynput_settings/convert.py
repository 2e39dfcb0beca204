"""Ynput's 1.x settings overrides converted to this addon's shape."""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Tuple

from .model import (
    ADDITIONAL_GROUP_KEYS,
    FIXED_GROUPS,
    GROUP_KEYS,
    OWN_KEYS,
    PLATFORMS,
    PROFILE_KEYS,
    REDIRECT_OUTPUT_DEFAULT,
    TOOL_GROUP_KEYS,
    TOOL_KEYS,
    UNUSED_PROFILES_MODEL,
    UNUSED_TOP,
    UNUSED_VARIANT,
    VARIANT_KEYS,
    is_ynput_shape,
    locate,
    rez_package_name,
    rez_version,
)


@dataclass
class ConversionNote:
    """A 1.x value that was not converted, or converted on an assumption.

    Attributes:
        path: Settings path, e.g. ``applications/maya/variants/2025``.
        message: What happened to it.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Wrapper:
    """A rez package that puts an installed program on ``PATH``.

    Attributes:
        name: rez package name (``maya``).
        version: rez version (``2025``).
        source: Settings path of the 1.x variant.
        label: What it wraps, e.g. ``Maya 2025``.
        folders: Platform (``windows``, ``linux``, ``darwin``) -> folders
            to put on ``PATH``, the first one first.
        programs: Platform -> program name the variant runs there.
    """

    name: str
    version: str
    source: str
    label: str
    folders: Dict[str, List[str]] = field(default_factory=dict)
    programs: Dict[str, str] = field(default_factory=dict)

    @property
    def request(self) -> str:
        """The rez request the converted variant makes."""
        return f"{self.name}-{self.version}"


@dataclass
class Conversion:
    """What :func:`convert_overrides` made.

    Attributes:
        settings: Overrides in this addon's shape.
        notes: What was not converted, or converted on an assumption to
            check (the server logs them).
        wrappers: The rez packages the converted variants request.
        converted: False when the input was already this addon's shape
            and passed through unchanged.
    """

    settings: Dict[str, Any]
    notes: List[ConversionNote] = field(default_factory=list)
    wrappers: List[Wrapper] = field(default_factory=list)
    converted: bool = True


def convert_overrides(
    overrides: Dict[str, Any],
    source_defaults: Optional[Dict[str, Any]] = None,
    icon_files: Iterable[str] = (),
) -> Conversion:
    """Convert 1.x studio or project overrides to this addon's shape.

    Overrides already in this addon's shape pass through unchanged.
    Studio overrides (they have ``applications`` or ``tool_groups``,
    which 1.x only allows on the studio) are laid over
    ``source_defaults``, so groups, fields and tools the studio never
    changed are converted too; this addon's ``applications`` and
    ``tools`` lists replace the defaults whole.

    Args:
        overrides: Overrides as the server stores them, or full 1.x
            settings.
        source_defaults: Default settings of the 1.x version they come
            from, if known.
        icon_files: Icon file names this addon serves; a fixed group
            gets ``<name>.svg`` or ``<name>.png`` when listed.

    Returns:
        The converted overrides, the notes, the wrappers.
    """
    if not is_ynput_shape(overrides):
        return Conversion(copy.deepcopy(overrides or {}), converted=False)
    return _Converter(set(icon_files)).run(overrides, source_defaults or {})


def _merged(default: Any, override: Any) -> Any:
    """The AYON server's rule: mappings merge per key, the rest replaces."""
    if isinstance(default, dict) and isinstance(override, dict):
        result = dict(default)
        for key, value in override.items():
            result[key] = _merged(default.get(key), value)
        return result
    return copy.deepcopy(override)


class _Converter:
    def __init__(self, icon_files: set) -> None:
        self.icon_files = icon_files
        self.notes: List[ConversionNote] = []
        self.wrappers: List[Wrapper] = []
        self._packages: Dict[Tuple[str, str], str] = {}

    def note(self, path: str, message: str) -> None:
        self.notes.append(ConversionNote(path, message))

    def run(
        self, overrides: Dict[str, Any], defaults: Dict[str, Any]
    ) -> Conversion:
        result: Dict[str, Any] = {}
        apps = overrides.get("applications")
        if isinstance(apps, list):  # this addon's own list, kept
            result["applications"] = copy.deepcopy(apps)
        elif isinstance(apps, dict) or "tool_groups" in overrides:
            merged = _merged(defaults.get("applications") or {}, apps or {})
            if merged:
                result["applications"] = self.applications(merged)
        if "tool_groups" in overrides or (
            isinstance(apps, dict) and "tool_groups" in defaults
        ):
            tool_groups = overrides.get("tool_groups",
                                        defaults.get("tool_groups"))
            if isinstance(overrides.get("tools"), list):
                self.note("tool_groups", "not converted: these overrides"
                          " also hold this addon's 'tools', kept instead")
            else:
                result["tools"] = self.tool_groups(tool_groups)
        for key, value in overrides.items():
            if key in ("applications", "tool_groups"):
                continue
            if key in PROFILE_KEYS:
                result[key] = self.profiles(key, value)
            elif key in UNUSED_TOP:
                self.unused(key, value, UNUSED_TOP[key])
            elif key in OWN_KEYS:
                result[key] = copy.deepcopy(value)
            else:
                self.note(key, "unknown setting, not converted")
        return Conversion(result, self.notes, self.wrappers)

    # --- generic checks -------------------------------------------------
    def unknown(self, data: Dict[str, Any], known: set, path: str) -> None:
        for key in sorted(set(data) - known):
            self.note(f"{path}/{key}", "unknown setting, not converted")

    def unused(self, path: str, value: Any, default: Any) -> None:
        if value != default:
            self.note(path, f"{value!r} has no equivalent in this addon,"
                      " not converted")

    def named(self, items: Any, path: str) -> List[Tuple[str, Dict]]:
        """``(path, item)`` of the list's items that have a name."""
        result = []
        if not isinstance(items, list):
            if items is not None:
                self.note(path, f"{_short(items)!r} is not a list, not"
                          " converted")
            items = []
        for index, item in enumerate(items):
            name = item.get("name") if isinstance(item, dict) else None
            if not name or not isinstance(name, str):
                self.note(f"{path}/{index}", "no name, not converted")
            else:
                result.append((f"{path}/{name}", item))
        return result

    def environment(self, value: Any, path: str) -> str:
        if isinstance(value, dict):
            return json.dumps(value, indent=4)
        if value is None or (isinstance(value, str) and not value.strip()):
            return "{}"
        try:
            parsed = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            self.note(f"{path}/environment", f"{_short(value)!r} is not a"
                      " JSON object, not converted (left empty)")
            return "{}"
        return value

    def strings(self, value: Any, path: str) -> List[str]:
        if not isinstance(value, list):
            if value not in (None, ""):
                self.note(path, f"{_short(value)!r} is not a list,"
                          " not converted")
            return []
        return [str(item) for item in value]

    def per_platform(self, value: Any, path: str) -> Dict[str, List[str]]:
        if isinstance(value, list):  # one list for every platform
            value = {name: value for name in PLATFORMS}
        if not isinstance(value, dict):
            value = {}
        self.unknown(value, set(PLATFORMS), path)
        return {
            name: self.strings(value.get(name) or [], f"{path}/{name}")
            for name in PLATFORMS
        }

    # --- applications ---------------------------------------------------
    def applications(self, apps: Dict[str, Any]) -> List[Dict[str, Any]]:
        groups = []
        for name, data in apps.items():
            if name == "additional_apps":
                continue
            if not isinstance(data, dict):
                self.note(f"applications/{name}", "not a group, not"
                          " converted")
                continue
            self.unknown(data, GROUP_KEYS, f"applications/{name}")
            label, host_name = FIXED_GROUPS.get(name, (name, ""))
            icon = next((icon for icon in (f"{name}.svg", f"{name}.png")
                         if icon in self.icon_files), "")
            groups.append(self.group(
                name, label, icon, data.get("host_name", host_name), data,
                f"applications/{name}",
            ))
        for path, data in self.named(apps.get("additional_apps"),
                                     "applications/additional_apps"):
            self.unknown(data, ADDITIONAL_GROUP_KEYS, path)
            groups.append(self.group(
                data["name"], str(data.get("label") or ""),
                str(data.get("icon") or ""), data.get("host_name", ""),
                data, path,
            ))
        return groups

    def group(
        self, name: str, label: str, icon: str, host_name: Any,
        data: Dict[str, Any], path: str,
    ) -> Dict[str, Any]:
        package = rez_package_name(name)
        variants = [
            self.variant(package, label or name, variant, variant_path)
            for variant_path, variant in self.named(
                data.get("variants"), f"{path}/variants")
        ]
        return {
            "name": name,
            "label": label,
            "icon": icon,
            "host_name": str(host_name or ""),
            "enabled": bool(data.get("enabled", True)),
            "rez_request": [],
            "environment": self.environment(data.get("environment"), path),
            "variants": variants,
        }

    def variant(
        self, package: str, group_label: str, data: Dict[str, Any],
        path: str,
    ) -> Dict[str, Any]:
        self.unknown(data, VARIANT_KEYS, path)
        for key, default in UNUSED_VARIANT.items():
            if key in data:
                self.unused(f"{path}/{key}", data[key], default)
        name = str(data.get("name") or "")
        label = str(data.get("label") or "")
        executables = self.per_platform(
            data.get("executables"), f"{path}/executables"
        )
        wrapper = Wrapper(package, rez_version(name), path,
                          f"{group_label} {label or name}")
        for platform_name in PLATFORMS:
            self.platform(wrapper, platform_name,
                          executables[platform_name],
                          f"{path}/executables/{platform_name}")
        enabled = bool(wrapper.programs)
        if not enabled:
            self.note(path, "no executable to convert: converted disabled"
                      " (1.x could not launch it either)")
        elif self.claim(wrapper):
            self.wrappers.append(wrapper)
        else:
            enabled = False
        return {
            "name": name,
            "label": label,
            "enabled": enabled,
            "rez_request": [wrapper.request] if enabled else [],
            "command": [],
            "command_per_platform": {
                key: [wrapper.programs[key]] if key in wrapper.programs
                else [] for key in PLATFORMS
            },
            "arguments": self.per_platform(
                data.get("arguments"), f"{path}/arguments"
            ),
            "environment": self.environment(data.get("environment"), path),
            "redirect_output": bool(data.get(
                "redirect_output", REDIRECT_OUTPUT_DEFAULT)),
        }

    def claim(self, wrapper: Wrapper) -> bool:
        """Refuse a second variant that maps to the same package."""
        key = (wrapper.name, wrapper.version)
        first = self._packages.setdefault(key, wrapper.source)
        if first != wrapper.source:
            self.note(wrapper.source, f"its rez package {wrapper.request}"
                      f" would be the one of {first} (naming rule):"
                      " converted disabled, not wrapped")
            return False
        return True

    def platform(
        self, wrapper: Wrapper, platform_name: str, executables: List[str],
        path: str,
    ) -> None:
        """Program and folders of one platform's executables."""
        for index, executable in enumerate(executables):
            if not executable.strip():
                continue
            where = f"{path}/{index}"
            location = locate(platform_name, executable)
            if isinstance(location, str):
                self.note(where, f"{executable!r}: {location}")
                continue
            folder, program, note = location
            chosen = wrapper.programs.setdefault(platform_name, program)
            same = (chosen.lower() == program.lower()
                    if platform_name == "windows" else chosen == program)
            if not same:
                self.note(where, f"{executable!r} runs {program!r}, not"
                          f" {chosen!r} as the first executable: not"
                          " converted (one program per platform)")
                continue
            if note:
                self.note(where, note)
            folders = wrapper.folders.setdefault(platform_name, [])
            if folder and folder not in folders:
                folders.append(folder)

    # --- tools and profiles ---------------------------------------------
    def tool_groups(self, groups: Any) -> List[Dict[str, Any]]:
        result = []
        for path, data in self.named(groups, "tool_groups"):
            self.unknown(data, TOOL_GROUP_KEYS, path)
            variants = []
            for tool_path, tool in self.named(data.get("variants"),
                                              f"{path}/variants"):
                self.unknown(tool, TOOL_KEYS, tool_path)
                variants.append({
                    "name": tool["name"],
                    "label": str(tool.get("label") or ""),
                    "rez_request": [],
                    "host_names": self.strings(
                        tool.get("host_names"), f"{tool_path}/host_names"),
                    "app_variants": self.app_names(
                        tool.get("app_variants"), f"{tool_path}/app_variants"
                    ),
                    "environment": self.environment(
                        tool.get("environment"), tool_path),
                })
            result.append({
                "name": data["name"],
                "label": str(data.get("label") or ""),
                "environment": self.environment(data.get("environment"),
                                                path),
                "variants": variants,
            })
        return result

    def app_names(self, value: Any, path: str) -> List[str]:
        names = []
        for name in self.strings(value, path):
            group, _sep, variant = name.partition("/")
            if group and variant and "/" not in variant:
                names.append(name)
            else:
                self.note(path, f"{name!r} is not 'group/variant',"
                          " not converted")
        return names

    def profiles(self, key: str, value: Any) -> Dict[str, Any]:
        if not isinstance(value, dict):
            self.note(key, "not a profiles model, not converted")
            return {"profiles": []}
        self.unknown(value, {"profiles", *UNUSED_PROFILES_MODEL}, key)
        for name, default in UNUSED_PROFILES_MODEL.items():
            if name in value:
                self.unused(f"{key}/{name}", value[name], default)
        profiles = []
        known = PROFILE_KEYS[key]
        for index, profile in enumerate(value.get("profiles") or []):
            if not isinstance(profile, dict):
                self.note(f"{key}/profiles/{index}", "not a profile, not"
                          " converted")
                continue
            self.unknown(profile, known, f"{key}/profiles/{index}")
            profiles.append({name: copy.deepcopy(profile[name])
                             for name in sorted(known) if name in profile})
        return {"profiles": profiles}


def _short(value: Any, limit: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
