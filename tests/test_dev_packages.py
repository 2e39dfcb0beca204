"""Developer packages: a site's local repository, searched first.

The site setting ``dev_packages_path`` (AYON site settings of this addon,
or the ``site`` section of a settings file) puts a TD's local repository
before the studio's. Launches that resolve a package from it say so (log,
``resolve``); farm launches never search it, and a farm job whose artist's
saved resolve used one fails, naming the package, before any other check
of that saved resolve.
"""
import io
import json
import logging
import os
import shutil

import ayon_api
import pytest

from ayon_applications import ApplicationLaunchFailed, LaunchTypes, cli
from ayon_applications.constants import CONTEXT_FILE_ENV
from ayon_applications.launch_pipeline import launch_environment
from ayon_applications.manager import ApplicationManager
from ayon_applications.settings import AyonSettingsSource, FileSettingsSource
from ayon_applications.version import __version__
from tests.fixtures.launch import (
    PROBE_SCRIPT,
    addon_settings,
    app_group,
    variant,
)
from tests.fixtures.rez_repo import RezRepo

APP = "maya/2025"
CONTEXT = {
    "project_name": "show", "folder_path": "/shots/sh010",
    "task_name": "animation",
}


def maya(repo: RezRepo, version: str, label: str) -> None:
    repo.add(
        "maya", version, commands=f"env.MAYA_FROM = '{label}'",
        bin_scripts={"maya": PROBE_SCRIPT},
    )


@pytest.fixture
def repos(tmp_path):
    studio = RezRepo(str(tmp_path / "studio"))
    maya(studio, "2025.1", "studio")
    dev = RezRepo(str(tmp_path / "dev"))
    return studio, dev


def make_manager(tmp_path, studio_root, dev_root=None, request="maya-2025"):
    data = {
        "studio": addon_settings(
            [studio_root],
            [app_group("maya", [variant("2025", [request],
                                        command=["maya"])])],
        ),
        "projects": {},
    }
    if dev_root:
        data["site"] = {"dev_packages_path": dev_root}
    path = tmp_path / f"settings_{len(os.listdir(tmp_path))}.json"
    path.write_text(json.dumps(data))
    return ApplicationManager(settings_source=FileSettingsSource(str(path)))


def launch_env(manager, env=None, launch_type=LaunchTypes.local):
    return launch_environment(
        manager, APP, launch_type=launch_type,
        env=dict(os.environ if env is None else env), **CONTEXT,
    )


def test_dev_packages_are_searched_first_and_reported(
    repos, tmp_path, caplog
):
    studio, dev = repos
    maya(dev, "2025.1", "dev")  # same version: the first path wins
    caplog.set_level(logging.WARNING, logger="ayon_applications")
    manager = make_manager(tmp_path, studio.root, dev.root)

    env = launch_env(manager)

    assert env["MAYA_FROM"] == "dev"
    assert env["REZ_USED_PACKAGES_PATH"].split(os.pathsep) == [
        dev.root, studio.root
    ]
    assert "developer packages" in caplog.text
    assert "maya-2025.1" in caplog.text
    out = io.StringIO()
    assert cli.resolve_command(
        manager, APP, as_json=True, out=out, **CONTEXT
    ) == 0
    report = json.loads(out.getvalue())
    assert report["dev_packages_path"] == dev.root
    assert report["dev_packages"] == [
        {"package": "maya-2025.1", "repository": dev.root}
    ]


def test_without_dev_packages_nothing_is_reported(repos, tmp_path, caplog):
    studio, dev = repos
    maya(dev, "2026.0", "dev")  # not what the request asks for
    caplog.set_level(logging.WARNING, logger="ayon_applications")
    manager = make_manager(tmp_path, studio.root, dev.root)
    out = io.StringIO()

    assert cli.resolve_command(manager, APP, out=out, **CONTEXT) == 0

    text = out.getvalue()
    assert f"Developer packages path: {dev.root}" in text
    assert "no package of this launch comes from it" in text
    assert "developer packages" not in caplog.text


def test_farm_never_uses_dev_packages(repos, tmp_path):
    studio, dev = repos
    maya(dev, "2025.9", "dev")
    manager = make_manager(tmp_path, studio.root, dev.root)
    assert launch_env(manager)["MAYA_FROM"] == "dev"

    farm = launch_env(manager, launch_type=LaunchTypes.farm_publish)

    assert farm["MAYA_FROM"] == "studio"
    assert dev.root not in farm["REZ_USED_PACKAGES_PATH"]


def test_farm_job_of_an_artist_who_used_dev_packages_fails(
    repos, tmp_path
):
    studio, dev = repos
    maya(dev, "2025.9", "dev")
    work = tmp_path / "work"
    work.mkdir()
    artist = launch_env(
        make_manager(tmp_path, studio.root, dev.root),
        env={**os.environ, "AYON_WORKDIR": str(work)},
    )
    saved = artist[CONTEXT_FILE_ENV]
    assert os.path.isfile(saved)
    # Every other check of the saved resolve would fail too: the studio
    #   changed the app's request and the dev repository is gone.
    shutil.rmtree(dev.root)
    farm_manager = make_manager(tmp_path, studio.root,
                                request="maya-2025.1")
    job_env = {**os.environ, CONTEXT_FILE_ENV: saved}

    with pytest.raises(ApplicationLaunchFailed) as caught:
        launch_env(farm_manager, env=job_env,
                   launch_type=LaunchTypes.farm_render)

    message = str(caught.value)
    assert "developer packages" in message
    assert f'maya-2025.9 (from "{dev.root}")' in message
    assert saved in message
    assert "another request" not in message


def test_site_settings_come_from_the_ayon_server(ayon_server, monkeypatch):
    ayon_server.add_addon("applications", __version__)
    ayon_server.set_site_settings(
        "applications", __version__, "td-workstation",
        {"dev_packages_path": "/home/td/rez_dev"},
    )
    expected = {"dev_packages_path": "/home/td/rez_dev"}
    assert AyonSettingsSource().site_settings() == {}  # no site id
    assert not any("siteSettings" in path for _m, path in ayon_server.requests)

    # The launcher sets the connection's site id...
    ayon_api.set_site_id("td-workstation")
    assert AyonSettingsSource().site_settings() == expected
    assert (
        "GET",
        f"/api/addons/applications/{__version__}/siteSettings"
        "?site=td-workstation",
    ) in ayon_server.requests
    # ...and its processes inherit AYON_SITE_ID.
    ayon_api.close_connection()
    monkeypatch.setenv("AYON_SITE_ID", "td-workstation")
    assert AyonSettingsSource().site_settings() == expected


def test_server_declares_the_site_setting():
    from server import ApplicationsAddon
    from server.settings import ApplicationsSiteSettings

    assert ApplicationsAddon.site_settings_model is ApplicationsSiteSettings
    assert ApplicationsSiteSettings().dict() == {"dev_packages_path": ""}
