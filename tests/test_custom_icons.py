"""Custom icons (client methods of Ynput's 1.4.4 addon) and the tray
webserver's icon route, through the real ayon-python-api and aiohttp
against the local AYON test server (``tests/fixtures/ayon_http.py``)."""
import urllib.error
import urllib.request

import pytest
from ayon_api.exceptions import HTTPRequestError

from ayon_applications import ApplicationsAddon

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"


def _icons_prefix():
    return f"/api/addons/applications/{ApplicationsAddon.version}"


def test_upload_list_and_delete_custom_icons(ayon_server, tmp_path):
    icon = tmp_path / "studio_maya.png"
    icon.write_bytes(PNG)

    ApplicationsAddon.upload_custom_icon(str(icon))
    ApplicationsAddon.upload_custom_icon(str(icon), "renamed.png")

    stored = ayon_server.custom_icons["applications"]
    assert stored == {"studio_maya.png": PNG, "renamed.png": PNG}
    assert ApplicationsAddon.get_custom_icons_info() == [
        {"filename": "studio_maya.png"}, {"filename": "renamed.png"},
    ]
    uploads = [
        (method, path) for method, path in ayon_server.requests
        if method == "PUT" and path.startswith(_icons_prefix())
    ]
    assert uploads[0][1] == f"{_icons_prefix()}/customIcons/studio_maya.png"

    ApplicationsAddon.delete_custom_icon("studio_maya.png")
    assert ApplicationsAddon.get_custom_icons_info() == [
        {"filename": "renamed.png"}
    ]
    assert (
        "DELETE", f"{_icons_prefix()}/customIcons/studio_maya.png"
    ) in ayon_server.requests


def test_custom_icon_errors_raise(ayon_server, tmp_path):
    with pytest.raises(HTTPRequestError, match="not found"):
        ApplicationsAddon.delete_custom_icon("missing.png")
    with pytest.raises(FileNotFoundError):
        ApplicationsAddon.upload_custom_icon(str(tmp_path / "none.png"))


def test_uploaded_icon_is_served_before_the_addon_own(ayon_server, tmp_path):
    import ayon_api

    version = ApplicationsAddon.version
    ayon_server.addon_icons[("applications", version, "maya.png")] = b"own"
    url = f"addons/applications/{version}/icons/maya.png"
    assert ayon_api.get(url).content == b"own"

    icon = tmp_path / "maya.png"
    icon.write_bytes(PNG)
    ApplicationsAddon.upload_custom_icon(str(icon))
    assert ayon_api.get(url).content == PNG


@pytest.fixture
def webserver(ayon_server, ayon_core_standin):
    """The tray webserver (stand-in) with the addon's routes, serving."""
    from ayon_core.tools.tray.webserver import (
        WebServerManager,
        find_free_port,
    )

    ApplicationsAddon._icons_cache.clear()
    manager = WebServerManager(find_free_port(), None)
    addon = ApplicationsAddon()
    manager.connect_with_addons([addon])
    manager.start_server()
    try:
        yield manager
    finally:
        manager.stop_server()
        ApplicationsAddon._icons_cache.clear()


def _get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers, response.read()


def test_webserver_serves_server_icons_and_keeps_them(
    ayon_server, webserver
):
    version = ApplicationsAddon.version
    ayon_server.addon_icons[("applications", version, "nuke.svg")] = SVG
    ayon_server.custom_icons["applications"] = {"studio.png": PNG}
    base = f"{webserver.url}/addons/applications/icons"

    status, headers, body = _get(f"{base}/nuke.svg")
    assert (status, body) == (200, SVG)
    assert headers["Content-Type"].startswith("image/svg+xml")
    assert _get(f"{base}/studio.png")[2] == PNG

    # kept: the server is asked once per icon
    _get(f"{base}/nuke.svg")
    asked = [
        path for _, path in ayon_server.requests
        if path.endswith("/icons/nuke.svg")
    ]
    assert asked == [f"{_icons_prefix()}/icons/nuke.svg"]


def test_webserver_answers_404_for_unknown_icons_until_uploaded(
    ayon_server, webserver
):
    url = f"{webserver.url}/addons/applications/icons/later.png"
    with pytest.raises(urllib.error.HTTPError) as info:
        _get(url)
    assert info.value.code == 404

    ayon_server.custom_icons["applications"] = {"later.png": PNG}
    assert _get(url)[2] == PNG


def test_signatures_are_those_of_ynput_1_4_4():
    """Written from reading ynput/ayon-applications 1.4.4 addon.py."""
    import inspect

    def params(func):
        return [
            (p.name, p.default) for p in
            inspect.signature(func).parameters.values()
        ]

    empty = inspect.Parameter.empty
    for name in (
        "get_custom_icons_info", "upload_custom_icon", "delete_custom_icon"
    ):
        assert isinstance(
            inspect.getattr_static(ApplicationsAddon, name), classmethod
        )
    assert params(ApplicationsAddon.get_custom_icons_info) == []
    assert params(ApplicationsAddon.upload_custom_icon) == [
        ("path", empty), ("filename", None),
    ]
    assert params(ApplicationsAddon.delete_custom_icon) == [
        ("filename", empty),
    ]
    assert params(ApplicationsAddon.webserver_initialization) == [
        ("self", empty), ("manager", empty),
    ]
    assert params(ApplicationsAddon.tray_init) == [("self", empty)]
    assert params(ApplicationsAddon.on_action_trigger) == [("self", empty)]
