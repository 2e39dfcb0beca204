"""Finding an application's command on the resolved PATH."""
import os
import stat

from ayon_applications.launch_pipeline import which


def make_file(path, executable=True):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    if executable:
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_first_match_on_path_in_order(tmp_path):
    first = make_file(tmp_path / "a" / "maya")
    make_file(tmp_path / "b" / "maya")
    env = {"PATH": os.pathsep.join([str(tmp_path / "a"),
                                    str(tmp_path / "b")])}
    assert which("maya", env, windows=False) == first


def test_current_folder_is_not_searched(tmp_path, monkeypatch):
    make_file(tmp_path / "maya")
    monkeypatch.chdir(tmp_path)
    assert which("maya", {"PATH": str(tmp_path / "empty")},
                 windows=False) is None


def test_not_executable_is_skipped_on_posix(tmp_path):
    make_file(tmp_path / "a" / "maya", executable=False)
    wanted = make_file(tmp_path / "b" / "maya")
    env = {"PATH": os.pathsep.join([str(tmp_path / "a"),
                                    str(tmp_path / "b")])}
    assert which("maya", env, windows=False) == wanted


def test_windows_extensions_come_from_the_env(tmp_path):
    # (names in PATHEXT's case: Windows' file system ignores case, this
    #   test's may not)
    bat = make_file(tmp_path / "bin" / "nuke.BAT")
    wanted = make_file(tmp_path / "bin" / "nuke.EXE")
    env = {"PATH": str(tmp_path / "bin"), "PATHEXT": ".EXE;.BAT"}
    assert which("nuke", env, windows=True) == wanted
    assert which("nuke.BAT", env, windows=True) == bat
    env["PATHEXT"] = ".BAT"
    assert which("nuke", env, windows=True) == bat


def test_a_path_is_only_checked(tmp_path):
    tool = make_file(tmp_path / "tools" / "probe")
    assert which(tool, {"PATH": ""}, windows=False) == tool
    assert which(str(tmp_path / "missing"), {"PATH": str(tmp_path)},
                 windows=False) is None
