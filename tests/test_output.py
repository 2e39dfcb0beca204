"""``output.write_json_atomically``: whole files with several writers.

"Another writer" is played by the test holding ``OUT.json.tmp`` the way a
worker does; a writer that crashes is a write that raises, or a real
process killed with SIGKILL in the middle of its write.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from ayon_applications import output
from ayon_applications.exceptions import ApplicationLaunchFailed
from tests.fixtures.other_user import as_other_user, is_root

DATA = {"PATH": "/usr/bin", "AYON_APP_NAME": "maya/2025"}
OTHER = {"PATH": "/other", "AYON_APP_NAME": "maya/2025"}


def read(path):
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def write_file(path, data):
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(data, stream)


def make_stale(path, age_s=output.STALE_AFTER_S + 60):
    then = time.time() - age_s
    os.utime(path, (then, then))


@pytest.fixture
def out(tmp_path):
    return str(tmp_path / "job" / "OUT.json")


@pytest.fixture
def waiting(monkeypatch):
    """Set once a writer starts waiting for another one."""
    event = threading.Event()
    real_sleep = time.sleep

    def sleep(seconds):
        event.set()
        real_sleep(seconds)

    monkeypatch.setattr(output.time, "sleep", sleep)
    return event


class Writer(threading.Thread):
    """``write_json_atomically`` in a thread; keeps result or error."""

    def __init__(self, path, data, **kwargs):
        super().__init__(daemon=True)
        self.args = (path, data)
        self.kwargs = kwargs
        self.result = None
        self.error = None

    def run(self):
        try:
            self.result = output.write_json_atomically(
                *self.args, **self.kwargs
            )
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            self.error = exc

    def finish(self):
        self.join(timeout=30)
        assert not self.is_alive(), "the writer did not finish"
        if self.error is not None:
            raise self.error
        return self.result


def test_writes_whole_file_and_no_temp(out):
    assert output.write_json_atomically(out, DATA) is True
    assert read(out) == DATA
    assert os.listdir(os.path.dirname(out)) == ["OUT.json"]


def test_stale_temp_of_a_crashed_writer_is_taken_over(out):
    os.makedirs(os.path.dirname(out))
    with open(out + ".tmp", "w", encoding="utf-8") as stream:
        stream.write('{"PATH": "/usr/b')  # cut off by the crash
    make_stale(out + ".tmp")

    started = time.monotonic()
    assert output.write_json_atomically(out, DATA, wait_s=30) is True

    assert time.monotonic() - started < 5
    assert read(out) == DATA
    assert not os.path.exists(out + ".tmp")


def test_waits_for_the_other_writer_and_keeps_its_file(out, waiting):
    os.makedirs(os.path.dirname(out))
    tmp = out + ".tmp"
    write_file(tmp, OTHER)  # the other worker is writing
    writer = Writer(out, DATA, wait_s=30)
    writer.start()
    assert waiting.wait(timeout=10)
    assert not os.path.exists(out)

    os.replace(tmp, out)  # the other worker finishes

    assert writer.finish() is False
    assert read(out) == OTHER
    assert not os.path.exists(tmp)


def test_other_writer_failing_over_an_old_file_does_not_count_as_done(
    out, waiting
):
    os.makedirs(os.path.dirname(out))
    write_file(out, {"OLD": "from an earlier run"})
    tmp = out + ".tmp"
    write_file(tmp, OTHER)
    writer = Writer(out, DATA, wait_s=30)
    writer.start()
    assert waiting.wait(timeout=10)

    os.remove(tmp)  # the other worker failed and cleaned up

    assert writer.finish() is True
    assert read(out) == DATA
    assert not os.path.exists(tmp)


def test_times_out_while_another_writer_holds_the_file(out):
    os.makedirs(os.path.dirname(out))
    write_file(out + ".tmp", OTHER)

    with pytest.raises(TimeoutError, match="OUT.json.tmp"):
        output.write_json_atomically(out, DATA, wait_s=0.2)

    assert not os.path.exists(out)


@pytest.mark.parametrize("previous", [None, {"OLD": "1"}])
def test_writer_failing_mid_way_leaves_no_partial_file(
    out, monkeypatch, previous
):
    os.makedirs(os.path.dirname(out))
    if previous is not None:
        write_file(out, previous)
    written = []

    def fail(fd):
        written.append(os.fstat(fd).st_size)
        raise OSError("disk went away")

    monkeypatch.setattr(output.os, "fsync", fail)

    # told as the user's error, with the cause
    with pytest.raises(ApplicationLaunchFailed,
                       match="Cannot write .*: disk went away"):
        output.write_json_atomically(out, DATA)

    assert written and written[0] > 0  # it failed after writing
    assert not os.path.exists(out + ".tmp")
    if previous is None:
        assert not os.path.exists(out)
    else:
        assert read(out) == previous


KILLED_WRITER = """
import os, sys, time
from ayon_applications import output
from ayon_applications.exceptions import ApplicationLaunchFailed
path, ready = sys.argv[1:]
def hang(fd):
    open(ready, "w").close()
    time.sleep(600)
