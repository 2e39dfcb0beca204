"""``doctor``: every enabled application and tool of two projects, checked
in one process on a real rez repository with good, conflicting,
missing-family and command-not-found variants."""
import copy
import io
import json
import os
import re

import pytest

from ayon_applications import ApplicationManager
from ayon_applications.__main__ import main as standalone_main
from ayon_applications.cli import doctor_command
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    tool,
    tool_group,
    variant,
    write_settings_file,
)


def studio_settings(probe_repo):
    probe_repo.add("oldplugin", "1.0.0", requires=["python-3.10"])
    probe_repo.add("mayaplugin", "1.0.0")
    probe_repo.add("mtoa", "5.4.0", requires=["maya-2025"])
    return addon_settings(
        [probe_repo.root],
        [app_group("maya", [
            variant("2025", ["maya-2025"]),
            variant("clash", ["maya-2025", "oldplugin"]),
            variant("missing", ["maya-2025", "mayaplugn"]),
            variant("nocmd", ["maya-2025"], command=["mayapy_nope"]),
            variant("off", ["maya-2025", "nothing_at_all"], enabled=False),
        ])],
        tools=[tool_group("mtoa", [
            tool("5.4", ["mtoa-5.4"], app_variants=["maya/2025"]),
        ])],
    )


@pytest.fixture
def settings_path(tmp_path, probe_repo):
    studio = studio_settings(probe_repo)
    old_show = copy.deepcopy(studio["applications"])
    old_show[0]["variants"][0]["rez_request"] = ["maya-2024"]
    return write_settings_file(
        str(tmp_path / "settings.json"), studio,
        projects={"show": {}, "old_show": {"applications": old_show}},
    )


def cells(table):
    """Table rows as cells, the time masked (it varies)."""
    rows = []
    for line in table.splitlines():
        row = re.split(r"\s{2,}", line.strip())
        if len(row) >= 5:
            row[4] = re.sub(r"^\d+\.\d{3} s", "T", row[4])
        elif line.endswith(" s"):  # the summary
            row = [re.sub(r" in \d+\.\d\d s$", " in T", line)]
        rows.append(row)
    return rows


def test_table_rows_and_exit_code(settings_path, probe_repo, capsys):
    code = standalone_main(["--settings", settings_path, "doctor"])
    table = capsys.readouterr().out
    root = probe_repo.root
    probe_2025 = os.path.join(root, "maya", "2025.1", "bin", "probe")
    probe_2024 = os.path.join(root, "maya", "2024.2", "bin", "probe")
    conflict = ("rez could not resolve the request (failed):"
                " (python-3.11 <--!--> python-3.10)")
    missing = ("a requested package or version does not exist: package"
               " family not found:"
               f" mayaplugn (searched: {root}); nearest names: mayaplugin,"
               " maya")
    no_command = 'command "mayapy_nope" not found on the resolved PATH'
    assert code == 1
    assert cells(table) == [
        ["PROJECT", "CHECK", "RESULT", "PACKAGES", "TIME", "DETAIL"],
        ["show", "maya/2025", "ok", "2", "T", probe_2025],
        ["show", "maya/clash", "FAILED", "0", "T", conflict],
        ["show", "maya/missing", "FAILED", "0", "T", missing],
        ["show", "maya/nocmd", "FAILED", "2", "T (shared)", no_command],
        ["show", "tool mtoa/5.4 + maya/2025", "ok", "3", "T"],
        ["old_show", "maya/2025", "ok", "2", "T", probe_2024],
        ["old_show", "maya/clash", "FAILED", "0", "T (shared)", conflict],
        ["old_show", "maya/missing", "FAILED", "0", "T (shared)", missing],
        ["old_show", "maya/nocmd", "FAILED", "2", "T (shared)", no_command],
        ["old_show", "tool mtoa/5.4 + maya/2025", "FAILED", "0", "T",
         "rez could not resolve the request (failed):"
         " (maya-2025 <--!--> maya==2024.2)"],
        ["10 checks, 7 failed; 6 resolves (4 shared between checks) in T"],
    ]


def test_one_project_json_and_a_good_run(settings_path, probe_repo):
    manager = ApplicationManager(
        settings_source=FileSettingsSource(settings_path)
    )
    out = io.StringIO()
    assert doctor_command(manager, ["show"], as_json=True, out=out) == 1
    report = json.loads(out.getvalue())
    assert report["projects"] == ["show"]
    assert [(c["name"], c["result"]) for c in report["checks"]] == [
        ("maya/2025", "ok"), ("maya/clash", "FAILED"),
        ("maya/missing", "FAILED"), ("maya/nocmd", "FAILED"),
        ("tool mtoa/5.4 + maya/2025", "ok"),
    ]
    assert report["failed"] == 3
    assert report["checks"][0]["packages"] == 2
    assert report["checks"][0]["seconds"] > 0


def test_exit_zero_when_everything_launches(tmp_path, probe_repo):
    settings = addon_settings([probe_repo.root], [app_group("maya", [
        variant("2025", ["maya-2025"]), variant("2024", ["maya-2024"]),
    ])], tools=[tool_group("golaem", [tool("9", ["golaem"])])])
    probe_repo.add("golaem", "9.0.0")
    path = write_settings_file(str(tmp_path / "s.json"), settings)
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    out = io.StringIO()
    # no projects in the file: the studio settings are checked
    assert doctor_command(manager, None, out=out) == 0
    rows = cells(out.getvalue())
    assert [row[:4] for row in rows[1:-1]] == [
        ["(studio)", "maya/2025", "ok", "2"],
        ["(studio)", "maya/2024", "ok", "2"],
        ["(studio)", "tool golaem/9 + maya/2025", "ok", "3"],
        ["(studio)", "tool golaem/9 + maya/2024", "ok", "3"],
    ]


def test_a_project_the_settings_do_not_know_is_noted(
    settings_path, capsys
):
    # "shwo" gets the studio settings, as any unknown project of a file:
    #   its checks may pass, so the table says it was not found
    code = standalone_main(["--settings", settings_path, "doctor",
                            "--project", "show", "--project", "shwo"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert {line.split()[0] for line in lines[1:-2]} == {"show", "shwo"}
    assert lines[-1] == (
        'Note: the settings know no project "shwo"; it was checked with'
        " the studio settings"
    )
    manager = ApplicationManager(
        settings_source=FileSettingsSource(settings_path)
    )
    out = io.StringIO()
    doctor_command(manager, ["shwo"], as_json=True, out=out)
    assert json.loads(out.getvalue())["unknown_projects"] == ["shwo"]
    out = io.StringIO()
    doctor_command(manager, ["show"], out=out)
    assert "Note:" not in out.getvalue()
