"""The local payload cache: copied by default once a cache path is set,
one log line per package, progress of long copies, a record of use and
pruning that removes the least recently used payloads first, never one
a running application uses.

Real rez packages, real processes (tests/fixtures/launch.py).
"""
import json
import logging
import os
import re
import sys

import pytest

from ayon_applications import (
    ApplicationManager,
    payload_cache,
    payload_usage,
)
from ayon_applications.__main__ import main as standalone_main
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    read_probe,
    variant,
    write_settings_file,
)

WAITER_SCRIPT = f"""#!{sys.executable}
import os, time
stop = os.environ.get("WAIT_FOR")
while stop and not os.path.exists(stop):
    time.sleep(0.02)
"""
LOGGER = "ayon_applications.payload_cache"


def with_cache(settings, cache, **rez):
    settings["rez"]["local_cache_path"] = {
        "windows": cache, "linux": cache, "darwin": cache,
    }
    settings["rez"].update(rez)
    return settings


def make_manager(tmp_path, settings):
    path = write_settings_file(str(tmp_path / "s.json"), settings)
    return ApplicationManager(settings_source=FileSettingsSource(path))


def launch(manager, app="maya/2025", wait=True):
    """Launch; wait for the cache's work (and the process when asked)."""
    context = manager.create_launch_context(app, project_name="show")
    process = context.launch()
    if wait:
        assert process.wait(timeout=60) == 0
    thread = context.data.get("payload_cache_thread")
    if thread is not None:
        thread.join(timeout=60)
    return process


def cache_messages(caplog):
    return [record.getMessage() for record in caplog.records
            if record.name == LOGGER]


