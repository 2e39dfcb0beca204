"""The publish plug-in that hands the artist's resolve to farm jobs.

``CollectApplicationsJobEnvVars``, the name Ynput's addon gives it.

Run through pyblish itself (``pyblish-base``), found on the path the addon
gives ayon-core (``get_publish_plugin_paths``).
"""
import importlib

import pyblish.api
import pyblish.util
import pytest

from ayon_applications.addon import PUBLISH_PLUGINS_DIR
from ayon_applications.constants import CONTEXT_FILE_ENV, TIMESTAMP_ENV

KEYS = ("AYON_APP_NAME", TIMESTAMP_ENV, CONTEXT_FILE_ENV)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)


def discovered():
    return pyblish.api.discover(paths=[PUBLISH_PLUGINS_DIR])


def farm_collector():
    (plugin,) = [
        plugin for plugin in discovered()
        if plugin.__name__ == "CollectApplicationsJobEnvVars"
    ]
    return plugin


def publish(context=None, targets=("local",)):
    return pyblish.util.publish(
        context=context, plugins=[farm_collector()], targets=list(targets)
    )


def test_addon_publish_path_holds_the_collector(ayon_core_standin):
    from ayon_core.addon import AddonsManager

    import ayon_applications.addon as addon_module

    module = importlib.reload(addon_module)
    try:
        manager = AddonsManager(settings={}, addons=[module.ApplicationsAddon])
        paths = manager.collect_publish_plugin_paths("maya")
    finally:
        importlib.reload(addon_module)
    assert paths == [PUBLISH_PLUGINS_DIR]
    plugin = farm_collector()
    assert issubclass(plugin, pyblish.api.ContextPlugin)
    assert plugin.order == pyblish.api.CollectorOrder - 0.45
    assert plugin.targets == ["local"]


def test_adds_app_name_timestamp_and_context_file(monkeypatch):
    monkeypatch.setenv("AYON_APP_NAME", "maya/2025")
    monkeypatch.setenv(TIMESTAMP_ENV, "1795689082")
    monkeypatch.setenv(CONTEXT_FILE_ENV, "/work/.rez_contexts/maya.rxt")
    context = pyblish.api.Context()
    context.data["farmJobEnv"] = {"AYON_PROJECT_NAME": "show"}

    publish(context)

    assert context.data["farmJobEnv"] == {
        "AYON_PROJECT_NAME": "show",  # what other plug-ins added stays
        "AYON_APP_NAME": "maya/2025",
        TIMESTAMP_ENV: "1795689082",
        CONTEXT_FILE_ENV: "/work/.rez_contexts/maya.rxt",
    }


def test_only_keys_set_in_the_app(monkeypatch):
    monkeypatch.setenv("AYON_APP_NAME", "maya/2025")
    monkeypatch.setenv(CONTEXT_FILE_ENV, "")

    context = publish()

    assert context.data["farmJobEnv"] == {"AYON_APP_NAME": "maya/2025"}


def test_runs_only_for_local_publishing(monkeypatch):
    monkeypatch.setenv("AYON_APP_NAME", "maya/2025")

    context = publish(targets=["farm"])

    assert "farmJobEnv" not in context.data
