"""Writing output files whole, even with several writers at once.

Deadline workers of one job may extract the same environment file at the
same time, and treat ``OUT.json.tmp`` as "another worker is writing it".
A writer takes ``OUT.json.tmp`` with an exclusive create, writes and
syncs it, then renames it over ``OUT.json``: readers never see a partial
file. A writer that finds the temp file taken waits for the other to
finish; a temp file left by a crashed writer is taken over once stale.
A temp path that cannot be taken over (a folder of that name, a stale
file this user may not remove) ends in :class:`BlockedOutputError`, never
in a busy loop.

The output path may be a file that exists already, empty: Deadline's
worker script creates ``X.json.tmp`` itself and passes it as the output.
That file is the target, replaced whole; the lock is ``X.json.tmp.tmp``.
"""
import contextlib
import json
import os
import stat
import time
import uuid
from typing import Any, Optional, Tuple

from .exceptions import ApplicationLaunchFailed
from .os_failures import output_failure

STALE_AFTER_S = 120.0
POLL_S = 0.05


class BlockedOutputError(ApplicationLaunchFailed):
    """The temp path of an output is taken by something no writer owns.

    An :class:`ApplicationLaunchFailed`: its message already says which
    file and why, so it reaches the user as it is.
    """


def _inode(path: str) -> Optional[int]:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def _write_and_rename(
    fd: int, tmp_path: str, path: str, text: str, sync: bool = True
) -> None:
    """Write through ``fd`` (open on ``tmp_path``), then rename over.

    A waiter that judged this writer's temp file stale may have replaced
    it with its own; then this complete text is published through a
    unique temp file instead, and the other temp file is left alone.
    """
    inode = os.fstat(fd).st_ino
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
        if _inode(tmp_path) != inode:
            write_text_atomically(path, text, sync=sync)
            return
        os.replace(tmp_path, path)
    except BaseException:
        if _inode(tmp_path) == inode:
            with contextlib.suppress(OSError):
                os.remove(tmp_path)
        raise


def write_text_atomically(
    path: str, text: str, mode: int = 0o666, sync: bool = True
) -> str:
    """Write ``text`` to ``path`` through a unique temp file and a rename.

    The file gets the usual permissions (``0o666`` less the umask), so a
    context saved by an artist stays readable by farm workers.

    Args:
        path: The file.
        text: Its whole contents.
        mode: Permissions (less the umask); ``0o600`` for private files.
        sync: Flush to disk before the rename. A cache whose readers
            check a checksum can skip it (a crash leaves a file they
            ignore).

    Returns:
        ``path``.
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp_path = os.path.join(
        folder, f".{os.path.basename(path)}.{uuid.uuid4().hex}.tmp"
    )
    fd = os.open(tmp_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
    _write_and_rename(fd, tmp_path, path, text, sync)
    return path


def _file_key(path: str) -> Optional[Tuple[int, int, int]]:
    """Identity of the file at ``path`` (None when there is none)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _remove_stale(tmp_path: str, path: str) -> bool:
    """Remove a stale temp file; False when it may free up later.

    Raises:
        BlockedOutputError: It cannot be removed by this user.
    """
    try:
        os.remove(tmp_path)
    except FileNotFoundError:
        return True
    except PermissionError:
        if os.name == "nt":
            return False  # Windows: still open in another process
        raise _blocked(
            tmp_path, path, "is a stale file this user cannot remove"
        ) from None
    except OSError as exc:
        raise _blocked(
            tmp_path, path, f"is a stale file that cannot be removed ({exc})"
        ) from None
    return True


def _blocked(tmp_path: str, path: str, why: str) -> BlockedOutputError:
    return BlockedOutputError(
        f"Cannot write \"{path}\": its temp path \"{tmp_path}\" {why};"
        " remove it or write elsewhere"
    )


def write_json_atomically(
    path: str,
    data: Any,
    wait_s: float = 600.0,
    stale_after_s: float = STALE_AFTER_S,
) -> bool:
    """Write ``data`` as JSON to ``path``, whole or not at all.

    Args:
        path: The output file (an existing file there is replaced).
        data: JSON-serialisable data.
        wait_s: Longest wait for another writer of the same file.
        stale_after_s: Age after which a temp file counts as abandoned.

    Returns:
        True when this call wrote the file, False when another writer
        finished it while this one waited.

    Raises:
        TimeoutError: Another writer held the file longer than ``wait_s``.
        ApplicationLaunchFailed: The file cannot be written (a folder, no
            permission, no space, a stale temp file this user cannot
            remove); the message says why.
    """
    try:
        return _write_json(path, data, wait_s, stale_after_s)
    except TimeoutError:
        raise
    except OSError as exc:
        raise output_failure(path, exc) from None


def _write_json(
    path: str, data: Any, wait_s: float, stale_after_s: float
) -> bool:
    text = json.dumps(data, indent=4, sort_keys=True)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp_path = f"{path}.tmp"
    deadline = time.monotonic() + wait_s
    waited = False
    # What was at ``path`` before the other writer: a file left by an
    #   earlier run is not that writer's result.
    previous = None
    while True:
        try:
            fd = os.open(
                tmp_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666
            )
        except FileExistsError:
            if not waited:
                previous = _file_key(path)
            waited = True
        else:
            _write_and_rename(fd, tmp_path, path, text)
            return True
        try:
            info = os.lstat(tmp_path)
        except OSError:
            continue  # the other writer just renamed it: look again
        if not stat.S_ISREG(info.st_mode):
            raise _blocked(
                tmp_path, path, "is a folder or a link, not a writer's file"
            )
        if time.time() - info.st_mtime > stale_after_s and _remove_stale(
            tmp_path, path
        ):
            continue
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"Another process kept writing \"{tmp_path}\" for more"
                f" than {wait_s:g} s"
            )
        time.sleep(POLL_S)
        if waited and not os.path.exists(tmp_path):
            current = _file_key(path)
            if current is not None and current != previous:
                return False
            # the other writer failed: the next round writes it here
