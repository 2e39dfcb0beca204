"""Bad input and faults end in one clear line, exit 1, nothing started.

Every case of ``tests/bad_input_cases.py`` runs the standalone command
line in a subprocess, as a studio would meet it, and must end with exit
code 1, exactly one ``ERROR:`` line holding the expected text, no
traceback (none without ``-v``), the application not started (it would
write a marker file) and no output file, not even a partial one.

Permission cases run their side in a subprocess as user ``nobody`` when
the suite runs as root (root ignores file modes); the site and the
helpers are in ``tests/fixtures/cli_site.py``, shared with
``tests/test_package_faults.py``.
"""
import json
import os
import subprocess
import sys
from typing import List

import pytest

from ayon_applications import ApplicationLaunchFailed, ApplicationManager
from tests.bad_input_cases import (
    APP,
    FAULT_CASES,
    MEMCACHED_WARNED,
    PROJECT,
    SERVER_PATH_CASES,
    SETTINGS_CASES,
    Case,
    NoFile,
    Set,
    edited_settings_file,
    good_settings_file,
)
from tests.fixtures.cli_site import (
    assert_one_error_line,
    cli_commands,
    python_for_nobody,
)
from tests.fixtures.launch import addon_settings, app_group, variant

FAULTS = {fault.id: fault for fault in FAULT_CASES}


def test_the_good_file_launches(site):
    """The cases fail because of their edit: the file they edit works."""
    site.write(good_settings_file())
    result = site.run(cli_commands(site.output)["launch"])
    assert result.returncode == 0, result.stderr
    with open(site.marker, encoding="utf-8") as stream:
        assert json.load(stream)["argv"][1:] == []


@pytest.mark.parametrize(
    "case", SETTINGS_CASES, ids=[case.id for case in SETTINGS_CASES]
)
def test_bad_settings_end_in_one_line(site, case: Case):
    site.write(edited_settings_file(case))
    result = site.run(cli_commands(site.output)[case.command])
    line = assert_one_error_line(result, case.shows)
    if not isinstance(case.edits[0], NoFile):
        assert site.settings in line  # which file
    assert not result.stdout
    site.nothing_written()


def test_unexpected_error_is_one_line_traceback_only_in_debug_log(caplog):
    """run_guarded: one line for the user; where it happened goes to the
    debug log, which ``-v`` shows."""
    from ayon_applications import failures

    def broken() -> int:
        raise RuntimeError("disk on fire")

    reported: List[str] = []
    with caplog.at_level("DEBUG", logger="ayon_applications"):
        assert failures.run_guarded(broken, reported.append) == 1
    assert reported == [
        "An unexpected error happened: RuntimeError: disk on fire (the log"
        " at debug level, -v, shows where)"
    ]
    assert [record.exc_info[0] for record in caplog.records
            if record.exc_info] == [RuntimeError]


@pytest.mark.parametrize("uri", MEMCACHED_WARNED)
def test_bad_memcached_uri_is_left_out_with_one_warning(site, uri):
    data = good_settings_file()
    data["studio"]["rez"]["memcached_uri"] = [uri]
    site.write(data)
    result = site.run(cli_commands(site.output)["launch"])
    assert result.returncode == 0, result.stderr
    assert os.path.exists(site.marker)
    warnings = [line for line in result.stderr.splitlines()
                if "rez.memcached_uri" in line]
    assert len(warnings) == 1, result.stderr
    assert json.dumps(uri) in warnings[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "folder,shows", SERVER_PATH_CASES, ids=[c[0] for c in SERVER_PATH_CASES]
)
def test_relative_package_folder_from_the_server_is_refused(
    tmp_path, folder, shows
):
    """Settings as the server sends them (no file to be relative to)."""
    settings = addon_settings(
        [folder], [app_group("maya", [variant("2025", ["maya-2025.1"])])]
    )
    with pytest.raises(ApplicationLaunchFailed) as info:
        ApplicationManager({"applications": settings}, project_name="show")
    message = str(info.value)
    assert message.startswith(
        "Settings of the applications addon for project \"show\" are not"
        " valid: "
    )
    assert shows in message
    assert "\n" not in message


