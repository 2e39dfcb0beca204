"""Broken packages and repositories end in one clear message.

Every case of ``tests/package_fault_cases.py`` runs the standalone
command line in a subprocess: exit code 1, one ``ERROR:`` message whose
first line names the app, the project and the package with the cause
and what to do, no traceback (with ``-v`` the package's traceback is in
the debug log), the application not started, no output file. Permission
cases run their side as user ``nobody`` (root ignores file modes);
removal cases remove the folder while the package's ``commands()`` wait
on a pipe, so after the resolve and before the launch.

In the AYON launcher a package's ``sys.exit()`` must never end the
process: the in-process tests launch through the manager, in the main
thread and in a worker thread, and get ``ApplicationLaunchFailed``.
"""
import errno
import getpass
import os
import shutil
import sys
import threading
import time
from typing import Any, Dict, List

import pytest

from ayon_applications import ApplicationLaunchFailed, ApplicationManager
from ayon_applications.bounded_run import run_bounded
from ayon_applications.launch_pipeline import LaunchPipeline
from ayon_applications.package_faults import (
    guard_package_code,
    package_of_path,
    vanished_roots,
)
from ayon_applications.requests import ComposedRequest
from ayon_applications.resolver import Resolution
from ayon_applications.settings import FileSettingsSource
from tests.bad_input_cases import APP, PROJECT, good_settings_file
from tests.fixtures.cli_site import (
    CONTEXT,
    Site,
    assert_one_error_message,
    cli_commands,
    finish,
    python_for_nobody,
)
from tests.fixtures.rez_repo import RezRepo
from tests.package_fault_cases import PACKAGE_CASES, PAUSE_ENV, PackageCase

SUBJECT = f"ERROR: Cannot launch \"{APP}\" in project \"{PROJECT}\": "
CASES = {case.id: case for case in PACKAGE_CASES}
LAUNCH_DATA = {
    "project_name": PROJECT, "folder_path": CONTEXT[3],
    "task_name": CONTEXT[5],
}


@pytest.fixture
def fault_site(open_site):
    """A site every user may read; modes restored for the clean-up."""
    yield open_site
    for dirpath, dirnames, _files in os.walk(open_site.root):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o755)
    if os.path.isdir(open_site.packages):
        os.chmod(open_site.packages, 0o755)


