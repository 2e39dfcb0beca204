"""The studio's rez config is the one source of a launch's rez config.

The studio settings (``implicit_packages``, ``rez/extra_config``) over
rez's own defaults; a machine's ``REZ_CONFIG_FILE``, home ``.rezconfig``
or ``REZ_*`` variables change nothing. The config is scoped to the thread
that resolves, so two resolves with different settings run side by side.
Platform variants resolve for Windows and macOS as well: those tests
patch the platform where rez expands ``{system.platform}``.
"""
import io
import json
import os
import subprocess
import sys
import threading

import pytest

from ayon_applications import ApplicationLaunchFailed, cli, resolver
from ayon_applications.manager import ApplicationManager
from ayon_applications.requests import compose_request
from ayon_applications.rez_settings import (
    DEFAULT_IMPLICIT_PACKAGES,
    RezSettings,
)
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    variant,
    write_settings_file,
)
from tests.fixtures.studio_repo import rezconfig_text

#: A machine's own rez config that would change every resolve.
HOSTILE = {
    "implicit_packages": ["~platform==windows"],
    "package_filter": [{"excludes": ["glob(orderpkg-3*)"]}],
    "variant_select_mode": "intersection_priority",
    "packages_path": ["/nonexistent/packages"],
}


def resolve_with(repo, requests, **settings):
    rez_settings = RezSettings(packages_path=[repo.root], **settings)
    request = compose_request(
        [], "g", requests, "g/v",
        implicit_requests=rez_settings.implicit_packages,
    )
    return resolver.resolve(request, rez_settings, "test")


def variant_index(resolution, name):
    for item in resolution.variants:
        if item["package"].split("-")[0] == name:
            return item["index"]
    raise AssertionError(f"{name} not resolved")


# --- Implicit packages -----------------------------------------------------


def test_implicit_packages_default_to_rezs_own_when_unset():
    assert RezSettings.from_settings({"rez": {}}).implicit_packages == list(
        DEFAULT_IMPLICIT_PACKAGES
    )
    replaced = {"rez": {"implicit_packages": ["~platform==osx"]}}
    assert RezSettings.from_settings(replaced).implicit_packages == [
        "~platform==osx"
    ]
    empty = {"rez": {"implicit_packages": []}}
    assert RezSettings.from_settings(empty).implicit_packages == []


def test_default_implicit_packages_are_rezs_own_defaults():
    from rez.config import _create_locked_config

    assert list(DEFAULT_IMPLICIT_PACKAGES) == _create_locked_config(
    )._data["implicit_packages"]


@pytest.mark.parametrize(
    ("platform_name", "index"), [("windows", 0), ("linux", 1), ("osx", 2)]
)
def test_platform_variants_follow_the_platform_rez_expands(
    studio_repo, monkeypatch, platform_name, index
):
    from rez.config import _create_locked_config
    from rez.system import system

    monkeypatch.setattr(system, "platform", platform_name)
    resolution = resolve_with(studio_repo, ["platpkg"])

    assert variant_index(resolution, "platpkg") == index
    expanded = [str(req) for req in resolution.context.implicit_packages]
    assert expanded == _create_locked_config().implicit_packages
    assert expanded[0] == f"~platform=={platform_name}"
    assert resolution.effective_config["implicit_packages"] == expanded


def test_arch_variants_follow_the_arch_rez_expands(studio_repo, monkeypatch):
    from rez.system import system

    monkeypatch.setattr(system, "arch", studio_repo.other_arch)
    resolution = resolve_with(studio_repo, ["archpkg"])

    if studio_repo.platform == "linux":
        assert variant_index(resolution, "archpkg") == 0


# --- The machine's rez config is ignored -----------------------------------


