"""Server endpoints of Ynput's addon 1.4.4: apps, tools, custom icons.

(The route table itself is held by ``test_contract.py``.)

Runs on the ``ayon_server`` stand-ins (tests/standins/server). Routes,
methods and payloads as read in ynput/ayon-applications 1.4.4
``server/addon.py`` and ``server/utils.py``; the endpoint methods are
called as FastAPI calls them, the upload with a real Starlette request.
"""
from __future__ import annotations

import os
from typing import Any

import pytest
from ayon_server.entities import UserEntity
from ayon_server.exceptions import (
    BadRequestException,
    ForbiddenException,
    NotFoundException,
)
from starlette.requests import Request

from server import ApplicationsAddon
from server.icons import MAX_ICON_BYTES
from server.items import get_application_items
from tests.fixtures.server import ADDON_VERSION, REPO_ROOT


def _variant(name: str, label: str = "", enabled: bool = True,
             **extra: Any) -> dict[str, Any]:
    return {"name": name, "label": label, "enabled": enabled,
            "rez_request": [], "command": ["app"], **extra}


APPLICATIONS = [
    {"name": "nuke", "label": "Nuke", "host_name": "nuke",
     "icon": "https://cdn.example.com/nuke.png",
     "variants": [_variant("15-1", "15.1")]},
    {"name": "maya", "label": "Maya", "host_name": "maya",
     "icon": "maya.svg",
     "variants": [_variant("2025"), _variant("2024", enabled=False),
                  _variant("2026", "2026 beta")]},
    {"name": "houdini", "label": "", "host_name": "houdini",
     "enabled": False, "variants": [_variant("20-5")]},
]
TOOLS = [
    {"name": "mtoa", "label": "Arnold", "variants": [
        {"name": "5-4", "label": "5.4", "rez_request": ["mtoa-5.4"],
         "host_names": ["maya"], "app_variants": ["maya/2025"]},
        {"name": "5-3", "label": "", "rez_request": ["mtoa-5.3"],
         "host_names": [], "app_variants": []},
    ]},
]


def _maya(variant: str, label: str, url_version: str = ADDON_VERSION,
          group_label: str = "Maya", show_grouped: bool = True):
    return {
        "host_name": "maya",
        "full_name": f"maya/{variant}",
        "full_label": f"{group_label} {label}",
        "group_label": group_label,
        "variant_label": label,
        "icon": {"type": "url", "url": f"/api/addons/applications/"
                                        f"{url_version}/icons/maya.svg"},
        "show_grouped": show_grouped,
    }


NUKE = {
    "host_name": "nuke", "full_name": "nuke/15-1", "full_label": "Nuke 15.1",
    "group_label": "Nuke", "variant_label": "15.1",
    "icon": {"type": "url", "url": "https://cdn.example.com/nuke.png"},
    "show_grouped": True,
}


@pytest.fixture
def world(server_world):
    """The addon in the production bundle, with explicit apps and tools."""
    world = server_world
    world.db.addons["applications"] = {ADDON_VERSION: world.addon}
    world.db.bundles["Prod"] = {
        "addons": {"applications": ADDON_VERSION}, "is_production": True,
    }
    world.set_studio_overrides({"applications": APPLICATIONS,
                                "tools": TOOLS})
    world.add_project("show", ["Animation", "Compositing"])
    return world


def test_apps_of_the_studio(world):
    payload = world.run(world.addon.apps_endpoint())

    # enabled only, sorted by group label then variant label
    assert payload == {"applications": [
        _maya("2025", "2025"),
        _maya("2026", "2026 beta"),
        NUKE,
    ]}


def test_variant_group_label_and_show_grouped_as_ynputs_items():
    # Ynput's variants carry both; without them: the group's label, grouped
    settings = {"applications": [
        {"name": "maya", "label": "Maya", "host_name": "maya", "icon": "",
         "enabled": True, "variants": [
             {"name": "2026", "label": "2026 beta", "enabled": True,
              "group_label": "Maya beta", "show_grouped": False},
             {"name": "2025", "label": "", "enabled": True}]},
    ]}

    items = get_application_items(settings, "2.0.0+rez")

    assert [(i.full_name, i.full_label, i.group_label, i.show_grouped,
             i.icon) for i in items] == [
        ("maya/2025", "Maya 2025", "Maya", True, None),
        ("maya/2026", "Maya beta 2026 beta", "Maya beta", False, None),
    ]


