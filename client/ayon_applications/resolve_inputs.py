"""What decides a rez resolve, and the file states a cached one rests on.

No rez import here: a launch served from the resolve cache
(``resolve_cache.py``) checks these without loading rez. The facts are
the ones rez itself derives its answers from, for its filesystem
package repositories (the only kind the cache accepts):

- a family's last release time is the modification time of its folder
  (``<path>/<family>``), or of its file for a family stored as one file
  (``<path>/<family>.py`` / ``.yaml``); releasing a version into the
  family updates it;
- a resolved variant's state is the modification time of its package
  definition file.

``resolver.disk_cache`` checks, when it stores a resolve, that rez
answers the same as these readings.
"""
import hashlib
import importlib.util
import json
import os
import platform
import stat
import sys
from typing import Any, Dict, Iterable, List, Optional, Sequence

#: Files a family may be stored as, beside a folder (rez's formats).
FAMILY_FILE_EXTENSIONS = (".py", ".yaml")


def canonical_json(data: Any) -> str:
    """``data`` as one JSON text, the same for equal data."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def digest(data: Any) -> str:
    """SHA-256 hex digest of :func:`canonical_json` of ``data``."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def _stat(path: str) -> Optional[os.stat_result]:
    try:
        return os.stat(path)
    except OSError:
        return None


def family_state(packages_path: Sequence[str], name: str) -> List[Any]:
    """How ``name`` is stored in each packages path, with its time.

    One item per path: ``["d", mtime_ns]`` for a family folder,
    ``["f", extension, mtime_ns]`` for a family file, ``None`` when the
    family is not in that path. Any release (or removal) changes it.
    """
    states: List[Any] = []
    for path in packages_path:
        found = _stat(os.path.join(path, name))
        if found is not None and stat.S_ISDIR(found.st_mode):
            states.append(["d", found.st_mtime_ns])
            continue
        state = None
        for extension in FAMILY_FILE_EXTENSIONS:
            found = _stat(os.path.join(path, name + extension))
            if found is not None:
                state = ["f", extension, found.st_mtime_ns]
                break
        states.append(state)
    return states


def last_release_time(states: Iterable[Any]) -> float:
    """The release time rez reports for a family with these states.

    The newest time over the paths holding the family, in seconds; 0
    when no path holds it.
    """
    times = [state[-1] / 1e9 for state in states if state]
    return max(times) if times else 0


def file_state(path: str) -> Optional[List[int]]:
    """``[mtime_ns, size]`` of a file; None when it is gone."""
    found = _stat(path)
    if found is None:
        return None
    return [found.st_mtime_ns, found.st_size]


def _rez_installation() -> Dict[str, Any]:
    """Where rez is installed, and the state of its version file and of
    its own ``rezconfig.py`` (the defaults a launch's config starts
    from), found without importing rez."""
    spec = importlib.util.find_spec("rez")
    if spec is None or not spec.submodule_search_locations:
        return {}
    root = list(spec.submodule_search_locations)[0]
    return {
        "root": root,
        "version_file": file_state(os.path.join(root, "utils",
                                                "_version.py")),
        "rezconfig": file_state(os.path.join(root, "rezconfig.py")),
    }


def rez_platform_name() -> str:
    """This platform as rez names it (``system.platform``)."""
    return {"win32": "windows", "darwin": "osx"}.get(
        sys.platform, sys.platform.rstrip("0123456789")
    )


def machine() -> Dict[str, Any]:
    """The machine a resolve was made for.

    rez's platform, architecture and OS (implicit packages, variant
    selection) follow from these; the host name keeps a cache folder
    that several machines share (a home on the network) from mixing
    their entries.
    """
    uname = platform.uname()
    return {
        "system": uname.system,
        "node": uname.node,
        "release": uname.release,
        "version": uname.version,
        "machine": uname.machine,
        "python": list(sys.version_info[:2]),
    }


def resolve_inputs(
    requests: Sequence[str],
    packages_path: Sequence[str],
    timestamp: Optional[int],
    config_overrides: Dict[str, Any],
) -> Dict[str, Any]:
    """Everything that decides a resolve, as plain data.

    A launch's rez config is rez's own defaults with the studio settings
    on top, nothing from the machine (``resolver.studio_config``), so the
    settings' overrides and the rez installation stand for all of it.

    Args:
        requests: The request as given to rez.
        packages_path: Package repositories, in order.
        timestamp: Ignore packages released after this time (or None).
        config_overrides: The studio's rez config of the resolve
            (implicit packages among them, expanded by rez per machine).
    """
    return {
        "requests": list(requests),
        "packages_path": list(packages_path),
        "packages_path_ids": [
            _folder_id(path) for path in packages_path
        ],
        "timestamp": timestamp,
        "config_overrides": config_overrides,
        "rez": _rez_installation(),
        "machine": machine(),
    }


def _folder_id(path: str) -> Optional[List[int]]:
    """Device and inode of a folder: another folder mounted at the same
    path is another repository (as rez's repository id says)."""
    found = _stat(path)
    if found is None:
        return None
    return [found.st_dev, found.st_ino]


def environ_inputs(
    entry_checksum: str,
    parent: Dict[str, str],
    config_overrides: Dict[str, Any],
) -> Dict[str, Any]:
    """Everything that decides the environment of a cached resolve.

    rez builds it from the resolved packages (their definitions are
    part of the resolve entry), the parent environment and the config
    (``parent_variables`` among the overrides).
    """
    return {
        "entry": entry_checksum,
        "parent": parent,
        "config_overrides": config_overrides,
    }
