"""The rez provenance of published work: what the launch resolved.

A launch leaves its resolve in the application's environment: the saved
context (``AYON_REZ_CONTEXT_FILE``, a ``.rxt``), the time packages were
resolved as of (``AYON_REZ_TIMESTAMP``) and rez's own ``REZ_USED_*``
variables. The publish plug-ins turn that into the version data
``ayon_rez``::

    {
        "packages": [
            {"name": "maya", "version": "2025.1", "variant_index": 0},
        ],
        "request": ["maya-2025", "mtoa-5"],
        "timestamp": 1735689600,
        "context_file": "/work/.rez_contexts/maya_2025_ab12.rxt",
    }

The ``.rxt`` is read as JSON data, never loaded through rez (no package
code runs in a publish), and checked before use. Without a readable file
the ``REZ_USED_*`` variables give the same, except the variant indexes
(``None``) and ``context_file`` (``None``).
"""
import logging
from typing import Any, Dict, List, Mapping, Optional

from .constants import CONTEXT_FILE_ENV, TIMESTAMP_ENV
from .saved_contexts import SavedContextRejected, read_context_data

__all__ = [
    "VERSION_DATA_KEY",
    "rez_provenance",
    "read_context_file",
    "from_rez_variables",
]

log = logging.getLogger(__name__)

#: Key of ``versionData`` (and of publish context data) holding it.
VERSION_DATA_KEY = "ayon_rez"


def _package(name: Any, version: Any, index: Any) -> Dict[str, Any]:
    if not isinstance(name, str) or not name:
        raise ValueError(f"package name {name!r} is not a name")
    if not isinstance(version, str):
        raise ValueError(f"package {name}: version {version!r} is no text")
    if index is not None and (
        not isinstance(index, int) or isinstance(index, bool) or index < 0
    ):
        raise ValueError(f"package {name}: variant index {index!r}")
    return {"name": name, "version": version, "variant_index": index}


def _timestamp(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"timestamp {value!r} is not a number")
    return int(value)


def read_context_file(path: str) -> Dict[str, Any]:
    """The provenance from a saved rez context (``.rxt``), read as JSON.

    Raises:
        ValueError: It cannot be read, or is not a solved rez context.
    """
    try:
        data = read_context_data(path)
    except SavedContextRejected as exc:
        raise ValueError(exc.reason) from None
    if data.get("status") != "solved":
        raise ValueError("not a solved rez context")
    packages: List[Dict[str, Any]] = []
    for handle in data.get("resolved_packages") or []:
        variables = handle.get("variables") if isinstance(
            handle, dict) else None
        if not isinstance(variables, dict):
            raise ValueError(f"resolved package {handle!r} is not a variant")
        packages.append(_package(
            variables.get("name"),
            variables.get("version"),
            variables.get("index"),
        ))
    request = data.get("package_requests")
    if not isinstance(request, list) or not all(
        isinstance(item, str) for item in request
    ):
        raise ValueError(f"request {request!r} is not a list of text")
    # The time packages were resolved as of, as the launch exports it.
    timestamp = data.get("requested_timestamp") or data.get("timestamp")
    return {
        "packages": packages,
        "request": list(request),
        "timestamp": _timestamp(timestamp),
        "context_file": path,
    }


def from_rez_variables(env: Mapping[str, str]) -> Optional[Dict[str, Any]]:
    """The provenance from rez's ``REZ_USED_*`` variables; None without.

    Variant indexes are not in them (``None``).
    """
    resolve = env.get("REZ_USED_RESOLVE")
    if resolve is None:
        return None
    packages = []
    for token in resolve.split():
        # rez package names have no "-": the first one ends the name.
        name, _sep, version = token.partition("-")
        packages.append(_package(name, version, None))
    timestamp = 0
    for key in (
        TIMESTAMP_ENV, "REZ_USED_REQUESTED_TIMESTAMP", "REZ_USED_TIMESTAMP"
    ):
        try:
            timestamp = int(env.get(key) or 0)
        except ValueError:
            continue
        if timestamp:
            break
    return {
        "packages": packages,
        "request": env.get("REZ_USED_REQUEST", "").split(),
        "timestamp": timestamp,
        "context_file": None,
    }


def rez_provenance(env: Mapping[str, str]) -> Optional[Dict[str, Any]]:
    """What the launch of this process resolved; None outside rez.

    The saved context when ``AYON_REZ_CONTEXT_FILE`` names a readable one,
    else rez's variables. An unreadable or invalid file is logged.
    """
    path = env.get(CONTEXT_FILE_ENV)
    if path:
        try:
            return read_context_file(path)
        except (OSError, ValueError) as exc:
            log.warning(
                "Not reading the rez context %s (%s); using rez's"
                " variables", path, exc,
            )
    return from_rez_variables(env)
