"""Process Monitor records: launches recorded, listed, kept private.

Real launches through rez (a package whose program prints and exits with
a chosen code), a real SQLite store in a temporary launcher folder, real
concurrent writers in separate processes.
"""
import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ayon_applications import ApplicationManager
from ayon_applications.cli import processes_command
from ayon_applications.process import (
    DATABASE_NAME,
    STORAGE_DIR_NAME,
    ProcessInfo,
    ProcessManager,
    ProcessStorageError,
    default_storage_dir,
    ensure_private_dir,
)
from ayon_applications.process_liveness import (
    is_process_running,
    process_create_time,
)
from ayon_applications.process_recording import (
    CREATE_NEW_CONSOLE,
    OUTPUT_PATH_KEY,
)
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    variant,
    write_settings_file,
)

TALKER_SCRIPT = f"""#!{sys.executable}
import os, sys
print("out: started " + " ".join(sys.argv[1:]), flush=True)
print("err: " + os.environ.get("AYON_TASK_NAME", "?"), file=sys.stderr,
      flush=True)
sys.exit(int(os.environ.get("TALKER_EXIT", "0")))
"""


@pytest.fixture
def local_dir(tmp_path, monkeypatch):
    """The launcher's local folder for this test."""
    path = tmp_path / "launcher_local"
    monkeypatch.setenv("AYON_LAUNCHER_LOCAL_DIR", str(path))
    return path


@pytest.fixture
def talker_settings(tmp_path, rez_repo):
    """Settings file with ``talk/keep`` (output kept) and ``talk/plain``."""
    rez_repo.add("talker", "1.0", bin_scripts={"talker": TALKER_SCRIPT})
    group = app_group("talk", [
        dict(variant("keep", ["talker"], command=["talker"],
                     arguments=["--flag"]), redirect_output=True),
        variant("plain", ["talker"], command=["talker"]),
    ])
    return write_settings_file(
        str(tmp_path / "settings.json"),
        addon_settings([rez_repo.root], [group]),
    )


def _launch(settings_path, app, **data):
    manager = ApplicationManager(
        settings_source=FileSettingsSource(settings_path)
    )
    data.setdefault("project_name", "show")
    data.setdefault("folder_path", "/shots/sh010")
    data.setdefault("task_name", "comp")
    return manager.launch(app, **data)


def _records_when(predicate, timeout_s=30.0):
    """Records once ``predicate(records)`` holds (the exit thread writes
    a moment after the process ended)."""
    manager = ProcessManager()
    deadline = time.monotonic() + timeout_s
    while True:
        records = manager.get_all_process_info()
        if predicate(records) or time.monotonic() > deadline:
            return records
        time.sleep(0.05)


def test_storage_is_a_private_folder_under_the_launcher_local_dir(
    local_dir,
):
    manager = ProcessManager()
    manager.store_process_info(ProcessInfo(name="a/1", executable="a"))

    folder = local_dir / STORAGE_DIR_NAME
    assert default_storage_dir() == str(folder)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / DATABASE_NAME).st_mode) == 0o600
    log = manager.new_output_path("maya/2025")
    assert os.path.dirname(log) == str(folder / "logs")
    assert stat.S_IMODE(os.stat(folder / "logs").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600


def test_open_permissions_are_closed_and_foreign_folders_refused(
    tmp_path, monkeypatch
):
    folder = tmp_path / "records"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    ensure_private_dir(str(folder))
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700

    link = tmp_path / "link"
    link.symlink_to(folder)
    with pytest.raises(ProcessStorageError, match="not a plain folder"):
        ensure_private_dir(str(link))

    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)
    with pytest.raises(ProcessStorageError, match="another user"):
        ensure_private_dir(str(folder))


def test_launch_is_recorded_with_context_and_exit_code(
    local_dir, talker_settings, monkeypatch
):
    monkeypatch.setenv("TALKER_EXIT", "3")
    process = _launch(talker_settings, "talk/plain")
    assert process.wait(timeout=60) == 3

    records = _records_when(lambda r: r and r[0].exit_code is not None)
    assert len(records) == 1
    record = records[0]
    assert record.name == "talk/plain"
    assert (record.project_name, record.folder_path, record.task_name) == (
        "show", "/shots/sh010", "comp"
    )
    assert record.pid == process.pid
    assert record.executable.endswith(os.path.join("bin", "talker"))
    assert abs(record.start_time - time.time()) < 60
    assert record.exit_code == 3
    assert record.status == "exited"
    assert record.output is None  # the variant does not keep output


def test_kept_output_goes_to_a_private_log_shown_by_the_record(
    local_dir, talker_settings
):
    process = _launch(talker_settings, "talk/keep", task_name="lighting")
    assert process.wait(timeout=60) == 0

    record = _records_when(lambda r: r and r[0].exit_code is not None)[0]
    assert record.output is not None
    manager = ProcessManager()
    assert manager.owns_output(record.output)
    text = manager.read_output(record)
    assert "out: started --flag" in text
    assert "err: lighting" in text