os.fsync = hang
output.write_json_atomically(path, {"BIG": "x" * 1000000})
"""


def test_killed_writer_leaves_no_output_and_is_taken_over(out, tmp_path):
    ready = str(tmp_path / "ready")
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, out, ready]
    )
    try:
        deadline = time.monotonic() + 30
        while not os.path.exists(ready):
            assert process.poll() is None, "the writer ended early"
            assert time.monotonic() < deadline, "the writer never wrote"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    assert not os.path.exists(out)
    assert os.path.getsize(out + ".tmp") > 0  # left behind, unfinished
    make_stale(out + ".tmp")

    assert output.write_json_atomically(out, DATA, wait_s=30) is True
    assert read(out) == DATA
    assert not os.path.exists(out + ".tmp")


def test_writer_whose_temp_file_was_taken_over_still_publishes_whole(
    tmp_path,
):
    """A slow writer judged stale: its temp file is replaced by another's,
    yet what it publishes is its own complete text, and the other
    writer's temp file is left alone."""
    import os

    from ayon_applications import output

    path = str(tmp_path / "OUT.json")
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    # a waiter removes the "stale" temp file and starts its own
    os.remove(tmp)
    with open(tmp, "w") as stream:
        stream.write('{"partial": ')
    output._write_and_rename(fd, tmp, path, '{"whole": true}')
    with open(path) as stream:
        assert stream.read() == '{"whole": true}'
    with open(tmp) as stream:
        assert stream.read() == '{"partial": '


def test_saved_files_follow_the_umask(tmp_path):
    """A context saved by an artist stays readable by farm workers."""
    import os
    import stat

    from ayon_applications import output

    previous = os.umask(0o022)
    try:
        text_path = output.write_text_atomically(
            str(tmp_path / "ctx.rxt"), "{}"
        )
        json_path = str(tmp_path / "OUT.json")
        output.write_json_atomically(json_path, {})
    finally:
        os.umask(previous)
    for path in (text_path, json_path):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644


# --- A temp path no writer can take over ends in an error, not a loop ------

def write_as_other_user(path, wait_s):
    """The writer's side, run as another user: (error, seconds)."""
    started = time.monotonic()
    try:
        output.write_json_atomically(path, DATA, wait_s=wait_s)
    except ApplicationLaunchFailed as exc:
        return f"{exc.__class__.__name__}: {exc}", time.monotonic() - started
    return None, time.monotonic() - started


def assert_blocked(error, seconds, wait_s, why):
    assert error is not None, "the write went through"
    assert error.startswith("BlockedOutputError: Cannot write"), error
    assert why in error
    assert seconds < wait_s


@pytest.mark.parametrize("kind", ["folder", "link"])
def test_a_temp_path_that_is_no_file_fails_at_once(out, kind):
    os.makedirs(os.path.dirname(out))
    if kind == "folder":
        os.mkdir(out + ".tmp")
    else:
        os.symlink(os.path.dirname(out), out + ".tmp")

    error, seconds = write_as_other_user(out, wait_s=5)

    assert_blocked(error, seconds, 5, "is a folder or a link")
    assert f'"{out}.tmp"' in error
    assert not os.path.exists(out)


@pytest.mark.skipif(
    not is_root(), reason="making another user's file needs root"
)
def test_another_users_stale_temp_in_a_sticky_folder(shared_folder):
    path = os.path.join(shared_folder, "OUT.json")
    write_file(path + ".tmp", OTHER)  # root's, left by a crashed writer
    os.chmod(path + ".tmp", 0o644)
    make_stale(path + ".tmp")

    error, seconds = as_other_user(write_as_other_user, path, 5)

    assert_blocked(error, seconds, 5, "is a stale file this user cannot")
    assert read(path + ".tmp") == OTHER
    assert not os.path.exists(path)


def test_a_stale_temp_in_a_read_only_folder(shared_folder):
    folder = os.path.join(shared_folder, "job")
    os.mkdir(folder)
    path = os.path.join(folder, "OUT.json")
    write_file(path + ".tmp", OTHER)
    make_stale(path + ".tmp")
    os.chmod(path + ".tmp", 0o644)
    os.chmod(folder, 0o555)

    error, seconds = as_other_user(write_as_other_user, path, 5)

    assert_blocked(error, seconds, 5, "is a stale file this user cannot")
    assert not os.path.exists(path)
