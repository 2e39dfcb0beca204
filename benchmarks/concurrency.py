"""e. A slow package repository: the time limit, and resolves side by side.

A slow file share is a ``package.py`` that sleeps while it is loaded
(2 s; every repeat loads a new family, so nothing comes from rez's
caches). In one process:

* ``slow_load``: a resolve of a slow package without a time limit (how
  long the share makes a launch wait);
* ``limited``: the same with ``resolve_time_limit_s`` = 0.5 s, until the
  launch fails: the limit holds when this is the limit, not the load
  time;
* ``fast_alone`` / ``fast_beside_slow``: the addon's resolve +
  environment of maya + N plug-ins (warm, as in a launcher that launched
  before), alone and while another thread of the process is inside a
  slow resolve (its ``package.py`` is blocked reading a FIFO until the
  fast one is done, as on a file share that does not answer), in pairs
  (alternating which comes first). POSIX only (``os.mkfifo``). The note
  gives the median of the per-pair ratios (beside / alone), which a
  changing machine load disturbs less than the ratio of the medians.
  ``fast_beside_slow`` should stay within 1.2x of ``fast_alone``.

``python -m benchmarks.concurrency [--quick] [--json PATH]``
"""
import os
import statistics
import sys
import threading
import time
from typing import Any, Dict, List, Optional

from . import common

SLOW_S = 2.0
LIMIT_S = 0.5
QUICK_SLOW_S = 0.3
QUICK_LIMIT_S = 0.1

SLOW_PACKAGE = """\
import time

name = {name!r}
version = "1.0"

open({marker!r}, "w").close()
if {gate!r}:
    # Blocked in a read, as on a file share (no Python code runs).
    with open({gate!r}) as _stream:
        _stream.read()
else:
    time.sleep({seconds!r})
"""


class SlowShare:
    """A repository that gets a new slow family for every use."""

    def __init__(self, root: str, seconds: float) -> None:
        self.root = root
        self.seconds = seconds
        self.count = 0

    def new_family(self, gate: str = "") -> "tuple[str, str]":
        """Write a new slow family; returns (name, loading marker).

        Args:
            gate: A FIFO: load until it is written to, instead of for
                ``seconds``.
        """
        self.count += 1
        name = f"slow_{self.count}"
        marker = os.path.join(self.root, f".{name}.loading")
        folder = os.path.join(self.root, name, "1.0")
        os.makedirs(folder)
        with open(os.path.join(folder, "package.py"), "w") as stream:
            stream.write(SLOW_PACKAGE.format(
                name=name, marker=marker, seconds=self.seconds, gate=gate,
            ))
        return name, marker


def _wait_for(path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the slow package never started: {path}")
        time.sleep(0.001)


def measure(space: common.Workspace) -> List[Dict[str, Any]]:
    """Section e rows."""
    from ayon_applications import ApplicationLaunchFailed, resolver
    from ayon_applications.requests import ComposedRequest

    quick = space.options.quick
    slow_s = QUICK_SLOW_S if quick else SLOW_S
    limit_s = QUICK_LIMIT_S if quick else LIMIT_S
    samples = common.Samples("e")
    samples.describe(
        "slow_load", f"resolve of a package.py that sleeps {slow_s:g} s"
    )
    samples.describe(
        "limited", f"same, resolve_time_limit_s={limit_s:g}: until it fails",
        "slow_load",
    )
    samples.describe(
        "fast_alone", "addon resolve+environ, warm, alone in the process"
    )
    samples.describe(
        "fast_beside_slow",
        "same while another thread is inside a slow resolve",
        "fast_alone",
    )
    share_root = os.path.join(space.root, "slow_share")
    os.makedirs(share_root)
    share = SlowShare(share_root, slow_s)
    parent = dict(os.environ)
    # No cache drop in the middle of a pair: both fast runs stay warm.
    resolver.SOLVES.ttl_s = float("inf")

    def request_of(names: List[str]) -> ComposedRequest:
        composed = ComposedRequest()
        composed.add(names, "benchmark")
        return composed

    def slow_resolve(limit: float) -> None:
        name, _marker = share.new_family()
        settings = resolver.RezSettings(
            packages_path=[share.root], time_limit_s=limit,
            implicit_packages=[],
        )
        resolver.resolve(request_of([name]), settings, "benchmark")

    def limited() -> None:
        try:
            slow_resolve(limit_s)
        except ApplicationLaunchFailed:
            return
        raise RuntimeError("the time limit did not stop the resolve")

    for _ in range(space.options.repeats):
        samples.add("slow_load", "-", common.timed(lambda: slow_resolve(0)))
        samples.add("limited", "-", common.timed(limited))
    _wait_idle(resolver)

    fast_settings = resolver.RezSettings(
        packages_path=[space.repo.path], implicit_packages=[],
    )
    for n in space.options.sizes:
        fast = request_of(space.repo.request(n))

        def fast_resolve(request: ComposedRequest = fast) -> None:
            resolver.resolve(request, fast_settings, "benchmark").environ(
                parent, ("PATH", "PYTHONPATH")
            )

        fast_resolve()  # warm-up: fills rez's caches
        ratios = []
        for repeat in range(space.options.repeats):
            pair = ("alone", "beside") if repeat % 2 == 0 else (
                "beside", "alone"
            )
            times = {}
            for kind in pair:
                if kind == "alone":
                    times[kind] = common.timed(fast_resolve)
                else:
                    times[kind] = _beside_slow(
                        share, resolver, request_of, fast_resolve
                    )
            samples.add("fast_alone", n, times["alone"])
            samples.add("fast_beside_slow", n, times["beside"])
            ratios.append(times["beside"] / times["alone"])
        samples.note(
            "fast_beside_slow", n,
            f"pair ratio median {statistics.median(ratios):.2f}",
        )
    return samples.rows()


def _beside_slow(share, resolver, request_of, fast_resolve) -> float:
    """Time ``fast_resolve`` while a slow resolve loads in a thread (its
    package loads until the fast one is done)."""
    gate = os.path.join(share.root, f".gate_{share.count + 1}")
    os.mkfifo(gate)
    name, marker = share.new_family(gate)
    settings = resolver.RezSettings(
        packages_path=[share.root], implicit_packages=[],
    )
    errors: List[BaseException] = []

    def slow() -> None:
        try:
            resolver.resolve(request_of([name]), settings, "benchmark")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=slow, daemon=True)
    thread.start()
    _wait_for(marker)
    seconds = common.timed(fast_resolve)
    still_loading = thread.is_alive()
    with open(gate, "w") as stream:  # ends the slow package's read
        stream.write("x")
    thread.join()
    if errors:
        raise RuntimeError(f"the slow resolve failed: {errors[0]}")
    if not still_loading:
        raise RuntimeError("the slow resolve ended before the fast one")
    return seconds


def _wait_idle(resolver: Any) -> None:
    """Wait until abandoned slow resolves have ended."""
    deadline = time.monotonic() + 120
    while resolver.SOLVES.running_count and time.monotonic() < deadline:
        time.sleep(0.01)


def main(argv: Optional[List[str]] = None) -> int:
    """Run section e alone."""
    return common.section_main(__doc__.splitlines()[0], measure, argv)


if __name__ == "__main__":
    sys.exit(main())
