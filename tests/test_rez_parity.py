"""A launch gets what ``rez env`` gives: rez's own CLI is the oracle.

Each case is a request on the studio-style repository
(``tests/fixtures/studio_repo.py``), run twice with the same parent
environment and the same rez config:

* through rez's CLI in a subprocess: ``rez env --paths REPO REQUEST --
  COMMAND ARGS``, the config given as a ``rezconfig.py``
  (``REZ_CONFIG_FILE``, home config disabled);
* through this addon: an application with that request, command and
  arguments, the config given as the studio settings (``implicit_packages``
  and ``rez/extra_config``), launched as an artist would.

The command is a probe that records its argv, its environment and (under
rez's CLI) the resolved variants. The resolved variants (with their index
and repository) must be identical, the program must get the same
arguments, and every variable that differs from the parent environment
must have the same value on both sides, apart from what only a shell or
only the addon sets (listed below).

The addon extends ``PATH`` and ``PYTHONPATH`` of the launcher, as rez does
for ``parent_variables``; the CLI gets that setting, so both extend them.
"""
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import pytest

from ayon_applications import ApplicationManager
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    read_probe,
    variant,
    write_settings_file,
)
from tests.fixtures.studio_repo import StudioRepo, rezconfig_text

REZ_CLI = os.path.join(os.path.dirname(sys.executable), "rez")
#: rez's setting for what the addon does with the launcher's paths.
PARENT_VARIABLES = ["PATH", "PYTHONPATH"]
#: Set by the shell ``rez env`` starts, or by rez for that shell only.
SHELL_ONLY = {
    "PWD", "SHLVL", "_", "PS1", "LC_CTYPE", "PROBE_OUTPUT",
    "REZ_RXT_FILE", "REZ_CONTEXT_FILE", "REZ_SHELL_INIT_TIMESTAMP",
    "REZ_SHELL_INTERACTIVE", "REZ_ENV_PROMPT", "REZ_STORED_PROMPT_SH",
    # the time of the resolve itself
    "REZ_USED_TIMESTAMP",
}


@dataclass
class Case:
    """One request, as an application of the addon and as ``rez env``.

    Attributes:
        requests: The request.
        command: Command name; None for the probe's absolute path.
        arguments: Arguments of the application variant.
        extra_config: rez config in ``rez/extra_config`` and the CLI's
            ``rezconfig.py``.
        implicit_packages: The setting; None leaves it unset (the
            default, as rez's own).
        expect_variants: Package name to variant index the case is
            about (checked on both sides, so the case tests something).
        expect_env: Variables the case is about, with their value.
    """

    requests: List[str]
    command: Optional[str] = None
    arguments: List[str] = field(default_factory=list)
    extra_config: Dict[str, Any] = field(default_factory=dict)
    implicit_packages: Optional[List[str]] = None
    expect_variants: Dict[str, Optional[int]] = field(default_factory=dict)
    expect_env: Dict[str, str] = field(default_factory=dict)


def cases(repo: StudioRepo) -> Dict[str, Case]:
    linux = repo.platform == "linux"
    return {
        "platform_variants": Case(
            ["platpkg"],
            expect_variants={
                "platpkg": ["windows", "linux", "osx"].index(repo.platform)
            },
        ),
        "arch_and_os_variants": Case(
            ["archpkg", "ospkg"],
            expect_variants={"archpkg": 1, "ospkg": 1},
            expect_env={"OSPKG_OS": repo.os},
        ),
        "implicit_packages_empty_means_none": Case(
            ["platpkg"], implicit_packages=[],
            expect_variants={"platpkg": 0},
        ),
        "implicit_packages_replaced": Case(
            ["platpkg"], implicit_packages=["~platform==osx"],
            expect_variants={"platpkg": 2},
        ),
        "python_variant_highest": Case(
            ["pyplugin"], expect_variants={"pyplugin": 2},
            expect_env={"PYPLUGIN_PY": "3.11.9"},
        ),
        "python_variant_requested": Case(
            ["pyplugin", "python-3.10"], expect_variants={"pyplugin": 1},
        ),
        "alias": Case(
            ["aliasapp"], command="aliasapp", arguments=["scene.ma", "-v"],
        ),
        "tools": Case(["toolpkg"], command="mytool", arguments=["-x"]),
        "pre_and_post_commands": Case(["prepost"]),
        "early_requires": Case(
            ["earlypkg"], expect_env={"EARLY_PYTHON": "3.10.14"},
        ),
        "ephemeral": Case(
            [".mode-1", "ephpkg"], expect_env={"EPH_MODE": "one"},
        ),
        "weak_request": Case(
            ["pyplugin", "~python-3.10"], expect_variants={"pyplugin": 1},
        ),
        "conflict_request": Case(
            ["pyplugin", "!python-3.11"], expect_variants={"pyplugin": 1},
        ),
        "package_filter": Case(
            ["betapkg"],
            extra_config={"package_filter": [
                {"excludes": ["glob(*.beta)"]}
            ]},
            expect_env={"BETAPKG_VERSION": "1.0"},
        ),
        "package_orderer": Case(
            ["orderpkg"],
            extra_config={"package_orderers": [{
                "type": "version_split", "first_version": "2.0",
                "packages": ["orderpkg"],
            }]},
            expect_env={"ORDERPKG_VERSION": "2.0"},
        ),
        "setenv_and_appendenv_on_caller_variables": Case(
            ["envpkg"], expect_env={"STUDIO_VAR": "pkg"},
        ),
        "variant_select_version_priority": Case(
            ["vsm", "bar", "baz"], expect_variants={"vsm": 0},
        ),
        "variant_select_intersection_priority": Case(
            ["vsm", "bar", "baz"],
            extra_config={"variant_select_mode": "intersection_priority"},
            expect_variants={"vsm": 1},
        ),
        "system_and_request_bindings": Case(
            ["syspkg"],
            expect_env={
                "HAS_IMPLICIT_PLATFORM": "yes",
                "SYS_PLATFORM": "linux" if linux else repo.platform,
            },
        ),
    }


