"""Which applications a task gets, from ``project_applications``.

A profile matches a task when each of its non-empty filters matches:
the task type is in ``task_types``, the task name is in ``task_names``
and the folder path matches one of ``folder_paths``. The first matching
profile wins; ``allow_type == "all_applications"`` allows every enabled
variant (in settings order), otherwise the profile's ``applications`` in
its order (disabled or unknown ones are left out).

A folder path filter entry matches when it is ``*``, equals the folder
path or one of its parents (``/shots/sq010`` matches
``/shots/sq010/sh0010``), or is a regex that matches the whole path.
"""
from __future__ import annotations

import re
from typing import Any, Optional

__all__ = [
    "enabled_apps",
    "folder_path_matches",
    "is_context_dependent",
    "profile_matches",
    "find_profile",
    "allowed_apps",
    "apps_by_task_type",
]


def enabled_apps(settings: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Enabled ``group/variant`` names, in settings order, with details."""
    apps = {}
    for group in settings["applications"]:
        if not group["enabled"]:
            continue
        for variant in group["variants"]:
            if variant["enabled"] and variant["name"]:
                apps[f"{group['name']}/{variant['name']}"] = {
                    "group": group, "variant": variant,
                }
    return apps


def _normalize_path(path: str) -> str:
    return "/" + path.strip().strip("/")


def folder_path_matches(patterns: list[str], folder_path: str) -> bool:
    """Whether ``folder_path`` matches one of the filter ``patterns``."""
    path = _normalize_path(folder_path)
    for pattern in patterns:
        if pattern.strip() == "*":
            return True
        prefix = _normalize_path(pattern)
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            return True
        for candidate in (pattern, prefix):
            try:
                if re.fullmatch(candidate, path):
                    return True
            except re.error:
                continue
    return False


def is_context_dependent(profile: dict[str, Any]) -> bool:
    """Whether the profile filters on more than the task type."""
    return bool(profile["folder_paths"] or profile["task_names"])


def profile_matches(
    profile: dict[str, Any],
    task_type: str,
    task_name: Optional[str],
    folder_path: Optional[str],
) -> bool:
    """Whether every non-empty filter of ``profile`` matches the task."""
    if profile["task_types"] and task_type not in profile["task_types"]:
        return False
    if profile["task_names"] and task_name not in profile["task_names"]:
        return False
    if profile["folder_paths"] and (
        folder_path is None
        or not folder_path_matches(profile["folder_paths"], folder_path)
    ):
        return False
    return True


def find_profile(
    settings: dict[str, Any],
    task_type: str,
    task_name: Optional[str],
    folder_path: Optional[str],
) -> Optional[dict[str, Any]]:
    """The first ``project_applications`` profile matching the task."""
    for profile in settings["project_applications"]["profiles"]:
        if profile_matches(profile, task_type, task_name, folder_path):
            return profile
    return None


def _profile_apps(
    settings: dict[str, Any], profile: Optional[dict[str, Any]]
) -> list[str]:
    if profile is None:
        return []
    apps = enabled_apps(settings)
    if profile["allow_type"] == "all_applications":
        return list(apps)
    ordered: list[str] = []
    for app_name in profile["applications"]:
        if app_name in apps and app_name not in ordered:
            ordered.append(app_name)
    return ordered


def allowed_apps(
    settings: dict[str, Any],
    task_type: str,
    task_name: Optional[str],
    folder_path: Optional[str],
) -> list[str]:
    """Application names allowed for one task, in profile order."""
    profile = find_profile(settings, task_type, task_name, folder_path)
    return _profile_apps(settings, profile)


def apps_by_task_type(
    settings: dict[str, Any], task_types: list[str]
) -> tuple[dict[str, list[str]], set[str]]:
    """Allowed applications per task type, where the type alone decides.

    Returns:
        Applications by task type, and the task types whose first
        candidate profile also filters on folder path or task name (their
        applications depend on the task, see :func:`allowed_apps`).
    """
    by_type: dict[str, list[str]] = {}
    dependent: set[str] = set()
    for task_type in task_types:
        for profile in settings["project_applications"]["profiles"]:
            types = profile["task_types"]
            if types and task_type not in types:
                continue
            if is_context_dependent(profile):
                dependent.add(task_type)
            else:
                by_type[task_type] = _profile_apps(settings, profile)
            break
    return by_type, dependent