def test_apps_of_a_project_use_its_overrides(world):
    world.set_project_overrides("show", {"applications": [
        {"name": "maya", "label": "Maya", "host_name": "maya",
         "icon": "maya.svg", "variants": [_variant("2024")]},
    ]})

    payload = world.run(world.addon.apps_endpoint("show"))

    assert payload == {"applications": [_maya("2024", "2024")]}
    studio = world.run(world.addon.apps_endpoint(None, "production"))
    assert len(studio["applications"]) == 3


def test_apps_of_a_task_follow_the_project_profiles(world):
    task_id = world.add_task("show", "/shots/sh010", "comp", "Compositing")
    world.set_project_overrides("show", {"project_applications": {
        "profiles": [
            {"task_types": ["Compositing"], "folder_paths": [],
             "task_names": [], "allow_type": "applications",
             "applications": ["nuke/15-1", "maya/2024", "maya/2025"]},
            {"task_types": [], "folder_paths": [], "task_names": [],
             "allow_type": "all_applications", "applications": []},
        ]}})

    payload = world.run(world.addon.task_apps_endpoint("show", task_id))

    # profile order; the disabled maya/2024 is left out
    assert payload == {"applications": [NUKE, _maya("2025", "2025")]}


def test_tools_of_the_studio_and_a_project(world):
    payload = world.run(world.addon.tools_endpoint())

    assert payload == {"tools": [
        {"full_name": "mtoa/5-3", "full_label": "Arnold 5-3",
         "group_label": "Arnold", "variant_label": "5-3",
         "host_names": [], "app_variants": []},
        {"full_name": "mtoa/5-4", "full_label": "Arnold 5.4",
         "group_label": "Arnold", "variant_label": "5.4",
         "host_names": ["maya"], "app_variants": ["maya/2025"]},
    ]}
    world.set_project_overrides("show", {"tools": []})
    assert world.run(world.addon.tools_endpoint("show")) == {"tools": []}


def test_items_come_from_the_version_the_context_uses(world):
    older = ApplicationsAddon(None, REPO_ROOT, name="applications",
                              version="1.9.0+rez")
    world.db.addons["applications"]["1.9.0+rez"] = older
    world.db.settings[("applications", "1.9.0+rez", "production")] = {
        "applications": [APPLICATIONS[0]], "tools": []}
    addon = world.addon

    # the project's bundle pins the older version: it answers
    world.db.bundles["show-bundle"] = {
        "addons": {"applications": "1.9.0+rez"}}
    world.db.projects["show"]["bundle"] = {"production": "show-bundle"}
    payload = world.run(addon.apps_endpoint("show"))
    assert [a["full_name"] for a in payload["applications"]] == ["nuke/15-1"]
    # asked for a version explicitly
    payload = world.run(addon.apps_endpoint(None, "production", "1.9.0+rez"))
    assert [a["full_name"] for a in payload["applications"]] == ["nuke/15-1"]
    # project bundle inherits the studio's: this version answers
    world.db.bundles["show-bundle"]["addons"]["applications"] = (
        "__inherit__")
    payload = world.run(addon.apps_endpoint("show"))
    assert len(payload["applications"]) == 3
    # disabled in the project bundle, or an unknown version: nothing
    world.db.bundles["show-bundle"]["addons"]["applications"] = (
        "__disable__")
    assert world.run(addon.apps_endpoint("show")) == {"applications": []}
    assert world.run(addon.tools_endpoint("show")) == {"tools": []}
    assert world.run(addon.apps_endpoint(None, "production", "0.1.0")) == {
        "applications": []}


def test_a_version_without_the_api_answers_nothing(world):
    class OldAddon:  # a version from before these methods existed
        version = "1.0.0"

    world.db.addons["applications"]["1.0.0"] = OldAddon()
    payload = world.run(world.addon.apps_endpoint(None, "production",
                                                  "1.0.0"))
    assert payload == {"applications": []}


# --- custom icons -----------------------------------------------------------
@pytest.fixture
def icons_addon(tmp_path):
    """The addon installed as the server lays it out, in a temp folder."""
    version_dir = tmp_path / "addons" / "applications" / ADDON_VERSION
    (version_dir / "public" / "icons").mkdir(parents=True)
    (version_dir / "public" / "icons" / "maya.svg").write_text("<svg/>")
    return ApplicationsAddon(None, str(version_dir), name="applications",
                             version=ADDON_VERSION)


