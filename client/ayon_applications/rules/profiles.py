"""Choosing a settings profile as ayon-core's ``filter_profiles`` does.

Ynput's Applications addon chooses ``project_applications`` and
``project_tools`` profiles with ayon-core's
``ayon_core.lib.filter_profiles``. Inside AYON the client calls that
function itself; the server (web actions) and the standalone mode use
:func:`filter_profiles` here, a port of the same rule:

- Each key of ``key_values`` scores every profile. The profile's filter
  for the key (its value under that key) scores 0 when it is missing,
  empty or contains ``"*"``; otherwise 1 when one of its entries, read
  as a regular expression, matches the WHOLE value, and when none does
  (or the value is empty) the profile is out.
- The profile with the most points wins. Among equal scores, the keys
  are taken in ``keys_order`` (then the other keys of ``key_values``, in
  their order): at each key, profiles matching it are kept if there are
  any. What then remains is decided by list order: the first wins.
- No profile left: None.

So a task type filter ``Animation`` beats an empty one; task names and
folder paths are regular expressions (``/shots/sq010`` matches that
folder only, ``/shots/sq010/.*`` its children); entries are compared
case-sensitively.

This addon's profiles filter both lists by folder path, task name and
task type. Ynput's addon 1.4.4 filters ``project_tools`` by those three
(key order: folder paths, task names, task types) and
``project_applications`` by task type only; :func:`find_profile` uses
the three keys, in that order, for both lists, so a profile that only
filters by task type chooses exactly as in Ynput's addon, and a folder
path or task name filter adds one point, like a task type.
"""
import re
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
)

__all__ = [
    "PROFILE_KEYS_ORDER",
    "filter_profiles",
    "filter_score",
    "filters_by",
    "find_profile",
    "invalid_patterns",
]

#: Keys this addon's profiles are chosen by, in tie-break order (as Ynput's
#: addon orders them for ``project_tools``).
PROFILE_KEYS_ORDER = ("folder_paths", "task_names", "task_types")

Profile = Mapping[str, Any]
FilterFunction = Callable[..., Optional[Profile]]


def _entries(filter_value: Any) -> Sequence[Any]:
    if isinstance(filter_value, (list, tuple, set)):
        return list(filter_value)
    return [filter_value]


def filters_by(profile: Profile, key: str) -> bool:
    """Whether ``profile`` has a filter for ``key`` that can exclude."""
    filter_value = profile.get(key)
    return bool(filter_value) and "*" not in _entries(filter_value)


def filter_score(value: Any, filter_value: Any) -> int:
    """Score of one value against one filter of a profile.

    Returns:
        0 when the filter is missing, empty or holds ``"*"``; 1 when one
        of its (non-empty, string) entries fully matches ``value``; -1
        otherwise, also when ``value`` is empty.

    Raises:
        re.error: An entry is not a regular expression.
    """
    if not filter_value:
        return 0
    entries = _entries(filter_value)
    if "*" in entries:
        return 0
    if not value:
        return -1
    for entry in entries:
        if not entry:
            continue
        try:
            pattern = re.compile(entry)
        except TypeError:  # not text: ignored, as ayon-core does
            continue
        if pattern.fullmatch(value):
            return 1
    return -1


def _keys_in_order(
    key_values: Mapping[str, Any], keys_order: Optional[Iterable[str]]
) -> List[str]:
    keys = list(keys_order or ())
    if not keys:
        return list(key_values)
    keys.extend(key for key in key_values if key not in keys)
    return keys


def filter_profiles(
    profiles_data: Optional[Iterable[Profile]],
    key_values: Mapping[str, Any],
    keys_order: Optional[Iterable[str]] = None,
    logger: Any = None,
) -> Optional[Profile]:
    """The profile that best matches ``key_values`` (module docstring).

    Args:
        profiles_data: Profiles, in settings order.
        key_values: The context, e.g. ``{"task_types": "Animation"}``.
        keys_order: Keys in tie-break order; keys of ``key_values`` not
            listed follow in their order.
        logger: Accepted for ayon-core's signature; not used.

    Raises:
        KeyError: ``keys_order`` names a key ``key_values`` lacks (as
            ayon-core's function does).
        re.error: A profile holds an invalid regular expression.
    """
    if not profiles_data:
        return None
    keys = _keys_in_order(key_values, keys_order)
    best_points = -1
    tied: List[Tuple[Profile, List[bool]]] = []
    for profile in profiles_data:
        matched: List[bool] = []
        for key in keys:
            score = filter_score(key_values[key], profile.get(key))
            if score < 0:
                break
            matched.append(score == 1)
        else:
            points = sum(matched)
            if points > best_points:
                best_points, tied = points, []
            if points == best_points:
                tied.append((profile, matched))
    for index in range(len(keys)):
        if len(tied) < 2:
            break
        on_key = [item for item in tied if item[1][index]]
        tied = on_key or tied
    return tied[0][0] if tied else None


def find_profile(
    profiles: Optional[Iterable[Profile]],
    task_type: Optional[str] = None,
    task_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    filter_function: Optional[FilterFunction] = None,
) -> Optional[Profile]:
    """The ``project_applications`` / ``project_tools`` profile of a
    context, by folder path, task name and task type.

    Args:
        profiles: The profiles, in settings order.
        task_type: The task's type, e.g. ``Animation``.
        task_name: The task's name.
        folder_path: The folder's path, e.g. ``/shots/sq010/sh0010``.
        filter_function: ayon-core's ``filter_profiles`` inside AYON;
            the port above when None.
    """
    choose = filter_function or filter_profiles
    key_values: Dict[str, Any] = {
        "folder_paths": folder_path,
        "task_names": task_name,
        "task_types": task_type,
    }
    return choose(
        list(profiles or []), key_values, keys_order=list(PROFILE_KEYS_ORDER)
    )


def invalid_patterns(entries: Iterable[str]) -> List[Tuple[str, str]]:
    """Entries of a filter that are not regular expressions, each with
    the reason, so settings can refuse them before a launch trips."""
    invalid = []
    for entry in entries:
        try:
            re.compile(entry)
        except re.error as exc:
            invalid.append((entry, str(exc)))
    return invalid
