"""The payload cache's record of use: which launch used which payload.

``<cache>/.ayon_payload_usage.json`` holds, for each cached payload,
when a launch of this addon last used it and the process ids (with their
start times, so a reused id does not count: ``process_liveness``) of the
launches using it.
rez's own "last used" is a file time a resolve touches, whoever reads
the cache; this record is written by this addon's launches only, under
a lock file, whole (a temp file and a rename).
"""
import contextlib
import json
import os
import time
from typing import Any, Dict, Iterator, List, Mapping, Optional

from .output import write_text_atomically
from .process_liveness import is_process_running, process_create_time

USAGE_FILE = ".ayon_payload_usage.json"
LOCK_FILE = ".ayon_payload_usage.lock"
#: A lock file older than this was left by a crashed process.
LOCK_STALE_S = 30.0


# --- The record of use -------------------------------------------------------
@contextlib.contextmanager
def locked(cache_path: str) -> Iterator[None]:
    """Hold the record's lock (a file made exclusively)."""
    path = os.path.join(cache_path, LOCK_FILE)
    deadline = time.monotonic() + LOCK_STALE_S * 2
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - os.path.getmtime(path) > LOCK_STALE_S:
                    os.remove(path)
                    continue
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"The payload cache record \"{path}\" stayed locked"
                ) from None
            time.sleep(0.02)
            continue
        os.close(fd)
        break
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.remove(path)


def read_usage(cache_path: str) -> Dict[str, Dict[str, Any]]:
    """The record: ``{cached root: {"package", "last_used", "pids"}}``.

    An unreadable record (hand-edited, foreign) reads as empty: it only
    orders pruning, and pruning never takes a payload in use by a
    process recorded since.
    """
    path = os.path.join(cache_path, USAGE_FILE)
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, ValueError):
        return {}
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}
    return {
        str(root): entry for root, entry in entries.items()
        if isinstance(entry, dict)
    }


def running_launches(record: Mapping[str, Any]) -> List[List[Any]]:
    """The ``[pid, start time]`` pairs of a record still running."""
    running = []
    for pair in record.get("pids") or []:
        try:
            pid = int(pair[0])
            started = None if pair[1] is None else float(pair[1])
        except (TypeError, ValueError, IndexError, KeyError):
            continue  # a hand-edited record: not a launch of this addon
        if is_process_running(pid, started):
            running.append([pid, started])
    return running


def record_use(
    cache_path: str,
    roots: Mapping[str, str],
    pid: Optional[int] = None,
    now: Optional[float] = None,
) -> None:
    """Record that payloads were used now, by process ``pid`` if given.

    Args:
        cache_path: The cache folder.
        roots: ``{cached root: package name}``.
        pid: The launched process reading them.
        now: The time to record (epoch seconds).
    """
    if not roots:
        return
    now = time.time() if now is None else now
    with locked(cache_path):
        entries = read_usage(cache_path)
        for root, package in roots.items():
            entry = entries.setdefault(os.path.normpath(root), {})
            entry["package"] = package
            entry["last_used"] = now
            entry["pids"] = running_launches(entry)
            if pid:
                entry["pids"].append([pid, process_create_time(pid)])
        write_usage(cache_path, entries)


def write_usage(cache_path: str, entries: Dict[str, Any]) -> None:
    write_text_atomically(
        os.path.join(cache_path, USAGE_FILE),
        json.dumps({"version": 1, "entries": entries}, indent=1,
                   sort_keys=True),
    )


def launch_cache_roots(
    env: Mapping[str, str], package_versions: Mapping[str, str]
) -> Dict[str, str]:
    """Payloads a launch environment reads from the cache.

    rez sets ``REZ_<PKG>_ORIG_ROOT`` for those, and ``REZ_<PKG>_ROOT``
    to the copy.

    Args:
        env: The launch environment.
        package_versions: Resolved package name to version.

    Returns:
        ``{cached root: "family-version"}``.
    """
    roots = {}
    for name, version in package_versions.items():
        prefix = "REZ_" + name.upper().replace(".", "_")
        if env.get(prefix + "_ORIG_ROOT") and env.get(prefix + "_ROOT"):
            roots[os.path.normpath(env[prefix + "_ROOT"])] = (
                f"{name}-{version}"
            )
    return roots
