"""``rez env maya ayon`` from a plain shell, after ``rezify-bundle``.

The bundle "Prod" (``tests/fixtures/ayon_bundles.py``) is rezified from
the local AYON test server, then rez's own command line runs in a
subprocess, as a TD would type it. ``maya`` is a studio package of
another repository.
"""
import json
import os
import subprocess
import sys
from typing import Dict, List

import pytest

from ayon_applications.__main__ import main as standalone_main
from ayon_applications.bundle_catalog import parse_server_time
from tests.fixtures.ayon_bundles import (
    PROD,
    PROD_CREATED,
    WINDOWS_DEPENDENCY_FILE,
    client_zip,
    dependency_zip,
    maya_client_zip,
)
from tests.fixtures.launch import addon_settings, app_group, variant
from tests.fixtures.rez_repo import RezRepo

REZ = os.path.join(os.path.dirname(sys.executable), "rez")
THIS_PLATFORM = sys.platform.replace("win32", "windows")
OTHER_PLATFORM = "windows" if THIS_PLATFORM != "windows" else "linux"
REZ_PLATFORMS = {"windows": "windows", "linux": "linux", "darwin": "osx"}

# What the shell's Python sees: imports, the host's start-up folder on
#   sys.path, and the variables the host's implementation envs set.
SHELL_PROBE = """
import json, os, sys
import ayon_core, ayon_maya, ayon_applications, depmod
print(json.dumps({
    "ayon_core": ayon_core.__file__,
    "ayon_maya": ayon_maya.__file__,
    "addon_class": ayon_maya.MayaAddon.__name__,
    "depmod": depmod.PLATFORM,
    "sys_path": sys.path,
    "env": dict(os.environ),
}))
"""


@pytest.fixture
def studio_repo(tmp_path) -> str:
    """The studio's own packages: ``maya``, ``nuke``."""
    repo = RezRepo(str(tmp_path / "studio"))
    repo.add("maya", "2025.1", commands="env.MAYA_VERSION = '{version}'")
    repo.add("nuke", "15.0")
    return repo.root


def rez_env(
    paths: List[str], request: List[str], command: List[str],
    extra_env: Dict[str, str] = None,
) -> subprocess.CompletedProcess:
    """``rez env REQUEST -- COMMAND`` with rez's own command line."""
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith("REZ_") and key != "PYTHONPATH"
    }
    env.update({
        "REZ_PACKAGES_PATH": os.pathsep.join(paths),
        "REZ_DISABLE_HOME_CONFIG": "1",
    })
    env.update(extra_env or {})
    return subprocess.run(
        [REZ, "env", *request, "--", *command],
        env=env, capture_output=True, text=True, timeout=120,
    )


def shell_probe(paths: List[str], request: List[str]) -> Dict:
    result = rez_env(paths, request, [sys.executable, "-c", SHELL_PROBE])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def rezify(repo: str, *args: str) -> None:
    assert standalone_main(["rezify-bundle", "--output", repo, *args]) == 0


def test_rez_env_maya_ayon_is_a_usable_shell(
    bundle, ayon_repo, studio_repo
):
    rezify(ayon_repo)
    paths = [studio_repo, ayon_repo]

    shell = shell_probe(paths, ["maya", "ayon"])

    maya_root = os.path.join(ayon_repo, "ayon_maya", "0.4.1")
    assert shell["ayon_core"] == os.path.join(
        ayon_repo, "ayon_core", "1.4.4._dev", "python", "ayon_core",
        "__init__.py",
    )
    assert shell["ayon_maya"].startswith(maya_root + os.sep)
    assert shell["addon_class"] == "MayaAddon"
    assert shell["depmod"] == "linux"  # this platform's variant
    env = shell["env"]
    # what MayaAddon.add_implementation_envs sets, re-expressed at the
    #   package root
    assert env["AYON_MAYA_APP_GROUP"] == "maya"
    assert env["AYON_LOG_NO_COLORS"] == "1"
    assert env["MAYA_DISABLE_CLIC_IPM"] == "1"
    ayon_maya_dir = os.path.join(maya_root, "python", "ayon_maya")
    startup = os.path.join(ayon_maya_dir, "startup")
    vendor = os.path.join(ayon_maya_dir, "vendor", "python")
    assert env["MAYA_SCRIPT_PATH"].split(os.pathsep)[0] == os.path.join(
        ayon_maya_dir, "scripts"
    )
    python_path = env["PYTHONPATH"].split(os.pathsep)
    assert python_path[0] == startup  # before every addon
    assert python_path[-1] == vendor  # after them
    assert startup in shell["sys_path"]
    assert env["MAYA_VERSION"] == "2025.1"
    # the bundle is named; the server comes from the user's environment
    assert env["AYON_BUNDLE_NAME"] == PROD
    assert env["AYON_SERVER_URL"] == bundle.url
    assert env["REZ_AYON_VERSION"] == PROD


