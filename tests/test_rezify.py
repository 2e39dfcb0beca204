"""``rezify-bundle``: an AYON bundle written as rez packages, downloaded
with the real ayon-python-api from the local test server (bundle "Prod"
of ``tests/fixtures/ayon_bundles.py``), read back by real rez, and
resolved in ``strict`` mode through the addon's own launch path."""
import json
import os
import sys
import time

import pytest

from ayon_applications.__main__ import main as standalone_main
from ayon_applications.bundle_catalog import parse_server_time
from ayon_applications.exceptions import ApplicationLaunchFailed
from ayon_applications.rezify import rezify_bundle
from tests.fixtures.ayon_bundles import (
    DEPENDENCY_FILE,
    PROD_CREATED,
    client_zip,
)
from tests.fixtures.launch import addon_settings, app_group, variant

# Records what the launched process got and which AYON modules it could
#   import (PROBE_IMPORTS, comma separated) and from where.
IMPORT_PROBE = f"""#!{sys.executable}
import importlib, json, os, sys
found = {{}}
for name in os.environ.get("PROBE_IMPORTS", "").split(","):
    try:
        found[name] = importlib.import_module(name).__file__
    except ImportError as exc:
        found[name] = "ImportError: " + str(exc)
with open(os.environ["PROBE_OUTPUT"], "w") as stream:
    json.dump({{"env": dict(os.environ), "imports": found}}, stream)
"""

PLATFORM = sys.platform.replace("win32", "windows").replace("darwin", "osx")
EXPECTED = [
    ("ayon_launcher", "1.3.2"),
    ("platform", PLATFORM),
    ("ayon_core", "1.4.4._dev"),
    ("ayon_dependencies", "Prod"),
    ("ayon_applications", "2.0.0._rez"),
    ("ayon_maya", "0.4.1"),
    ("ayon_studio_data", "1.0.0"),
    ("ayon", "Prod"),
    ("ayon_production", "20240101.000000"),
]
VARIANT = f"platform-{PLATFORM}"


def package_dir(repo, name, version):
    return os.path.join(repo, name, version)


def leftovers(repo):
    """Temp entries anywhere in the repository."""
    found = []
    for root, dirs, files in os.walk(repo):
        found += [os.path.join(root, n) for n in dirs + files
                  if n.startswith(".")]
    return found


def run_standalone(*args):
    return standalone_main(["rezify-bundle", *args])