def parent_environment() -> Dict[str, str]:
    """What the launcher has: a small, fixed environment."""
    return {
        "PATH": os.pathsep.join(["/caller/bin", "/usr/bin", "/bin"]),
        "PYTHONPATH": "/caller/site",
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "STUDIO_VAR": "caller",
        "STUDIO_LIST": "/caller/list",
        "REZ_DISABLE_HOME_CONFIG": "1",
    }


def rez_config(case: Case) -> Dict[str, Any]:
    config: Dict[str, Any] = {"parent_variables": PARENT_VARIABLES}
    config.update(case.extra_config)
    if case.implicit_packages is not None:
        config["implicit_packages"] = case.implicit_packages
    return config


def run_rez_cli(repo: StudioRepo, case: Case, tmp_path) -> Dict[str, Any]:
    """The case under ``rez env``: what the probe recorded."""
    config_file = tmp_path / "rezconfig.py"
    config_file.write_text(rezconfig_text(rez_config(case)))
    output = str(tmp_path / "cli.json")
    env = dict(parent_environment())
    env.update(REZ_CONFIG_FILE=str(config_file), PROBE_OUTPUT=output)
    command = [case.command or repo.probe, *case.arguments]
    result = subprocess.run(
        [REZ_CLI, "env", "--paths", repo.root, *case.requests, "--",
         *command],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    recorded = read_probe(output)
    recorded["parent"] = env
    return recorded


def run_addon(repo: StudioRepo, case: Case, tmp_path) -> Dict[str, Any]:
    """The case launched through the addon: what the probe recorded."""
    settings = addon_settings(
        [repo.root],
        [app_group("parity", [variant(
            "case", case.requests, command=[case.command or repo.probe],
            arguments=case.arguments,
        )])],
    )
    if case.implicit_packages is None:
        del settings["rez"]["implicit_packages"]
    else:
        settings["rez"]["implicit_packages"] = case.implicit_packages
    settings["rez"]["extra_config"] = json.dumps(case.extra_config)
    manager = ApplicationManager(settings_source=FileSettingsSource(
        write_settings_file(str(tmp_path / "settings.json"), settings)
    ))
    output = str(tmp_path / "addon.json")
    env = dict(parent_environment(), PROBE_OUTPUT=output)
    context = manager.create_launch_context(
        "parity/case", project_name="show", folder_path="/shots/sh010",
        task_name="lighting", env=env,
    )
    process = manager.launch_with_context(context)
    assert process is not None and process.wait(timeout=60) == 0
    recorded = read_probe(output)
    recorded["parent"] = env
    recorded["variants"] = context.data["rez_resolution"].variants
    return recorded


def package_set(recorded: Dict[str, Any]) -> Dict[str, Optional[str]]:
    """Variables that differ from the parent, without shell-only ones."""
    env, parent = recorded["env"], recorded["parent"]
    changed: Dict[str, Optional[str]] = {
        key: value for key, value in env.items()
        if parent.get(key) != value
        and key not in SHELL_ONLY
        and not key.startswith(("BASH_FUNC_", "AYON_"))
    }
    for key in parent:
        if key not in env and key not in SHELL_ONLY:
            changed[key] = None
    return changed


@pytest.fixture(scope="module")
def parity_cases(studio_repo) -> Dict[str, Case]:
    return cases(studio_repo)


CASE_NAMES = sorted(cases(StudioRepo("", "", "linux", "", "", "", "")))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_launch_matches_rez_env(name, studio_repo, parity_cases, tmp_path):
    case = parity_cases[name]
    (tmp_path / "cli").mkdir()
    (tmp_path / "addon").mkdir()
    cli = run_rez_cli(studio_repo, case, tmp_path / "cli")
    addon = run_addon(studio_repo, case, tmp_path / "addon")

    assert addon["variants"] == cli["variants"]
    assert addon["argv"] == cli["argv"]
    cli_set, addon_set = package_set(cli), package_set(addon)
    assert addon_set == cli_set
    # The case exercises what it names (both sides agree, so check one).
    indexes = {
        item["package"].split("-")[0]: item["index"]
        for item in cli["variants"]
    }
    for package, index in case.expect_variants.items():
        assert indexes[package] == index, package
    for key, value in case.expect_env.items():
        assert cli_set.get(key) == value, key


def test_alias_gets_its_arguments_before_the_variants(
    studio_repo, parity_cases, tmp_path
):
    addon = run_addon(studio_repo, parity_cases["alias"], tmp_path)
    real = os.path.join(studio_repo.root, "aliasapp", "1.0", "bin",
                        "aliasapp_real")
    assert addon["argv"] == [real, "--flag", "two words", "scene.ma", "-v"]
