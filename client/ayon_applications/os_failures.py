"""Operating-system failures told in plain words.

Starting a program or writing a file can fail for reasons the user can
fix (a variable too large for the OS, an output path that is a folder, a
folder they may not write in). These functions turn such an error into
one :class:`ApplicationLaunchFailed` line saying what failed, why, and
what to do, instead of a traceback.
"""
import errno
import getpass
import os
from typing import Mapping, Optional, Sequence, Tuple

from .exceptions import ApplicationLaunchFailed

__all__ = [
    "start_failure", "output_failure", "largest_item", "current_user",
]

#: Linux refuses one argument or ``NAME=value`` longer than this
#: (``MAX_ARG_STRLEN``, 32 pages of 4 KiB).
LINUX_MAX_ARG_STRLEN = 32 * 4096


def _size(count: int) -> str:
    """Bytes in the unit a reader takes in at a glance."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count} bytes"


def largest_item(
    args: Sequence[str], env: Mapping[str, str]
) -> Tuple[str, int, int]:
    """The largest argument or variable, its size, and the total size.

    Returns:
        ``(description, size, total)``; sizes in bytes as the OS counts
        them (``NAME=value`` and a terminating NUL for a variable).
    """
    items = [
        (f"argument {index}", len(os.fsencode(str(arg))) + 1)
        for index, arg in enumerate(args)
    ]
    items.extend(
        (f"variable {name}",
         len(os.fsencode(f"{name}={value}")) + 1)
        for name, value in env.items()
    )
    total = sum(size for _name, size in items)
    if not items:
        return "", 0, 0
    name, size = max(items, key=lambda item: item[1])
    return name, size, total


def current_user() -> str:
    """The user this process runs as (its effective user on POSIX)."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, AttributeError):
        pass
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not a failure
        return "this user"


def start_failure(
    app_name: str,
    args: Sequence[str],
    env: Optional[Mapping[str, str]],
    exc: Exception,
) -> ApplicationLaunchFailed:
    """The error to raise when the OS would not start an application.

    Args:
        app_name: The application's full name.
        args: The command line that was started.
        env: Its environment.
        exc: What ``subprocess.Popen`` raised (``OSError`` or
            ``ValueError``).
    """
    program = str(args[0]) if args else ""
    start = f"Cannot start \"{app_name}\" ({program})"
    number = getattr(exc, "errno", None)
    if number == errno.E2BIG:
        name, size, total = largest_item(args, env or {})
        reason = (
            "its command line and environment are too large for the OS"
            f" ({_size(total)} in all, largest {name}, {_size(size)})"
        )
        if size > LINUX_MAX_ARG_STRLEN:
            reason += (
                f"; Linux takes at most {_size(LINUX_MAX_ARG_STRLEN)} for"
                " one variable or argument"
            )
        return ApplicationLaunchFailed(
            f"{start}: {reason}. Shorten {name} (e.g. in the JSON"
            " environment that sets it) or pass the data in a file"
        )
    if number == errno.ENOENT:
        reason = (
            "the program no longer exists; was its package removed after"
            " the resolve? Launch again"
        )
    elif number == errno.EACCES:
        reason = (
            f"permission denied: {current_user()} may not run it, or it is not"
            " marked executable"
        )
    elif number == errno.ENOEXEC:
        reason = (
            "the OS cannot run this file (a script needs a #! line, a"
            " program must be built for this OS)"
        )
    elif isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
    else:
        reason = (
            f"{exc}; a variable name or value, or an argument, holds a"
            " character the OS refuses (NUL, or '=' in a name)"
        )
    return ApplicationLaunchFailed(f"{start}: {reason}")


def output_failure(path: str, exc: OSError) -> ApplicationLaunchFailed:
    """The error to raise when an output file cannot be written.

    Args:
        path: The output file asked for.
        exc: The error met while writing it.
    """
    folder = os.path.dirname(os.path.abspath(path))
    existing = folder
    while not os.path.exists(existing) and os.path.dirname(existing) != (
        existing
    ):
        existing = os.path.dirname(existing)
    if os.path.isdir(path):
        reason = (
            "it is a folder; give a file path, e.g."
            f" \"{os.path.join(path, 'environment.json')}\""
        )
    elif not os.path.isdir(existing):
        reason = f"\"{existing}\" is a file, not a folder"
    elif isinstance(exc, PermissionError):
        reason = (
            f"permission denied: {current_user()} may not write in"
            f" \"{existing}\"; choose a folder this user may write in"
        )
    elif exc.errno == errno.ENOSPC:
        reason = f"no space left on the device of \"{folder}\""
    elif exc.errno == errno.EROFS:
        reason = f"\"{folder}\" is on a read-only file system"
    else:
        reason = exc.strerror or str(exc)
    return ApplicationLaunchFailed(
        f"Cannot write \"{path}\": {reason}. Nothing was written"
    )
