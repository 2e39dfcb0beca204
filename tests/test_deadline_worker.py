"""The farm on a modelled Deadline worker: the artist's packages arrive.

``tests/deadline_worker.py`` models ayon-deadline's worker script: the
extraction gets a pre-created empty ``X.json.tmp`` as its output, the
worker's own environment plus only the AYON connection and bundle (not
the job's other variables, so not ``AYON_REZ_*`` the publish plug-in
added), and the script renames the file itself. The artist launches
``maya/2025`` through the ``ayon_console`` stand-in against the local AYON
test server, which saves the resolve in the task's work directory; then
``maya_plugin-2.0`` is released and the worker extracts.
"""
import hashlib
import json
import os
import shutil
import sys
import time
from typing import Any, Dict, List

import pytest

from ayon_applications.constants import CONTEXT_FILE_ENV, TIMESTAMP_ENV
from ayon_applications.output import write_json_atomically
from ayon_applications.saved_contexts import CONTEXTS_FOLDER
from tests.deadline_worker import (
    PASSED_VARIABLES,
    Job,
    Worker,
    WorkerThread,
)
from tests.fixtures.other_user import as_other_user, make_world_readable
from tests.test_farm import (
    APP,
    AYON_CONSOLE,
    BUNDLE,
    FOLDER,
    PROJECT,
    TASK,
    artist_launch,
    assert_renders_with,
    collect_farm_job_env,
    process_env,
    setup_farm_studio,
)

JOB_ONLY = "JOB_ONLY_VARIABLE"
LOG_REUSED = "Reused the saved context"
LOG_NO_SAVED = "No saved resolve of the artist for"
LOG_UNKNOWN = "The artist's packages are unknown; the farm resolved:"


@pytest.fixture
def studio(ayon_server, tmp_path, shared_folder):
    """The farm studio; work files in a folder other users can reach."""
    work_root = os.path.join(shared_folder, "work")
    os.makedirs(work_root)
    os.chmod(work_root, 0o755)
    return setup_farm_studio(ayon_server, tmp_path, work_root)


def machine_env(studio: Dict[str, Any], **extra: str) -> Dict[str, str]:
    """The worker machine's own environment: no AYON variables."""
    env = {
        key: value for key, value in process_env(studio).items()
        if not key.startswith("AYON_")
    }
    env.update(extra)
    return env


def make_worker(studio: Dict[str, Any], **machine: str) -> Worker:
    """A worker whose Deadline AYON plug-in knows the server."""
    return Worker(
        [sys.executable, AYON_CONSOLE], machine_env(studio, **machine),
        server_url=studio["server"].url, api_key=studio["server"].api_key,
        poll_s=0.2,
    )


def render_job(
    studio: Dict[str, Any], farm_job_env: Dict[str, str], **plugin_info: str
) -> Job:
    """A render job as ayon-deadline submits it, with ``farm_job_env``."""
    env = {
        "AYON_RENDER_JOB": "1",
        "AYON_PROJECT_NAME": PROJECT,
        "AYON_FOLDER_PATH": FOLDER,
        "AYON_TASK_NAME": TASK,
        "AYON_BUNDLE_NAME": BUNDLE,
        "AYON_SERVER_URL": studio["server"].url,
        JOB_ONLY: "for the render only",
    }
    env.update(farm_job_env)
    return Job("64f0c0ffee", env, dict(plugin_info))


def artist_job(studio: Dict[str, Any], monkeypatch) -> Dict[str, Any]:
    """The artist launches and publishes; 2.0 is released afterwards."""
    artist_env = artist_launch(studio)
    assert artist_env["MAYA_PLUGIN_VERSION"] == "1.0"
    farm_job_env = collect_farm_job_env(artist_env, monkeypatch)
    assert set(farm_job_env) == {
        "AYON_APP_NAME", TIMESTAMP_ENV, CONTEXT_FILE_ENV
    }
    studio["repo"].release_after(artist_env)
    return {"env": artist_env, "job": render_job(studio, farm_job_env)}


def extraction_only_vars(worker: Worker, env: Dict[str, str]) -> List[str]:
    """Variables the extraction got beyond the worker's own."""
    return sorted(
        key for key, value in env.items()
        if worker.machine_env.get(key) != value
    )