def test_rezify_writes_packages_rez_reads(bundle, ayon_repo, capsys):
    from rez.packages import get_package

    assert run_standalone("--output", ayon_repo) == 0

    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["created"] * len(EXPECTED)
    assert [line.split()[1] for line in lines] == [
        f"{name}-{version}" for name, version in EXPECTED
    ]
    created = parse_server_time(PROD_CREATED)
    packages = {}
    for name, version in EXPECTED:
        package = get_package(name, version, paths=[ayon_repo])
        assert package is not None, (name, version)
        packages[name] = package
        # the bundle's creation time, not the time it was written
        if name != "platform":
            assert package.timestamp == created, name
    assert not packages["platform"].timestamp  # never hidden by a pin
    assert 'AYON addon "core" 1.4.4+dev' in packages["ayon_core"].description
    python_dir = os.path.join(
        package_dir(ayon_repo, "ayon_core", "1.4.4._dev"), "python"
    )
    assert os.listdir(python_dir) == ["ayon_core"]  # zip removed
    assert "not packaged" in packages["ayon_launcher"].description
    assert os.listdir(package_dir(ayon_repo, "ayon_launcher", "1.3.2")) == [
        "package.py"
    ]
    server_only = package_dir(ayon_repo, "ayon_studio_data", "1.0.0")
    assert os.listdir(server_only) == ["package.py"]
    assert not packages["ayon_studio_data"].requires

    # requirements as each package.py declares them, through the mapping
    def requires(name):
        return [str(req) for req in packages[name].requires or []]

    assert requires("ayon_maya") == [
        "ayon_core-1.4.0+", "~ayon_deadline-0.7.0+"
    ]
    assert requires("ayon_applications") == ["ayon_core-1.4.0+"]
    assert requires("ayon_core") == ["~ayon_applications-1.1.2+"]
    assert "package.py declares" in packages["ayon_maya"].description

    # the bundle: exactly its versions, the launcher, the dependencies
    bundle_package = packages["ayon"]
    assert requires("ayon") == [
        "ayon_launcher==1.3.2", "ayon_applications==2.0.0._rez",
        "ayon_core==1.4.4._dev", "ayon_maya==0.4.1",
        "ayon_studio_data==1.0.0", "ayon_dependencies==Prod",
    ]
    assert bundle_package.ayon_bundle_name == "Prod"
    assert requires("ayon_production") == ["ayon==Prod"]

    dependencies = packages["ayon_dependencies"]
    assert [list(map(str, v)) for v in dependencies.variants] == [[VARIANT]]
    assert dependencies.ayon_dependency_packages == {
        sys.platform.replace("win32", "windows"): DEPENDENCY_FILE
    }
    deps_python = os.path.join(
        package_dir(ayon_repo, "ayon_dependencies", "Prod"), VARIANT,
        "python",
    )
    assert os.access(os.path.join(deps_python, "dependencies", "bin",
                                  "deptool"), os.X_OK)
    assert not os.access(os.path.join(deps_python, "runtime",
                                      "launcher_only.py"), os.X_OK)
    assert leftovers(ayon_repo) == []
    # the real ayon_api calls, on the real server's routes
    paths = [path for _method, path in bundle.requests]
    assert "/addons/core/1.4.4+dev/private/client.zip" in paths
    assert f"/api/desktop/dependencyPackages/{DEPENDENCY_FILE}" in paths
    assert ("POST", "/api/bundles/check") in bundle.requests
    # the server's address and key are never written
    for root, _dirs, files in os.walk(ayon_repo):
        for name in files:
            if name == "package.py":
                with open(os.path.join(root, name)) as stream:
                    text = stream.read()
                assert bundle.url not in text
                assert bundle.api_key not in text


def test_second_run_is_already_there_and_force_rebuilds(
    bundle, ayon_repo, capsys
):
    assert run_standalone("--output", ayon_repo) == 0
    capsys.readouterr()

    def package_files():
        return {
            name: os.stat(os.path.join(
                package_dir(ayon_repo, name, version), "package.py"
            ))
            for name, version in EXPECTED
        }

    before = package_files()
    requests_before = len(bundle.requests)

    assert run_standalone("--output", ayon_repo) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["already", "there"]
    ] * len(EXPECTED)
    after = package_files()
    for name in before:
        assert after[name].st_ino == before[name].st_ino
        assert after[name].st_mtime_ns == before[name].st_mtime_ns
    downloads = [path for _m, path in bundle.requests[requests_before:]
                 if "private" in path or "dependencyPackages" in path]
    assert downloads == []

    assert run_standalone("--output", ayon_repo, "--force") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["rebuilt"] * len(EXPECTED)
    rebuilt = package_files()
    for name in before:
        assert rebuilt[name].st_ino != before[name].st_ino
    assert os.path.isfile(os.path.join(
        package_dir(ayon_repo, "ayon_maya", "0.4.1"),
        "python", "ayon_maya", "__init__.py",
    ))
    assert leftovers(ayon_repo) == []


@pytest.mark.parametrize("broken", ["missing client.zip", "not a zip"])
def test_failure_leaves_no_package_and_no_temp_folder(
    bundle, ayon_repo, capsys, broken
):
    if broken == "missing client.zip":
        bundle.private_files.pop(("maya", "0.4.1", "client.zip"))
        failed, label = ("ayon_maya", "0.4.1"), 'AYON addon "maya" 0.4.1'
    else:
        bundle.dependency_packages[DEPENDENCY_FILE] = b"not a zip"
        failed = ("ayon_dependencies", "Prod")
        label = f'AYON dependency package "{DEPENDENCY_FILE}"'

    assert run_standalone("--output", ayon_repo) == 1

    error = capsys.readouterr().err
    assert 'Cannot rezify AYON bundle "Prod"' in error
    assert label in error
    assert "Traceback" not in error
    assert not os.path.exists(os.path.join(ayon_repo, failed[0]))
    assert not os.path.exists(os.path.join(ayon_repo, "ayon"))
    assert leftovers(ayon_repo) == []
    # packages finished before the failure are whole
    core = package_dir(ayon_repo, "ayon_core", "1.4.4._dev")
    assert os.path.isfile(os.path.join(core, "package.py"))


