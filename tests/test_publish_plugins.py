"""Publish plug-ins: the app of Ynput's addon, and the rez provenance.

Run through pyblish itself (``pyblish-base``). ``CollectAppName`` and
``IntegrateVersionAppNameData`` keep the names, orders and data of
Ynput's addon (read from ynput/ayon-applications 1.4.4,
``plugins/publish``); ``CollectRezProvenance`` and
``IntegrateVersionRezData`` add ``versionData["ayon_rez"]``: a real
launch through rez, then a publish in that launch's environment.
"""
import json
import os

import pyblish.api
import pyblish.util
import pytest

from ayon_applications.addon import PUBLISH_PLUGINS_DIR
from ayon_applications.constants import CONTEXT_FILE_ENV, TIMESTAMP_ENV
from ayon_applications.manager import ApplicationManager
from ayon_applications.provenance import (
    from_rez_variables,
    read_context_file,
    rez_provenance,
)
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    read_probe,
    variant,
    write_settings_file,
)

PROCESS_KEYS = (
    "AYON_APP_NAME", "AYON_PROJECT_NAME", TIMESTAMP_ENV, CONTEXT_FILE_ENV,
    "REZ_USED_RESOLVE", "REZ_USED_REQUEST", "REZ_USED_TIMESTAMP",
    "REZ_USED_REQUESTED_TIMESTAMP",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for key in PROCESS_KEYS:
        monkeypatch.delenv(key, raising=False)


def plugins_by_name():
    return {
        plugin.__name__: plugin
        for plugin in pyblish.api.discover(paths=[PUBLISH_PLUGINS_DIR])
    }


def publish(context, *names):
    plugins = plugins_by_name()
    return pyblish.util.publish(
        context=context, plugins=[plugins[name] for name in names],
        # what a local publish in AYON has: pyblish's default target and
        #   the "local" one ayon-core registers
        targets=["default", "local"],
    )


def test_plugins_have_the_names_and_orders_of_ynputs_addon():
    plugins = plugins_by_name()
    collector = plugins["CollectAppName"]
    integrator = plugins["IntegrateVersionAppNameData"]
    assert issubclass(collector, pyblish.api.ContextPlugin)
    assert collector.order == pyblish.api.CollectorOrder - 0.499999
    assert issubclass(integrator, pyblish.api.InstancePlugin)
    assert integrator.order == pyblish.api.IntegratorOrder - 0.49
    assert set(plugins) == {
        "CollectAppName", "CollectApplicationsJobEnvVars",
        "CollectRezProvenance", "IntegrateVersionAppNameData",
        "IntegrateVersionRezData",
    }
    # collected before ayon-core's CollectHostName, which comes at -0.49
    assert collector.order < pyblish.api.CollectorOrder - 0.49


def maya_settings(label="Maya"):
    group = app_group("maya", [variant("2025", ["maya-2025"])],
                      host_name="maya")
    group["label"] = label
    return addon_settings(["/nowhere"], [group])


def test_collect_app_name_from_env_and_project_settings(
    ayon_core_standin, monkeypatch
):
    from ayon_core import _standin

    _standin.set_settings(
        studio={"applications": maya_settings()},
        projects={"show": {"applications": maya_settings("Maya (show)")}},
    )
    monkeypatch.setenv("AYON_APP_NAME", "maya/2025")
    monkeypatch.setenv("AYON_PROJECT_NAME", "show")

    context = publish(pyblish.api.Context(), "CollectAppName")

    assert context.data["appName"] == "maya/2025"
    assert context.data["hostName"] == "maya"
    assert context.data["appLabel"] == "Maya (show) 2025"


def test_collect_app_name_keeps_what_is_set(ayon_core_standin, monkeypatch):
    from ayon_core import _standin

    _standin.set_settings(studio={"applications": maya_settings()})
    monkeypatch.setenv("AYON_APP_NAME", "maya/2025")
    context = pyblish.api.Context()
    context.data["hostName"] = "mayapy"

    publish(context, "CollectAppName")

    assert context.data["hostName"] == "mayapy"
    assert context.data["appName"] == "maya/2025"
    assert context.data["appLabel"] == "Maya 2025"


def test_collect_app_name_unknown_app_leaves_host_and_label_empty(
    ayon_core_standin, monkeypatch
):
    from ayon_core import _standin

    _standin.set_settings(studio={"applications": maya_settings()})
    monkeypatch.setenv("AYON_APP_NAME", "nuke/15")

    context = publish(pyblish.api.Context(), "CollectAppName")

    assert context.data["appName"] == "nuke/15"
    assert context.data["hostName"] is None
    assert context.data["appLabel"] is None


def test_collect_app_name_without_app_reads_no_settings():
    # No AYON_APP_NAME and no ayon-core: nothing to look up, no error.
    context = publish(pyblish.api.Context(), "CollectAppName")
    assert context.data["appName"] is None
    assert not any(result["error"] for result in context.data["results"])


def test_integrate_app_name_into_every_version():
    context = pyblish.api.Context()
    context.data["appName"] = "maya/2025"
    first = context.create_instance("modelMain")
    first.data["versionData"] = {"comment": "kept"}
    second = context.create_instance("rigMain")

    publish(context, "IntegrateVersionAppNameData")

    assert first.data["versionData"] == {
        "comment": "kept", "ayon_app_name": "maya/2025"}
    assert second.data["versionData"] == {"ayon_app_name": "maya/2025"}


# --- rez provenance ------------------------------------------------------
MAYAPLUG = """\
name = 'mayaplug'
version = '1.0'
variants = [['python-3.10'], ['python-3.11']]

def commands():
    env.MAYAPLUG_ROOT = '{root}'
"""


@pytest.fixture
def launched_env(tmp_path, probe_repo, probe_output):
    """The environment a real launch of maya/2025 gave the application."""
    plug = os.path.join(probe_repo.root, "mayaplug", "1.0")
    os.makedirs(plug)
    with open(os.path.join(plug, "package.py"), "w") as stream:
        stream.write(MAYAPLUG)
    studio = addon_settings(
        [probe_repo.root],
        [app_group("maya", [variant("2025", ["maya-2025", "mayaplug"])])],
    )
    path = write_settings_file(str(tmp_path / "settings.json"), studio)
    manager = ApplicationManager(settings_source=FileSettingsSource(path))
    workdir = tmp_path / "work"
    workdir.mkdir()
    process = manager.launch(
        "maya/2025", project_name="show", folder_path="/shots/sh010",
        task_name="animation", env=dict(os.environ, AYON_WORKDIR=str(workdir)),
    )
    assert process.wait(timeout=60) == 0
    return read_probe(probe_output)["env"]


def test_version_gets_the_rez_provenance_of_the_launch(
    launched_env, monkeypatch
):
    for key in PROCESS_KEYS:
        if key in launched_env:
            monkeypatch.setenv(key, launched_env[key])
    # rez chose mayaplug's second variant, the one for python 3.11
    assert launched_env["MAYAPLUG_ROOT"].endswith("python-3.11")
    context = pyblish.api.Context()
    instance = context.create_instance("renderMain")

    publish(context, "CollectRezProvenance", "IntegrateVersionRezData")

    provenance = instance.data["versionData"]["ayon_rez"]
    assert provenance == {
        "packages": [
            {"name": "python", "version": "3.11.0", "variant_index": None},
            {"name": "maya", "version": "2025.1", "variant_index": None},
            {"name": "mayaplug", "version": "1.0", "variant_index": 1},
        ],
        "request": ["maya-2025", "mayaplug"],
        "timestamp": int(launched_env[TIMESTAMP_ENV]),
        "context_file": launched_env[CONTEXT_FILE_ENV],
    }
    # what rez itself reports in the application agrees
    assert [
        f"{p['name']}-{p['version']}" for p in provenance["packages"]
    ] == launched_env["REZ_USED_RESOLVE"].split()
    assert json.loads(json.dumps(provenance)) == provenance


def test_without_context_file_rez_variables_give_provenance(launched_env):
    env = dict(launched_env)
    env[CONTEXT_FILE_ENV] = env[CONTEXT_FILE_ENV] + ".missing"

    provenance = rez_provenance(env)

    from_file = read_context_file(launched_env[CONTEXT_FILE_ENV])
    assert provenance["context_file"] is None
    assert provenance["request"] == from_file["request"]
    assert provenance["timestamp"] == from_file["timestamp"]
    assert [(p["name"], p["version"]) for p in provenance["packages"]] == [
        (p["name"], p["version"]) for p in from_file["packages"]
    ]
    assert {p["variant_index"] for p in provenance["packages"]} == {None}


@pytest.mark.parametrize("content", [
    "not json",
    json.dumps({"status": "failed", "resolved_packages": []}),
    json.dumps({"status": "solved", "resolved_packages": [{"key": "x"}],
                "package_requests": [], "timestamp": 1}),
    json.dumps({"status": "solved", "resolved_packages": [],
                "package_requests": "maya", "timestamp": 1}),
    json.dumps({"status": "solved", "package_requests": [],
                "resolved_packages": [{"variables": {
                    "name": "maya", "version": "1", "index": "0; rm"}}],
                "timestamp": 1}),
    json.dumps({"status": "solved", "resolved_packages": [],
                "package_requests": [], "timestamp": "yesterday"}),
])
def test_invalid_context_file_is_not_used(tmp_path, content, caplog):
    path = tmp_path / "bad.rxt"
    path.write_text(content)
    env = {
        CONTEXT_FILE_ENV: str(path),
        "REZ_USED_RESOLVE": "maya-2025.1",
        "REZ_USED_REQUEST": "maya-2025",
        TIMESTAMP_ENV: "1700000000",
    }

    provenance = rez_provenance(env)

    assert provenance == {
        "packages": [
            {"name": "maya", "version": "2025.1", "variant_index": None}],
        "request": ["maya-2025"],
        "timestamp": 1700000000,
        "context_file": None,
    }
    assert f"Not reading the rez context {path}" in caplog.text


def test_outside_rez_no_provenance_is_recorded():
    assert from_rez_variables({}) is None
    context = pyblish.api.Context()
    instance = context.create_instance("modelMain")

    publish(context, "CollectRezProvenance", "IntegrateVersionRezData")

    assert "ayon_rez" not in context.data
    assert "ayon_rez" not in instance.data.get("versionData", {})
