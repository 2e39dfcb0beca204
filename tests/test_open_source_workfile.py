"""Loader action "Open Source Workfile" (Ynput's addon, develop branch).

Behaviour as read in ynput/ayon-applications
``client/ayon_applications/plugins/load_actions/open_source_workfile.py``:
offered without a host for versions whose ``source`` names a workfile;
the applications that can open it are those of host addons listing its
extension, among the apps allowed in the version's task; the launcher
runs ``addon applications launch ... --workfile-path P
--use-last-workfile 0``. Where Ynput's opens a Qt dialog to choose among
several applications, this one answers with a form (ayon-core runs the
action again with its values).

Runs in ayon-core's loader actions API (stand-in of ``ayon_core``,
``pipeline.actions``); entities come from the local AYON test server
through the real ayon-python-api, products and versions from the
selection's entity cache.
"""
import importlib

import pytest

from tests.fixtures.launch import addon_settings, app_group, variant

PROJECT = "show"
ACTION_ID = "OpenSourceWorkfileAction"


def _profiles():
    return {"profiles": [{
        "task_types": ["Compositing"], "folder_paths": [], "task_names": [],
        "allow_type": "applications",
        "applications": ["nukex/15-1", "nuke/15-1", "maya/2025"],
    }]}


@pytest.fixture
def loader(ayon_core_standin, ayon_server, tmp_path):
    """An addons manager with host addons and this addon, and the data."""
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager, AYONAddon, IHostAddon

    import ayon_applications.addon as addon_module

    class NukeAddon(AYONAddon, IHostAddon):
        name = "nuke"
        host_name = "nuke"

        def get_workfile_extensions(self):
            return [".nk"]

    class MayaAddon(AYONAddon, IHostAddon):
        name = "maya"
        host_name = "maya"

        def get_workfile_extensions(self):
            return [".ma", ".mb"]

    class BrokenAddon(AYONAddon, IHostAddon):
        name = "broken"
        host_name = "broken"

        def get_workfile_extensions(self):
            raise RuntimeError("broken addon")

    settings = addon_settings(["/nowhere"], [
        app_group("nuke", [variant("15-1", ["nuke-15.1"]),
                           variant("14-0", ["nuke-14.0"])],
                  host_name="nuke"),
        app_group("nukex", [variant("15-1", ["nuke-15.1"])],
                  host_name="nuke"),
        app_group("maya", [variant("2025", ["maya-2025"])],
                  host_name="maya"),
    ])
    settings["project_applications"] = _profiles()
    _standin.set_settings(studio={"applications": settings})

    module = importlib.reload(addon_module)
    manager = AddonsManager(settings={}, addons=[
        module.ApplicationsAddon, NukeAddon, MayaAddon, BrokenAddon,
    ])
    ayon_server.add_project(PROJECT, roots={"work": str(tmp_path)})
    folder = ayon_server.add_folder(PROJECT, "/shots/sh010")
    task = ayon_server.add_task(PROJECT, folder["id"], "comp",
                                "Compositing")
    (tmp_path / "sh010").mkdir()
    for name in ("comp_v003.nk", "anim_v001.ma", "notes"):
        (tmp_path / "sh010" / name).write_text("x")
    yield {
        "manager": manager, "folder": folder, "task": task,
        "root": tmp_path, "standin": _standin,
    }
    importlib.reload(addon_module)


def selection(loader, source, task_id="task", selected_type="version"):
    """Selection of one version whose ``source`` attribute is given."""
    from ayon_core.pipeline.actions import (
        LoaderActionSelection,
        SelectionEntitiesCache,
    )

    if task_id == "task":
        task_id = loader["task"]["id"]
    cache = SelectionEntitiesCache(
        PROJECT,
        products_by_id={"p1": {"id": "p1", "folderId": loader["folder"]["id"],
                               "name": "renderMain"}},
        versions_by_id={"v1": {"id": "v1", "productId": "p1",
                               "taskId": task_id,
                               "attrib": {"source": source}}},
    )
    return LoaderActionSelection(PROJECT, {"v1"}, selected_type,
                                 entities_cache=cache)


