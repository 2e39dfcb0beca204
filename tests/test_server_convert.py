"""The server addon's ``convert_settings_overrides``: what the AYON server
calls on the target version when a bundle moves from Ynput's
Applications addon to this one (over the ``ayon_server`` stand-ins)."""
from __future__ import annotations

import copy
import json
import logging
import os
import subprocess
import sys
from typing import Any

import pytest
from ayon_server.addons import BaseServerAddon, ServerAddonDefinition
from ayon_server.settings import apply_overrides

from ayon_applications.rules.ynput_settings import convert_overrides
from tests.fixtures.server import REPO_ROOT, run_server_code
from tests.test_ynput_convert import ICONS, load

SOURCE_VERSION = "1.4.4"


class _Model:
    """What ``get_default_settings`` returns: a model with ``dict()``."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def dict(self) -> dict[str, Any]:
        return copy.deepcopy(self.values)


class YnputApplications(BaseServerAddon):
    """Test double of Ynput's server addon: only its default settings."""

    async def get_default_settings(self) -> Any:
        return _Model(load("defaults"))


@pytest.fixture
def installed(server_world):
    """Both versions installed in one addon definition, as on a server."""
    definition = ServerAddonDefinition("applications")
    server_world.addon.definition = definition
    server_world.db.addons["applications"] = {
        server_world.addon.version: server_world.addon,
        SOURCE_VERSION: YnputApplications(
            definition, REPO_ROOT, name="applications",
            version=SOURCE_VERSION,
        ),
    }
    return server_world


def convert(world, overrides: dict[str, Any]) -> dict[str, Any]:
    return world.run(world.addon.convert_settings_overrides(
        SOURCE_VERSION, overrides=overrides
    ))


def settings_with(world, overrides: dict[str, Any]) -> Any:
    """The target addon's settings with converted overrides applied."""
    defaults = world.run(world.addon.get_default_settings())
    return apply_overrides(defaults, overrides)


def test_the_servers_default_conversion_fails_on_ynputs_shape(server_world):
    # Why the method exists: the best guess by field names cannot walk
    #   1.x's mapping of groups into this addon's list of groups.
    base = super(type(server_world.addon), server_world.addon)
    with pytest.raises(AttributeError, match="__fields__"):
        server_world.run(base.convert_settings_overrides(
            SOURCE_VERSION, load("studio_overrides")
        ))


def test_studio_overrides_are_converted_and_validate(server_world, caplog):
    caplog.set_level(logging.INFO, logger="ayon_server")
    result = convert(server_world, load("studio_overrides"))
    settings = settings_with(server_world, result)
    names = [group.name for group in settings.applications]
    assert names == ["maya", "adsk_3dsmax", "nuke", "nukex", "houdini",
                     "terminal", "djv", "studio-review"]
    assert result == convert_overrides(
        load("studio_overrides"), icon_files=ICONS
    ).settings


def test_what_was_not_converted_is_logged_with_its_path(
    server_world, caplog
):
    caplog.set_level(logging.WARNING, logger="ayon_server")
    convert(server_world, load("studio_overrides"))
    logged = [r.getMessage() for r in caplog.records
              if r.name == "ayon_server"]
    expected = convert_overrides(load("studio_overrides")).notes
    for note in expected:
        assert any(
            str(note) in line and "applications 1.4.4 -> 2.0.0+rez" in line
            for line in logged
        ), note
    assert any("defaults of 1.4.4 not available" in line for line in logged)


def test_the_source_versions_defaults_fill_in(installed, caplog):
    caplog.set_level(logging.WARNING, logger="ayon_server")
    result = convert(installed, {"applications": {"maya": {"enabled": False}}})
    settings = settings_with(installed, result)
    groups = {group.name: group for group in settings.applications}
    assert set(groups) == {"maya", "adsk_3dsmax", "nuke", "nukex",
                           "houdini", "blender", "terminal"}
    assert groups["maya"].enabled is False
    assert groups["blender"].variants[0].rez_request == ["blender-4.2"]
    assert [tool.name for tool in settings.tools] == ["htoa"]
    assert not any("not available" in r.getMessage() for r in caplog.records)


def test_project_overrides_convert_alone(installed):
    project = load("project_overrides")
    result = convert(installed, project)
    assert result == project  # profiles are the same in both shapes
    assert "applications" not in result


def test_this_addons_own_overrides_pass_through(server_world):
    own = {"rez": {"resolve_time_limit_s": 5},
           "applications": [], "project_overrides": {"timestamp": ""}}
    assert convert(server_world, copy.deepcopy(own)) == own


# --- the built server runs its own copy of the conversion ---------------

_PROBE = """
import asyncio, json, sys
import server
addon = server.ApplicationsAddon(
    None, ".", name="applications", version="2.0.0+rez")
with open(SAMPLE, encoding="utf-8") as stream:
    overrides = json.load(stream)
result = asyncio.run(addon.convert_settings_overrides("1.4.4", overrides))
print(json.dumps({
    "file": server.shared_rules.rules.ynput_settings.__file__,
    "result": result,
}))
"""


def test_built_server_converts_with_its_copy(tmp_path, server_world):
    subprocess.run(
        [sys.executable, os.path.join(REPO_ROOT, "create_package.py"),
         "--output", str(tmp_path), "--skip-zip"],
        check=True, capture_output=True, timeout=120,
    )
    addon_dir = tmp_path / "applications" / "2.0.0+rez"
    sample = os.path.join(REPO_ROOT, "tests", "data", "ynput_applications",
                          "studio_overrides.json")
    # neither rez nor the client package: the copy must stand alone
    output = run_server_code(
        f"SAMPLE = {sample!r}\n" + _PROBE, str(addon_dir),
        blocked=("rez", "ayon_applications"),
    )
    probe = json.loads(output)
    assert probe["file"] == str(
        addon_dir / "server" / "rules" / "ynput_settings" / "__init__.py"
    )
    assert probe["result"] == convert(server_world, load("studio_overrides"))
