"""Functions ayon-core and other addons call: applications and tools of a
context, icon URLs."""
from ayon_applications.utils import (
    get_applications_for_context,
    get_tools_for_context,
)
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    tool,
    tool_group,
    variant,
)


def project_settings():
    settings = addon_settings(
        ["/unused"],
        [
            app_group("maya", [variant("2025", ["maya-2025"]),
                               variant("2024", ["maya-2024"])]),
            app_group("nuke", [variant("15", ["nuke-15"]),
                               variant("14", ["nuke-14"], enabled=False)]),
        ],
        tools=[tool_group("mtoa", [tool("5.4", ["mtoa-5.4"])]),
               tool_group("ocio", [tool("2", ["ocio-2"])])],
        tool_profiles=[
            {"task_types": ["Lighting"], "folder_paths": [],
             "task_names": [], "tools": ["mtoa/5.4", "ocio/2"]},
        ],
    )
    settings["project_applications"]["profiles"] = [
        {"task_types": ["Animation"], "folder_paths": [], "task_names": [],
         "allow_type": "applications",
         "applications": ["maya/2024", "maya/2025", "nuke/14"]},
        {"task_types": [], "folder_paths": [], "task_names": [],
         "allow_type": "all_applications", "applications": []},
    ]
    return {"applications": settings}


FOLDER = {"path": "/shots/sh010", "attrib": {"tools": ["ocio/2"]}}


def test_applications_for_context_follow_the_profile_order():
    anim_task = {"name": "anim", "taskType": "Animation", "attrib": {}}
    apps = get_applications_for_context(
        "show", FOLDER, anim_task, project_settings()
    )
    # profile order, disabled variants left out
    assert apps == ["maya/2024", "maya/2025"]
    comp_task = {"name": "comp", "taskType": "Compositing", "attrib": {}}
    assert get_applications_for_context(
        "show", FOLDER, comp_task, project_settings()
    ) == ["maya/2025", "maya/2024", "nuke/15"]


def test_tools_by_profile_else_entity_attributes():
    light_task = {"name": "light", "taskType": "Lighting",
                  "attrib": {"tools": []}}
    assert get_tools_for_context(
        "show", FOLDER, light_task, project_settings()
    ) == ["mtoa/5.4", "ocio/2"]
    anim_task = {"name": "anim", "taskType": "Animation", "attrib": {}}
    # no profile: the folder's "tools" attribute
    assert get_tools_for_context(
        "show", FOLDER, anim_task, project_settings()
    ) == ["ocio/2"]


def test_app_icon_url(ayon_server, applications_addon_class, monkeypatch):
    addon = applications_addon_class(None, {})
    # Ynput's addon: without server=True, the launcher's local webserver
    #   route, or None when no webserver runs
    monkeypatch.delenv("AYON_WEBSERVER_URL", raising=False)
    assert addon.get_app_icon_url("maya.svg") is None
    monkeypatch.setenv("AYON_WEBSERVER_URL", "http://localhost:8079")
    assert addon.get_app_icon_url("icons/maya.svg") == (
        "http://localhost:8079/addons/applications/icons/maya.svg"
    )
    assert addon.get_app_icon_url("file:///studio/x.png") == (
        "file:///studio/x.png"
    )
    assert addon.get_app_icon_url("maya.svg", server=True) == (
        f"{ayon_server.url}/api/addons/applications/{addon.version}"
        "/icons/maya.svg"
    )
    assert addon.get_app_icon_url("https://cdn/x.png") == "https://cdn/x.png"
    assert addon.get_app_icon_url("") is None