def test_default_settings_cache_the_payload_by_the_second_launch(
    tmp_path, probe_repo, probe_output, caplog
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    cache = str(tmp_path / "cache")
    apps = [app_group("maya", [variant("2025", ["maya-2025"])])]
    settings = with_cache(addon_settings([probe_repo.root], apps), cache)
    manager = make_manager(tmp_path, settings)
    repo_root = os.path.join(probe_repo.root, "maya", "2025.1")

    launch(manager)
    first = read_probe(probe_output)["env"]
    first_log = cache_messages(caplog)
    caplog.clear()
    process = launch(manager)
    second = read_probe(probe_output)["env"]

    assert first["REZ_MAYA_ROOT"] == repo_root
    assert second["REZ_MAYA_ROOT"].startswith(cache + os.sep)
    assert second["REZ_MAYA_ORIG_ROOT"] == repo_root
    python_root = os.path.join(probe_repo.root, "python", "3.11.0")
    assert first_log[0] == (
        f"Payload cache: python-3.11.0 copying from {python_root}"
    )
    assert first_log[1].startswith("Payload cache: python-3.11.0 copied in ")
    assert first_log[2] == (
        f"Payload cache: maya-2025.1 copying from {repo_root}"
    )
    assert first_log[3].startswith("Payload cache: maya-2025.1 copied in ")
    assert cache_messages(caplog) == [
        f"Payload cache: python-3.11.0 cached ({second['REZ_PYTHON_ROOT']})",
        f"Payload cache: maya-2025.1 cached ({second['REZ_MAYA_ROOT']})",
    ]
    usage = payload_usage.read_usage(cache)
    record = usage[second["REZ_MAYA_ROOT"]]
    assert record["package"] == "maya-2025.1"
    assert record["pids"][0][0] == process.pid


def test_skipped_packages_say_why(tmp_path, probe_repo, probe_output, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    folder = probe_repo.add("license", "1.0.0")
    with open(os.path.join(folder, "package.py"), "a") as stream:
        stream.write("cachable = False\n")
    settings = with_cache(
        addon_settings([probe_repo.root], [app_group("maya", [
            variant("2025", ["maya-2025", "license"])])]),
        str(tmp_path / "cache"),
        cachable="filters", cachable_excludes=["glob(pyth*)"],
    )
    launch(make_manager(tmp_path, settings))
    messages = cache_messages(caplog)
    assert ("Payload cache: python-3.11.0 skipped: excluded by"
            " rez/cachable_excludes rule glob(pyth*)") in messages
    assert ("Payload cache: license-1.0.0 skipped: the package says"
            " cachable = False") in messages
    assert any(m.startswith("Payload cache: maya-2025.1 copied in ")
               for m in messages)

    caplog.clear()
    settings["rez"]["cachable"] = "none"
    launch(make_manager(tmp_path, settings))
    assert "Payload cache: license-1.0.0 skipped: caching is off" \
        " (rez/cachable: none)" in cache_messages(caplog)


def test_a_long_copy_reports_progress(
    tmp_path, probe_repo, probe_output, caplog, monkeypatch
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    monkeypatch.setattr(payload_cache, "PROGRESS_INTERVAL_S", 0.001)
    folder = probe_repo.add("textures", "1.0.0")
    for index in range(40):
        with open(os.path.join(folder, f"tex{index}.bin"), "wb") as stream:
            stream.write(os.urandom(512 * 1024))
    settings = with_cache(
        addon_settings([probe_repo.root], [app_group("maya", [
            variant("2025", ["maya-2025", "textures"])])]),
        str(tmp_path / "cache"),
    )
    launch(make_manager(tmp_path, settings))
    progress = [m for m in cache_messages(caplog)
                if m.startswith("Payload cache: copying textures-1.0.0: ")]
    assert progress
    for message in progress:
        assert re.fullmatch(
            r"Payload cache: copying textures-1\.0\.0: [\d.]+ [KMG]?B of"
            r" 20\.0 MB \(\d+%\)", message,
        ), message


@pytest.fixture
def four_apps(tmp_path, probe_repo):
    """Apps a..d, each with its own 200 KB payload and the waiter program
    (which, with WAIT_FOR set, runs until that file exists)."""
    probe_repo.add("waiter", "1.0.0", bin_scripts={"waiter": WAITER_SCRIPT})
    for name in "abcd":
        folder = probe_repo.add(f"data_{name}", "1.0.0")
        with open(os.path.join(folder, "data.bin"), "wb") as stream:
            stream.write(b"x" * 200 * 1024)
    stop = str(tmp_path / "stop")
    groups = [
        app_group(name, [variant(
            "1", ["waiter", f"data_{name}"], command=["waiter"],
            environment={"WAIT_FOR": stop} if name == "a" else {},
        )])
        for name in "abcd"
    ]
    cache = str(tmp_path / "cache")
    settings = with_cache(addon_settings([probe_repo.root], groups), cache)
    path = write_settings_file(str(tmp_path / "s.json"), settings)
    return path, cache, stop


def test_prune_removes_least_recently_used_first_not_one_in_use(
    four_apps, capsys
):
    path, cache, stop = four_apps
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    with open(stop, "w"):
        pass
    launch(manager, "a/1")  # ends at once; copies data_a and waiter
    os.remove(stop)
    running = launch(manager, "a/1", wait=False)  # reads them: in use
    try:
        for app in ("b/1", "c/1", "d/1"):
            launch(manager, app)

        entries = {e.package: e for e in payload_cache.cache_entries(cache)}
        assert sorted(entries) == [
            "data_a-1.0.0", "data_b-1.0.0", "data_c-1.0.0", "data_d-1.0.0",
            "waiter-1.0.0",
        ]
        assert entries["data_a-1.0.0"].pids == [running.pid]
        assert entries["waiter-1.0.0"].pids == [running.pid]
        limit = sum(entries[name].size for name in (
            "data_a-1.0.0", "data_d-1.0.0", "waiter-1.0.0"))

        code = standalone_main(["--settings", path, "cache", "--prune",
                                "--max-size", str(limit), "--json"])
        report = json.loads(capsys.readouterr().out)
        assert code == 0
        # oldest first: data_a (in use, kept), then data_b, data_c
        assert [e["package"] for e in report["removed"]] == [
            "data_b-1.0.0", "data_c-1.0.0",
        ]
        assert [e["package"] for e in report["kept_in_use"]] == [
            "data_a-1.0.0",
        ]
        assert sorted(e["package"] for e in report["entries"]) == [
            "data_a-1.0.0", "data_d-1.0.0", "waiter-1.0.0",
        ]
        assert report["size"] <= limit
        for entry in report["removed"]:
            assert not os.path.exists(entry["root"])
        assert set(payload_usage.read_usage(cache)) == {
            entry["root"] for entry in report["entries"]
        }
    finally:
        with open(stop, "w"):
            pass
        running.wait(timeout=60)

    # the application ended: nothing is in use any more
    code = standalone_main(["--settings", path, "cache", "--prune",
                            "--max-size", "1", "--json"])
    assert json.loads(capsys.readouterr().out)["entries"] == []


def test_cache_lists_entries_and_needs_a_cache_path(
    tmp_path, four_apps, capsys
):
    path, cache, _stop = four_apps
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    launch(manager, "b/1")
    assert standalone_main(["--settings", path, "cache"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Payload cache {cache}: 2 payloads, ")
    assert "(no size limit)" in out
    entry = next(e for e in payload_cache.cache_entries(cache)
                 if e.package == "data_b-1.0.0")
    assert entry.size > 200 * 1024
    size = re.escape(payload_cache.format_size(entry.size))
    when = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
    assert re.search(
        rf"^data_b-1\.0\.0 +{size} +{when} +- +{re.escape(entry.root)}$",
        out, re.M,
    )

    no_cache = write_settings_file(
        str(tmp_path / "none.json"), addon_settings([], [])
    )
    assert standalone_main(["--settings", no_cache, "cache"]) == 1
    assert "No local payload cache is set" in capsys.readouterr().err
    assert standalone_main(["--settings", path, "cache", "--prune"]) == 1
    assert "No size to prune to" in capsys.readouterr().err


@pytest.mark.parametrize("text, size", [
    ("123", 123), ("500M", 500 * 1024 ** 2), ("1.5G", int(1.5 * 1024 ** 3)),
    ("20GB", 20 * 1024 ** 3), ("4k", 4096),
])
def test_parse_size(text, size):
    assert payload_cache.parse_size(text) == size
