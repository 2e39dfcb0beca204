"""The client checks settings with the server's rules.

What the server model saves passes the client's check; the memcached and
folder rules are one file, loaded by both; a memcached URI the rule
refuses is left out of the resolve with one warning.
"""
import json
import logging
import os

import pytest

from ayon_applications import ApplicationLaunchFailed, ApplicationManager
from ayon_applications.rez_settings import RezSettings
from ayon_applications.rules import locations as client_locations
from ayon_applications.settings_validation import (
    check_addon_settings,
    check_settings_file,
    checked_addon_settings,
    usable_memcached_uris,
)
from server.settings import ApplicationsAddonSettings, get_default_values
from server.shared_rules import rules as server_rules
from tests.bad_input_cases import good_settings_file
from tests.conftest import REPO_ROOT
from tests.test_server_settings_locations import MEMCACHED_URIS, PATHS


def test_the_server_loads_the_clients_rules_file():
    assert os.path.samefile(
        server_rules.locations.__file__, client_locations.__file__
    )


def test_what_the_server_model_saves_passes_the_client_check():
    values = get_default_values()
    values["applications"] = good_settings_file()["studio"]["applications"]
    values["applications"][0]["variants"][0]["command"] = ["maya"]
    model = ApplicationsAddonSettings(**values)
    settings = json.loads(json.dumps(model.dict()))
    check_addon_settings(settings, "Studio settings")
    assert checked_addon_settings(settings) == settings


def test_the_examples_settings_file_passes():
    path = os.path.join(REPO_ROOT, "examples", "settings.json")
    with open(path, encoding="utf-8") as stream:
        check_settings_file(json.load(stream), path)


def test_no_addon_settings_is_empty_settings():
    assert checked_addon_settings(None) == {}
    assert ApplicationManager({}).applications == {}


@pytest.mark.parametrize("path,platform_name,accepted", PATHS)
def test_server_folders_follow_the_servers_rule(
    path, platform_name, accepted
):
    settings = {"rez": {"packages_path": {platform_name: [path]}}}
    try:
        check_addon_settings(settings, "S", platform_name=platform_name)
    except ApplicationLaunchFailed as exc:
        assert not accepted
        assert f"rez.packages_path.{platform_name} {json.dumps(path)}" in (
            str(exc)
        )
    else:
        assert accepted


def test_only_this_platforms_folders_must_be_absolute():
    """A Windows folder cannot break a Linux launch (types still count)."""
    settings = {"rez": {"packages_path": {
        "windows": ["packages"], "linux": ["/studio/rez"],
    }}}
    check_addon_settings(settings, "S", platform_name="linux")
    with pytest.raises(ApplicationLaunchFailed, match="windows"):
        check_addon_settings(settings, "S", platform_name="windows")
    settings["rez"]["packages_path"]["windows"] = "packages"
    with pytest.raises(ApplicationLaunchFailed,
                       match="packages_path.windows must be a list"):
        check_addon_settings(settings, "S", platform_name="linux")


def test_a_file_may_use_folders_relative_to_itself():
    data = {"studio": {"rez": {"packages_path": {"linux": ["packages"]}}}}
    check_settings_file(data, "/studio/settings.json", "linux")
    with pytest.raises(ApplicationLaunchFailed, match="is not an absolute"):
        check_addon_settings(data["studio"], "S", platform_name="linux")


def test_several_problems_are_one_line_counted():
    settings = {"applications": [{"name": ""}, {"name": "a/b"},
                                 {"label": 1}, {"name": 5}]}
    with pytest.raises(ApplicationLaunchFailed) as info:
        check_addon_settings(settings, "Settings")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(
        "Settings: applications[0].name is empty; every item needs a"
        " name; applications[1].name must not contain '/'"
    )
    assert message.endswith("; and 2 more")


@pytest.mark.parametrize("uri,accepted,rez_parses", MEMCACHED_URIS)
def test_client_leaves_out_the_uris_the_server_refuses(
    uri, accepted, rez_parses
):
    assert usable_memcached_uris([uri]) == ([uri] if accepted else [])


def test_a_bad_memcached_uri_warns_once(caplog):
    settings = {"rez": {"memcached_uri": ["127.0.0.1:1 ", "127.0.0.1:2"]}}
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            rez = RezSettings.from_settings(settings, "linux")
    assert rez.memcached_uri == ["127.0.0.1:2"]
    assert rez.config_overrides()["memcached_uri"] == ["127.0.0.1:2"]
    warnings = [record.getMessage() for record in caplog.records
                if "memcached_uri" in record.getMessage()]
    assert len(warnings) == 1
    assert '"127.0.0.1:1 " (contains spaces)' in warnings[0]
