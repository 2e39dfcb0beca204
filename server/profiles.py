"""Which applications a task gets, from ``project_applications``.

The profile is chosen as ayon-core's ``filter_profiles`` chooses it, by
folder path, task name and task type (``rules.find_profile``: the most
specific match wins; task names and folder paths are regexes).
``allow_type == "all_applications"`` allows every enabled variant (in
settings order), otherwise the profile's ``applications`` in its order
(disabled or unknown ones are left out).
"""
from __future__ import annotations

from typing import Any, Optional

from .shared_rules import rules

__all__ = [
    "enabled_apps",
    "is_context_dependent",
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


def is_context_dependent(profile: dict[str, Any]) -> bool:
    """Whether the profile filters on more than the task type."""
    return rules.filters_by(profile, "folder_paths") or rules.filters_by(
        profile, "task_names"
    )


def find_profile(
    settings: dict[str, Any],
    task_type: str,
    task_name: Optional[str],
    folder_path: Optional[str],
) -> Optional[dict[str, Any]]:
    """The ``project_applications`` profile of a task."""
    return rules.find_profile(
        settings["project_applications"]["profiles"],
        task_type, task_name, folder_path,
    )


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
        Applications by task type, and the task types for which a profile
        that admits the type also filters on folder path or task name:
        such a profile can win for some tasks of the type (one more
        point, or the first key in ties), so their applications depend
        on the task (see :func:`allowed_apps`).
    """
    profiles = settings["project_applications"]["profiles"]
    by_type: dict[str, list[str]] = {}
    dependent: set[str] = set()
    for task_type in task_types:
        if any(
            rules.filter_score(task_type, profile.get("task_types")) >= 0
            and is_context_dependent(profile)
            for profile in profiles
        ):
            dependent.add(task_type)
        else:
            by_type[task_type] = _profile_apps(
                settings, rules.find_profile(profiles, task_type)
            )
    return by_type, dependent
