"""``wrap-installations``: after conversion and wrapping, every app of
Ynput's settings launches the program it launched before, with the same
arguments, through a real rez resolve.

The "before" is Ynput's 1.4.x rule, read from its ``defs.py``: a
variant's executables for the platform are formatted with the
environment, and the first one that exists (a path, or a name found on
``PATH``) is started with the variant's arguments.
"""
from __future__ import annotations

import ast
import copy
import json
import os
import shutil
import stat
import subprocess
import sys
from typing import Any, Optional

import pytest

from ayon_applications import ApplicationManager
from ayon_applications.__main__ import main as standalone_main
from ayon_applications.rules.ynput_settings import convert_overrides
from ayon_applications.settings import FileSettingsSource, apply_overrides
from server.settings import get_default_values
from tests.fixtures.launch import PROBE_SCRIPT, read_probe, write_settings_file
from tests.test_ynput_convert import load

MISSING = "/usr/autodesk/maya2025/bin/maya"  # the first of two: not there


def ynput_program(executables: list[str]) -> Optional[str]:
    """The program 1.x starts: the first executable that exists."""
    for executable in executables:
        try:
            executable = executable.format(**os.environ)
        except Exception:
            pass
        found = shutil.which(executable)
        if found is None and os.path.exists(executable):
            found = executable
        if found is not None:
            return os.path.realpath(found)
    return None


