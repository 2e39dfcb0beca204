"""The time limit bounds the whole resolve; resolves don't wait for each
other.

``slowpkg``'s ``package.py`` waits while it is loaded, as on a slow file
share: it writes a "loading" marker, then sleeps in small steps until the
test opens a gate file (at most 30 s). Nothing here measures speed: the
limit test only checks that the launch fails long before the package
would have loaded; the side-by-side test checks order (the fast resolve
finishes while the slow one is provably still loading).
"""
import os
import threading
import time
from typing import Any, Dict

import pytest

from ayon_applications import ApplicationLaunchFailed, resolver
from ayon_applications.requests import compose_request
from ayon_applications.rez_settings import RezSettings

SLOW_PACKAGE = """\
import os, time

name = "slowpkg"
version = "1.0"

_started = time.time()
open({loading!r}, "w").close()
while not os.path.exists({gate!r}) and time.time() - _started < 30:
    time.sleep(0.01)
"""


class SlowShare:
    """A repository whose ``slowpkg`` loads until :meth:`open_gate`."""

    def __init__(self, root: str) -> None:
        self.root = os.path.join(root, "slow_packages")
        self.gate = os.path.join(root, "gate")
        self.loading = os.path.join(root, "loading")
        folder = os.path.join(self.root, "slowpkg", "1.0")
        os.makedirs(folder)
        with open(os.path.join(folder, "package.py"), "w") as stream:
            stream.write(SLOW_PACKAGE.format(
                loading=self.loading, gate=self.gate
            ))

    def open_gate(self) -> None:
        open(self.gate, "w").close()

    def wait_loading(self, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(self.loading):
                return True
            time.sleep(0.01)
        return False


@pytest.fixture
def slow_share(tmp_path):
    share = SlowShare(str(tmp_path))
    yield share
    # Let an abandoned resolve finish, so no test after this one runs
    #   beside it.
    share.open_gate()
    deadline = time.monotonic() + 30
    while resolver.SOLVES.running_count and time.monotonic() < deadline:
        time.sleep(0.01)
    resolver.clear_caches()


def solve(paths, requests, time_limit_s=0.0, **settings):
    rez_settings = RezSettings(
        packages_path=list(paths), time_limit_s=time_limit_s,
        implicit_packages=[], **settings,
    )
    request = compose_request([], "g", requests, "g/v")
    return resolver.resolve(request, rez_settings, '"g/v"')


def test_time_limit_bounds_package_loading(slow_share):
    started = time.monotonic()
    with pytest.raises(ApplicationLaunchFailed) as caught:
        solve([slow_share.root], ["slowpkg"], time_limit_s=0.5)
    waited = time.monotonic() - started

    message = str(caught.value)
    assert "time limit of 0.5 s" in message
    assert "rez/resolve_time_limit_s" in message
    assert "slowpkg" in message  # the request is shown
    assert slow_share.wait_loading()  # it was loading the package...
    assert not os.path.exists(slow_share.gate)  # ...which never loaded
    assert waited < 20  # far from the 30 s the package would take


def test_fast_resolve_runs_beside_a_slow_one(slow_share, studio_repo):
    outcome: Dict[str, Any] = {}

    def slow():
        try:
            outcome["slow"] = solve(
                [slow_share.root, studio_repo.root], ["slowpkg", "betapkg"],
                extra_config={"package_filter": [
                    {"excludes": ["glob(*.beta)"]}
                ]},
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            outcome["slow"] = exc

    thread = threading.Thread(target=slow)
    thread.start()
    assert slow_share.wait_loading()

    # The slow resolve is inside rez, with its own config in force.
    fast = solve([studio_repo.root], ["betapkg"])

    assert thread.is_alive() and "slow" not in outcome
    assert fast.packages == ["betapkg-2.0.beta"]  # no filter here
    slow_share.open_gate()
    thread.join(30)
    assert not isinstance(outcome["slow"], Exception), outcome["slow"]
    assert sorted(outcome["slow"].packages) == ["betapkg-1.0", "slowpkg-1.0"]


def test_no_time_limit_waits_for_the_resolve(slow_share):
    timer = threading.Timer(0.3, slow_share.open_gate)
    timer.start()
    try:
        resolution = solve([slow_share.root], ["slowpkg"], time_limit_s=0)
    finally:
        timer.cancel()
    assert resolution.packages == ["slowpkg-1.0"]