def test_named_bundle_with_project_bundle_over_it(
    bundle, ayon_repo, capsys
):
    from rez.packages import get_package

    bundle.add_bundle("Next", {"core": "1.4.4+dev", "maya": "0.5.0"},
                      installer_version="1.4.0",
                      created_at="2024-03-01T00:00:00+00:00")
    bundle.add_bundle("ShowBundle", {"maya": "0.5.1-rc.1"},
                      installer_version=None, is_project=True,
                      created_at="2024-04-01T00:00:00+00:00")
    bundle.add_project("show", bundle={"production": "ShowBundle"})
    bundle.add_addon("maya", "0.5.0", client_zip("ayon_maya", "0.5.0"))
    bundle.add_addon("maya", "0.5.1-rc.1",
                     client_zip("ayon_maya", "0.5.1-rc.1"))

    assert run_standalone("--output", ayon_repo, "--bundle", "Next") == 0
    out = capsys.readouterr().out
    assert "ayon_maya-0.5.0 " in out
    assert "ayon_launcher-1.4.0 " in out  # Next's launcher, not 1.3.2
    assert "studio_data" not in out
    assert "ayon_dependencies" not in out  # Next has none
    assert "created       ayon-Next " in out
    assert "ayon_production" not in out  # Next is not production
    next_package = get_package("ayon", "Next", paths=[ayon_repo])
    assert [str(r) for r in next_package.requires] == [
        "ayon_launcher==1.4.0", "ayon_core==1.4.4._dev", "ayon_maya==0.5.0"
    ]

    assert run_standalone("--output", ayon_repo, "--bundle-name", "Next",
                          "--project", "show") == 0
    out = capsys.readouterr().out
    assert "created       ayon_maya-0.5.1-rc.1 " in out
    assert "already there ayon_core-1.4.4._dev " in out
    combined = get_package(
        "ayon_project_show", "Next-ShowBundle", paths=[ayon_repo]
    )
    assert combined.ayon_project_bundle_name == "ShowBundle"
    assert "ayon_maya==0.5.1-rc.1" in [str(r) for r in combined.requires]
    # laid over the studio bundle: there from the later of the two
    assert combined.timestamp == parse_server_time(
        "2024-04-01T00:00:00+00:00"
    )
    # core 1.4.4+dev is in Prod (2024-01-01) and Next: the earliest
    core = get_package("ayon_core", "1.4.4._dev", paths=[ayon_repo])
    assert core.timestamp == parse_server_time(PROD_CREATED)


@pytest.mark.parametrize("case", ["unknown bundle", "project bundle",
                                  "no repository", "addon not installed"])
def test_clear_errors(bundle, ayon_repo, tmp_path, capsys, case):
    args = ["--output", ayon_repo]
    if case == "unknown bundle":
        args += ["--bundle", "Nope"]
        expected = 'AYON bundle "Nope": it was not found on the server'
    elif case == "project bundle":
        bundle.add_bundle("ShowBundle", {}, is_project=True)
        args += ["--bundle", "ShowBundle"]
        expected = "it is a project bundle"
    elif case == "no repository":
        args = ["--output", str(tmp_path / "missing")]
        expected = (f'rez repository "{tmp_path / "missing"}" does not'
                    " exist")
    else:
        del bundle.addons["maya"]
        expected = 'addon "maya" 0.4.1 is not installed on the server'

    assert run_standalone(*args) == 1
    error = capsys.readouterr().err
    assert "Cannot rezify AYON bundle" in error
    assert expected in error
    assert os.listdir(ayon_repo) == []


def test_unknown_platform_is_refused(bundle, ayon_repo):
    with pytest.raises(ApplicationLaunchFailed, match='"amiga"'):
        rezify_bundle(ayon_repo, platform_name="amiga")
    assert os.listdir(ayon_repo) == []


def test_server_without_bundle_check_falls_back_to_core(
    bundle, ayon_repo, capsys
):
    from rez.packages import get_package

    bundle.bundle_check = False

    assert run_standalone("--output", ayon_repo) == 0

    maya = get_package("ayon_maya", "0.4.1", paths=[ayon_repo])
    assert [str(r) for r in maya.requires] == ["ayon_core-1.4.4._dev+"]
    assert "did not tell them" in maya.description
    core = get_package("ayon_core", "1.4.4._dev", paths=[ayon_repo])
    assert not core.requires


