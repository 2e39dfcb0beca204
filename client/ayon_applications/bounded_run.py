"""Run a call in its own thread and stop waiting for it after a limit.

A rez resolve spends most of its time loading ``package.py`` files, often
from a file share; rez's own time limit is only checked between solver
steps, so a slow share holds a launch for as long as it likes. The resolve
runs in a daemon thread instead and the caller waits at most the limit.
A thread cannot be killed: when the caller gives up, the call is told so
(``abandoned``), so it can stop at its next check, and its result is
dropped. No process is started.
"""
import threading
from typing import Any, Callable, Dict, TypeVar

T = TypeVar("T")


class TimeLimitExceeded(Exception):
    """The call did not finish within the limit (it may still run)."""

    def __init__(self, limit_s: float) -> None:
        super().__init__(f"time limit of {limit_s:g} s exceeded")
        self.limit_s = limit_s


def run_bounded(
    call: Callable[[threading.Event], T],
    limit_s: float,
    name: str = "bounded-call",
) -> T:
    """Run ``call(abandoned)`` in a thread; wait at most ``limit_s``.

    Args:
        call: Gets an event that is set once the caller stopped waiting.
        limit_s: Seconds to wait; 0 or less waits without limit.
        name: Name of the thread (shows in debuggers and logs).

    Returns:
        What ``call`` returned.

    Raises:
        TimeLimitExceeded: ``call`` was still running at the limit.
        Exception: Whatever ``call`` raised, re-raised in the caller.
    """
    abandoned = threading.Event()
    outcome: Dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = call(abandoned)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            outcome["error"] = exc

    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    thread.join(limit_s if limit_s > 0 else None)
    if thread.is_alive():
        abandoned.set()
        raise TimeLimitExceeded(limit_s)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
