"""Recording a launch for the Process Monitor (used by the launch hooks).

Before the process starts, a variant with ``redirect_output`` gets a
private log file for its stdout and stderr. Once it started, its record is
stored, and a daemon thread of the launching process waits for it to
record its exit code. The launching process may end first (a launch from
the web actions returns at once): then the exit code stays unknown, and
listing the records marks the process as ended once it is gone. A
launching process that waited for the application (``launch --wait``)
records the exit code before it exits.
"""
import atexit
import logging
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from .process import ProcessInfo, ProcessManager
from .process_liveness import process_create_time

OUTPUT_PATH_KEY = "process_output_path"
OUTPUT_STREAM_KEY = "process_output_stream"
PROCESS_HASH_KEY = "process_monitor_hash"

# Windows: a process given its own console shows its output there.
CREATE_NEW_CONSOLE = getattr(subprocess, "CREATE_NEW_CONSOLE", 0x10)

_log = logging.getLogger(__name__)
_watched_lock = threading.Lock()
_watched: List[Tuple[ProcessManager, str, subprocess.Popen]] = []
_atexit_registered = False


def keeps_own_console(kwargs: Dict[str, Any]) -> bool:
    """Whether the process gets its own console (its output shows there)."""
    return bool(int(kwargs.get("creationflags") or 0) & CREATE_NEW_CONSOLE)


def redirect_output(launch_context: Any, manager: ProcessManager) -> None:
    """Send the process's stdout and stderr to a new private log file.

    The open file is kept in the launch data until the process started
    (``close_output_stream``).
    """
    path = manager.new_output_path(launch_context.application.full_name)
    stream = open(path, "wb")  # noqa: SIM115 - closed after the launch
    launch_context.kwargs["stdout"] = stream
    launch_context.kwargs["stderr"] = subprocess.STDOUT
    launch_context.data[OUTPUT_PATH_KEY] = path
    launch_context.data[OUTPUT_STREAM_KEY] = stream


def close_output_stream(launch_context: Any) -> None:
    """Close the launcher's handle of the log (the process keeps its own)."""
    stream = launch_context.data.pop(OUTPUT_STREAM_KEY, None)
    if stream is not None:
        stream.close()


def process_info_for(launch_context: Any) -> Optional[ProcessInfo]:
    """The record of a started launch, or None when nothing started."""
    process = launch_context.process
    if process is None:
        return None
    args = [str(arg) for arg in launch_context.launch_args]
    data = launch_context.data
    output = data.get(OUTPUT_PATH_KEY)
    start_time = process_create_time(process.pid) or time.time()
    return ProcessInfo(
        name=launch_context.application.full_name,
        executable=args[0] if args else "",
        args=args,
        cwd=str(launch_context.kwargs.get("cwd") or os.getcwd()),
        pid=process.pid,
        start_time=start_time,
        output=Path(output) if output else None,
        host_name=launch_context.host_name,
        project_name=data.get("project_name"),
        folder_path=data.get("folder_path"),
        task_name=data.get("task_name"),
    )


def record_launch(
    launch_context: Any, manager: ProcessManager
) -> Optional[ProcessInfo]:
    """Store the record of a started launch and watch for its exit.

    Returns:
        The stored record, or None when nothing was started.
    """
    info = process_info_for(launch_context)
    if info is None:
        return None
    manager.store_process_info(info)
    launch_context.data[PROCESS_HASH_KEY] = info.hash
    watch_exit(manager, info.hash, launch_context.process)
    return info


def _store_exit_code(
    manager: ProcessManager, process_hash: str, code: int
) -> None:
    try:
        manager.set_exit_code(process_hash, code)
    except Exception:  # noqa: BLE001 - a record never fails the launcher
        _log.warning("Could not record an exit code", exc_info=True)


def _wait_and_store(
    manager: ProcessManager, process_hash: str, process: subprocess.Popen
) -> None:
    _store_exit_code(manager, process_hash, process.wait())
    with _watched_lock:
        for index, item in enumerate(_watched):
            if item[1] == process_hash:
                del _watched[index]
                break


def _store_finished() -> None:
    """At exit: exit codes the launching process saw but did not store."""
    with _watched_lock:
        watched = list(_watched)
        _watched.clear()
    for manager, process_hash, process in watched:
        if process.returncode is not None:
            _store_exit_code(manager, process_hash, process.returncode)


def watch_exit(
    manager: ProcessManager, process_hash: str, process: subprocess.Popen
) -> None:
    """Record the exit code of ``process`` when the launching process
    sees it: from a daemon thread, or at exit if it waited for it."""
    global _atexit_registered
    with _watched_lock:
        _watched.append((manager, process_hash, process))
        if not _atexit_registered:
            atexit.register(_store_finished)
            _atexit_registered = True
    thread = threading.Thread(
        target=_wait_and_store,
        args=(manager, process_hash, process),
        name=f"ayon-process-exit-{process.pid}",
        daemon=True,
    )
    thread.start()
