"""The farm: Deadline gets the packages the artist had.

A rez repository where ``maya_plugin-1.0`` was released before the
artist's launch and ``maya_plugin-2.0`` after it; every package has a real
``timestamp``. Each ``maya_plugin`` ships a ``render`` script that prints
which version it is, so a "render" started in an extracted environment
shows what the farm would run.

In-process tests drive ``extract_environments_command`` with the job
environment in ``os.environ``, as a worker has it. They clear rez's
in-process caches after releasing a package (a worker is a new process);
the worker tests run ``tests/ayon_console.py``, the stand-in of the AYON
launcher executable, as subprocesses against the local AYON test server.
"""
import importlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from typing import Any, Dict, List, Optional

import pytest

from ayon_applications import cli
from ayon_applications.constants import (
    CONTEXT_FILE_ENV,
    TIMESTAMP_ENV,
    LaunchTypes,
)
from ayon_applications.failures import run_guarded
from ayon_applications.launch_pipeline import launch_environment
from ayon_applications.manager import ApplicationManager
from ayon_applications.resolver import clear_caches
from tests.fixtures.launch import (
    PROBE_SCRIPT,
    addon_settings,
    app_group,
    variant,
)
from tests.fixtures.rez_repo import RezRepo

AYON_CONSOLE = os.path.join(os.path.dirname(__file__), "ayon_console.py")
APP = "maya/2025"
PROJECT, FOLDER, TASK = "show", "/shots/sh010", "animation"
BUNDLE = "Prod"
LOGGER = "ayon_applications"
LOG_TIMESTAMP = "Resolving as of the artist's launch"
LOG_FRESH = "No saved resolve of the artist for"
LOG_REUSED = "Reused the saved context"
LOG_NOT_REUSED = "Not reusing the saved context"

RENDER_SCRIPT = """#!{python}
import json, os
print(json.dumps({{
    "render_from": "{version}",
    "MAYA_PLUGIN_VERSION": os.environ.get("MAYA_PLUGIN_VERSION"),
    "resolve": os.environ.get("REZ_USED_RESOLVE", "").split(),
}}))
"""


def worker_args(output: str, app: str = APP) -> List[str]:
    """Exactly the arguments Deadline's worker passes to ayon_console."""
    return [
        "--headless", "addon", "applications", "extractenvironments",
        output, "--envgroup", "farm", "--project", PROJECT,
        "--folder", FOLDER, "--task", TASK, "--app", app,
    ]


class FarmRepo(RezRepo):
    """maya, and maya_plugin versions that each ship a ``render``."""

    def __init__(self, root: str) -> None:
        super().__init__(root)
        self.old = int(time.time()) - 7200
        self.add(
            "maya", "2025.1", timestamp=self.old,
            bin_scripts={"maya": PROBE_SCRIPT},
            commands="env.MAYA_VERSION = '{version}'",
        )
        self.release_plugin("0.9", self.old)
        self.release_plugin("1.0", self.old + 3600)

    def release_plugin(self, version: str, timestamp: int) -> str:
        """Release ``maya_plugin-<version>`` at ``timestamp``."""
        folder = self.add(
            "maya_plugin", version, timestamp=timestamp,
            commands="env.MAYA_PLUGIN_VERSION = '{version}'",
            bin_scripts={"render": RENDER_SCRIPT.format(
                python=sys.executable, version=version
            )},
        )
        clear_caches()  # a farm worker is a new process: it sees it
        return folder

    def release_after(self, artist_env: Dict[str, str]) -> str:
        """Release ``maya_plugin-2.0`` after the artist's resolve."""
        return self.release_plugin(
            "2.0", int(artist_env[TIMESTAMP_ENV]) + 60
        )


def farm_settings(packages_path: str, ayon_mode: str = "off") -> dict:
    """Settings: ``maya/2025`` wants the plugin; others to break things."""
    return addon_settings(
        [packages_path],
        [app_group(
            "maya",
            [
                variant("2025", ["maya-2025", "maya_plugin"],
                        command=["maya"]),
                variant("2025-bare", ["maya-2025"], command=["maya"]),
                variant("broken", ["maya-2025", "maya_plugin-9"],
                        command=["maya"]),
            ],
            host_name="maya",
            environment={"MAYA_GROUP_ENV": {"standard": "ws",
                                            "farm": "farm"}},
        )],
        ayon_mode=ayon_mode,
    )