def _stub(path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(PROBE_SCRIPT)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """The sample, its Linux programs installed as probes under tmp.

    Absolute paths move under ``tmp/root``; ``{STUDIO_SW}`` points to
    ``tmp/sw``; bare names are found in ``tmp/bin`` on ``PATH``.
    """
    root = tmp_path / "root"
    monkeypatch.setenv("STUDIO_SW", str(tmp_path / "sw"))
    bin_dir = tmp_path / "bin"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    studio = load("studio_overrides")
    apps = studio["applications"]
    groups = [*(g for n, g in apps.items() if n != "additional_apps"),
              *apps["additional_apps"]]
    for group in groups:
        for variant in group.get("variants", []):
            linux = variant["executables"]["linux"]
            for index, executable in enumerate(linux):
                if executable.startswith("/"):
                    linux[index] = str(root) + executable
                    if executable != MISSING:
                        _stub(linux[index])
            if linux and linux[0] == "gnome-terminal":
                _stub(str(bin_dir / "gnome-terminal"))
            elif linux and linux[0].startswith("{STUDIO_SW}"):
                _stub(linux[0].format(**os.environ))
    path = tmp_path / "ynput_settings.json"
    path.write_text(json.dumps(studio), encoding="utf-8")
    return studio, str(path)


@pytest.fixture
def sample(tmp_path) -> str:
    """The 1.x studio sample as a settings file."""
    path = tmp_path / "sample.json"
    path.write_text(json.dumps(load("studio_overrides")), encoding="utf-8")
    return str(path)


def wrap(settings_json: str, repo: str, *extra: str) -> int:
    os.makedirs(repo, exist_ok=True)
    return standalone_main([
        "wrap-installations", "--settings-json", settings_json,
        "--output", repo, *extra,
    ])


def our_settings(tmp_path, studio: dict[str, Any], repo: str) -> str:
    """This addon's settings after the conversion, on the wrap repo."""
    settings = apply_overrides(
        get_default_values(), convert_overrides(studio).settings
    )
    settings["rez"]["packages_path"] = {
        name: [repo] for name in ("windows", "linux", "darwin")
    }
    settings["rez"]["implicit_packages"] = ["~platform==linux"]
    settings["ayon_request"]["mode"] = "off"
    return write_settings_file(str(tmp_path / "settings.json"), settings)


def launchable(studio: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``group/variant`` and 1.x data of every app 1.x could launch."""
    apps = dict(studio["applications"])
    groups = {g["name"]: g for g in apps.pop("additional_apps")}
    groups.update(apps)
    result = []
    for name, group in groups.items():
        if not group.get("enabled", True):
            continue
        for variant in group.get("variants", []):
            linux = variant["executables"]["linux"]
            if linux and ynput_program(linux):
                result.append((f"{name}/{variant['name']}", variant))
    return result


@pytest.mark.skipif(sys.platform != "linux", reason="probes are Linux")
def test_every_app_launches_its_program_with_its_arguments(
    tmp_path, installed, probe_output, capsys
):
    studio, settings_json = installed
    repo = str(tmp_path / "wrapped")
    assert wrap(settings_json, repo) == 0
    output = capsys.readouterr().out
    assert "created       maya-2025" in output
    assert "applications/terminal/variants/main/executables/linux/1" in output
    manager = ApplicationManager(
        settings_source=FileSettingsSource(our_settings(tmp_path, studio,
                                                        repo))
    )
    apps = launchable(studio)
    assert {name for name, _variant in apps} == {
        "maya/2025", "maya/2024", "nuke/15-1", "nuke/14-0", "nukex/15-1",
        "houdini/20-5", "houdini/19-5", "terminal/main", "djv/2-0-8",
    }
    for app_name, variant in apps:
        os.remove(probe_output) if os.path.exists(probe_output) else None
        process = manager.launch(
            app_name, project_name="show", folder_path="/shots/sh010",
            task_name="anim",
        )
        assert process.wait(timeout=60) == 0, app_name
        probe = read_probe(probe_output)
        expected = ynput_program(variant["executables"]["linux"])
        assert os.path.realpath(probe["argv"][0]) == expected, app_name
        assert probe["argv"][1:] == variant["arguments"]["linux"], app_name
        for key, value in json.loads(variant["environment"]).items():
            assert probe["env"][key] == value, app_name
        resolved = probe["env"]["REZ_USED_RESOLVE"].split()
        assert "platform-linux" in resolved, app_name
    # the fallback and the order of 1.x, kept
    maya = ynput_program(dict(apps)["maya/2025"]["executables"]["linux"])
    assert maya.endswith("/opt/autodesk/maya2025/bin/maya")
    nuke = ynput_program(dict(apps)["nuke/15-1"]["executables"]["linux"])
    assert nuke.endswith("/usr/local/Nuke15.1v4/Nuke15.1")


@pytest.mark.skipif(sys.platform != "linux", reason="probes are Linux")
def test_the_command_line_launches_a_wrapped_app(
    tmp_path, installed, probe_output
):
    studio, settings_json = installed
    repo = str(tmp_path / "wrapped")
    assert wrap(settings_json, repo) == 0
    result = subprocess.run(
        [sys.executable, "-m", "ayon_applications",
         "--settings", our_settings(tmp_path, studio, repo),
         "launch", "--app", "houdini/20-5", "--project", "show",
         "--folder", "/shots/sh010", "--task", "fx", "--wait"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = read_probe(probe_output)
    assert probe["argv"][0] == str(tmp_path / "root/opt/hfs20.5.487/bin"
                                   / "houdini")
    assert probe["argv"][1:] == ["-foreground"]


def test_packages_are_platform_variants_that_set_only_path(tmp_path, sample):
    repo = str(tmp_path / "wrapped")
    assert wrap(sample, repo) == 0
    namespace = _read_package(repo, "maya", "2025")
    assert namespace["variants"] == [["platform-linux"], ["platform-osx"],
                                     ["platform-windows"]]
    assert "timestamp" not in namespace
    tree = ast.parse(namespace["__source__"])
    commands = next(node for node in tree.body
                    if isinstance(node, ast.FunctionDef))
    calls = [ast.unparse(node.func) for node in ast.walk(commands)
             if isinstance(node, ast.Call)]
    assert set(calls) == {"env.PATH.prepend", "literal"}
    for platform_name in ("linux", "osx", "windows"):
        platform_package = _read_package(repo, "platform", platform_name)
        assert platform_package["name"] == "platform"
    assert not os.path.exists(os.path.join(repo, "maya", "2023"))
    assert os.path.isfile(os.path.join(repo, "terminal", "main",
                                       "package.py"))


@pytest.mark.parametrize("rez_platform, expected", [
    ("linux", ["/usr/autodesk/maya2025/bin", "/opt/autodesk/maya2025/bin"]),
    ("windows", ["C:\\Program Files\\Autodesk\\Maya2025\\bin"]),
    ("osx", ["/Applications/Autodesk/maya2025/Maya.app/Contents/MacOS"]),
])
def test_each_platform_gets_its_own_folders(
    tmp_path, sample, rez_platform, expected
):
    repo = str(tmp_path / "wrapped")
    wrap(sample, repo)
    assert _commands_path(repo, "maya", "2025", rez_platform) == expected


def test_rez_env_puts_the_folders_on_path(tmp_path, sample, monkeypatch):
    # The oracle: rez's own command line, with the studio's variable set.
    monkeypatch.setenv("STUDIO_SW", "/mnt/sw")
    repo = str(tmp_path / "wrapped")
    wrap(sample, repo)
    rez = os.path.join(os.path.dirname(sys.executable), "rez")
    answer = subprocess.run(
        [rez, "env", "--paths", repo, "maya-2025", "djv-2.0.8",
         "~platform==linux", "--", sys.executable, "-c",
         "import os; print(os.environ['PATH'])"],
        capture_output=True, text=True, timeout=120,
    )
    assert answer.returncode == 0, answer.stderr
    path = answer.stdout.strip().splitlines()[-1].split(os.pathsep)
    assert "/mnt/sw/djv/2.0.8/bin" in path
    first, second = (path.index("/usr/autodesk/maya2025/bin"),
                     path.index("/opt/autodesk/maya2025/bin"))
    assert first < second


def test_settings_text_cannot_become_code(tmp_path):
    evil = "/opt/x'); import os; os.system('touch PWNED'); ('/maya"
    settings = {"applications": {"maya": {"variants": [{
        "name": "1", "executables": {"linux": [evil + "/bin/maya"],
                                     "windows": ["C:\\a\\{VAR}\\m.exe"]},
    }]}}}
    sample = tmp_path / "evil.json"
    sample.write_text(json.dumps(settings), encoding="utf-8")
    repo = str(tmp_path / "wrapped")
    assert wrap(str(sample), repo) == 0
    assert _commands_path(repo, "maya", "1", "linux") == [evil + "/bin"]
    assert _commands_path(repo, "maya", "1", "windows",
                          env={"VAR": "v"}) == ["C:\\a\\v"]
    assert not (tmp_path / "PWNED").exists()


def test_existing_versions_are_kept_unless_forced(tmp_path, sample, capsys):
    repo = str(tmp_path / "wrapped")
    wrap(sample, repo)
    package = os.path.join(repo, "maya", "2025", "package.py")
    with open(package, "a", encoding="utf-8") as stream:
        stream.write("# edited by the studio\n")
    capsys.readouterr()
    wrap(sample, repo)
    assert "already there maya-2025" in capsys.readouterr().out
    with open(package, encoding="utf-8") as stream:
        assert "edited by the studio" in stream.read()
    wrap(sample, repo, "--force")
    assert "rebuilt       maya-2025" in capsys.readouterr().out
    with open(package, encoding="utf-8") as stream:
        assert "edited by the studio" not in stream.read()


def test_a_failed_package_leaves_nothing_half_written(
    tmp_path, sample, monkeypatch, capsys
):
    from ayon_applications import rez_package_files

    real = rez_package_files.render_package_py

    def fail_on_nuke(spec, variants):
        if spec.name == "nuke":
            raise OSError(28, "No space left on device")
        return real(spec, variants)

    monkeypatch.setattr(rez_package_files, "render_package_py",
                        fail_on_nuke)
    repo = tmp_path / "wrapped"
    assert wrap(sample, str(repo)) == 1
    error = capsys.readouterr().err
    assert "nuke-15.1" in error and "No space left on device" in error
    assert os.listdir(repo) == ["maya"]  # no nuke family, no temp folder
    assert sorted(os.listdir(repo / "maya")) == ["2024", "2025"]


def test_errors_name_the_problem(tmp_path, capsys):
    assert wrap(str(tmp_path / "missing.json"), str(tmp_path / "r")) == 1
    assert "Cannot read settings file" in capsys.readouterr().err
    own = tmp_path / "own.json"
    own.write_text(json.dumps({"studio": get_default_values()}), "utf-8")
    assert wrap(str(own), str(tmp_path / "r")) == 1
    assert "not Ynput's Applications settings" in capsys.readouterr().err
    assert standalone_main([
        "wrap-installations", "--settings-json", str(own),
        "--output", str(tmp_path / "nowhere"),
    ]) == 1
    assert "does not exist" in capsys.readouterr().err


# --- settings read from the AYON server -----------------------------------

def serve(ayon_server, versions: list[str], production: str) -> None:
    """Install versions of the addon; the sample as its settings."""
    for version in versions:
        ayon_server.add_addon("applications", version)
    ayon_server.add_bundle("Prod", {"applications": production},
                           is_production=True)
    ayon_server.set_studio_settings("applications",
                                    load("studio_overrides"))


def test_settings_are_read_from_the_server(tmp_path, ayon_server, capsys):
    serve(ayon_server, ["1.4.4", "1.3.2", "2.0.0+rez"], "2.0.0+rez")
    repo = str(tmp_path / "wrapped")
    assert wrap("server", repo) == 0
    output = capsys.readouterr().out
    assert "applications 1.4.4" in output  # newest of Ynput's versions
    assert os.path.isfile(os.path.join(repo, "nuke", "15.1", "package.py"))
    assert ("GET", "/api/addons/applications/1.4.4/settings") in [
        (method, path.split("?")[0])
        for method, path in ayon_server.requests
    ]
    assert wrap(ayon_server.url, repo, "--source-version", "1.3.2") == 0
    assert "applications 1.3.2" in capsys.readouterr().out


def test_the_production_bundles_version_is_preferred(
    tmp_path, ayon_server, capsys
):
    serve(ayon_server, ["1.4.4", "1.3.2"], "1.3.2")
    assert wrap("server", str(tmp_path / "wrapped")) == 0
    assert "applications 1.3.2" in capsys.readouterr().out


def test_a_server_without_ynputs_addon_is_a_clear_error(
    tmp_path, ayon_server, capsys
):
    serve(ayon_server, ["2.0.0+rez"], "2.0.0+rez")
    assert wrap("server", str(tmp_path / "wrapped")) == 1
    error = capsys.readouterr().err
    assert "has no version of Ynput's \"applications\" addon" in error


# --- helpers -------------------------------------------------------------

def _read_package(repo: str, name: str, version: str) -> dict[str, Any]:
    path = os.path.join(repo, name, version, "package.py")
    with open(path, encoding="utf-8") as stream:
        source = stream.read()
    namespace: dict[str, Any] = {"__source__": source}
    exec(compile(source, path, "exec"), namespace)
    return namespace


class _Recorder:
    """What a package's ``commands()`` does, on one platform."""

    def __init__(self, platform_name: str, env: dict[str, str]) -> None:
        self.platform = platform_name
        self.environ = env
        self.prepended: list[str] = []

    def namespace(self) -> dict[str, Any]:
        recorder = self

        class _Path:
            def prepend(self, value: str) -> None:
                recorder.prepended.insert(0, value)

        class _Env:
            PATH = _Path()

        class _System:
            platform = recorder.platform

        return {"env": _Env(), "system": _System(), "literal": str,
                "getenv": self.environ.__getitem__}


def _commands_path(
    repo: str, name: str, version: str, rez_platform: str,
    env: Optional[dict[str, str]] = None,
) -> list[str]:
    """PATH entries ``commands()`` adds on a platform, first first."""
    namespace = _read_package(repo, name, version)
    recorder = _Recorder(rez_platform, env or {})
    commands = namespace["commands"]
    globals_ = copy.copy(commands.__globals__)
    globals_.update(recorder.namespace())
    type(commands)(commands.__code__, globals_)()
    return recorder.prepended