def test_set_only_when_unset_keeps_the_users_value(
    bundle, ayon_repo, studio_repo
):
    rezify(ayon_repo)
    result = rez_env(
        [studio_repo, ayon_repo], ["maya", "ayon"],
        [sys.executable, "-c",
         "import os; print(os.environ['MAYA_DISABLE_CLIC_IPM'])"],
        {"MAYA_DISABLE_CLIC_IPM": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0"


def test_host_environment_only_with_its_host(
    bundle, ayon_repo, studio_repo
):
    rezify(ayon_repo)

    shell = shell_probe([studio_repo, ayon_repo], ["nuke", "ayon"])

    assert "AYON_MAYA_APP_GROUP" not in shell["env"]
    assert not any(
        path.endswith("startup") for path in
        shell["env"]["PYTHONPATH"].split(os.pathsep)
    )


def test_rez_env_maya_ayon_maya_brings_ayon_core(
    bundle, ayon_repo, studio_repo
):
    rezify(ayon_repo)
    paths = [studio_repo, ayon_repo]

    result = rez_env(
        paths, ["maya", "ayon_maya"],
        [sys.executable, "-c",
         "import os, ayon_core; print(os.environ['REZ_USED_RESOLVE'])"],
    )

    assert result.returncode == 0, result.stderr
    resolved = result.stdout.strip().splitlines()[-1].split()
    assert "ayon_core-1.4.4._dev" in resolved
    assert "ayon_maya-0.4.1" in resolved

    # a core outside the range maya declares: rez names the conflict
    bundle.add_bundle("Old", {"core": "1.2.0"},
                      created_at="2023-06-01T00:00:00+00:00")
    bundle.add_addon("core", "1.2.0", client_zip("ayon_core", "1.2.0"))
    rezify(ayon_repo, "--bundle", "Old")
    result = rez_env(paths, ["maya", "ayon_maya", "ayon_core-1.2"],
                     ["true"])
    assert result.returncode != 0
    assert "ayon_core-1.4.0+" in result.stdout + result.stderr


def test_two_platforms_make_one_package_with_two_variants(
    bundle, ayon_repo, studio_repo, capsys
):
    from rez.packages import get_package
    from rez.resolved_context import ResolvedContext

    bundle.add_dependency_package(
        PROD, WINDOWS_DEPENDENCY_FILE, dependency_zip("windows"),
        platform_name=OTHER_PLATFORM,
    )
    rezify(ayon_repo)
    capsys.readouterr()

    rezify(ayon_repo, "--platform", OTHER_PLATFORM)

    out = capsys.readouterr().out
    assert "variant added ayon_dependencies-Prod " in out
    assert "already there ayon-Prod " in out
    assert "already there ayon_maya-0.4.1 " in out
    versions = os.listdir(os.path.join(ayon_repo, "ayon_dependencies"))
    assert versions == ["Prod"]
    package = get_package("ayon_dependencies", "Prod", paths=[ayon_repo])
    variants = sorted(str(v[0]) for v in package.variants)
    assert variants == sorted(
        f"platform-{REZ_PLATFORMS[name]}"
        for name in (THIS_PLATFORM, OTHER_PLATFORM)
    )
    assert package.ayon_dependency_packages[OTHER_PLATFORM] == (
        WINDOWS_DEPENDENCY_FILE
    )
    assert package.timestamp == parse_server_time(PROD_CREATED)
    # each platform resolves its own payload
    for name, marker in ((THIS_PLATFORM, "linux"),
                         (OTHER_PLATFORM, "windows")):
        context = ResolvedContext(
            ["ayon_dependencies", f"~platform=={REZ_PLATFORMS[name]}"],
            package_paths=[ayon_repo], add_implicit_packages=False,
        )
        assert context.success, context.failure_description
        variant_root = context.get_resolved_package(
            "ayon_dependencies"
        ).root
        depmod = os.path.join(
            variant_root, "python", "dependencies", "depmod",
            "__init__.py",
        )
        with open(depmod) as stream:
            assert repr(marker) in stream.read()
    # again: nothing changes
    rezify(ayon_repo, "--platform", OTHER_PLATFORM)
    assert "variant added" not in capsys.readouterr().out


def test_pinned_project_resolves_the_older_bundle(
    bundle, ayon_repo, studio_repo, tmp_path, monkeypatch,
    applications_addon_class, capsys,
):
    bundle.add_bundle(
        "Prod-2", {"applications": "2.0.0+rez", "core": "1.4.4+dev",
                   "maya": "0.5.0"},
        installer_version="1.3.2", is_production=True,
        created_at="2024-03-01T00:00:00+00:00",
    )
    bundle.add_addon("maya", "0.5.0", maya_client_zip("0.5.0"),
                     required={"core": ">=1.4.0"})
    bundle.add_dependency_package("Prod-2", "prod2.zip", dependency_zip())
    rezify(ayon_repo, "--bundle", PROD)
    rezify(ayon_repo, "--bundle", "Prod-2")
    paths = [studio_repo, ayon_repo]

    # unpinned, rez picks the newest bundle; production points to it
    newest = shell_probe(paths, ["maya", "ayon"])
    assert newest["env"]["AYON_BUNDLE_NAME"] == "Prod-2"
    assert "/ayon_maya/0.5.0/" in newest["ayon_maya"]
    production = shell_probe(paths, ["maya", "ayon_production"])
    assert production["env"]["AYON_BUNDLE_NAME"] == "Prod-2"

    # a project pinned between the two creation times gets the older
    resolved = _launch_resolve(
        bundle, paths, tmp_path, monkeypatch, applications_addon_class,
        capsys, pin="2024-02-01T00:00:00+00:00",
    )
    assert "ayon-Prod" in resolved
    assert "ayon_maya-0.4.1" in resolved
    # the shared core is there since the first bundle holding it
    assert "ayon_core-1.4.4._dev" in resolved


def _launch_resolve(
    bundle, paths, tmp_path, monkeypatch, addon_class, capsys, pin
) -> List[str]:
    """Resolve ``maya ayon`` through the addon in a pinned project."""
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager

    bundle.add_project("show", roots={"work": str(tmp_path / "work")})
    # resolve is a dry run of launch: the command must be found too
    settings = addon_settings(
        paths, [app_group("maya", [variant("2025", ["maya", "ayon"],
                                           command=[sys.executable])],
                          host_name="maya")],
    )
    bundle.set_studio_settings("applications", settings)
    bundle.set_project_overrides(
        "show", "applications",
        {"project_overrides": {"extra_requests": [], "timestamp": pin}},
    )
    monkeypatch.setenv("AYON_HEADLESS_MODE", "1")
    _standin.ADDONS[:] = [addon_class]
    capsys.readouterr()
    code = _standin.run_addon_cli(
        ["applications", "resolve", "--app", "maya/2025",
         "--project", "show", "--json"],
        AddonsManager(),
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0, report
    assert report["timestamp"] == parse_server_time(pin)
    return report["packages"]