def test_process_with_its_own_console_keeps_its_output(
    local_dir, talker_settings
):
    manager = ApplicationManager(
        settings_source=FileSettingsSource(talker_settings)
    )
    redirected = manager.create_launch_context("talk/keep")
    redirected.run_prelaunch_hooks()
    stream = redirected.kwargs["stdout"]
    assert redirected.kwargs["stderr"] == subprocess.STDOUT
    assert ProcessManager().owns_output(Path(stream.name))
    stream.close()

    # what the Windows terminal hook sets: the console shows the output
    console = manager.create_launch_context("talk/keep")
    console.kwargs["creationflags"] = CREATE_NEW_CONSOLE
    console.run_prelaunch_hooks()
    assert "stdout" not in console.kwargs
    assert OUTPUT_PATH_KEY not in console.data


def test_a_hook_may_turn_output_keeping_on_or_off(local_dir, talker_settings):
    """As with Ynput's addon, ``launch_context.redirect_output`` starts as
    the variant's setting and is what the start follows."""
    manager = ApplicationManager(
        settings_source=FileSettingsSource(talker_settings)
    )
    off = manager.create_launch_context("talk/keep")
    assert off.redirect_output is True
    off.redirect_output = False  # as a hook earlier in the launch may
    off.run_prelaunch_hooks()
    assert "stdout" not in off.kwargs

    on = manager.create_launch_context("talk/plain")
    assert on.redirect_output is False
    on.redirect_output = True
    on.run_prelaunch_hooks()
    stream = on.kwargs["stdout"]
    assert ProcessManager().owns_output(Path(stream.name))
    stream.close()


