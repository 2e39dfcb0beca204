"""The per-user on-disk resolve cache, with real rez resolves.

A repeat resolve in a new process is read from the cache (no rez, no
``package.py``) while rez would still give the same answer; a release,
a changed package definition, a damaged or tampered entry, or an unsafe
folder make it resolve as before.
"""
import json
import logging
import os
import stat

import pytest

from ayon_applications import resolver
from ayon_applications.requests import ComposedRequest
from ayon_applications.resolve_inputs import digest, resolve_inputs
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    launch_in_new_process,
    read_probe,
    resolve_in_new_process,
    variant,
    write_settings_file,
)


def cache_settings(folder, enabled=True):
    return {
        "enabled": enabled,
        "path": {"windows": folder, "linux": folder, "darwin": folder},
    }


@pytest.fixture
def cache_dir(tmp_path):
    return str(tmp_path / "resolve-cache")


@pytest.fixture
def settings_path(tmp_path, probe_repo, cache_dir):
    probe_repo.backdate()
    settings = addon_settings(
        [probe_repo.root],
        [app_group("maya", [variant("2025", ["maya-2025"])])],
        resolve_cache=cache_settings(cache_dir),
    )
    return write_settings_file(str(tmp_path / "s.json"), settings)


def test_a_repeat_resolve_in_a_new_process_reads_the_cache(
    settings_path, cache_dir
):
    first = resolve_in_new_process(settings_path)
    second = resolve_in_new_process(settings_path)
    assert first["cache"] == "" and first["package_py_opens"] > 0
    assert second["cache"] == "disk" and second["from_cache"] is True
    assert second["packages"] == first["packages"] == [
        "python-3.11.0", "maya-2025.1",
    ]
    assert second["environment"] == first["environment"]
    # (``resolve`` explains where each variable comes from: that reads
    #   rez's actions, so it loads the packages; a launch does not, see
    #   the next test.)
    # Private folder, private files, plain JSON data.
    assert stat.S_IMODE(os.stat(cache_dir).st_mode) == 0o700
    names = os.listdir(cache_dir)
    assert len(names) == 2  # the resolve and its environment
    for name in names:
        path = os.path.join(cache_dir, name)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
        assert data["checksum"] == digest(data["body"])


def test_a_repeat_launch_in_a_new_process_needs_no_rez(
    settings_path, probe_output
):
    first = launch_in_new_process(settings_path)
    first_env = read_probe(probe_output)["env"]
    second = launch_in_new_process(settings_path)
    second_env = read_probe(probe_output)["env"]
    assert first["rez_imported"] and first["package_py_opens"] > 0
    assert second["rez_imported"] is False
    assert second["package_py_opens"] == 0
    # The program got the same environment (the context file is named by
    #   the resolve, so it is the same file too).
    assert second_env == first_env
    assert second_env["MAYA_VERSION"] == "2025.1"
    assert second_env["REZ_USED_RESOLVE"] == "python-3.11.0 maya-2025.1"


def test_a_new_release_is_a_miss_with_the_new_package(
    settings_path, probe_repo
):
    resolve_in_new_process(settings_path)
    assert resolve_in_new_process(settings_path)["cache"] == "disk"

    probe_repo.add_probe_app("maya", "2025.2", requires=["python-3.11"])
    after = resolve_in_new_process(settings_path)
    assert after["cache"] == ""
    assert after["packages"] == ["python-3.11.0", "maya-2025.2"]
    # Just released: not stored yet (the solve might have missed it) ...
    assert resolve_in_new_process(settings_path)["cache"] == ""
    # ... stored once the release is older than the margin.
    probe_repo.backdate(60)
    resolve_in_new_process(settings_path)
    again = resolve_in_new_process(settings_path)
    assert again["cache"] == "disk"
    assert again["packages"] == ["python-3.11.0", "maya-2025.2"]


def test_a_release_in_a_family_the_solve_only_looked_at_is_a_miss(
    tmp_path, rez_repo, cache_dir
):
    # tool-2 needs dep-2, and dep-2.0 cannot live with "other": the solve
    #   settles for tool-1. dep is neither requested nor resolved (rez's
    #   memcached check would not look at it).
    rez_repo.add("other", "1.0")
    rez_repo.add("tool", "1.0")
    rez_repo.add("tool", "2.0", requires=["dep-2"])
    rez_repo.add("dep", "2.0", requires=["!other"])
    rez_repo.backdate()
    settings = resolver.RezSettings(
        packages_path=[rez_repo.root], resolve_cache_path=cache_dir
    )
    request = ComposedRequest()
    request.add(["other", "tool"], "test")
    assert resolver.resolve(request, settings, "t").packages == [
        "other-1.0", "tool-1.0",
    ]
    assert resolver.resolve(request, settings, "t").cache_source == "disk"

    rez_repo.add("dep", "2.1")
    after = resolver.resolve(request, settings, "t")
    assert after.cache_source == ""
    assert sorted(after.packages) == ["dep-2.1", "other-1.0", "tool-2.0"]


