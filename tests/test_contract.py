"""The drop-in contract: names other addons import, without ayon-core."""
import ast
import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

CONTRACT_NAMES = [
    "__version__", "APPLICATIONS_ADDON_ROOT", "DEFAULT_ENV_SUBGROUP",
    "PLATFORM_NAMES", "ApplicationNotFound", "ApplicationExecutableNotFound",
    "ApplicationLaunchFailed", "MissingRequiredKey", "LaunchTypes",
    "ApplicationExecutable", "UndefinedApplicationExecutable",
    "ApplicationGroup", "Application", "EnvironmentToolGroup",
    "EnvironmentTool", "LaunchHook", "PreLaunchHook", "PostLaunchHook",
    "ApplicationManager", "ApplicationLaunchContext", "ApplicationsAddon",
]

CHECK_SCRIPT = f"""
import importlib.util, sys
assert importlib.util.find_spec("ayon_core") is None, "ayon_core importable"
import ayon_applications as api
missing = [n for n in {CONTRACT_NAMES!r} if not hasattr(api, n)]
assert not missing, missing
from ayon_applications.exceptions import ApplicationLaunchFailed
assert api.DEFAULT_ENV_SUBGROUP == "standard"
assert api.PLATFORM_NAMES == {{"windows", "linux", "darwin"}}
lt = api.LaunchTypes
assert (lt.local, lt.farm_render, lt.farm_publish, lt.remote,
        lt.automated) == ("local", "farm-render", "farm-publish",
                          "remote", "automated")
assert issubclass(api.MissingRequiredKey, KeyError)
exc = api.ApplicationExecutableNotFound("app", "details")
assert exc.msg and exc.details == "details"
import ayon_applications.utils as utils
for name in ("EnvironmentPrepData", "prepare_app_environments",
             "prepare_context_environments",
             "get_app_environments_for_context",
             "get_applications_for_context", "get_tools_for_context"):
    assert hasattr(utils, name), name
print("contract ok")
"""


def run_without_ayon_core(script: str) -> str:
    """Run ``script`` in a fresh Python without ayon-core; its output."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env, capture_output=True, text=True, cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_contract_names_import_without_ayon_core():
    assert "contract ok" in run_without_ayon_core(CHECK_SCRIPT)


def test_client_code_is_python39_syntax():
    client = os.path.join(REPO_ROOT, "client")
    checked = 0
    for folder, _dirs, files in os.walk(client):
        for filename in files:
            if not filename.endswith(".py"):
                continue
            path = os.path.join(folder, filename)
            with open(path, encoding="utf-8") as stream:
                source = stream.read()
            ast.parse(source, filename=path, feature_version=(3, 9))
            checked += 1
    assert checked > 10


# --- surface of Ynput's addon 1.4.4 (and develop) beyond contract.md's --
DEFS_NAMES = [
    "LaunchTypes", "ApplicationExecutable", "UndefinedApplicationExecutable",
    "ApplicationGroup", "Application", "EnvironmentToolGroup",
    "EnvironmentTool",
]
SURFACE_SCRIPT = f"""
import importlib.util, inspect
assert importlib.util.find_spec("ayon_core") is None, "ayon_core importable"
import ayon_applications as api
import ayon_applications.defs as defs
for name in {DEFS_NAMES!r}:
    assert getattr(defs, name) is getattr(api, name), name
assert isinstance(api.Application.executables, property)
addon = api.ApplicationsAddon
for name, params in (
    ("get_application_items",
     ["project_name", "task_id", "variant", "version"]),
    ("get_tool_items", ["project_name", "variant", "version"]),
):
    method = getattr(addon, name)
    assert inspect.ismethod(method), name  # a classmethod, as Ynput's
    assert list(inspect.signature(method).parameters) == params, name
for name in ("variant", "version"):
    param = inspect.signature(addon.get_tool_items).parameters[name]
    assert param.kind is param.KEYWORD_ONLY, name
for name in ("get_app_icon_url", "get_loader_action_plugin_paths",
             "get_publish_plugin_paths"):
    assert callable(getattr(addon, name)), name
print("surface ok")
"""

PUBLISH_PLUGINS = {
    # name: (pyblish order, targets)
    "CollectAppName": ("CollectorOrder", -0.499999, ["default"]),
    "CollectApplicationsJobEnvVars": ("CollectorOrder", -0.45, ["local"]),
    "IntegrateVersionAppNameData": ("IntegratorOrder", -0.49, ["default"]),
}

SERVER_ROUTES = {
    ("icons/{filename}", "GET"),
    ("customIcons", "GET"),
    ("customIcons/{filename}", "GET"),
    ("customIcons/{filename}", "POST"),
    ("customIcons/{filename}", "PUT"),
    ("customIcons/{filename}", "DELETE"),
    ("apps", "GET"),
    ("apps/{project_name}", "GET"),
    ("apps/{project_name}/task/{task_id}", "GET"),
    ("tools", "GET"),
    ("tools/{project_name}", "GET"),
}


def test_surface_names_import_without_ayon_core():
    assert "surface ok" in run_without_ayon_core(SURFACE_SCRIPT)


def test_publish_plugins_of_the_contract():
    import pyblish.api

    from ayon_applications.addon import ApplicationsAddon

    (path,) = ApplicationsAddon.get_publish_plugin_paths(None, "maya")
    plugins = {p.__name__: p for p in pyblish.api.discover(paths=[path])}
    for name, (base, offset, targets) in PUBLISH_PLUGINS.items():
        plugin = plugins[name]
        assert plugin.order == getattr(pyblish.api, base) + offset, name
        assert plugin.targets == targets, name


def test_loader_action_of_the_contract(ayon_core_standin):
    from ayon_core.pipeline.actions import LoaderActionPlugin
    from ayon_core.pipeline.plugin_discover import discover_plugins

    from ayon_applications.addon import ApplicationsAddon

    paths = ApplicationsAddon.get_loader_action_plugin_paths(None, None)
    (plugin,) = discover_plugins(LoaderActionPlugin, paths).plugins
    assert plugin.__name__ == "OpenSourceWorkfileAction"
    assert plugin.label == "Open Source Workfile"


def test_server_endpoints_of_the_contract(server_world):
    routes = {
        (endpoint["path"].lstrip("/"), endpoint["method"])
        for endpoint in server_world.addon.endpoints
    }
    assert SERVER_ROUTES <= routes
    for name in ("get_application_items", "get_tool_items",
                 "get_application_items_for_task", "get_addon_for_context"):
        assert callable(getattr(server_world.addon, name)), name
