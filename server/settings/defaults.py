"""Default settings: a complete, recognisable studio example."""
from __future__ import annotations

import copy
import json
from typing import Any

from .rez import REZ_IMPLICIT_PACKAGES

__all__ = ["DEFAULT_VALUES", "get_default_values"]


def _env(**values: Any) -> str:
    return json.dumps(values, indent=4)


def _variant(
    name: str, request: list[str], command: list[str], label: str = "",
    **extra: Any,
) -> dict[str, Any]:
    variant = {
        "name": name,
        "label": label or name,
        "enabled": True,
        "rez_request": request,
        "command": command,
        "command_per_platform": {"windows": [], "linux": [], "darwin": []},
        "arguments": {"windows": [], "linux": [], "darwin": []},
        "redirect_output": False,
        "environment": "{}",
    }
    variant.update(extra)
    return variant


def _group(
    name: str, label: str, host_name: str, variants: list[dict[str, Any]],
    environment: str = "{}", icon: str = "",
) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "icon": icon or f"{name}.svg",
        "host_name": host_name,
        "enabled": True,
        "rez_request": [],
        "environment": environment,
        "variants": variants,
    }


_APPLICATIONS = [
    _group("maya", "Maya", "maya", [
        _variant("2025", ["maya-2025"], ["maya"]),
        _variant("2024", ["maya-2024"], ["maya"]),
    ], environment=_env(MAYA_DISABLE_CLIC_IPM="Yes",
                        MAYA_DISABLE_CIP="Yes",
                        MAYA_DISABLE_CER="Yes")),
    _group("houdini", "Houdini", "houdini", [
        _variant("20-5", ["houdini-20.5"], ["houdini"], label="20.5"),
        _variant("20-0", ["houdini-20.0"], ["houdini"], label="20.0"),
    ]),
    _group("nuke", "Nuke", "nuke", [
        _variant("15-1", ["nuke-15.1"], ["Nuke15.1"], label="15.1",
                 command_per_platform={
                     "windows": ["Nuke15.1.exe"], "linux": [],
                     "darwin": []}),
    ]),
    _group("nukex", "Nuke X", "nuke", [
        _variant("15-1", ["nuke-15.1"], ["Nuke15.1", "--nukex"],
                 label="15.1",
                 command_per_platform={
                     "windows": ["Nuke15.1.exe", "--nukex"], "linux": [],
                     "darwin": []}),
    ], icon="nuke.svg"),
    _group("blender", "Blender", "blender", [
        _variant("4-2", ["blender-4.2"], ["blender"], label="4.2 LTS"),
    ]),
    _group("unreal", "Unreal Editor", "unreal", [
        _variant("5-4", ["unreal-5.4"], ["UnrealEditor"], label="5.4"),
    ]),
    _group("terminal", "Terminal", "", [
        _variant("default", [], ["xterm"], label="Terminal",
                 command_per_platform={
                     "windows": ["cmd.exe"],
                     "linux": ["xterm"],
                     "darwin": []}),
    ]),
]

_TOOLS = [
    {
        "name": "mtoa",
        "label": "Arnold for Maya",
        "environment": "{}",
        "variants": [{
            "name": "5-4",
            "label": "5.4",
            "rez_request": ["mtoa-5.4"],
            "host_names": ["maya"],
            "app_variants": [],
            "environment": "{}",
        }],
    },
    {
        "name": "redshift",
        "label": "Redshift",
        "environment": "{}",
        "variants": [
            {
                "name": "maya-3-6",
                "label": "3.6 for Maya",
                "rez_request": ["redshift-3.6", "redshift_maya-3.6"],
                "host_names": ["maya"],
                "app_variants": [],
                "environment": "{}",
            },
            {
                "name": "houdini-3-6",
                "label": "3.6 for Houdini",
                "rez_request": ["redshift-3.6", "redshift_houdini-3.6"],
                "host_names": ["houdini"],
                "app_variants": [],
                "environment": "{}",
            },
        ],
    },
]

DEFAULT_VALUES: dict[str, Any] = {
    "rez": {
        "packages_path": {
            "windows": ["P:/rez/packages"],
            "linux": ["/mnt/pipeline/rez/packages"],
            "darwin": ["/Volumes/pipeline/rez/packages"],
        },
        "local_cache_path": {"windows": "", "linux": "", "darwin": ""},
        "memcached_uri": [],
        "resolve_cache": {
            "enabled": True,
            "path": {"windows": "", "linux": "", "darwin": ""},
        },
        "resolve_time_limit_s": 60,
        "implicit_packages": list(REZ_IMPLICIT_PACKAGES),
        "extra_config": "{}",
    },
    "ayon_request": {
        "mode": "weak",
        "package_name_template": "ayon_{addon_name}",
        "include_launcher": True,
        "launcher_package_name": "ayon_launcher",
        "extra": [],
    },
    "applications": _APPLICATIONS,
    "tools": _TOOLS,
    "project_applications": {
        "profiles": [{
            "task_types": [],
            "folder_paths": [],
            "task_names": [],
            "allow_type": "all_applications",
            "applications": [],
        }],
    },
    "project_tools": {"profiles": []},
    "project_overrides": {"extra_requests": [], "timestamp": ""},
}


def get_default_values() -> dict[str, Any]:
    """Return a fresh copy of the default settings values."""
    return copy.deepcopy(DEFAULT_VALUES)
