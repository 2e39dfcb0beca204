"""The launch pipeline: one launch's steps, as the rez hook runs them.

Real rez packages (the probe repository of tests/fixtures/launch.py).
"""
import os

import pytest

from ayon_applications import (
    ApplicationExecutableNotFound,
    ApplicationManager,
    LaunchTypes,
)
from ayon_applications.constants import CONTEXT_FILE_ENV, TIMESTAMP_ENV
from ayon_applications.launch_pipeline import (
    LaunchPipeline,
    launch_environment,
)
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    tool,
    tool_group,
    variant,
)

CONTEXT = {
    "project_name": "show",
    "folder_path": "/shots/sh010",
    "task_name": "animation",
}


@pytest.fixture
def manager(probe_repo):
    probe_repo.add("rigtools", "1.0", commands="env.RIGTOOLS = 'yes'")
    settings = addon_settings(
        [probe_repo.root],
        [app_group("maya", [
            variant("2025", ["maya-2025"]),
            variant("nocommand", ["maya-2025"], command=["not_there"]),
        ])],
        tools=[tool_group("rig", [tool("1", ["rigtools"])])],
        tool_profiles=[{
            "task_types": [], "folder_paths": [],
            "task_names": ["animation"], "tools": ["rig/1"],
        }],
    )
    return ApplicationManager({"applications": settings})


def pipeline(manager, app_name="maya/2025", **kwargs):
    return LaunchPipeline(
        manager.get_application(app_name), dict(CONTEXT), **kwargs
    )


def test_steps_of_a_local_launch(manager, probe_repo):
    steps = pipeline(manager, source_env={"PATH": "/usr/bin"})

    assert steps.tool_names == ["rig/1"]
    assert steps.request.requests == ["maya-2025", "rigtools"]
    assert [p.split("-")[0] for p in steps.resolution.packages] == [
        "python", "maya", "rigtools",
    ]
    assert steps.env["RIGTOOLS"] == "yes"
    assert steps.env[TIMESTAMP_ENV] == str(steps.resolution.timestamp)
    maya_bin = os.path.join(probe_repo.root, "maya", "2025.1", "bin")
    # the source PATH is extended, not replaced
    assert steps.env["PATH"].split(os.pathsep)[:2] == [maya_bin, "/usr/bin"]
    assert steps.executable == os.path.join(maya_bin, "probe")


def test_each_step_runs_once(manager):
    steps = pipeline(manager)
    resolution = steps.resolution
    assert steps.env is steps.env
    assert steps.resolution is resolution
    assert steps.request is resolution.request


def test_a_launch_gets_the_pipelines_resolve(manager, tmp_path):
    steps = pipeline(manager)

    env = launch_environment(
        manager, "maya/2025", **CONTEXT,
        env={**os.environ, "AYON_WORKDIR": str(tmp_path)},
    )

    assert env["REZ_USED_RESOLVE"] == steps.env["REZ_USED_RESOLVE"]
    assert env["AYON_APP_TOOLS"] == ";".join(steps.tool_names)


def test_command_is_looked_up_only_where_a_process_starts(manager):
    local = pipeline(manager, "maya/nocommand")
    farm = pipeline(
        manager, "maya/nocommand", launch_type=LaunchTypes.farm_render
    )

    assert "MAYA_VERSION" in local.env  # the resolve itself is fine
    with pytest.raises(ApplicationExecutableNotFound, match="maya-2025"):
        assert local.executable is None
    assert farm.executable is None


def test_farm_launch_reuses_the_artists_saved_context(manager, tmp_path):
    artist = pipeline(manager)
    saved = artist.resolution.save(str(tmp_path / "artist.rxt"))
    job_env = {CONTEXT_FILE_ENV: saved, "PATH": "/usr/bin"}

    farm = pipeline(
        manager, launch_type=LaunchTypes.farm_publish, source_env=job_env
    )
    local = pipeline(manager, source_env=job_env)

    assert farm.resolution.reused_from == saved
    assert farm.resolution.packages == artist.resolution.packages
    assert local.resolution.reused_from is None