def test_relative_package_folder_of_a_file_is_the_files(site, tmp_path):
    """The standalone file keeps folders relative to itself."""
    site.write(good_settings_file())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "ayon_applications", "--settings",
         site.settings, *cli_commands(site.output)["launch"]],
        cwd=str(elsewhere), env=site.env(), capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert os.path.exists(site.marker)


# --- faults -----------------------------------------------------------------

@pytest.mark.parametrize("fault_id", [
    "environment-too-large-one-variable", "environment-too-large-in-all",
])
def test_environment_too_large_for_the_os(site, fault_id):
    data = good_settings_file()
    if fault_id.endswith("one-variable"):
        environment = {"AYON_TEST_BIG": "x" * (3 * 1024 * 1024)}
    else:
        environment = {
            f"AYON_TEST_BIG_{index}": "x" * (100 * 1024)
            for index in range(100)
        }
    Set(f"projects.{PROJECT}.applications.0.variants.0.environment",
        json.dumps(environment)).apply(data)
    site.write(data)
    result = site.run(cli_commands(site.output)["launch"])
    line = assert_one_error_line(result, FAULTS[fault_id].shows)
    assert line.startswith(f"ERROR: Cannot start \"{APP}\"")
    assert "variable AYON_TEST_BIG" in line
    site.nothing_written()


def test_output_that_is_a_folder(site):
    site.write(good_settings_file())
    os.makedirs(site.output)
    result = site.run(cli_commands(site.output)["extractenvironments"])
    line = assert_one_error_line(
        result, FAULTS["output-is-a-folder"].shows
    )
    assert f"Cannot write \"{site.output}\"" in line
    assert os.listdir(site.output) == []
    assert os.listdir(os.path.dirname(site.output)) == ["env.json"]


def test_output_under_a_file(site):
    site.write(good_settings_file())
    blocker = os.path.join(site.root, "job")
    with open(blocker, "w", encoding="utf-8") as stream:
        stream.write("not a folder")
    result = site.run(cli_commands(site.output)["extractenvironments"])
    assert_one_error_line(result, FAULTS["output-under-a-file"].shows)
    with open(blocker, encoding="utf-8") as stream:
        assert stream.read() == "not a folder"


# --- the unprivileged side --------------------------------------------------

@pytest.mark.parametrize("fault_id", [
    "output-folder-not-writable", "output-folder-not-creatable",
])
def test_output_folder_not_writable(open_site, fault_id):
    site = open_site
    site.write(good_settings_file())
    site.open_to_all()
    locked = os.path.join(site.root, "job")
    os.makedirs(locked)
    os.chmod(locked, 0o755)
    if fault_id.endswith("creatable"):
        site.output = os.path.join(locked, "new", "env.json")
    as_nobody = None
    if os.geteuid() == 0:
        as_nobody = python_for_nobody()
    else:  # modes apply to this user: the folder is made read-only
        os.chmod(locked, 0o555)
    result = site.run(
        cli_commands(site.output)["extractenvironments"], as_nobody=as_nobody
    )
    shows = FAULTS[fault_id].shows if as_nobody else "permission denied: "
    line = assert_one_error_line(result, shows)
    assert f"may not write in \"{locked}\"" in line
    assert os.listdir(locked) == []


def test_case_table_covers_the_issue():
    """The issue asks for these; the table keeps them."""
    ids = {case.id for case in SETTINGS_CASES}
    for wanted in ("studio-null", "studio-a-list", "projects-a-list",
                   "applications-an-object", "group-without-name",
                   "arguments-a-string", "command-a-string",
                   "packages-path-a-string", "variant-twice"):
        assert wanted in ids
    assert len(SETTINGS_CASES) + len(FAULT_CASES) >= 40
