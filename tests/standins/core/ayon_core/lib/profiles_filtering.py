"""STAND-IN for ``ayon_core.lib.profiles_filtering`` (cannot be installed
from the package index).

Semantics of the released ayon-core ``filter_profiles``:

- For each key of ``key_values`` a profile scores 0 when its value for the
  key is missing, empty or contains ``"*"``; 1 when one of its values, read
  as a regular expression, fully matches the value; otherwise the profile
  is dropped. A profile that lists values for a key whose value is empty
  is dropped too.
- The profile with most 1s wins. Ties go to the profile that matches the
  key that comes first in ``keys_order`` (then the keys of ``key_values``
  not listed there, in their order), then the next key, ...; a remaining
  tie goes to the first profile in the list.
- ``None`` if no profile survives.

``tests/test_profile_rule.py`` holds this stand-in to a table of cases
written from the real function's source.
"""
import logging
import re

log = logging.getLogger(__name__)


def compile_list_of_regexes(in_list):
    """Compile the non-empty strings of ``in_list``."""
    regexes = []
    for item in in_list or []:
        if not item:
            continue
        try:
            regexes.append(re.compile(item))
        except TypeError:
            log.warning("Skipping non-string regex %r", item)
    return regexes


def validate_value_by_regexes(value, in_list):
    """1 = a regex fully matches, 0 = no filter, -1 = no match."""
    if not in_list:
        return 0
    if not isinstance(in_list, (list, tuple, set)):
        in_list = [in_list]
    if "*" in in_list:
        return 0
    if not value:
        return -1
    for regex in compile_list_of_regexes(in_list):
        if regex.fullmatch(value):
            return 1
    return -1


def filter_profiles(profiles_data, key_values, keys_order=None, logger=None):
    """Most matching profile for ``key_values``, or None (see module doc)."""
    if not profiles_data:
        return None
    logger = logger or log

    ordered_keys = list(keys_order or [])
    for key in key_values:
        if key not in ordered_keys:
            ordered_keys.append(key)
    # As the real one: a key of keys_order missing from key_values is a
    # KeyError, raised when a profile gets that far.

    best_points = -1
    candidates = []
    for profile in profiles_data:
        scores = []
        for key in ordered_keys:
            match = validate_value_by_regexes(
                key_values[key], profile.get(key)
            )
            if match == -1:
                scores = None
                break
            scores.append(match == 1)
        if scores is None:
            continue
        points = sum(scores)
        if points > best_points:
            best_points = points
            candidates = []
        if points == best_points:
            candidates.append((profile, scores))

    if not candidates:
        logger.debug("None of profiles match %s", key_values)
        return None

    for idx in range(len(ordered_keys)):
        if len(candidates) == 1:
            break
        matching = [item for item in candidates if item[1][idx]]
        if matching:
            candidates = matching
    return candidates[0][0]