MANAGER = UserEntity("admin", {"isManager": True})
ARTIST = UserEntity("artist")


def upload_request(body: bytes, chunk: int = 7) -> Request:
    """A Starlette request streaming ``body`` in chunks."""
    parts = [body[i:i + chunk] for i in range(0, len(body), chunk)] or [b""]
    messages = [
        {"type": "http.request", "body": part,
         "more_body": index < len(parts) - 1}
        for index, part in enumerate(parts)
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    scope = {"type": "http", "method": "PUT", "path": "/", "headers": []}
    return Request(scope, receive)


def test_custom_icons_live_beside_the_version_folders(icons_addon, tmp_path):
    assert icons_addon.custom_icons_dir() == str(
        tmp_path / "addons" / "applications" / "custom_icons")


def test_upload_list_serve_and_delete_a_custom_icon(icons_addon, server_world):
    run = server_world.run
    addon = icons_addon
    png = b"\x89PNG\r\n" + bytes(range(256)) * 4

    assert run(addon.list_custom_icons()) == {"icons": []}
    result = run(addon.upload_custom_icon(upload_request(png), MANAGER,
                                          "studio_maya.png"))
    assert result == {"success": True}
    assert run(addon.list_custom_icons()) == {
        "icons": [{"filename": "studio_maya.png"}]}
    response = run(addon.get_custom_icon("studio_maya.png"))
    with open(response.path, "rb") as stream:
        assert stream.read() == png
    # the icons endpoint serves custom icons first, then shipped ones
    assert run(addon.get_icon("studio_maya.png")).path == response.path
    run(addon.upload_custom_icon(upload_request(b"<svg>custom</svg>"),
                                 MANAGER, "maya.svg"))
    with open(run(addon.get_icon("maya.svg")).path) as stream:
        assert stream.read() == "<svg>custom</svg>"

    assert run(addon.delete_custom_icon(MANAGER, "maya.svg")) == {
        "success": True}
    with open(run(addon.get_icon("maya.svg")).path) as stream:
        assert stream.read() == "<svg/>"
    with pytest.raises(NotFoundException):
        run(addon.delete_custom_icon(MANAGER, "maya.svg"))
    with pytest.raises(NotFoundException):
        run(addon.get_custom_icon("maya.svg"))
    assert sorted(os.listdir(addon.custom_icons_dir())) == [
        "studio_maya.png"]


def test_only_managers_change_custom_icons(icons_addon, server_world):
    run = server_world.run
    with pytest.raises(ForbiddenException):
        run(icons_addon.upload_custom_icon(upload_request(b"x"), ARTIST,
                                           "a.png"))
    run(icons_addon.upload_custom_icon(upload_request(b"x"), MANAGER,
                                       "a.png"))
    with pytest.raises(ForbiddenException):
        run(icons_addon.delete_custom_icon(ARTIST, "a.png"))
    assert run(icons_addon.list_custom_icons())["icons"] == [
        {"filename": "a.png"}]


@pytest.mark.parametrize("name", [
    "../escape.png", "..", ".hidden.png", "", "sub/icon.png", "..\\x.png",
])
def test_custom_icon_names_are_plain_file_names(
    icons_addon, server_world, name, tmp_path
):
    run = server_world.run
    with pytest.raises(BadRequestException):
        run(icons_addon.upload_custom_icon(upload_request(b"x"), MANAGER,
                                           name))
    with pytest.raises(NotFoundException):
        run(icons_addon.get_custom_icon(name))
    with pytest.raises(NotFoundException):
        run(icons_addon.get_icon(name))
    written = [
        os.path.join(folder, f) for folder, _d, files in os.walk(tmp_path)
        for f in files
    ]
    assert written == [os.path.join(icons_addon.addon_dir, "public",
                                    "icons", "maya.svg")]


def test_too_large_upload_leaves_nothing_behind(icons_addon, server_world):
    run = server_world.run
    run(icons_addon.upload_custom_icon(upload_request(b"old"), MANAGER,
                                       "big.png"))
    body = b"x" * (MAX_ICON_BYTES + 1)
    with pytest.raises(BadRequestException, match="larger than"):
        run(icons_addon.upload_custom_icon(
            upload_request(body, chunk=1024 * 1024), MANAGER, "big.png"))
    folder = icons_addon.custom_icons_dir()
    assert os.listdir(folder) == ["big.png"]
    with open(os.path.join(folder, "big.png"), "rb") as stream:
        assert stream.read() == b"old"