def _open_when_read(path: str, process) -> int:
    """Open the pipe ``path`` for writing once the package reads it."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
        if process.poll() is not None:
            pytest.fail("the command line ended before the package's"
                        f" commands() ran: {finish(process).stderr}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the package's commands() never ran")
        time.sleep(0.02)


def _run_removing(site: Site, case: PackageCase, args: List[str]):
    """Run ``args``; remove ``case.removed`` once the resolve is done."""
    pause = os.path.join(site.root, "pause")
    os.mkfifo(pause)
    site.extra_env[PAUSE_ENV] = pause
    process = site.start(args)
    writer = _open_when_read(pause, process)
    try:
        shutil.rmtree(
            os.path.normpath(os.path.join(site.packages, case.removed))
        )
        os.write(writer, b"go on")
    finally:
        os.close(writer)
    return finish(process)


def _run_closed(site: Site, case: PackageCase, args: List[str]):
    """Run ``args`` as a user who may not read ``case.closed``.

    As root: user nobody, the path root's with the case's mode. Else this
    user, with the mode's bits for others made the owner's too.
    """
    site.open_to_all()
    closed = os.path.normpath(os.path.join(site.packages, case.closed))
    as_nobody = None
    mode = case.closed_mode
    if os.geteuid() == 0:
        as_nobody = python_for_nobody()
    else:
        others = mode & 0o7
        mode = others << 6 | others << 3 | others
    os.chmod(closed, mode)
    return site.run(args, as_nobody=as_nobody), (
        "nobody" if as_nobody else getpass.getuser()
    )


@pytest.mark.parametrize(
    "case", PACKAGE_CASES, ids=[case.id for case in PACKAGE_CASES]
)
def test_broken_package_ends_in_one_message(fault_site, case: PackageCase):
    site = fault_site
    site.write(good_settings_file())
    site.edit_package(case.top, case.commands, case.tail)
    args = cli_commands(site.output)[case.command]
    if case.paused:
        result = _run_removing(site, case, args)
    elif case.as_nobody:
        result, user = _run_closed(site, case, args)
    else:
        result = site.run(args)
    line = assert_one_error_message(result, case.shows)
    assert line.startswith(SUBJECT), line
    if case.as_nobody:
        assert f"user {user} " in line
    elif not case.paused:
        assert f"\"{site.package_file}\"" in line  # which file
    assert not result.stdout
    site.nothing_written()


def test_the_package_traceback_is_in_the_debug_log(site):
    """``-v``: where the package failed, for whoever fixes it."""
    site.write(good_settings_file())
    site.edit_package(commands=CASES["exit-in-commands"].commands)
    result = site.run(cli_commands(site.output)["launch"], verbose=True)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines()
              if line.startswith("ERROR: ")]
    assert len(errors) == 1
    assert "Traceback" in result.stderr
    assert f"File \"<{site.package_file}:commands>\", line 3" in (
        result.stderr
    )
    assert "SystemExit: 3" in result.stderr


# --- in the launcher's process -------------------------------------------

def _manager(site: Site) -> ApplicationManager:
    return ApplicationManager(
        settings_source=FileSettingsSource(site.settings)
    )


def _launch_outcome(site: Site, in_thread: bool) -> BaseException:
    """What ``manager.launch`` raised, caught whatever it is."""
    outcome: Dict[str, Any] = {}

    def launch() -> None:
        try:
            _manager(site).launch(APP, **LAUNCH_DATA)
        except BaseException as exc:  # noqa: BLE001 - the test's subject
            outcome["error"] = exc

    if in_thread:
        thread = threading.Thread(target=launch, name="tray-launch")
        thread.start()
        thread.join(120)
        assert not thread.is_alive()
    else:
        launch()
    assert "error" in outcome, "the broken package launched"
    return outcome["error"]


@pytest.mark.parametrize("in_thread", [False, True],
                         ids=["main-thread", "worker-thread"])
@pytest.mark.parametrize("case_id", [
    "exit-at-load", "exit-in-commands", "exit-in-late-requires",
    "interrupt-at-load", "interrupt-in-commands", "exception-at-load",
])
def test_the_launcher_process_survives(site, case_id, in_thread):
    case = CASES[case_id]
    site.write(good_settings_file())
    site.edit_package(case.top, case.commands, case.tail)
    error = _launch_outcome(site, in_thread)
    assert isinstance(error, ApplicationLaunchFailed), repr(error)
    first_line = str(error).splitlines()[0]
    assert first_line.startswith(SUBJECT[len("ERROR: "):])
    for text in case.shows:
        assert text in first_line
    assert not os.path.exists(site.marker)


@pytest.mark.parametrize("removed", [".", "maya/2025.1"],
                         ids=["repository", "package-folder"])
@pytest.mark.parametrize("step", ["env", "command", "start"])
def test_packages_removed_after_the_resolve(site, removed, step):
    """Whichever step comes after the removal says what happened."""
    site.write(good_settings_file())
    manager = _manager(site).for_project(PROJECT)
    pipeline = LaunchPipeline(manager.get_application(APP), LAUNCH_DATA)
    context = manager.create_launch_context(APP, **LAUNCH_DATA)
    assert pipeline.resolution.packages == ["maya-2025.1"]
    if step == "command":
        assert pipeline.env
    if step == "start":
        context.run_prelaunch_hooks()
    shutil.rmtree(os.path.normpath(os.path.join(site.packages, removed)))
    with pytest.raises(ApplicationLaunchFailed) as info:
        if step == "start":
            context.launch()
        else:
            getattr(pipeline, step)
    message = str(info.value)
    if step == "start":  # found before, gone when started
        assert message.startswith(f"Cannot start \"{APP}\"")
        assert "was its package removed after the resolve" in message
    else:
        first_line = message.splitlines()[0]
        assert first_line.startswith(SUBJECT[len("ERROR: "):])
        assert "resolved packages are gone since the resolve:" in first_line
    assert not os.path.exists(site.marker)


def test_rez_refusing_to_make_the_environment_is_one_message(site):
    """A rez error other than a package's (here ResolvedContextError: the
    context is not solved) names what failed, never a traceback."""
    from rez.resolved_context import ResolvedContext

    site.write(good_settings_file())
    RezRepo(site.packages).add("maya", "2024.2")
    manager = _manager(site).for_project(PROJECT)
    context = ResolvedContext(
        ["maya-2025.1", "maya-2024"], package_paths=[site.packages]
    )
    assert not context.success
    request = ComposedRequest()
    request.add(["maya-2025.1", "maya-2024"], "the test")
    subject = f"\"{APP}\" in project \"{PROJECT}\""
    resolution = Resolution(
        context, request, subject, manager.rez_settings()
    )
    with pytest.raises(ApplicationLaunchFailed) as info:
        resolution.environ(dict(os.environ))
    assert str(info.value).splitlines()[0] == (
        f"Cannot launch {subject}: rez could not make the environment of"
        " the resolved packages (ResolvedContextError)."
    )


# --- the parts --------------------------------------------------------------

@pytest.mark.parametrize("path,expected", [
    ("/repo/maya/2025.1/package.py", ("maya-2025.1", "/repo")),
    ("/repo/maya/2025.1/python-3/lib/x.py", ("maya-2025.1", "/repo")),
    ("/repo/maya/package.py", ("maya", "/repo")),
    ("/repo/maya", ("maya", "/repo")),
    ("/other/maya/2025.1/package.py", ("maya-2025.1", "/other/")),
    ("/repo", None),
    ("/repository/maya/1/package.py", None),
    ("/elsewhere/maya/1/package.py", None),
])
def test_package_of_path(path, expected):
    found = package_of_path(path, ["/repo", "/other/"])
    if expected is not None:
        expected = (expected[0], os.path.normpath(expected[1]))
    assert found == expected


def test_vanished_roots(tmp_path):
    """Gone: neither the package's folder nor its root is there. A
    variant without payload has no root folder; a cached payload lives on
    with its repository gone."""
    base = tmp_path / "repo" / "maya" / "2025.1"
    base.mkdir(parents=True)
    cache = tmp_path / "cache" / "nuke"
    cache.mkdir(parents=True)
    gone = str(tmp_path / "repo" / "houdini" / "20.0")
    env = {
        "REZ_MAYA_BASE": str(base),
        "REZ_MAYA_ROOT": str(base / "platform-linux"),
        "REZ_NUKE_BASE": str(tmp_path / "removed" / "nuke" / "15"),
        "REZ_NUKE_ROOT": str(cache),
        "REZ_HOUDINI_BASE": gone,
        "REZ_HOUDINI_ROOT": gone,
        "REZ_MY_TOOLS_BASE": str(tmp_path / "removed" / "my.tools"),
    }
    assert vanished_roots(env, {
        "maya": "maya-2025.1", "nuke": "nuke-15", "houdini": "houdini-20.0",
        "my.tools": "my.tools", "python": "python-3.11",
    }) == [
        ("houdini-20.0", gone),
        ("my.tools", str(tmp_path / "removed" / "my.tools")),
    ]


def _guarded(exc: BaseException) -> BaseException:
    request = ComposedRequest()
    request.add(["maya-2025.1"], "the test")
    try:
        with guard_package_code("\"maya/2025\"", request, ["/repo"]):
            raise exc
    except BaseException as raised:  # noqa: BLE001 - the test's subject
        return raised
    raise AssertionError("nothing raised")


def test_an_interrupt_of_the_user_is_not_a_package_fault():
    """Ctrl+C in the main thread, outside package code, still stops."""
    interrupt = KeyboardInterrupt()
    assert _guarded(interrupt) is interrupt


def test_other_errors_pass_unchanged():
    error = ValueError("not a package's")
    assert _guarded(error) is error


def test_an_exit_of_unknown_origin_is_still_stopped():
    raised = _guarded(SystemExit(3))
    assert isinstance(raised, ApplicationLaunchFailed)
    assert "code run by rez (sys.exit(3)) tried to end the program" in str(
        raised
    )


def test_an_interrupt_in_a_worker_thread_is_code_not_the_user():
    """Signals reach only the main thread: elsewhere code raised it."""
    raised = run_bounded(lambda _event: _guarded(KeyboardInterrupt()), 30)
    assert isinstance(raised, ApplicationLaunchFailed)


def test_an_exit_in_the_bounded_thread_reaches_the_caller():
    """A thread ends silently on SystemExit; run_bounded hands it on."""
    with pytest.raises(SystemExit) as info:
        run_bounded(lambda _event: sys.exit(3), 30)
    assert info.value.code == 3
