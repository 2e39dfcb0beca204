"""When rez's in-process package caches may be dropped.

rez never invalidates its in-process caches, so a long-running launcher
would not see packages released after its first launch. They are dropped
now and then, but never under a resolve that is running in another
thread: the drop waits until no resolve runs, without making any resolve
wait for another.
"""
import contextlib
import threading
import time
from typing import Callable, Iterator, Optional

#: Seconds rez's in-process package caches are trusted (memcached, when
#: set, keeps the next resolve fast).
PACKAGE_CACHE_TTL_S = 60.0


class SolveTracker:
    """Counts running resolves; drops caches only between them.

    Args:
        clear: Drops rez's caches.
        ttl_s: Age after which :meth:`drop_stale` drops them.
    """

    def __init__(
        self, clear: Callable[[], None], ttl_s: float = PACKAGE_CACHE_TTL_S
    ) -> None:
        self._clear = clear
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._running = 0
        self._clear_pending = False
        self._filled_at: Optional[float] = None

    @property
    def filled_at(self) -> Optional[float]:
        """``time.monotonic()`` when rez's caches started to fill (None
        when empty): what they hold may be as old as that."""
        with self._lock:
            return self._filled_at

    @property
    def running_count(self) -> int:
        """Resolves running now (abandoned ones included)."""
        with self._lock:
            return self._running

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Mark a resolve as running for the block."""
        with self._lock:
            self._running += 1
            if self._filled_at is None:
                self._filled_at = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if not self._running and self._clear_pending:
                    self._clear_now()

    def clear_when_idle(self) -> bool:
        """Drop the caches now, or when the last running resolve ends.

        Returns:
            Whether they were dropped now.
        """
        with self._lock:
            if self._running:
                self._clear_pending = True
                return False
            self._clear_now()
            return True

    def drop_stale(self) -> None:
        """Drop the caches when older than ``ttl_s`` (when idle)."""
        with self._lock:
            filled_at = self._filled_at
        if filled_at is not None and time.monotonic() - filled_at > self.ttl_s:
            self.clear_when_idle()

    def _clear_now(self) -> None:
        # Called with the lock held: no resolve starts meanwhile.
        self._clear()
        self._clear_pending = False
        self._filled_at = None