def actions_context(loader):
    from ayon_core.pipeline.actions import LoaderActionsContext

    return LoaderActionsContext(studio_settings={},
                                addons_manager=loader["manager"])


def run(loader, source, form_values=None, **kwargs):
    return actions_context(loader).execute_action(
        ACTION_ID, selection(loader, source, **kwargs), None,
        form_values or {},
    )


NK = "{root[work]}/sh010/comp_v003.nk"


def test_offered_for_versions_with_a_source_outside_hosts(loader):
    context = actions_context(loader)

    (item,) = context.get_action_items(selection(loader, NK))
    assert (item.label, item.identifier, item.order) == (
        "Open Source Workfile", ACTION_ID, 5)
    assert item.icon["name"] == "rocket_launch"

    existing = str(loader["root"] / "sh010" / "comp_v003.nk")
    assert context.get_action_items(selection(loader, existing))
    for source in ("", "/nowhere/comp.nk"):
        assert context.get_action_items(selection(loader, source)) == []
    representations = selection(loader, NK, selected_type="representation")
    assert context.get_action_items(representations) == []


def test_not_offered_inside_a_host(loader):
    from ayon_core.pipeline.actions import LoaderActionsContext

    class NukeHost:
        name = "nuke"

    loader["standin"].HOST = NukeHost()
    context = LoaderActionsContext(studio_settings={},
                                   addons_manager=loader["manager"])
    assert context.get_action_items(selection(loader, NK)) == []


def test_several_applications_ask_then_launch_the_chosen_one(loader):
    result = run(loader, NK)

    # nuke/14-0 is not allowed in the task, maya cannot open .nk
    assert result.success and result.form is not None
    (field,) = result.form.fields
    assert field.key == "app_name"
    assert field.items == [
        {"value": "nukex/15-1", "label": "Nukex 15-1"},
        {"value": "nuke/15-1", "label": "Nuke 15-1"},
    ]
    assert field.default == "nukex/15-1"
    assert loader["standin"].LAUNCHER_PROCESSES == []

    result = run(loader, NK, form_values={"app_name": "nuke/15-1"})

    assert result.success and result.form is None
    assert "comp_v003.nk" in result.message
    (process,) = loader["standin"].LAUNCHER_PROCESSES
    assert process["args"][1:] == [
        "addon", "applications", "launch",
        "--project", PROJECT,
        "--folder", "/shots/sh010",
        "--task", "comp",
        "--app", "nuke/15-1",
        "--workfile-path", str(loader["root"] / "sh010" / "comp_v003.nk"),
        "--use-last-workfile", "0",
    ]


def test_one_application_launches_at_once(loader):
    result = run(loader, "{root[work]}/sh010/anim_v001.ma")

    assert result.success and result.form is None
    (process,) = loader["standin"].LAUNCHER_PROCESSES
    assert process["args"][process["args"].index("--app") + 1] == (
        "maya/2025")


@pytest.mark.parametrize(("source", "kwargs", "message"), [
    ("{root[work]}/sh010/comp_v009.nk", {}, "does not exist"),
    ("{root[work]}/sh010/notes", {}, "has no extension"),
    (NK, {"task_id": None}, "has no task"),
    (NK, {"form_values": {"app_name": "maya/2025"}}, "cannot open"),
])
def test_failures_launch_nothing(loader, source, kwargs, message):
    result = run(loader, source, **kwargs)

    assert not result.success
    assert message in result.message
    assert loader["standin"].LAUNCHER_PROCESSES == []


def test_no_host_for_the_extension(loader):
    (loader["root"] / "sh010" / "scene.blend").write_text("x")

    result = run(loader, "{root[work]}/sh010/scene.blend")

    assert not result.success
    assert "'.blend'" in result.message