def test_worker_pins_the_artists_packages_from_the_work_directory(
    studio, monkeypatch
):
    artist = artist_job(studio, monkeypatch)
    saved = artist["env"][CONTEXT_FILE_ENV]
    workdir = artist["env"]["AYON_WORKDIR"]
    assert os.path.dirname(saved) == os.path.join(workdir, CONTEXTS_FOLDER)
    worker = make_worker(studio)

    render_env = worker.inject(artist["job"])

    assert_renders_with(render_env, "1.0")
    [run] = worker.extractions
    tmp = worker.export_path + ".tmp"
    assert run.args == [
        "--headless", "addon", "applications", "extractenvironments", tmp,
        "--envgroup", "farm", "--project", PROJECT, "--folder", FOLDER,
        "--task", TASK, "--app", APP,
    ]
    # only the connection and the bundle: no AYON_REZ_*, no job variables
    assert extraction_only_vars(worker, run.env) == sorted(PASSED_VARIABLES)
    assert run.returncode == 0, run.stderr
    # written into the script's empty X.json.tmp; the script renamed it
    assert run.tmp_size_before == 0
    assert not run.final_existed_after
    extracted = json.loads(run.tmp_text_after)
    assert not os.path.exists(tmp)
    assert f"{LOG_REUSED} {saved}" in run.stderr
    assert extracted["MAYA_PLUGIN_VERSION"] == "1.0"
    assert extracted[TIMESTAMP_ENV] == artist["env"][TIMESTAMP_ENV]
    assert JOB_ONLY not in extracted
    assert CONTEXT_FILE_ENV not in extracted
    assert render_env[JOB_ONLY] == "for the render only"


def test_worker_without_a_saved_resolve_gets_the_latest_and_says_so(
    studio, monkeypatch
):
    artist = artist_job(studio, monkeypatch)
    shutil.rmtree(os.path.join(artist["env"]["AYON_WORKDIR"],
                               CONTEXTS_FOLDER))
    worker = make_worker(studio)

    render_env = worker.inject(artist["job"])

    assert_renders_with(render_env, "2.0")
    [run] = worker.extractions
    assert f"{LOG_NO_SAVED} \"{APP}\"" in run.stderr
    assert "resolving fresh" in run.stderr
    assert f"{LOG_UNKNOWN} maya-2025.1 maya_plugin-2.0" in run.stderr


def test_worker_reports_packages_deleted_since_the_artists_launch(
    studio, monkeypatch
):
    artist = artist_job(studio, monkeypatch)
    shutil.rmtree(os.path.join(studio["repo"].root, "maya_plugin", "1.0"))
    worker = make_worker(studio)

    render_env = worker.inject(artist["job"])

    assert_renders_with(render_env, "2.0")
    [run] = worker.extractions
    assert "has packages that no longer exist: maya_plugin-1.0" in run.stderr
    assert (
        "The farm's packages differ from the artist's"
        f" ({artist['env'][CONTEXT_FILE_ENV]}):"
        " maya_plugin: 1.0 (artist) -> 2.0 (farm)"
    ) in run.stderr


def test_workers_of_one_job_share_one_extraction_in_cache_mode(
    studio, monkeypatch, tmp_path
):
    artist = artist_job(studio, monkeypatch)
    renders = tmp_path / "renders"
    renders.mkdir()
    job = artist["job"]
    job.plugin_info["OutputFilePath"] = str(renders)
    site = {"AYON_SITE_ID": "farm-linux"}
    first = WorkerThread(make_worker(studio, **site), job)
    first.start()
    group = hashlib.sha256(b"farm-linux|render").hexdigest()[-10:]
    export = renders / ".ayon_env_cache" / f"env_{job.job_id}_{group}.json"
    deadline = time.monotonic() + 60
    while not os.path.exists(f"{export}.tmp"):
        assert first.is_alive() and time.monotonic() < deadline
        time.sleep(0.01)
    others = [WorkerThread(make_worker(studio, **site), job)
              for _ in range(3)]
    for worker in others:
        worker.start()

    envs = [thread.result() for thread in [first, *others]]

    for env in envs:
        assert_renders_with(env, "1.0")
    assert [len(t.worker.extractions) for t in [first, *others]] == [
        1, 0, 0, 0
    ]
    assert all(t.worker.waited for t in others)
    assert {t.worker.export_path for t in [first, *others]} == {str(export)}
    assert os.listdir(export.parent) == [export.name]


def test_an_unusable_temp_path_fails_the_extraction_clearly(
    studio, tmp_path
):
    renders = tmp_path / "renders"
    renders.mkdir()
    job = render_job(studio, {"AYON_APP_NAME": APP},
                     OutputFilePath=str(renders))
    group = hashlib.sha256(b"farm-linux|render").hexdigest()[-10:]
    export = renders / ".ayon_env_cache" / f"env_{job.job_id}_{group}.json"
    blocked = f"{export}.tmp.tmp"  # where the extraction's writer starts
    os.makedirs(blocked)
    worker = make_worker(studio, AYON_SITE_ID="farm-linux")

    with pytest.raises(RuntimeError, match="exited with error code: 1"):
        worker.inject(job)

    [run] = worker.extractions
    assert (
        f"ERROR: Cannot write the environment of \"{APP}\" to"
        f" \"{export}.tmp\": Cannot write \"{export}.tmp\": its temp path"
        f" \"{blocked}\" is a folder or a link"
    ) in run.stderr
    assert "Traceback" not in run.stderr
    assert sorted(os.listdir(export.parent)) == [os.path.basename(blocked)]


