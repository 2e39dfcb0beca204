"""The benchmarks still run: smallest sizes, one repeat, no timing checks.

Speed is measured in ``benchmarks/`` (see ``docs/benchmarks.md``), never
here; this only keeps the scripts from rotting: every row is there and
every ratio is a positive number. The memcached section needs the
``memcached`` binary (Debian: ``apt-get install -y memcached``); without
it that section is left out and its clear failure is checked instead.
"""
import json
import os
import shutil
import subprocess
import sys

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(TESTS_DIR)

#: Every row of a ``--quick`` run (one size: 2 plug-ins), by section.
EXPECTED = {
    "a": [
        ("python_import", "-"), ("rez_warm", 2), ("addon_warm", 2),
        ("rez_first", 2), ("addon_first", 2), ("subprocess", 2),
    ],
    "b": [
        ("mc_off", 2), ("mc_miss", 2), ("rez_mc_hit", 2), ("mc_hit", 2),
        ("mc_off_wall", 2), ("mc_hit_wall", 2),
    ],
    "c": [("solve", 2), ("load", 2), ("cli_solve", 2), ("cli_reuse", 2)],
    "d": [
        ("resolve", 2), ("launch_env", 2), ("hooks", 2), ("layers", 2),
        ("save_rxt", 2),
    ],
    "e": [
        ("slow_load", "-"), ("limited", "-"), ("fast_alone", 2),
        ("fast_beside_slow", 2),
    ],
    "f": [
        (case, 2) for case in (
            "rez_cold", "addon_cold", "subprocess", "addon_disk",
            "addon_mc_miss", "rez_mc", "addon_mc", "farm_rez",
            "farm_addon_cold", "farm_subprocess", "farm_addon_disk",
            "farm_rez_mc", "farm_addon_mc",
        )
    ],
    "g": [
        ("import_addon", "-"), ("addon_class", "-"),
        ("click_modules", "-"), ("rez_modules", "-"),
    ],
}


def _run(*args):
    env = dict(os.environ, REZ_DISABLE_HOME_CONFIG="1")
    return subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", *args],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True,
        timeout=600,
    )


def test_quick_run_has_every_row_with_positive_ratios(tmp_path):
    sections = "abcdefg" if shutil.which("memcached") else "acdeg"
    json_path = tmp_path / "rows.json"
    result = _run("--sections", sections, "--json", str(json_path))
    assert result.returncode == 0, result.stderr

    data = json.loads(json_path.read_text())
    rows = {(row["section"], row["case"], row["n"]): row
            for row in data["rows"]}
    expected = [
        (section, case, n)
        for section in sections
        for case, n in EXPECTED[section]
    ]
    assert sorted(rows, key=str) == sorted(expected, key=str)
    for key, row in rows.items():
        assert isinstance(row["ratio"], float) and row["ratio"] > 0, key
        assert row["median_s"] > 0, key
        # Section g repeats twice what the others do once.
        assert row["repeats"] == (2 if key[0] == "g" else 1), key
    # The printed table shows every row too.
    for section, case, _n in expected:
        assert any(
            line.startswith(section) and f" {case} " in line
            for line in result.stdout.splitlines()
        ), (section, case)
    # Caches and reuse did what the rows say.
    if "b" in sections:
        assert rows[("b", "mc_hit", 2)]["note"] == "hit 1/1; package.py 0"
        assert rows[("b", "rez_mc_hit", 2)]["note"] == (
            "hit 1/1; package.py 0"
        )
        assert rows[("b", "mc_miss", 2)]["note"] == "hit 0/1"
    if "f" in sections:
        notes = {case: rows[("f", case, 2)]["note"]
                 for case, _n in EXPECTED["f"]}
        # The repeat click and farm task: the disk cache, no rez at all.
        for case in ("addon_disk", "farm_addon_disk"):
            assert "package.py 0; disk 1/1; no rez import" in notes[case]
        for case in ("addon_cold", "farm_addon_cold"):
            assert "disk" not in notes[case] and "package.py 0" not in (
                notes[case]
            ), case
        for case in ("addon_mc", "farm_addon_mc", "rez_mc"):
            assert notes[case].startswith("package.py 0; memcached 1/1")
    assert rows[("c", "cli_reuse", 2)]["note"] == "reused 1/1"
    assert rows[("c", "cli_solve", 2)]["note"] == "reused 0/1"


def test_missing_memcached_fails_clearly_before_any_work():
    result = _run("--sections", "b", "--memcached-bin", "/nonexistent/mc")
    assert result.returncode == 2
    assert "memcached not found" in result.stderr
    assert "apt-get install -y memcached" in result.stderr
    assert "Traceback" not in result.stderr