def test_machines_rez_config_does_not_change_a_launch(studio_repo, tmp_path):
    """A real process whose REZ_CONFIG_FILE, home config and REZ_*
    variables would change the resolve; rez's CLI shows they do."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".rezconfig").write_text(json.dumps(HOSTILE))  # YAML
    machine_file = tmp_path / "machine_rezconfig.py"
    machine_file.write_text(rezconfig_text(HOSTILE))
    # resolve is a dry run of launch: the command must be found too
    settings = addon_settings(
        [studio_repo.root],
        [app_group("app", [variant("v", ["platpkg", "orderpkg", "vsm",
                                         "bar", "baz"],
                                   command=[sys.executable])])],
    )
    del settings["rez"]["implicit_packages"]
    path = write_settings_file(str(tmp_path / "settings.json"), settings)
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith("REZ_")
    }
    env.update(
        HOME=str(home),
        REZ_CONFIG_FILE=str(machine_file),
        REZ_PACKAGES_PATH="/nonexistent/packages",
        REZ_VARIANT_SELECT_MODE="intersection_priority",
    )
    rez_cli = os.path.join(os.path.dirname(sys.executable), "rez")
    machine = subprocess.run(
        [rez_cli, "env", "--paths", studio_repo.root, "platpkg",
         "orderpkg", "--", sys.executable, "-c",
         "import os; print(os.environ['REZ_USED_RESOLVE'])"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert machine.returncode == 0, machine.stderr
    assert "orderpkg-2.0" in machine.stdout  # the machine's filter works

    result = subprocess.run(
        [sys.executable, "-m", "ayon_applications", "--settings", path,
         "resolve", "--app", "app/v", "--json"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    indexes = {
        item["package"].split("-")[0]: item["index"]
        for item in report["variants"]
    }
    assert indexes["platpkg"] == ["windows", "linux", "osx"].index(
        studio_repo.platform
    )
    assert indexes["vsm"] == 0  # version_priority, rez's default
    assert "orderpkg-3.0" in report["packages"]
    effective = report["rez_config"]
    assert effective["packages_path"] == [studio_repo.root]
    assert effective["package_filter"] == []
    assert effective["variant_select_mode"] == "version_priority"
    assert effective["implicit_packages"][0] == (
        f"~platform=={studio_repo.platform}"
    )


# --- Per-thread scope -------------------------------------------------------


def test_scoped_config_is_seen_only_by_its_thread():
    from rez.config import config

    studio = resolver.studio_config(
        {"variant_select_mode": "intersection_priority"}
    )
    seen = {}
    entered, release = threading.Event(), threading.Event()

    def scoped_thread():
        from ayon_applications.config_scope import scoped_config

        with scoped_config(studio):
            seen["inside"] = config.variant_select_mode
            entered.set()
            release.wait(10)
        seen["after"] = config.variant_select_mode

    thread = threading.Thread(target=scoped_thread)
    thread.start()
    assert entered.wait(10)
    main_thread_value = config.variant_select_mode
    release.set()
    thread.join(10)

    assert seen["inside"] == "intersection_priority"
    assert main_thread_value == "version_priority"
    assert seen["after"] == "version_priority"


def test_extra_config_is_checked_by_rez_with_the_setting_named(studio_repo):
    with pytest.raises(ApplicationLaunchFailed, match="package_filters"):
        resolve_with(
            studio_repo, ["betapkg"],
            extra_config={"package_filters": []},
        )
    with pytest.raises(
        ApplicationLaunchFailed, match="rez/extra_config.*variant_select"
    ):
        resolve_with(
            studio_repo, ["betapkg"],
            extra_config={"variant_select_mode": "newest_first"},
        )


def test_resolve_command_prints_the_effective_rez_config(
    studio_repo, tmp_path
):
    settings = addon_settings(
        [studio_repo.root],
        [app_group("app", [variant("v", ["betapkg", "aliasapp"],
                                   command=["aliasapp"])])],
    )
    del settings["rez"]["implicit_packages"]
    settings["rez"]["extra_config"] = json.dumps(
        {"package_filter": {"excludes": ["glob(*.beta)"]}}
    )
    manager = ApplicationManager(settings_source=FileSettingsSource(
        write_settings_file(str(tmp_path / "settings.json"), settings)
    ))
    out = io.StringIO()
    assert cli.resolve_command(manager, "app/v", out=out) == 0
    text = out.getvalue()

    assert "betapkg-1.0" in text
    assert 'package_filter = [{"excludes": ["glob(*.beta)"]}]' in text
    assert f'"~platform=={studio_repo.platform}"' in text
    assert 'variant_select_mode = "version_priority"' in text
    assert 'Command: rez alias "aliasapp"' in text
    assert "--flag two words" in text