def test_a_changed_package_definition_is_a_miss(
    settings_path, probe_repo
):
    resolve_in_new_process(settings_path)
    definition = os.path.join(probe_repo.root, "maya", "2025.1",
                              "package.py")
    with open(definition, "a", encoding="utf-8") as stream:
        stream.write("\n# edited in place\n")
    assert resolve_in_new_process(settings_path)["cache"] == ""


def _resolve(repo_root, cache_dir, parent=None, **options):
    settings = resolver.RezSettings(
        packages_path=[repo_root], resolve_cache_path=cache_dir, **options
    )
    request = ComposedRequest()
    request.add(["maya-2025"], "test")
    resolution = resolver.resolve(request, settings, "\"maya/2025\"")
    env = resolution.environ(parent or {"PATH": "/usr/bin"}, ["PATH"])
    return resolution, env


def _entry_path(cache_dir):
    names = [name for name in os.listdir(cache_dir) if ".env-" not in name]
    assert len(names) == 1
    return os.path.join(cache_dir, names[0])


def test_a_damaged_entry_is_ignored_with_a_warning(
    probe_repo, cache_dir, caplog
):
    probe_repo.backdate()
    first, env = _resolve(probe_repo.root, cache_dir)
    path = _entry_path(cache_dir)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write('{"checksum": "0", "body": {"trunc')
    with caplog.at_level(logging.WARNING):
        second, env2 = _resolve(probe_repo.root, cache_dir)
    assert "Ignoring damaged resolve cache file" in caplog.text
    assert second.cache_source == "" and second.packages == first.packages
    # A new solve: the same environment but for its own time.
    for variables in (env, env2):
        variables.pop("REZ_USED_TIMESTAMP")
    assert env2 == env
    # The solve wrote a good entry in its place.
    assert _resolve(probe_repo.root, cache_dir)[0].cache_source == "disk"


def test_a_tampered_entry_is_ignored_and_runs_no_code(
    tmp_path, probe_repo, rez_repo, cache_dir, caplog
):
    probe_repo.backdate()
    _resolve(probe_repo.root, cache_dir)
    path = _entry_path(cache_dir)
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)

    # Edited without the checksum.
    data["body"]["packages"] = ["maya-2099.0"]
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(data, stream)
    with caplog.at_level(logging.WARNING):
        assert _resolve(probe_repo.root, cache_dir)[0].packages == [
            "python-3.11.0", "maya-2025.1",
        ]
    assert "checksum does not match" in caplog.text

    # Pointed at a package outside the package paths whose definition
    #   would run code, with a matching checksum.
    marker = tmp_path / "ran"
    evil = rez_repo.add("maya", "2025.1")
    with open(os.path.join(evil, "package.py"), "a",
              encoding="utf-8") as stream:
        stream.write(f"open({str(marker)!r}, 'w').close()\n")
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    body = data["body"]
    for handle in body["context"]["resolved_packages"]:
        handle["variables"]["location"] = rez_repo.root
    body["variants"][-1]["file"] = os.path.join(evil, "package.py")
    data["checksum"] = digest(body)
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(data, stream)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        resolution, env = _resolve(probe_repo.root, cache_dir)
    assert "outside the studio's package paths" in caplog.text
    assert resolution.cache_source == ""
    assert not marker.exists()
    assert env["MAYA_VERSION"] == "2025.1"


def test_an_unsafe_folder_is_not_used(probe_repo, tmp_path, caplog,
                                      monkeypatch):
    probe_repo.backdate()
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    with caplog.at_level(logging.WARNING):
        resolution, _env = _resolve(probe_repo.root, str(shared))
        again, _env = _resolve(probe_repo.root, str(shared))
    assert "others may write to it (mode 777)" in caplog.text
    assert again.cache_source == "" and resolution.packages
    assert os.listdir(shared) == []

    someone_elses = tmp_path / "theirs"
    someone_elses.mkdir(mode=0o700)
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(tmp_path).st_uid + 1)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        _resolve(probe_repo.root, str(someone_elses))
    assert "owned by another user" in caplog.text
    assert os.listdir(someone_elses) == []


def test_the_cache_can_be_turned_off(probe_repo, cache_dir):
    probe_repo.backdate()
    for _ in range(2):
        resolution, _env = _resolve(
            probe_repo.root, cache_dir, resolve_cache=False
        )
        assert resolution.cache_source == ""
    assert not os.path.exists(cache_dir)