def test_standalone_needs_settings_for_other_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        standalone_main(["resolve", "--app", "maya/2025"])
    assert exc.value.code == 2
    assert "--settings is required for resolve" in capsys.readouterr().err


# --- Inside AYON: rezify, then a strict launch resolves AYON from rez --------
@pytest.fixture
def studio(bundle, applications_addon_class, probe_repo, ayon_repo,
           tmp_path, monkeypatch):
    """A task, strict settings on the server, an import-probe app."""
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager

    bundle.add_project("show", roots={"work": str(tmp_path / "work")})
    folder = bundle.add_folder("show", "/shots/sh010")
    task = bundle.add_task("show", folder["id"], "animation", "Animation")
    monkeypatch.setenv("AYON_HEADLESS_MODE", "1")
    probe_repo.add("importprobe", "1.0.0", requires=["python-3.11"],
                   bin_scripts={"probe": IMPORT_PROBE})
    settings = addon_settings(
        [probe_repo.root, ayon_repo],
        [app_group("probe", [variant(
            "1", ["importprobe-1"],
            environment={"PROBE_IMPORTS": "ayon_core,ayon_maya,depmod"},
        )])],
        ayon_mode="strict",
    )
    settings["ayon_request"]["extra"] = [
        "ayon_dependencies=={bundle_version}"
    ]
    bundle.set_studio_settings("applications", settings)
    _standin.ADDONS[:] = [applications_addon_class]
    return {"task": task, "addons": AddonsManager()}


def run_cli(studio, *args):
    from ayon_core import _standin

    return _standin.run_addon_cli(["applications", *args], studio["addons"])


def wait_for(path, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path) and os.path.getsize(path):
            time.sleep(0.05)
            with open(path, encoding="utf-8") as stream:
                return json.load(stream)
        time.sleep(0.05)
    raise AssertionError(f"{path} was not written in {timeout} s")


def test_strict_launch_imports_ayon_from_rezified_packages(
    studio, ayon_repo, probe_output, monkeypatch, capsys
):
    launch_args = ["launch-by-id", "--app", "probe/1", "--project", "show",
                   "--task-id", studio["task"]["id"]]
    # before rezify-bundle, strict mode cannot resolve AYON, and says
    #   what to run
    assert run_cli(studio, *launch_args) == 1
    error = capsys.readouterr().err
    assert "ayon_core==1.4.4._dev" in error
    assert "rezify-bundle --bundle Prod" in error

    assert run_cli(studio, "rezify-bundle", "--output", ayon_repo) == 0
    assert capsys.readouterr().out.count("created ") == len(EXPECTED)

    monkeypatch.setenv("PYTHONPATH", "/ayon/launcher/site")
    assert run_cli(studio, *launch_args) == 0
    probe = wait_for(probe_output)

    env = probe["env"]
    resolved = env["REZ_USED_RESOLVE"].split()
    for name, version in EXPECTED:
        if name not in ("ayon", "ayon_production", "platform"):
            assert f"{name}-{version}" in resolved
    paths = env["PYTHONPATH"].split(os.pathsep)
    assert "/ayon/launcher/site" not in paths
    core_python = os.path.join(
        package_dir(ayon_repo, "ayon_core", "1.4.4._dev"), "python"
    )
    maya_python = os.path.join(
        package_dir(ayon_repo, "ayon_maya", "0.4.1"), "python"
    )
    deps_python = os.path.join(
        package_dir(ayon_repo, "ayon_dependencies", "Prod"), VARIANT,
        "python", "dependencies",
    )
    for path in (core_python, maya_python, deps_python):
        assert path in paths
    imports = probe["imports"]
    assert imports["ayon_core"] == os.path.join(
        core_python, "ayon_core", "__init__.py"
    )
    assert imports["ayon_maya"] == os.path.join(
        maya_python, "ayon_maya", "__init__.py"
    )
    assert imports["depmod"] == os.path.join(
        deps_python, "depmod", "__init__.py"
    )
