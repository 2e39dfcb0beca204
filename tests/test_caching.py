"""Resolve caching in a real memcached, across fresh processes."""
import json
import subprocess
import sys

from tests.fixtures.launch import (
    addon_settings,
    app_group,
    variant,
    write_settings_file,
)
from tests.fixtures.memcached import free_port


def resolve_in_new_process(settings_path):
    result = subprocess.run(
        [sys.executable, "-m", "ayon_applications", "--settings",
         settings_path, "resolve", "--app", "maya/2025", "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings_file(tmp_path, probe_repo, uri):
    settings = addon_settings(
        [probe_repo.root],
        [app_group("maya", [variant("2025", ["maya-2025"])])],
        memcached_uri=[uri],
    )
    return write_settings_file(str(tmp_path / "s.json"), settings)


def test_new_process_reuses_the_cached_resolve(
    tmp_path, probe_repo, memcached_uri
):
    path = settings_file(tmp_path, probe_repo, memcached_uri)
    first = resolve_in_new_process(path)
    second = resolve_in_new_process(path)
    assert first["from_cache"] is False
    assert second["from_cache"] is True
    assert second["packages"] == first["packages"]


def test_a_new_release_invalidates_the_cached_resolve(
    tmp_path, probe_repo, memcached_uri
):
    path = settings_file(tmp_path, probe_repo, memcached_uri)
    resolve_in_new_process(path)
    probe_repo.add_probe_app("maya", "2025.2", requires=["python-3.11"])
    after = resolve_in_new_process(path)
    assert after["from_cache"] is False
    assert "maya-2025.2" in after["packages"]


def test_unreachable_memcached_is_skipped(tmp_path, probe_repo):
    path = settings_file(tmp_path, probe_repo, f"127.0.0.1:{free_port()}")
    report = resolve_in_new_process(path)
    assert report["from_cache"] is False
    assert report["packages"] == ["python-3.11.0", "maya-2025.1"]
