"""Launch contexts from task and workfile ids, through the real ayon_api
talking to the local test server (``ayon_server``)."""
import os
import platform

import pytest

from ayon_applications.entities import (
    fill_root_path,
    get_task_launch_context,
    get_workfile_launch_context,
)
from ayon_applications.exceptions import ApplicationLaunchFailed

ROOTS = {
    "work": {
        "windows": "W:/projects",
        "linux": "/mnt/projects",
        "darwin": "/Volumes/projects",
    },
}


@pytest.fixture
def show(ayon_server):
    """A project with one shot, two tasks and workfiles."""
    ayon_server.add_project("show", roots=ROOTS)
    ayon_server.add_project("other", roots=ROOTS)
    folder = ayon_server.add_folder("show", "/shots/sq01/sh010")
    anim = ayon_server.add_task("show", folder["id"], "anim", "Animation")
    comp = ayon_server.add_task("show", folder["id"], "comp", "Compositing")
    workfile = ayon_server.add_workfile(
        "show",
        anim["id"],
        "{root[work]}/show/shots/sq01/sh010/work/anim/sh010_anim_v003.ma",
    )
    return {
        "server": ayon_server,
        "folder": folder,
        "anim": anim,
        "comp": comp,
        "workfile": workfile,
    }


def test_task_context(show):
    context = get_task_launch_context("show", show["comp"]["id"])
    assert context["project_name"] == "show"
    assert context["folder_path"] == "/shots/sq01/sh010"
    assert context["task_name"] == "comp"
    assert context["task_type"] == "Compositing"
    assert context["project_entity"]["name"] == "show"
    assert context["folder_entity"]["id"] == show["folder"]["id"]
    assert context["task_entity"]["id"] == show["comp"]["id"]
    assert "workfile_path" not in context
    # It really came from the server, over GraphQL.
    assert ("POST", "/graphql") in show["server"].requests


def test_workfile_context_fills_the_roots_of_this_platform(show):
    context = get_workfile_launch_context("show", show["workfile"]["id"])
    root = ROOTS["work"][platform.system().lower()]
    assert context["workfile_path"] == os.path.normpath(
        f"{root}/show/shots/sq01/sh010/work/anim/sh010_anim_v003.ma"
    )
    assert context["task_name"] == "anim"
    assert context["task_type"] == "Animation"
    assert context["folder_path"] == "/shots/sq01/sh010"
    assert context["workfile_entity"]["id"] == show["workfile"]["id"]


def test_unknown_task_id(show):
    with pytest.raises(ApplicationLaunchFailed) as info:
        get_task_launch_context("show", "0" * 32)
    assert str(info.value) == (
        f"Task \"{'0' * 32}\" was not found in project \"show\""
    )


def test_task_id_of_another_project(show):
    with pytest.raises(ApplicationLaunchFailed, match="project \"other\""):
        get_task_launch_context("other", show["anim"]["id"])


def test_unknown_project(show):
    with pytest.raises(ApplicationLaunchFailed, match="\"nope\" was not"):
        get_task_launch_context("nope", show["anim"]["id"])
    with pytest.raises(ApplicationLaunchFailed, match="\"nope\" was not"):
        get_workfile_launch_context("nope", show["workfile"]["id"])


def test_unknown_workfile_id(show):
    with pytest.raises(ApplicationLaunchFailed) as info:
        get_workfile_launch_context("show", "f" * 32)
    assert f"Workfile \"{'f' * 32}\" was not found" in str(info.value)


def test_workfile_without_its_task(show):
    server = show["server"]
    orphan = server.add_workfile("show", "1" * 32, "{root[work]}/x.ma")
    with pytest.raises(ApplicationLaunchFailed, match="has no task"):
        get_workfile_launch_context("show", orphan["id"])


def test_workfile_on_a_root_the_project_lacks(show):
    server = show["server"]
    workfile = server.add_workfile(
        "show", show["anim"]["id"], "{root[archive]}/old.ma"
    )
    with pytest.raises(ApplicationLaunchFailed) as info:
        get_workfile_launch_context("show", workfile["id"])
    message = str(info.value)
    assert "'archive'" in message
    assert "roots: work" in message


def test_fill_root_path():
    roots = {"work": "/mnt/projects/", "render": "/mnt/render"}
    assert fill_root_path("{root[work]}/a/b.ma", roots) == os.path.normpath(
        "/mnt/projects/a/b.ma"
    )
    assert fill_root_path("/abs/c.nk", roots) == os.path.normpath(
        "/abs/c.nk"
    )
    with pytest.raises(KeyError):
        fill_root_path("{root[nope]}/x", roots)
