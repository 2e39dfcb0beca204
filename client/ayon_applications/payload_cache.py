"""The local payload cache: what each launch copies, uses and prunes.

rez keeps the copies (``resolver``: ``payload_candidates``,
``copy_payload``, ``cached_payloads``, ``remove_cached_payload``); this
module adds what rez does not have:

- one log line per package at each launch: ``cached``, ``copying`` (and
  progress while a long copy runs), ``skipped`` and why;
- a record of use (``payload_usage``): when a launch last used each
  payload, and the running processes using it;
- pruning to a size, least recently used first, never a payload a
  running process uses (or one being copied).

A launch that reads payloads from the cache (its ``REZ_<PKG>_ORIG_ROOT``
is set) records its process; child processes the application starts
are not known, nor renders a farm starts from an extracted environment.
"""
import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, TextIO, Tuple

from .payload_usage import (
    launch_cache_roots,
    locked,
    read_usage,
    record_use,
    running_launches,
    write_usage,
)

log = logging.getLogger(__name__)

#: Seconds between progress lines of a long copy.
PROGRESS_INTERVAL_S = 10.0


# --- Entries, sizes, pruning -------------------------------------------------
def folder_size(path: str) -> int:
    """Bytes of the files under ``path`` (links not followed)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_size
    return total


@dataclass
class CacheEntry:
    """One payload in the cache.

    Attributes:
        package: ``family-version``.
        root: The cached copy.
        state: ``cached``, ``copying``, ``stalled`` or ``pending``.
        size: Bytes.
        last_used: When a launch last used it (epoch s); 0 when no
            launch of this addon recorded it.
        pids: Running processes using it.
    """

    package: str
    root: str
    state: str
    size: int = 0
    last_used: float = 0.0
    pids: List[int] = field(default_factory=list)

    @property
    def in_use(self) -> bool:
        """Used by a running process, or not whole yet."""
        return bool(self.pids) or self.state != "cached"

    def to_data(self) -> Dict[str, Any]:
        """JSON-ready entry."""
        return {
            "package": self.package, "root": self.root, "state": self.state,
            "size": self.size, "last_used": self.last_used or None,
            "pids": list(self.pids),
        }


def cache_entries(cache_path: str) -> List[CacheEntry]:
    """Every payload in the cache, least recently used first."""
    from .resolver import cached_payloads

    usage = read_usage(cache_path)
    entries = []
    for package, root, state in cached_payloads(cache_path):
        record = usage.get(root) or {}
        try:
            last_used = float(record.get("last_used") or 0)
        except (TypeError, ValueError):
            last_used = 0.0
        entries.append(CacheEntry(
            package, root, state,
            size=folder_size(root) if root else 0,
            last_used=last_used,
            pids=[pid for pid, _token in running_launches(record)],
        ))
    entries.sort(key=lambda entry: (entry.last_used, entry.package))
    return entries


@dataclass
class PruneResult:
    """What pruning removed and what it had to keep."""

    removed: List[CacheEntry] = field(default_factory=list)
    kept_in_use: List[CacheEntry] = field(default_factory=list)
    size_after: int = 0


def prune(cache_path: str, limit_bytes: int) -> PruneResult:
    """Remove least recently used payloads until the cache fits.

    A payload a running process uses, or one being copied, is kept even
    if the cache then stays over the limit. Which are in use is read
    again under the record's lock, so a launch recorded meanwhile
    counts; payloads are only moved aside under it, and deleted after.
    """
    from .resolver import purge_removed_payloads, remove_cached_payload

    result = PruneResult()
    entries = cache_entries(cache_path)  # sizes: slow, outside the lock
    total = sum(entry.size for entry in entries)
    with locked(cache_path):
        usage = read_usage(cache_path)
        for entry in entries:
            if total <= limit_bytes:
                break
            entry.pids = [
                pid for pid, _token in
                running_launches(usage.get(entry.root) or {})
            ]
            if entry.in_use:
                result.kept_in_use.append(entry)
                continue
            if remove_cached_payload(cache_path, entry.root):
                total -= entry.size
                result.removed.append(entry)
        removed = {entry.root for entry in result.removed}
        kept = {entry.root for entry in entries} - removed
        # records of payloads gone (pruned, or cleaned by rez) go too
        write_usage(cache_path, {
            root: record for root, record in usage.items() if root in kept
        })
    purge_removed_payloads(cache_path)
    result.size_after = total
    return result


def format_size(size: float) -> str:
    """Bytes for a person: ``1.5 GB``, ``230 KB``."""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else (
                f"{size:.1f} {unit}"
            )
        size /= 1024
    return f"{size:.1f} TB"


def parse_size(text: str) -> int:
    """``500M``, ``20G``, ``1.5GB``, ``123`` (bytes) as bytes.

    Raises:
        ValueError: Not a size.
    """
    value = text.strip().upper().rstrip("B")
    units = {"K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}
    factor = 1
    if value and value[-1] in units:
        factor = units[value[-1]]
        value = value[:-1]
    try:
        number = float(value)
    except ValueError:
        raise ValueError(
            f"\"{text}\" is not a size; e.g. 500M, 20G or bytes"
        ) from None
    if number < 0:
        raise ValueError(f"\"{text}\" is not a size: it is negative")
    return int(number * factor)


# --- At a launch -------------------------------------------------------------
def _progress(
    done: threading.Event, name: str, source: str, target: str
) -> None:
    """Log how far a copy is, every :data:`PROGRESS_INTERVAL_S`."""
    total = None
    while not done.wait(PROGRESS_INTERVAL_S):
        if total is None:
            total = folder_size(source) or 1
        copied = folder_size(target)
        log.info(
            "Payload cache: copying %s: %s of %s (%d%%)", name,
            format_size(copied), format_size(total),
            min(100, copied * 100 // total),
        )


def cache_launch_payloads(
    resolution: Any, env: Mapping[str, str], pid: Optional[int]
) -> List[str]:
    """What a launch does with the payload cache, after its start.

    Records the payloads the process reads from the cache, logs one line
    per package, copies those that may be copied (with progress lines),
    then prunes to ``rez/cache_size_limit_gb`` when set.

    Returns:
        The packages copied now.
    """
    from .resolver import PAYLOAD_COPIED, copy_payload, payload_candidates

    cache_path = resolution.rez_settings.local_cache_path
    record_use(
        cache_path, launch_cache_roots(env, resolution.package_versions),
        pid,
    )
    copied = []
    for candidate in payload_candidates(resolution):
        if candidate.cached_root:
            log.info("Payload cache: %s cached (%s)", candidate.name,
                     candidate.cached_root)
            continue
        if candidate.skip_reason:
            log.info("Payload cache: %s skipped: %s", candidate.name,
                     candidate.skip_reason)
            continue
        log.info("Payload cache: %s copying from %s", candidate.name,
                 candidate.source_root)
        started = time.monotonic()
        done = threading.Event()
        watcher = threading.Thread(
            target=_progress, name="ayon-rez-payload-progress",
            args=(done, candidate.name, candidate.source_root,
                  os.path.join(cache_path, candidate.family,
                               candidate.version)),
            daemon=True,
        )
        watcher.start()
        try:
            result, root = copy_payload(resolution.rez_settings, candidate)
        finally:
            done.set()
        if result != PAYLOAD_COPIED:
            log.info("Payload cache: %s not copied: %s", candidate.name,
                     result)
            continue
        log.info("Payload cache: %s copied in %.1f s (%s) to %s",
                 candidate.name, time.monotonic() - started,
                 format_size(folder_size(root)), root)
        record_use(cache_path, {root: candidate.name})
        copied.append(candidate.name)
    limit = resolution.rez_settings.cache_size_limit_bytes
    if limit:
        pruned = prune(cache_path, limit)
        for entry in pruned.removed:
            log.info("Payload cache: removed %s (%s, least recently used)",
                     entry.package, format_size(entry.size))
    return copied


def describe_entry(entry: CacheEntry) -> Tuple[str, str, str, str, str]:
    """Table cells of an entry: package, size, last use, use, path."""
    if entry.last_used:
        last = time.strftime("%Y-%m-%d %H:%M:%S",
                             time.localtime(entry.last_used))
    else:
        last = "not recorded"
    if entry.pids:
        use = "in use by pid " + ",".join(str(pid) for pid in entry.pids)
    elif entry.state != "cached":
        use = entry.state
    else:
        use = "-"
    return entry.package, format_size(entry.size), last, use, entry.root


def cache_report_data(
    cache_path: str,
    entries: List[CacheEntry],
    limit: int,
    pruned: Optional[PruneResult] = None,
) -> Dict[str, Any]:
    """JSON-ready report of the ``cache`` command."""
    data: Dict[str, Any] = {
        "path": cache_path,
        "size": sum(entry.size for entry in entries),
        "limit": limit or None,
        "entries": [entry.to_data() for entry in entries],
    }
    if pruned is not None:
        data["removed"] = [entry.to_data() for entry in pruned.removed]
        data["kept_in_use"] = [
            entry.to_data() for entry in pruned.kept_in_use
        ]
    return data


def write_cache_report(
    out: TextIO,
    cache_path: str,
    entries: List[CacheEntry],
    limit: int,
    pruned: Optional[PruneResult] = None,
) -> None:
    """The ``cache`` command's table, and what pruning did."""
    if pruned is not None:
        for entry in pruned.removed:
            out.write(f"removed {entry.package} ({format_size(entry.size)},"
                      f" last used {describe_entry(entry)[2]})\n")
        for entry in pruned.kept_in_use:
            out.write(f"kept {entry.package}: {describe_entry(entry)[3]}\n")
    total = sum(entry.size for entry in entries)
    limit_text = f"limit {format_size(limit)}" if limit else "no size limit"
    out.write(f"Payload cache {cache_path}: {len(entries)} payloads,"
              f" {format_size(total)} ({limit_text})\n")
    if not entries:
        return
    rows = [("PACKAGE", "SIZE", "LAST USED", "USE", "PATH")]
    rows.extend(describe_entry(entry) for entry in entries)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        out.write("  ".join(cells + [row[4]]) + "\n")
