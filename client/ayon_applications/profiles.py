"""Choosing settings profiles for a task, as admins know them.

A profile matches a context when each of its non-empty filters does: the
task type and task name are in its lists, and the folder path matches one
of its folder paths (a regular expression matched from the start, so
``/shots`` also matches ``/shots/sh010``). The first matching profile wins.
"""
import re
from typing import Any, Dict, Iterable, Optional


def _folder_path_matches(patterns: Iterable[str], folder_path: str) -> bool:
    for pattern in patterns:
        try:
            if re.match(pattern, folder_path):
                return True
        except re.error:
            if folder_path.startswith(pattern):
                return True
    return False


def profile_matches(
    profile: Dict[str, Any],
    task_type: Optional[str] = None,
    task_name: Optional[str] = None,
    folder_path: Optional[str] = None,
) -> bool:
    """Whether every non-empty filter of ``profile`` admits the context."""
    task_types = profile.get("task_types") or []
    if task_types and task_type not in task_types:
        return False
    task_names = profile.get("task_names") or []
    if task_names and task_name not in task_names:
        return False
    folder_paths = profile.get("folder_paths") or []
    if folder_paths and not _folder_path_matches(
        folder_paths, folder_path or ""
    ):
        return False
    return True


def find_profile(
    profiles: Iterable[Dict[str, Any]],
    task_type: Optional[str] = None,
    task_name: Optional[str] = None,
    folder_path: Optional[str] = None,
) -> Optional[Dict[str, Any]]:
    """The first profile matching the context, or None."""
    for profile in profiles or []:
        if profile_matches(profile, task_type, task_name, folder_path):
            return profile
    return None