def test_the_environment_follows_the_parent_and_keeps_no_secret(
    tmp_path, rez_repo, cache_dir
):
    rez_repo.add("maya", "2025.1",
                 commands='env.SEEN = getenv("STUDIO") + "-seen"')
    rez_repo.backdate()
    parent_a = {"PATH": "/usr/bin", "STUDIO": "a", "AYON_API_KEY": "s3"}
    parent_b = dict(parent_a, STUDIO="b")
    _first, env_a = _resolve(rez_repo.root, cache_dir, parent_a)
    hit_b, env_b = _resolve(rez_repo.root, cache_dir, parent_b)
    hit_a, env_a2 = _resolve(rez_repo.root, cache_dir, parent_a)
    assert hit_b.cache_source == hit_a.cache_source == "disk"
    assert env_a["SEEN"] == "a-seen" and env_b["SEEN"] == "b-seen"
    assert env_a2 == env_a and env_a["AYON_API_KEY"] == "s3"
    for name in os.listdir(cache_dir):
        with open(os.path.join(cache_dir, name), encoding="utf-8") as f:
            assert "s3" not in f.read().replace(digest({}), "")


def test_other_settings_are_another_entry(probe_repo, cache_dir):
    probe_repo.backdate()
    _resolve(probe_repo.root, cache_dir)
    other, _env = _resolve(
        probe_repo.root, cache_dir,
        extra_config={"prune_failed_graph": False},
    )
    assert other.cache_source == ""
    assert _resolve(probe_repo.root, cache_dir)[0].cache_source == "disk"


def test_a_hit_saves_the_same_rxt_as_the_solve(probe_repo, cache_dir,
                                               tmp_path):
    probe_repo.backdate()
    solved, _env = _resolve(probe_repo.root, cache_dir)
    hit, _env = _resolve(probe_repo.root, cache_dir)
    assert hit.cache_source == "disk"
    solved.save(str(tmp_path / "solved.rxt"))
    hit.save(str(tmp_path / "hit.rxt"))
    assert (tmp_path / "hit.rxt").read_text() == (
        tmp_path / "solved.rxt").read_text()
    assert hit.fingerprint() == solved.fingerprint()
    assert hit.timestamp == solved.timestamp
    assert hit.package_versions == {"python": "3.11.0", "maya": "2025.1"}
    # The stored context is rez's: it loads and resolves the same.
    loaded = resolver.load_resolution(
        str(tmp_path / "hit.rxt"), hit.request, hit.rez_settings, "t"
    )
    assert loaded.packages == hit.packages


def test_the_key_covers_what_decides_a_resolve(monkeypatch):
    args = (["maya-2025", "~python-3"], ["/p"], None,
            {"implicit_packages": ["~platform=={system.platform}"]})

    def key(*changed):
        call = list(args)
        for index, value in changed:
            call[index] = value
        return digest(resolve_inputs(*call))

    reference = key()
    changes = [
        key((0, ["~python-3", "maya-2025"])),  # request order
        key((1, ["/p", "/q"])),
        key((2, 1700000000)),
        key((3, {"implicit_packages": []})),
        key((3, {**args[3], "package_filter": [{"excludes": ["*.beta"]}]})),
    ]
    assert reference not in changes and len(set(changes)) == len(changes)
    # The machine's own rez config does not decide a launch's resolve
    #   (the studio's config is locked): no new key for it.
    monkeypatch.setenv("REZ_PACKAGE_FILTER", "x")
    monkeypatch.setenv("REZ_CONFIG_FILE", "/elsewhere/rezconfig.py")
    assert key() == reference


def test_settings_name_the_folder_per_user(monkeypatch, tmp_path):
    from ayon_applications.resolve_cache import expand_folder
    from ayon_applications.rez_settings import RezSettings

    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "ann")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    settings = RezSettings.from_settings({"rez": {"resolve_cache": {
        "enabled": False, "path": {"linux": "~/c/{user}"}}}}, "linux")
    assert settings.resolve_cache is False
    assert expand_folder(settings.resolve_cache_path) == str(
        tmp_path / "c" / "ann")
    default = RezSettings.from_settings({}, "linux")
    assert default.resolve_cache is True
    assert expand_folder(default.resolve_cache_path) == str(
        tmp_path / "xdg" / "ayon-applications" / "rez-resolves")


def test_environment_and_aliases_come_from_one_interpretation(
    rez_repo, monkeypatch
):
    from rez.resolved_context import ResolvedContext

    rez_repo.add("maya", "2025.1", commands="""
        env.MAYA_VERSION = '{version}'
        alias('maya', '{root}/bin/maya -batch')
    """)
    runs = []
    execute = ResolvedContext._execute
    monkeypatch.setattr(ResolvedContext, "_execute",
                        lambda self, executor: runs.append(1) or execute(
                            self, executor))
    resolution, env = _resolve(rez_repo.root, "", resolve_cache=False)
    aliases = resolution.aliases()
    assert len(runs) == 1
    root = os.path.join(rez_repo.root, "maya", "2025.1")
    assert aliases == {"maya": f"{root}/bin/maya -batch"}
    assert env["MAYA_VERSION"] == "2025.1"
    # What rez's own calls give, each interpreting again.
    actions = resolution.context.get_actions(parent_environ={})
    assert [a.args for a in actions if type(a).__name__ == "Alias"] == [
        ("maya", f"{root}/bin/maya -batch"),
    ]
