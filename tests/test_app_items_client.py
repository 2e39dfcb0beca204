"""``ApplicationsAddon.get_application_items`` / ``get_tool_items``.

The client methods (names, signatures and payloads of Ynput's addon
1.4.4, ``client/ayon_applications/addon.py``) call the server endpoints
over HTTP with the real ayon-python-api; the local test server hands
``/api/addons/applications/{version}/...`` to this addon's server code
(on the ``ayon_server`` stand-ins), routed by its endpoint table.
"""
from __future__ import annotations

import re
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

import pytest
from ayon_server.exceptions import AyonException

from ayon_applications import ApplicationsAddon, __version__
from tests.fixtures.ayon_http import _HttpError as HttpError
from tests.test_server_endpoints import APPLICATIONS, TOOLS


def serve_addon_endpoints(ayon_server, server_world) -> None:
    """Answer the addon's GET endpoints as the AYON server routes them."""
    addon = server_world.addon
    routes = []
    for endpoint in addon.endpoints:
        if endpoint["method"] != "GET":
            continue
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)",
                         endpoint["path"].lstrip("/"))
        routes.append((re.compile(pattern + "$"), endpoint["handler"]))

    def handle(rest: str, query: dict[str, str]) -> Optional[Any]:
        for pattern, handler in routes:
            match = pattern.match(rest)
            if not match:
                continue
            try:
                return server_world.run(handler(**match.groupdict(),
                                                **query))
            except AyonException as exc:  # the server's error response
                raise HttpError(exc.status, exc.detail) from None
        return None

    prefix = f"/api/addons/{addon.name}/{addon.version}"
    ayon_server.rest_handlers[prefix] = handle


@pytest.fixture
def served(ayon_server, server_world):
    world = server_world
    assert world.addon.version == __version__
    world.db.addons["applications"] = {world.addon.version: world.addon}
    for variant in ("production", "staging"):
        world.db.bundles[variant] = {
            "addons": {"applications": world.addon.version},
            f"is_{variant}": True,
        }
    world.set_studio_overrides({"applications": APPLICATIONS,
                                "tools": TOOLS})
    # staging runs without the Nuke group
    world.set_studio_overrides(
        {"applications": APPLICATIONS[1:], "tools": TOOLS},
        variant="staging",
    )
    world.add_project("show", ["Compositing"])
    serve_addon_endpoints(ayon_server, world)
    return world


def last_query(ayon_server) -> dict[str, list[str]]:
    _method, path = ayon_server.requests[-1]
    return parse_qs(urlsplit(path).query)


def test_application_items_of_the_studio(served, ayon_server):
    items = ApplicationsAddon.get_application_items()

    assert [item["full_name"] for item in items] == [
        "maya/2025", "maya/2026", "nuke/15-1"]
    maya = items[0]
    assert maya == {
        "host_name": "maya",
        "full_name": "maya/2025",
        "full_label": "Maya 2025",
        "group_label": "Maya",
        "variant_label": "2025",
        "icon": {"type": "ayon_url", "url": f"api/addons/applications/"
                                            f"{__version__}/icons/maya.svg"},
        "show_grouped": True,
    }
    assert items[2]["icon"] == {
        "type": "url", "url": "https://cdn.example.com/nuke.png"}
    # the settings variant of this process (production outside AYON)
    assert last_query(ayon_server) == {"variant": ["production"]}


def test_application_items_of_a_task_and_a_variant(served, ayon_server):
    task_id = served.add_task("show", "/shots/sh010", "comp", "Compositing")
    for variant in ("production", "staging"):
        served.set_project_overrides("show", {"project_applications": {
            "profiles": [{"task_types": ["Compositing"], "folder_paths": [],
                          "task_names": [], "allow_type": "applications",
                          "applications": ["nuke/15-1", "maya/2026"]}],
        }}, variant=variant)

    items = ApplicationsAddon.get_application_items("show", task_id)
    assert [item["full_name"] for item in items] == [
        "nuke/15-1", "maya/2026"]
    assert urlsplit(ayon_server.requests[-1][1]).path == (
        f"/api/addons/applications/{__version__}/apps/show/task/{task_id}")

    staging = ApplicationsAddon.get_application_items(
        "show", task_id, variant="staging")
    assert [item["full_name"] for item in staging] == ["maya/2026"]
    assert last_query(ayon_server) == {"variant": ["staging"]}


def test_tool_items_and_version_argument(served, ayon_server):
    items = ApplicationsAddon.get_tool_items(
        "show", version=served.addon.version)

    assert [item["full_name"] for item in items] == ["mtoa/5-3", "mtoa/5-4"]
    assert items[1] == {
        "full_name": "mtoa/5-4", "full_label": "Arnold 5.4",
        "group_label": "Arnold", "variant_label": "5.4",
        "host_names": ["maya"], "app_variants": ["maya/2025"],
    }
    assert last_query(ayon_server) == {
        "variant": ["production"], "version": [served.addon.version]}


def test_settings_variant_comes_from_ayon_core_in_ayon(
    served, ayon_server, ayon_core_standin, monkeypatch
):
    monkeypatch.setenv("AYON_USE_STAGING", "1")

    items = ApplicationsAddon.get_tool_items()

    assert len(items) == 2
    assert last_query(ayon_server) == {"variant": ["staging"]}


def test_server_error_is_raised(served, ayon_server):
    from ayon_api.exceptions import HTTPRequestError

    with pytest.raises(HTTPRequestError, match="404"):
        ApplicationsAddon.get_application_items("missing-project")
