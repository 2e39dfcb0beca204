"""Strict mode on the farm: a job renders with the AYON it was submitted
with, after the studio moved to a newer bundle.

Deadline's worker passes the job's ``AYON_BUNDLE_NAME`` and
``AYON_STUDIO_BUNDLE_NAME`` to ``extractenvironments``; in ``strict``
mode AYON comes from the rez packages ``rezify-bundle`` wrote for that
bundle. Runs in-process, as ``ayon_console`` would run the command.
"""
import json
import os

import pytest

from ayon_applications.__main__ import main as standalone_main
from ayon_applications.resolver import clear_caches
from tests.fixtures.ayon_bundles import PROD, dependency_zip, maya_client_zip
from tests.fixtures.launch import addon_settings, app_group, variant

NEWER = "Prod-2"


@pytest.fixture
def farm(bundle, applications_addon_class, probe_repo, ayon_repo,
         tmp_path, monkeypatch):
    """Prod rezified; then the studio moved to Prod-2 (maya 0.5.0)."""
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager

    bundle.add_project("show", roots={"work": str(tmp_path / "work")})
    folder = bundle.add_folder("show", "/shots/sh010")
    bundle.add_task("show", folder["id"], "lighting", "Lighting")
    settings = addon_settings(
        [probe_repo.root, ayon_repo],
        [app_group("maya", [variant("2025", ["maya-2025"])],
                   host_name="maya")],
        ayon_mode="strict",
    )
    settings["ayon_request"]["extra"] = [
        "ayon_dependencies=={bundle_version}"
    ]
    bundle.set_studio_settings("applications", settings)
    monkeypatch.setenv("AYON_HEADLESS_MODE", "1")
    assert standalone_main(["rezify-bundle", "--output", ayon_repo]) == 0

    bundle.add_bundle(
        NEWER, {"applications": "2.0.0+rez", "core": "1.4.4+dev",
                "maya": "0.5.0", "studio_data": "1.0.0"},
        installer_version="1.3.2", is_production=True,
        created_at="2024-03-01T00:00:00+00:00",
    )
    bundle.add_addon("maya", "0.5.0", maya_client_zip("0.5.0"),
                     required={"core": ">=1.4.0"})
    bundle.add_dependency_package(NEWER, "prod2.zip", dependency_zip())
    assert standalone_main(
        ["rezify-bundle", "--output", ayon_repo, "--bundle", NEWER]
    ) == 0
    clear_caches()
    _standin.ADDONS[:] = [applications_addon_class]
    return {"server": bundle, "addons": AddonsManager, "tmp": tmp_path}


def extract(farm, monkeypatch, job_bundle):
    """The worker's extractenvironments for a job of ``job_bundle``."""
    from ayon_core import _standin

    monkeypatch.setenv("AYON_BUNDLE_NAME", job_bundle)
    monkeypatch.setenv("AYON_STUDIO_BUNDLE_NAME", job_bundle)
    output = str(farm["tmp"] / f"env_{job_bundle}.json")
    code = _standin.run_addon_cli(
        ["applications", "extractenvironments", output,
         "--envgroup", "farm", "--project", "show",
         "--folder", "/shots/sh010", "--task", "lighting",
         "--app", "maya/2025"],
        farm["addons"](),
    )
    return code, output


def read(path):
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def test_job_renders_with_the_ayon_it_was_submitted_with(
    farm, monkeypatch
):
    code, output = extract(farm, monkeypatch, PROD)

    assert code == 0
    env = read(output)
    resolved = env["REZ_USED_RESOLVE"].split()
    assert "ayon_maya-0.4.1" in resolved
    assert "ayon_maya-0.5.0" not in resolved
    assert "ayon_dependencies-Prod" in resolved
    assert any(
        os.sep + os.path.join("ayon_maya", "0.4.1", "python") in path
        for path in env["PYTHONPATH"].split(os.pathsep)
    )

    # a job submitted after the move gets the newer bundle
    code, output = extract(farm, monkeypatch, NEWER)
    assert code == 0
    assert "ayon_maya-0.5.0" in read(output)["REZ_USED_RESOLVE"].split()


def test_job_of_a_bundle_never_rezified_names_rezify_bundle(
    farm, monkeypatch, capsys
):
    farm["server"].add_bundle(
        "Old", {"applications": "2.0.0+rez", "core": "1.4.4+dev",
                "maya": "0.4.1"},
        installer_version="1.2.0",
        created_at="2023-06-01T00:00:00+00:00",
    )
    capsys.readouterr()

    code, output = extract(farm, monkeypatch, "Old")

    assert code == 1
    error = capsys.readouterr().err
    assert "rezify-bundle --bundle Old" in error
    assert "ayon_launcher==1.2.0" in error
    assert "Traceback" not in error
    assert not os.path.exists(output)
