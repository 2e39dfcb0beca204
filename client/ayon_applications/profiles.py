"""Choosing settings profiles for a task, as admins know them.

A profile matches a context when each of its non-empty filters does: the
task type and task name are in its lists, and the folder path matches one
of its folder paths. A folder path entry matches when it is ``*``, equals
the folder path or one of its parents (``/shots/sq010`` matches
``/shots/sq010/sh0010``, not ``/shots/sq0100``), or is a regular
expression matching the whole path. The first matching profile wins.

The server's web actions choose applications with the same rule
(``server/profiles.py``); ``tests/test_server_client_agree.py`` holds the two
to it.
"""
import re
from typing import Any, Dict, Iterable, Optional


def _normalize_path(path: str) -> str:
    return "/" + path.strip().strip("/")


def folder_path_matches(patterns: Iterable[str], folder_path: str) -> bool:
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
    if folder_paths and (
        folder_path is None
        or not folder_path_matches(folder_paths, folder_path)
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
