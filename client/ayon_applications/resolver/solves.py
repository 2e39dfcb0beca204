"""The resolves running in this process, and rez's in-process package
caches they share (dropped between them)."""
from ..solve_tracker import SolveTracker


def _clear_rez_caches() -> None:
    from rez.system import system

    system.clear_caches()


#: Resolves running in this process; caches are dropped between them.
SOLVES = SolveTracker(_clear_rez_caches)


def clear_caches() -> None:
    """Forget rez's in-process package caches (see newly released ones).

    With resolves running, this happens as soon as the last one ends.
    """
    SOLVES.clear_when_idle()