def render(env: Dict[str, str]) -> Dict[str, Any]:
    """Start ``render`` from the env's ``PATH`` as a worker would."""
    executable = shutil.which("render", path=env["PATH"])
    assert executable, "no render command on the extracted PATH"
    result = subprocess.run(
        [executable], env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_renders_with(env: Dict[str, str], version: str) -> None:
    """The render in ``env`` runs ``maya_plugin-<version>``."""
    seen = render(env)
    assert seen["render_from"] == version
    assert seen["MAYA_PLUGIN_VERSION"] == version
    assert f"maya_plugin-{version}" in seen["resolve"]


def read_json(path: str) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


# --- In process: which resolve the farm does -------------------------------


@pytest.fixture
def farm(tmp_path, monkeypatch):
    """A farm repo, its manager and the artist's launch environment."""
    for key in (TIMESTAMP_ENV, CONTEXT_FILE_ENV, "AYON_APP_NAME"):
        monkeypatch.delenv(key, raising=False)
    repo = FarmRepo(str(tmp_path / "packages"))
    manager = ApplicationManager({"applications": farm_settings(repo.root)})
    workdir = tmp_path / "work"
    workdir.mkdir()
    artist_env = launch_environment(
        manager, APP, project_name=PROJECT, folder_path=FOLDER,
        task_name=TASK, launch_type=LaunchTypes.local,
        env={**os.environ, "AYON_WORKDIR": str(workdir)},
    )
    assert_renders_with(artist_env, "1.0")
    repo.release_after(artist_env)
    return {
        "repo": repo, "manager": manager, "artist": artist_env,
        "output": str(tmp_path / "job" / "env.json"),
    }


def extract(farm, app: str = APP) -> Dict[str, str]:
    """Run the worker's command in process; return the written env."""
    code = run_guarded(lambda: cli.extract_environments_command(
        farm["manager"], farm["output"], PROJECT, FOLDER, TASK, app,
        "farm",
    ))
    assert code == 0
    assert not os.path.exists(farm["output"] + ".tmp")
    return read_json(farm["output"])


def logged(caplog) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


def test_artist_timestamp_gives_the_artists_versions(
    farm, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    artist_time = farm["artist"][TIMESTAMP_ENV]
    monkeypatch.setenv(TIMESTAMP_ENV, artist_time)

    env = extract(farm)

    assert_renders_with(env, "1.0")
    assert env["MAYA_GROUP_ENV"] == "farm"
    assert env[TIMESTAMP_ENV] == artist_time
    assert env["REZ_USED_REQUESTED_TIMESTAMP"] == artist_time
    assert f"{LOG_TIMESTAMP} ({TIMESTAMP_ENV}={artist_time})" in logged(
        caplog
    )


def test_without_artist_context_the_farm_resolves_fresh(farm, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)

    env = extract(farm)

    assert_renders_with(env, "2.0")
    assert LOG_FRESH in logged(caplog)


def test_saved_context_is_reused_without_timestamp(
    farm, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    context_file = farm["artist"][CONTEXT_FILE_ENV]
    assert os.path.isfile(context_file)
    monkeypatch.setenv(CONTEXT_FILE_ENV, context_file)

    env = extract(farm)

    assert_renders_with(env, "1.0")
    messages = logged(caplog)
    assert f"{LOG_REUSED} {context_file}" in messages
    assert "Resolved" not in messages  # no solve at all


def test_saved_context_with_a_deleted_package_falls_back_to_timestamp(
    farm, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    monkeypatch.setenv(CONTEXT_FILE_ENV, farm["artist"][CONTEXT_FILE_ENV])
    monkeypatch.setenv(TIMESTAMP_ENV, farm["artist"][TIMESTAMP_ENV])
    shutil.rmtree(os.path.join(farm["repo"].root, "maya_plugin", "1.0"))
    clear_caches()

    env = extract(farm)

    # 1.0 is gone, 2.0 came after the artist: the timestamp picks 0.9
    assert_renders_with(env, "0.9")
    warning = next(
        r for r in caplog.records if LOG_NOT_REUSED in r.getMessage()
    )
    assert warning.levelno == logging.WARNING
    assert "no longer exist" in warning.getMessage()
    assert LOG_TIMESTAMP in logged(caplog)


def test_saved_context_of_another_request_is_not_reused(
    farm, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    monkeypatch.setenv(CONTEXT_FILE_ENV, farm["artist"][CONTEXT_FILE_ENV])

    env = extract(farm, app="maya/2025-bare")

    assert "maya_plugin" not in env["REZ_USED_RESOLVE"]
    assert "MAYA_PLUGIN_VERSION" not in env
    messages = logged(caplog)
    assert "was solved for another request" in messages
    assert LOG_FRESH in messages


def test_unreadable_context_file_falls_back_to_timestamp(
    farm, tmp_path, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    broken = tmp_path / "broken.rxt"
    broken.write_text('{"truncated": ', encoding="utf-8")
    monkeypatch.setenv(CONTEXT_FILE_ENV, str(broken))
    monkeypatch.setenv(TIMESTAMP_ENV, farm["artist"][TIMESTAMP_ENV])

    env = extract(farm)

    assert_renders_with(env, "1.0")
    assert "is unreadable" in logged(caplog)
    assert LOG_TIMESTAMP in logged(caplog)


# --- Subprocesses: the worker's own command line ---------------------------


@pytest.fixture
def farm_studio(ayon_server, tmp_path):
    """Project, task, bundle and settings on the local AYON server."""
    return setup_farm_studio(ayon_server, tmp_path, str(tmp_path / "work"))


def setup_farm_studio(
    ayon_server: Any, tmp_path: Any, work_root: str
) -> Dict[str, Any]:
    """The farm studio on the server, work files under ``work_root``."""
    repo = FarmRepo(str(tmp_path / "packages"))
    ayon_server.add_project(PROJECT, roots={"work": work_root})
    folder = ayon_server.add_folder(PROJECT, FOLDER)
    ayon_server.add_task(PROJECT, folder["id"], TASK, "Animation")
    ayon_server.add_bundle(
        BUNDLE, {"core": "1.4.4+dev", "applications": "2.0.0+rez"},
        installer_version="1.3.2", is_production=True,
    )
    ayon_server.set_studio_settings(
        "applications", farm_settings(repo.root, ayon_mode="weak")
    )
    return {
        "server": ayon_server, "repo": repo, "tmp": tmp_path,
        "work_root": work_root,
    }


def process_env(
    studio: Dict[str, Any], extra: Optional[Dict[str, str]] = None
) -> Dict[str, str]:
    """A worker's environment: the machine's, the AYON connection, the
    job's variables; no display."""
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("AYON_", "REZ_"))
        and key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM",
                        "PROBE_OUTPUT")
    }
    env["REZ_DISABLE_HOME_CONFIG"] = "1"
    env.update({
        # set by the launcher; launches record there (Process Monitor)
        "AYON_LAUNCHER_LOCAL_DIR": os.environ["AYON_LAUNCHER_LOCAL_DIR"],
        "AYON_SERVER_URL": studio["server"].url,
        "AYON_API_KEY": studio["server"].api_key,
        "AYON_BUNDLE_NAME": BUNDLE,
        "AYON_STUDIO_BUNDLE_NAME": BUNDLE,
    })
    env.update(extra or {})
    return env


def run_console(
    args: List[str], env: Dict[str, str]
) -> subprocess.CompletedProcess:
    """Run the ``ayon_console`` stand-in as a subprocess."""
    return subprocess.run(
        [sys.executable, AYON_CONSOLE, *args], env=env,
        capture_output=True, text=True, timeout=120,
    )


def wait_for_json(path: str, timeout: float = 30.0) -> Dict[str, Any]:
    """Poll until ``path`` holds complete JSON (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return read_json(path)
        except (OSError, ValueError):
            time.sleep(0.05)
    raise AssertionError(f"{path} was not written in {timeout} s")


def artist_launch(studio: Dict[str, Any]) -> Dict[str, str]:
    """The artist launches maya from the launcher; returns maya's env."""
    probe_output = str(studio["tmp"] / "artist_maya.json")
    result = run_console(
        ["addon", "applications", "launch", "--app", APP,
         "--project", PROJECT, "--folder", FOLDER, "--task", TASK],
        process_env(studio, {"PROBE_OUTPUT": probe_output}),
    )
    assert result.returncode == 0, result.stderr
    return wait_for_json(probe_output)["env"]


def collect_farm_job_env(
    artist_env: Dict[str, str], monkeypatch
) -> Dict[str, str]:
    """Publish in the artist's maya: what the farm job env gets."""
    import pyblish.api
    import pyblish.util

    from ayon_applications.addon import PUBLISH_PLUGINS_DIR

    for key in ("AYON_APP_NAME", TIMESTAMP_ENV, CONTEXT_FILE_ENV):
        monkeypatch.setenv(key, artist_env[key])
    plugins = pyblish.api.discover(paths=[PUBLISH_PLUGINS_DIR])
    context = pyblish.util.publish(plugins=plugins, targets=["local"])
    return dict(context.data["farmJobEnv"])


@pytest.mark.parametrize("job_env_keys", [
    pytest.param([TIMESTAMP_ENV], id="artist-timestamp"),
    pytest.param(None, id="whole-farm-job-env"),
])
def test_deadline_worker_renders_with_the_artists_packages(
    farm_studio, monkeypatch, job_env_keys
):
    artist_env = artist_launch(farm_studio)
    assert artist_env["MAYA_PLUGIN_VERSION"] == "1.0"
    job_env = collect_farm_job_env(artist_env, monkeypatch)
    assert job_env == {
        "AYON_APP_NAME": APP,
        TIMESTAMP_ENV: artist_env[TIMESTAMP_ENV],
        CONTEXT_FILE_ENV: artist_env[CONTEXT_FILE_ENV],
    }
    if job_env_keys is not None:
        job_env = {key: job_env[key] for key in job_env_keys}
    farm_studio["repo"].release_after(artist_env)
    output = str(farm_studio["tmp"] / "job" / "OUT.json")

    result = run_console(
        worker_args(output), process_env(farm_studio, job_env)
    )

    assert result.returncode == 0, result.stderr
    env = read_json(output)
    assert_renders_with(env, "1.0")
    assert env["AYON_APP_NAME"] == APP
    assert env["AYON_TASK_NAME"] == TASK
    assert env["MAYA_GROUP_ENV"] == "farm"
    expected_log = LOG_TIMESTAMP if job_env_keys else LOG_REUSED
    assert expected_log in result.stderr
    assert not os.path.exists(output + ".tmp")


def test_deadline_worker_without_artist_context_gets_the_latest(
    farm_studio
):
    farm_studio["repo"].release_plugin("2.0", int(time.time()))
    output = str(farm_studio["tmp"] / "OUT.json")

    result = run_console(worker_args(output), process_env(farm_studio))

    assert result.returncode == 0, result.stderr
    assert_renders_with(read_json(output), "2.0")
    assert LOG_FRESH in result.stderr


@pytest.mark.parametrize("app, job_env, expected", [
    pytest.param("maya/1999", {}, ["maya/1999"], id="unknown-app"),
    pytest.param("maya/broken", {}, ['"maya/broken"', "maya_plugin-9"],
                 id="failed-resolve"),
    pytest.param(APP, {TIMESTAMP_ENV: "last tuesday"},
                 [f'"{APP}"', TIMESTAMP_ENV], id="bad-timestamp"),
])
def test_deadline_worker_failure_is_readable_and_writes_nothing(
    farm_studio, app, job_env, expected
):
    output = str(farm_studio["tmp"] / "OUT.json")

    result = run_console(
        worker_args(output, app), process_env(farm_studio, job_env)
    )

    assert result.returncode != 0
    assert "ERROR: " in result.stderr
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.stderr
    assert not os.path.exists(output)
    assert not os.path.exists(output + ".tmp")


def test_sixteen_concurrent_extractions_of_one_job(farm_studio):
    artist_time = str(int(time.time()) - 60)
    env = process_env(farm_studio, {TIMESTAMP_ENV: artist_time})
    reference = str(farm_studio["tmp"] / "single" / "OUT.json")
    single = run_console(worker_args(reference), env)
    assert single.returncode == 0, single.stderr
    output = str(farm_studio["tmp"] / "job" / "OUT.json")

    started = time.monotonic()
    workers = [
        subprocess.Popen(
            [sys.executable, AYON_CONSOLE, *worker_args(output)], env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(16)
    ]
    results = [worker.communicate(timeout=300) for worker in workers]
    elapsed = time.monotonic() - started

    for worker, (_out, err) in zip(workers, results):
        assert worker.returncode == 0, err
    assert os.listdir(os.path.dirname(output)) == ["OUT.json"]
    with open(output, encoding="utf-8") as stream:
        content = stream.read()
    with open(reference, encoding="utf-8") as stream:
        assert content == stream.read()
    env_out = json.loads(content)
    assert env_out[TIMESTAMP_ENV] == artist_time
    assert_renders_with(env_out, "1.0")
    print(f"16 concurrent extractions: {elapsed:.2f} s")



def test_farm_publish_environment_uses_the_artists_timestamp(
    farm_studio, ayon_core_standin, monkeypatch, caplog
):
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager

    import ayon_applications.addon as addon_module

    caplog.set_level(logging.INFO, logger=LOGGER)
    artist_time = str(int(time.time()) - 60)
    farm_studio["repo"].release_plugin("2.0", int(time.time()))
    # a publish job's environment: the bundle and the farm job env
    for key, value in process_env(farm_studio, {
        "AYON_APP_NAME": APP, TIMESTAMP_ENV: artist_time,
    }).items():
        if key.startswith("AYON_"):
            monkeypatch.setenv(key, value)
    module = importlib.reload(addon_module)
    try:
        _standin.ADDONS[:] = [module.ApplicationsAddon]
        addon = AddonsManager()["applications"]
        env = addon.get_farm_publish_environment_variables(
            PROJECT, FOLDER, TASK
        )
    finally:
        importlib.reload(addon_module)

    assert_renders_with(env, "1.0")
    assert env[TIMESTAMP_ENV] == artist_time
    assert env["AYON_APP_NAME"] == APP
    assert LOG_TIMESTAMP in logged(caplog)


# --- No Qt, no display -----------------------------------------------------

QT_PACKAGES = ("qtpy", "PySide2", "PySide6", "PyQt5", "PyQt6")

# Runs a script like ``python SCRIPT ARGS...`` would, then records every
#   imported module and the launcher processes the ayon-core stand-in
#   was asked to start (the failure dialog would be one).
TRAP_RUNNER = """
import json, runpy, sys
trap_dir, record, script, *args = sys.argv[1:]
sys.path.insert(0, trap_dir)
sys.argv = [script, *args]
code = 0
try:
    runpy.run_path(script, run_name="__main__")
except SystemExit as exc:
    code = exc.code
finally:
    standin = sys.modules.get("ayon_core._standin")
    with open(record, "w") as stream:
        json.dump({
            "modules": sorted(sys.modules),
            "launcher_processes": len(
                getattr(standin, "LAUNCHER_PROCESSES", [])
            ),
        }, stream)
sys.exit(code)
"""


@pytest.fixture
def qt_trap(tmp_path):
    """A folder of importable Qt-named packages: any import shows."""
    trap_dir = tmp_path / "qt_trap"
    for name in QT_PACKAGES:
        package = trap_dir / name
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("TRAP = True\n")
    return str(trap_dir)


def run_trapped(qt_trap, record, script, args, env):
    return subprocess.run(
        [sys.executable, "-c", TRAP_RUNNER, qt_trap, record, script, *args],
        env=env, capture_output=True, text=True, timeout=120,
    )


def qt_modules(modules: List[str]) -> List[str]:
    return [
        name for name in modules
        if name.startswith(("qtpy", "PySide", "PyQt"))
    ]


def test_qt_trap_sees_a_qt_import(qt_trap, tmp_path):
    script = tmp_path / "uses_qt.py"
    script.write_text("import qtpy\n")
    record = str(tmp_path / "record.json")
    result = run_trapped(qt_trap, record, str(script), [], dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert qt_modules(read_json(record)["modules"]) == ["qtpy"]


@pytest.mark.parametrize("app, exit_code", [
    pytest.param(APP, 0, id="extracted"),
    pytest.param("maya/1999", 1, id="failed"),
])
def test_farm_extraction_imports_no_qt_and_needs_no_display(
    farm_studio, qt_trap, app, exit_code
):
    env = process_env(farm_studio)
    assert not {"DISPLAY", "WAYLAND_DISPLAY"} & set(env)
    output = str(farm_studio["tmp"] / "OUT.json")
    record = str(farm_studio["tmp"] / "record.json")

    result = run_trapped(
        qt_trap, record, AYON_CONSOLE, worker_args(output, app), env
    )

    assert result.returncode == exit_code, result.stderr
    assert os.path.exists(output) == (exit_code == 0)
    seen = read_json(record)
    assert "ayon_applications.cli" in seen["modules"]  # it did run
    assert qt_modules(seen["modules"]) == []
    assert seen["launcher_processes"] == 0  # no dialog process either
