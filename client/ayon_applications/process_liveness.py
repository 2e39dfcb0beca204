"""Is a recorded process still running? Standard library only.

A process id alone can be reused by the system once the process ended, so
where the platform tells when a process started (Linux ``/proc``), the
start time recorded at launch must match too. Elsewhere only the id is
checked (see docs/process-monitor.md for the limits).
"""
import os
import platform
from typing import Optional

# A process started within this many seconds of the recorded time is the
#   recorded one: the boot time in /proc/stat has a one second resolution.
START_TIME_TOLERANCE_S = 2.0

_WINDOWS_STILL_ACTIVE = 259
_WINDOWS_QUERY_LIMITED_INFORMATION = 0x1000


def _linux_boot_time() -> Optional[float]:
    try:
        with open("/proc/stat", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("btime "):
                    return float(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _linux_stat_fields(pid: int) -> Optional[list]:
    """Fields of ``/proc/<pid>/stat`` after the command name."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError):
        return None
    # The command name is in parentheses and may hold spaces or ")".
    _, sep, rest = text.rpartition(")")
    if not sep:
        return None
    return rest.split()


def process_create_time(pid: int) -> Optional[float]:
    """When the process ``pid`` started (epoch seconds), where known.

    Returns:
        The start time on Linux; None elsewhere or when it is gone.
    """
    if platform.system().lower() != "linux":
        return None
    fields = _linux_stat_fields(pid)
    boot_time = _linux_boot_time()
    if not fields or boot_time is None:
        return None
    try:
        ticks = int(fields[19])  # field 22 of the whole line: starttime
    except (IndexError, ValueError):
        return None
    return boot_time + ticks / os.sysconf("SC_CLK_TCK")


def _windows_is_running(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(
        _WINDOWS_QUERY_LIMITED_INFORMATION, False, pid
    )
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return code.value == _WINDOWS_STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _posix_is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    fields = _linux_stat_fields(pid)
    # "Z": ended, only waiting for its parent to read the exit code.
    return not (fields and fields[0] == "Z")


def is_process_running(pid: int, start_time: Optional[float]) -> bool:
    """Whether the process recorded as ``pid`` started at ``start_time``
    still runs.

    Args:
        pid: The recorded process id.
        start_time: The recorded start (epoch seconds), if any.
    """
    if pid <= 0:
        return False
    if platform.system().lower() == "windows":
        return _windows_is_running(pid)
    if not _posix_is_running(pid):
        return False
    if start_time is None:
        return True
    created = process_create_time(pid)
    if created is None:
        return True
    return abs(created - start_time) <= START_TIME_TOLERANCE_S
