"""memcached as rez uses it, across fresh processes: a real memcached.

With ``memcached_uri`` set, both of rez's memcached caches work:
resolves and package definition files, so a hit in a new process opens
no ``package.py``. The on-disk resolve cache is off here (it would
answer first; see ``test_resolve_cache.py``).
"""
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    resolve_in_new_process,
    variant,
    write_settings_file,
)
from tests.fixtures.memcached import free_port

NO_DISK_CACHE = {
    "enabled": False,
    "path": {"windows": "", "linux": "", "darwin": ""},
}


def settings_file(tmp_path, probe_repo, uri):
    settings = addon_settings(
        [probe_repo.root],
        [app_group("maya", [variant("2025", ["maya-2025"])])],
        memcached_uri=[uri],
        resolve_cache=NO_DISK_CACHE,
    )
    return write_settings_file(str(tmp_path / "s.json"), settings)


def test_new_process_reuses_the_cached_resolve_and_package_files(
    tmp_path, probe_repo, memcached_uri
):
    path = settings_file(tmp_path, probe_repo, memcached_uri)
    first = resolve_in_new_process(path)
    second = resolve_in_new_process(path)
    assert first["from_cache"] is False and first["cache"] == ""
    assert first["package_py_opens"] > 0
    assert second["from_cache"] is True and second["cache"] == "memcached"
    assert second["packages"] == first["packages"]
    # A memcached hit is a new context (its own time), the same variants.
    times = ("AYON_REZ_TIMESTAMP", "REZ_USED_TIMESTAMP")
    for report in (first, second):
        for name in times:
            report["environment"].pop(name)
    assert second["environment"] == first["environment"]
    # rez's package-file cache follows the setting: nothing read from disk.
    assert second["package_py_opens"] == 0


def test_a_new_release_invalidates_the_cached_resolve(
    tmp_path, probe_repo, memcached_uri
):
    path = settings_file(tmp_path, probe_repo, memcached_uri)
    resolve_in_new_process(path)
    probe_repo.add_probe_app("maya", "2025.2", requires=["python-3.11"])
    after = resolve_in_new_process(path)
    assert after["from_cache"] is False
    assert "maya-2025.2" in after["packages"]


def test_an_edited_package_file_is_read_again(
    tmp_path, probe_repo, memcached_uri
):
    path = settings_file(tmp_path, probe_repo, memcached_uri)
    resolve_in_new_process(path)
    definition = probe_repo.add_probe_app(
        "maya", "2025.1", requires=["python-3.11"],
        commands="env.MAYA_VERSION = 'edited'",
    )
    after = resolve_in_new_process(path)
    assert after["environment"]["MAYA_VERSION"] == "edited"
    assert after["package_py_opens"] > 0, definition


def test_unreachable_memcached_is_skipped(tmp_path, probe_repo):
    path = settings_file(tmp_path, probe_repo, f"127.0.0.1:{free_port()}")
    report = resolve_in_new_process(path)
    assert report["from_cache"] is False
    assert report["packages"] == ["python-3.11.0", "maya-2025.1"]
