"""The ``terminal`` application gets its own console on Windows.

As Ynput's ``prelaunch_shell_windows`` hook (1.4.4): for the ``terminal``
group, on Windows, local launches, the process starts with
``CREATE_NEW_CONSOLE`` and ``stdout``/``stderr`` not redirected. The
addon's view of the platform is patched (its ``platform`` lookups, the
Windows-only ``subprocess`` flags) while rez resolves for this machine;
the launch's ``subprocess.Popen`` is replaced by a recorder, so the test
asserts the exact arguments the process would get.
"""
import subprocess
import sys
import types

import pytest

import ayon_applications.hooks as hooks_module
import ayon_applications.launch_context as launch_context_module
from ayon_applications import ApplicationManager
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    variant,
    write_settings_file,
)

CREATE_NEW_CONSOLE = 0x00000010
CREATE_NEW_PROCESS_GROUP = 0x00000200
DETACHED_PROCESS = 0x00000008


class RecordedPopen:
    """Stands in for ``subprocess.Popen``: records, starts nothing."""

    calls = []

    def __init__(self, args, **kwargs):
        self.args = args
        self.pid = 4242
        RecordedPopen.calls.append((args, kwargs))

    def wait(self, timeout=None):
        return 0

    def poll(self):
        return 0


class SubprocessWithRecordedPopen:
    """The ``subprocess`` module as the launch context sees it."""

    Popen = RecordedPopen

    def __getattr__(self, name):
        return getattr(subprocess, name)


def patch_platform(monkeypatch, system):
    fake = types.SimpleNamespace(system=lambda: system)
    monkeypatch.setattr(hooks_module, "platform", fake)
    monkeypatch.setattr(launch_context_module, "platform", fake)
    if system == "Windows":
        for name, value in (
            ("CREATE_NEW_CONSOLE", CREATE_NEW_CONSOLE),
            ("CREATE_NEW_PROCESS_GROUP", CREATE_NEW_PROCESS_GROUP),
            ("DETACHED_PROCESS", DETACHED_PROCESS),
        ):
            monkeypatch.setattr(subprocess, name, value, raising=False)
    RecordedPopen.calls = []
    # Only the launch's Popen is recorded (rez runs its own processes).
    monkeypatch.setattr(launch_context_module, "subprocess",
                        SubprocessWithRecordedPopen())


@pytest.fixture
def manager(tmp_path, probe_repo):
    probe_repo.add_probe_app("term", "1.0")
    studio = addon_settings(
        [probe_repo.root],
        [
            app_group("terminal", [variant("default", ["term"],
                                           arguments=["-l"])]),
            app_group("maya", [variant("2025", ["maya-2025"])],
                      host_name="maya"),
        ],
    )
    path = write_settings_file(str(tmp_path / "settings.json"), studio)
    return ApplicationManager(settings_source=FileSettingsSource(path))


def launch(manager, app_name):
    manager.launch(app_name, project_name="show",
                   folder_path="/shots/sh010", task_name="animation")
    ((args, kwargs),) = RecordedPopen.calls
    return args, kwargs


def test_terminal_on_windows_gets_a_new_console(
    manager, probe_repo, monkeypatch
):
    patch_platform(monkeypatch, "Windows")
    # a launcher build without a console would send output to DEVNULL
    monkeypatch.setattr(sys, "stdout", None)

    args, kwargs = launch(manager, "terminal/default")

    assert args[0].endswith("/term/1.0/bin/probe")
    assert args[1:] == ["-l"]
    assert kwargs["creationflags"] == CREATE_NEW_CONSOLE
    assert kwargs["stdout"] is None
    assert kwargs["stderr"] is None
    assert "start_new_session" not in kwargs
    assert kwargs["env"]["AYON_APP_NAME"] == "terminal/default"


def test_other_apps_on_windows_stay_detached(manager, monkeypatch):
    patch_platform(monkeypatch, "Windows")
    monkeypatch.setattr(sys, "stdout", None)

    _args, kwargs = launch(manager, "maya/2025")

    assert kwargs["creationflags"] == (
        CREATE_NEW_PROCESS_GROUP | DETACHED_PROCESS)
    assert kwargs["stdout"] is subprocess.DEVNULL
    assert kwargs["stderr"] is subprocess.DEVNULL


def test_terminal_elsewhere_is_left_alone(manager, monkeypatch):
    patch_platform(monkeypatch, "Linux")

    _args, kwargs = launch(manager, "terminal/default")

    assert "creationflags" not in kwargs
    assert kwargs["start_new_session"] is True