def test_cli_launch_with_wait_records_its_exit_code_before_returning(
    local_dir, talker_settings
):
    env = dict(os.environ, TALKER_EXIT="5")
    result = subprocess.run(
        [sys.executable, "-m", "ayon_applications", "--settings",
         talker_settings, "launch", "--app", "talk/plain", "--project",
         "show", "--folder", "/a", "--task", "t", "--wait"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 5, result.stderr
    # read at once: the launching process stored it before it exited
    [record] = ProcessManager().get_all_process_info()
    assert (record.exit_code, record.status) == (5, "exited")


def test_process_gone_unseen_is_listed_as_ended_for_good(local_dir):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    manager = ProcessManager()
    manager.store_process_info(ProcessInfo(
        name="nuke/15", executable=sys.executable, pid=finished.pid,
        start_time=time.time(),
    ))
    sleeper = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    try:
        manager.store_process_info(ProcessInfo(
            name="maya/2025", executable=sys.executable, pid=sleeper.pid,
            start_time=process_create_time(sleeper.pid) or time.time(),
        ))
        by_name = {p.name: p for p in manager.get_all_process_info()}
        assert by_name["maya/2025"].status == "running"
        assert by_name["maya/2025"].active
        assert by_name["nuke/15"].status == "ended"
        assert by_name["nuke/15"].exit_code is None
        assert manager.get_process_info(by_name["nuke/15"].hash).ended
    finally:
        sleeper.kill()
        sleeper.wait()


def test_reused_process_id_is_not_taken_for_the_recorded_process():
    own_start = process_create_time(os.getpid())
    assert is_process_running(os.getpid(), None)
    if not sys.platform.startswith("linux"):
        # the documented limit: only the id is checked elsewhere
        assert own_start is None
        assert is_process_running(os.getpid(), time.time() + 3600)
        return
    assert abs(own_start - time.time()) < 3600
    assert is_process_running(os.getpid(), own_start)
    # same id, but that process started an hour later: another process
    assert not is_process_running(os.getpid(), own_start + 3600)


def test_concurrent_launches_all_land(local_dir):
    writer = textwrap.dedent("""
        import sys
        from ayon_applications.process import ProcessInfo, ProcessManager
        manager = ProcessManager()
        for index in range(40):
            manager.store_process_info(ProcessInfo(
                name=f"app/{sys.argv[1]}", executable="x", pid=index + 1,
            ))
    """)
    writers = [
        subprocess.Popen([sys.executable, "-c", writer, str(number)])
        for number in range(4)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    records = ProcessManager().get_all_process_info()
    assert len(records) == 160
    assert {r.name for r in records} == {f"app/{n}" for n in range(4)}


def test_paths_from_the_database_are_never_followed_outside_logs(
    local_dir, tmp_path
):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    manager = ProcessManager()
    record = ProcessInfo(name="a/1", executable="a", output=outside)
    manager.store_process_info(record)

    assert manager.read_output(record) is None
    assert manager.delete_process_info(record.hash)
    assert outside.read_text() == "keep me"
    assert manager.get_process_info(record.hash) is None


def test_clean_deletes_ended_records_and_their_logs_only(local_dir):
    manager = ProcessManager()
    log = manager.new_output_path("a/1")
    ended = ProcessInfo(name="a/1", executable="a", output=Path(log))
    manager.store_process_info(ended)
    running = ProcessInfo(
        name="b/2", executable=sys.executable, pid=os.getpid(),
        start_time=process_create_time(os.getpid()) or time.time(),
    )
    manager.store_process_info(running)

    assert manager.delete_inactive_processes() == 1
    assert not os.path.exists(log)
    assert [p.name for p in manager.get_all_process_info()] == ["b/2"]


def test_newer_schema_is_refused_with_a_clear_error(local_dir):
    import sqlite3

    manager = ProcessManager()
    manager.store_process_info(ProcessInfo(name="a/1", executable="a"))
    path = str(manager.get_process_info_storage_location())
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(ProcessStorageError, match="newer version"):
        manager.get_all_process_info()


def test_processes_command_prints_table_and_json(local_dir, capsys):
    manager = ProcessManager()
    manager.store_process_info(ProcessInfo(
        name="maya/2025", executable="maya", pid=None, start_time=0.5,
        project_name="show", folder_path="/shots/sh010", task_name="anim",
        exit_code=1, ended=True,
    ))

    assert processes_command(None) == 0
    lines = capsys.readouterr().out.splitlines()
    # headers as the other tables of the command line (doctor, cache)
    assert lines[0].split() == ["STARTED", "STATUS", "PID", "APPLICATION",
                                "PROJECT", "FOLDER", "TASK", "OUTPUT"]
    assert "exited 1" in lines[1]
    assert "maya/2025" in lines[1] and "/shots/sh010" in lines[1]

    assert processes_command(None, as_json=True) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["status"] == "exited"
    assert item["exit_code"] == 1
    assert item["task_name"] == "anim"

    assert processes_command(None, clean=True) == 0
    out = capsys.readouterr().out
    assert "Deleted 1 ended processes." in out
    assert "No launched processes recorded." in out


def test_standalone_processes_command_needs_no_settings(local_dir):
    ProcessManager().store_process_info(ProcessInfo(
        name="nuke/15", executable="nuke", exit_code=0, ended=True,
    ))
    result = subprocess.run(
        [sys.executable, "-m", "ayon_applications", "processes", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert [p["name"] for p in json.loads(result.stdout)] == ["nuke/15"]


def test_unusable_record_folder_never_stops_a_launch(
    local_dir, talker_settings, caplog
):
    local_dir.mkdir()
    (local_dir / STORAGE_DIR_NAME).write_text("not a folder")

    process = _launch(talker_settings, "talk/keep")
    assert process.wait(timeout=60) == 0
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "Output of talk/keep is not kept" in messages
    assert "Launch of talk/keep not recorded" in messages


def test_ayon_launch_is_listed_by_ayon_processes_command(
    local_dir, rez_repo, ayon_server, applications_addon_class,
    monkeypatch, capsys, tmp_path,
):
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager

    ayon_server.add_project("show", roots={"work": str(tmp_path / "work")})
    folder = ayon_server.add_folder("show", "/shots/sh030")
    ayon_server.add_task("show", folder["id"], "light", "Lighting")
    ayon_server.add_bundle(
        "Prod", {"applications": "2.0.0+rez"}, is_production=True
    )
    for key in ("AYON_BUNDLE_NAME", "AYON_STUDIO_BUNDLE_NAME"):
        monkeypatch.setenv(key, "Prod")
    monkeypatch.setenv("AYON_HEADLESS_MODE", "1")
    monkeypatch.setenv("TALKER_EXIT", "4")
    rez_repo.add("talker", "1.0", bin_scripts={"talker": TALKER_SCRIPT})
    ayon_server.set_studio_settings("applications", addon_settings(
        [rez_repo.root],
        [app_group("talk", [variant("plain", ["talker"],
                                    command=["talker"])])],
    ))
    addons = AddonsManager(addons=[applications_addon_class])

    assert _standin.run_addon_cli([
        "applications", "launch", "--app", "talk/plain", "--project",
        "show", "--folder", "/shots/sh030", "--task", "light", "--wait",
    ], addons) == 4
    capsys.readouterr()
    assert _standin.run_addon_cli(
        ["applications", "processes", "--json"], addons
    ) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert (item["name"], item["folder_path"], item["task_name"]) == (
        "talk/plain", "/shots/sh030", "light"
    )
    # the exit thread may still be writing it: wait for it, bounded
    records = _records_when(lambda r: r[0].exit_code is not None)
    assert records[0].exit_code == 4