def test_the_scripts_empty_output_file_is_not_another_writer(tmp_path):
    out = tmp_path / "env_job.json.tmp"
    out.write_text("")  # what the script creates before the extraction

    started = time.monotonic()
    assert write_json_atomically(str(out), {"A": "1"}, wait_s=0) is True

    assert time.monotonic() - started < 1
    assert json.loads(out.read_text()) == {"A": "1"}
    assert os.listdir(tmp_path) == [out.name]


# --- A context planted by another user ------------------------------------

EVIL_PACKAGE = """name = 'maya_plugin'
version = '1.0'
open({marker!r}, 'w').write('the planted package.py ran')

def commands():
    env.MAYA_PLUGIN_VERSION = 'planted'
"""


def plant_context(
    artist_rxt: str, folder: str, evil_repo: str, marker: str,
    plugin: Dict[str, str],
) -> str:
    """Another user's move: their own ``maya_plugin`` (whose package.py
    leaves ``marker``), and a copy of the artist's context in ``folder``
    whose ``maya_plugin`` handle gets ``plugin``; newer than the
    artist's, so the farm tries it first."""
    package = os.path.join(evil_repo, "maya_plugin", "1.0")
    os.makedirs(package)
    with open(os.path.join(package, "package.py"), "w") as stream:
        stream.write(EVIL_PACKAGE.format(marker=marker))
    with open(artist_rxt, encoding="utf-8") as stream:
        data = json.load(stream)
    for handle in data["resolved_packages"]:
        if handle["variables"]["name"] == "maya_plugin":
            handle["variables"].update(plugin)
    planted = os.path.join(folder, APP.replace("/", "_") + "_" + "e" * 16
                           + ".rxt")
    with open(planted, "w", encoding="utf-8") as stream:
        json.dump(data, stream)
    later = time.time() + 60
    os.utime(planted, (later, later))
    return planted


@pytest.fixture
def planting(studio, monkeypatch, shared_folder):
    """The artist's job, a work folder others can write to, and where
    another user keeps their own packages."""
    artist = artist_job(studio, monkeypatch)
    saved = artist["env"][CONTEXT_FILE_ENV]
    contexts = os.path.dirname(saved)
    os.chmod(contexts, 0o777)
    make_world_readable(contexts)
    evil_repo = os.path.join(shared_folder, "evil_repo")
    marker = os.path.join(shared_folder, "planted_code_ran")

    def plant(**plugin: str) -> str:
        return as_other_user(
            plant_context, saved, contexts, evil_repo, marker, plugin
        )

    return {
        "job": artist["job"], "saved": saved, "plant": plant,
        "evil_repo": evil_repo, "marker": marker,
    }


def test_a_planted_context_fails_the_job_and_its_code_never_runs(
    studio, planting
):
    evil_repo = planting["evil_repo"]
    planted = planting["plant"](location=evil_repo)
    worker = make_worker(studio)

    with pytest.raises(RuntimeError, match="exited with error code: 1"):
        worker.inject(planting["job"])

    # from the farm, someone's own copy of a package is a developer
    #   package: the job fails, naming the file and where it points
    [run] = worker.extractions
    assert (
        f"the artist's resolve (saved context \"{planted}\") used developer"
        " packages, which farm jobs never use: maya_plugin-1.0 (from"
        f" \"{evil_repo}\")"
    ) in run.stderr
    assert "Traceback" not in run.stderr
    assert not os.path.exists(planting["marker"])
    # what the check prevents: the package.py rez reads for that context
    from rez.resolved_context import ResolvedContext

    planted_env = ResolvedContext.load(planted).get_environ()
    assert os.path.exists(planting["marker"])
    assert planted_env["MAYA_PLUGIN_VERSION"] == "planted"


def test_a_planted_context_linking_out_of_a_studio_path_is_passed_over(
    studio, planting
):
    # a folder in a studio path that someone could link elsewhere
    copy = os.path.join(planting["evil_repo"], "maya_plugin", "1.0")
    os.symlink(
        copy, os.path.join(studio["repo"].root, "maya_plugin", "1.5")
    )
    planted = planting["plant"](location=studio["repo"].root, version="1.5")
    worker = make_worker(studio)

    render_env = worker.inject(planting["job"])

    assert_renders_with(render_env, "1.0")
    [run] = worker.extractions
    assert (
        f"Not reusing the saved context: saved context \"{planted}\" names"
        " packages outside the studio's package paths"
    ) in run.stderr
    assert f"maya_plugin-1.5 from {os.path.realpath(copy)}" in run.stderr
    assert f"{LOG_REUSED} {planting['saved']}" in run.stderr
    assert not os.path.exists(planting["marker"])
