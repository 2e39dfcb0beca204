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


def test_contract_names_import_without_ayon_core():
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT],
        env=env, capture_output=True, text=True, cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "contract ok" in result.stdout


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
