"""Choosing the settings profile of a context, on the client.

Inside AYON (settings from the server) the profile is chosen by
ayon-core's own ``ayon_core.lib.filter_profiles``, imported at call
time, with the keys and key order of Ynput's addon; without ayon-core
(the standalone mode, settings from a file) by the port in
:mod:`.rules.profiles`, which the server's web actions use too. See
that module for the rule and for how this addon's extra filters score.
"""
import re
from typing import Any, Dict, Iterable, Optional

from .exceptions import ApplicationLaunchFailed
from .rules import find_profile as _find_profile


def ayon_core_filter_profiles() -> Any:
    """ayon-core's ``filter_profiles``, or None without ayon-core."""
    try:
        from ayon_core.lib import filter_profiles
    except ImportError:
        return None
    return filter_profiles


def find_profile(
    profiles: Optional[Iterable[Dict[str, Any]]],
    task_type: Optional[str] = None,
    task_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    use_ayon_core: bool = False,
    setting: str = "profiles",
) -> Optional[Dict[str, Any]]:
    """The profile of a context (folder path, task name, task type).

    Args:
        profiles: ``project_applications`` or ``project_tools`` profiles.
        task_type: The task's type.
        task_name: The task's name.
        folder_path: The folder's path.
        use_ayon_core: Choose with ayon-core's function (inside AYON);
            the port is used when ayon-core cannot be imported.
        setting: The settings path of ``profiles``, for messages.

    Raises:
        ApplicationLaunchFailed: A profile holds an invalid regex.
    """
    filter_function = ayon_core_filter_profiles() if use_ayon_core else None
    try:
        return _find_profile(
            profiles, task_type, task_name, folder_path, filter_function
        )
    except re.error as exc:
        raise ApplicationLaunchFailed(
            f"Settings {setting}: a task name or folder path filter is not"
            f" a valid regular expression ({exc}; pattern {exc.pattern!r})"
        ) from None
