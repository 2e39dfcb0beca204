"""Which saved resolve a farm launch reuses, and which it refuses.

In process, without AYON: the farm looks in the ``AYON_WORKDIR`` of its
environment (the standalone rule), where the artist's launch (the
``farm`` fixture of ``test_farm``) saved ``maya_plugin-1.0`` before
``2.0`` was released. A reused context gives ``1.0``; a refused one is
named in a warning with the reason, and the farm resolves fresh
(``2.0``).
"""
import json
import logging
import os
import shutil
import stat
import time
from typing import Any, Callable, Dict

import pytest

from ayon_applications.constants import (
    CONTEXT_FILE_ENV,
    TIMESTAMP_ENV,
    LaunchTypes,
)
from ayon_applications.launch_pipeline import (
    LaunchPipeline,
    launch_environment,
)
from ayon_applications.manager import ApplicationManager
from ayon_applications.resolver import resolve
from ayon_applications.saved_contexts import (
    CONTEXTS_FOLDER,
    context_file_name,
)
from tests.fixtures.other_user import as_other_user, is_root
from tests.test_farm import (  # noqa: F401 - farm is a fixture
    APP,
    FOLDER,
    LOGGER,
    PROJECT,
    TASK,
    FarmRepo,
    assert_renders_with,
    extract,
    farm,
    farm_settings,
    logged,
)

LOG_REUSED = "Reused the saved context"
LOG_REFUSED = "Not reusing the saved context: saved context"
LOG_FRESH = "resolving fresh"


@pytest.fixture
def workdir_farm(farm, monkeypatch, caplog):  # noqa: F811
    """The farm of ``test_farm`` that finds the artist's work directory."""
    caplog.set_level(logging.INFO, logger=LOGGER)
    workdir = farm["artist"]["AYON_WORKDIR"]
    monkeypatch.setenv("AYON_WORKDIR", workdir)
    farm["contexts"] = os.path.join(workdir, CONTEXTS_FOLDER)
    farm["saved"] = farm["artist"][CONTEXT_FILE_ENV]
    assert os.path.dirname(farm["saved"]) == farm["contexts"]
    return farm


def edit_json(path: str, change: Callable[[Dict[str, Any]], None]) -> None:
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    change(data)
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(data, stream)


def set_mtime(path: str, seconds_from_now: float) -> None:
    when = time.time() + seconds_from_now
    os.utime(path, (when, when))


def refusal(caplog, path: str) -> logging.LogRecord:
    """The warning that refused ``path``."""
    records = [
        record for record in caplog.records
        if f"{LOG_REFUSED} \"{path}\"" in record.getMessage()
    ]
    assert records, logged(caplog)
    assert records[0].levelno == logging.WARNING
    return records[0]


def save_resolve_as_of(studio: Dict[str, Any], timestamp: int) -> str:
    """An earlier artist launch of the app, as the launch names its file."""
    manager = studio["manager"]
    pipeline = LaunchPipeline(manager.get_application(APP))
    resolution = resolve(
        pipeline.request, manager.rez_settings(), APP, timestamp
    )
    return resolution.save(os.path.join(
        os.path.dirname(studio["saved"]),
        context_file_name(APP, resolution.fingerprint()),
    ))


# --- Which one wins --------------------------------------------------------


def test_the_artists_saved_resolve_is_found_in_the_work_directory(
    workdir_farm, caplog
):
    env = extract(workdir_farm)

    assert_renders_with(env, "1.0")
    assert f"{LOG_REUSED} {workdir_farm['saved']}" in logged(caplog)
    assert env[TIMESTAMP_ENV] == workdir_farm["artist"][TIMESTAMP_ENV]


def test_the_newest_saved_resolve_of_the_app_wins(workdir_farm, caplog):
    earlier = save_resolve_as_of(workdir_farm, workdir_farm["repo"].old + 1)
    set_mtime(workdir_farm["saved"], -60)
    assert_renders_with(extract(workdir_farm), "0.9")

    set_mtime(earlier, -120)
    assert_renders_with(extract(workdir_farm), "1.0")


def test_saved_resolves_of_other_apps_and_requests_are_passed_over(
    workdir_farm, caplog
):
    other_app = os.path.join(
        workdir_farm["contexts"], context_file_name("maya/2025-bare", "a" * 16)
    )
    shutil.copy(workdir_farm["saved"], other_app)
    other_request = os.path.join(
        workdir_farm["contexts"], context_file_name(APP, "b" * 16)
    )
    shutil.copy(workdir_farm["saved"], other_request)
    edit_json(other_request, lambda data: data.update(
        package_requests=["maya-2025"]
    ))
    for path in (other_app, other_request):
        set_mtime(path, 60)

    env = extract(workdir_farm)

    assert_renders_with(env, "1.0")
    assert "was solved for another request" in refusal(
        caplog, other_request
    ).getMessage()
    assert other_app not in logged(caplog)
    assert f"{LOG_REUSED} {workdir_farm['saved']}" in logged(caplog)


def test_a_resolve_made_on_another_platform_is_not_reused(
    workdir_farm, caplog
):
    edit_json(workdir_farm["saved"], lambda data: data.update(
        platform="windows"
    ))

    env = extract(workdir_farm)

    assert_renders_with(env, "2.0")
    assert "was made on windows, this machine is linux" in refusal(
        caplog, workdir_farm["saved"]
    ).getMessage()
    assert LOG_FRESH in logged(caplog)
    assert (
        "maya_plugin: 1.0 (artist) -> 2.0 (farm)" in logged(caplog)
    )


def test_job_variables_come_first(workdir_farm, monkeypatch, caplog):
    earlier = save_resolve_as_of(workdir_farm, workdir_farm["repo"].old + 1)
    set_mtime(earlier, -60)
    monkeypatch.setenv(CONTEXT_FILE_ENV, earlier)

    assert_renders_with(extract(workdir_farm), "0.9")

    monkeypatch.delenv(CONTEXT_FILE_ENV)
    monkeypatch.setenv(TIMESTAMP_ENV, str(workdir_farm["repo"].old + 1))
    assert_renders_with(extract(workdir_farm), "0.9")


# --- Trust: only packages the studio released ------------------------------


def test_a_variant_symlinked_out_of_the_package_paths_is_refused(
    workdir_farm, tmp_path, caplog
):
    version = os.path.join(workdir_farm["repo"].root, "maya_plugin", "1.0")
    elsewhere = tmp_path / "elsewhere" / "1.0"
    shutil.move(version, elsewhere)
    os.symlink(elsewhere, version)

    env = extract(workdir_farm)

    assert_renders_with(env, "2.0")
    message = refusal(caplog, workdir_farm["saved"]).getMessage()
    assert "names packages outside the studio's package paths" in message
    assert f"maya_plugin-1.0 from {elsewhere}" in message


# --- A bad saved context falls back, whatever field is bad ----------------


def _set(key: str, value: Any) -> Callable[[Dict[str, Any]], None]:
    return lambda data: data.update({key: value})


def _delete(key: str) -> Callable[[Dict[str, Any]], None]:
    return lambda data: data.pop(key)


def _plugin_handle(**variables: Any) -> Callable[[Dict[str, Any]], None]:
    def change(data: Dict[str, Any]) -> None:
        for handle in data["resolved_packages"]:
            if handle["variables"]["name"] == "maya_plugin":
                handle["variables"].update(variables)
    return change


BAD_FIELDS = [
    pytest.param(_set("timestamp", None), "\"timestamp\" is None",
                 id="timestamp-null"),
    pytest.param(_set("timestamp", "yesterday"), "\"timestamp\" is",
                 id="timestamp-text"),
    pytest.param(_set("timestamp", True), "\"timestamp\" is True",
                 id="timestamp-bool"),
    pytest.param(_set("requested_timestamp", "x"), "requested_timestamp",
                 id="requested-timestamp-text"),
    pytest.param(_delete("status"), "(no \"status\")", id="no-status"),
    pytest.param(_set("status", "failed"), "was not solved",
                 id="not-solved"),
    pytest.param(_set("platform", 7), "\"platform\" is 7",
                 id="platform-number"),
    pytest.param(_set("serialize_version", "four"), "serialize_version",
                 id="serialize-version"),
    pytest.param(_set("package_requests", None), "package_requests",
                 id="requests-null"),
    pytest.param(_set("resolved_packages", "maya"), "resolved_packages",
                 id="packages-text"),
    pytest.param(_set("resolved_packages", [{"key": "x"}]),
                 "resolved package", id="handle-without-variables"),
    pytest.param(_plugin_handle(name="../maya_plugin"), "resolved package",
                 id="name-with-dots"),
    pytest.param(_plugin_handle(version="../../1.0"), "resolved package",
                 id="version-with-dots"),
    pytest.param(_plugin_handle(repository_type="memory"),
                 "not from a package folder", id="memory-repository"),
    pytest.param(_set("default_patch_lock", "bogus"), "is unreadable",
                 id="patch-lock"),
    pytest.param(_set("implicit_packages", ["!!bad request"]),
                 "was solved for another request", id="implicit-request"),
    pytest.param(_set("append_sys_path", None), "append_sys_path",
                 id="append-sys-path-null"),
]


@pytest.mark.parametrize("change, reason", BAD_FIELDS)
def test_a_malformed_saved_context_falls_back_to_a_fresh_resolve(
    workdir_farm, caplog, change, reason
):
    edit_json(workdir_farm["saved"], change)

    env = extract(workdir_farm)

    assert_renders_with(env, "2.0")
    assert reason in refusal(caplog, workdir_farm["saved"]).getMessage()
    assert LOG_FRESH in logged(caplog)
    assert "Traceback" not in logged(caplog)


@pytest.mark.parametrize("content", [
    pytest.param(b"", id="empty"),
    pytest.param(b"[]", id="json-array"),
    pytest.param(b'{"truncated": ', id="truncated"),
    pytest.param(b"status: solved\n", id="yaml"),
    pytest.param(b"\xff\xfe\x00garbage", id="binary"),
])
def test_an_unreadable_saved_context_falls_back(
    workdir_farm, caplog, content
):
    with open(workdir_farm["saved"], "wb") as stream:
        stream.write(content)

    env = extract(workdir_farm)

    assert_renders_with(env, "2.0")
    assert "is unreadable" in refusal(
        caplog, workdir_farm["saved"]
    ).getMessage()


def test_a_null_timestamp_in_the_jobs_context_falls_back_to_its_time(
    workdir_farm, monkeypatch, caplog
):
    edit_json(workdir_farm["saved"], _set("timestamp", None))
    monkeypatch.setenv(CONTEXT_FILE_ENV, workdir_farm["saved"])
    monkeypatch.setenv(TIMESTAMP_ENV, workdir_farm["artist"][TIMESTAMP_ENV])

    env = extract(workdir_farm)

    assert_renders_with(env, "1.0")
    assert "\"timestamp\" is None" in logged(caplog)
    assert "Resolving as of the artist's launch" in logged(caplog)


# --- The exported timestamp covers packages stamped in the future ---------


def test_a_package_stamped_in_the_future_reaches_the_farm(
    tmp_path, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    for key in (TIMESTAMP_ENV, CONTEXT_FILE_ENV, "AYON_WORKDIR"):
        monkeypatch.delenv(key, raising=False)
    repo = FarmRepo(str(tmp_path / "packages"))
    ahead = int(time.time()) + 3600  # released by a clock an hour ahead
    repo.release_plugin("1.5", ahead)
    manager = ApplicationManager({"applications": farm_settings(repo.root)})
    artist_env = launch_environment(
        manager, APP, project_name=PROJECT, folder_path=FOLDER,
        task_name=TASK, launch_type=LaunchTypes.local,
    )
    assert_renders_with(artist_env, "1.5")
    launch_clock = int(artist_env["REZ_USED_TIMESTAMP"])
    assert launch_clock < ahead
    assert artist_env[TIMESTAMP_ENV] == str(ahead)
    job = {"manager": manager, "output": str(tmp_path / "OUT.json")}

    monkeypatch.setenv(TIMESTAMP_ENV, artist_env[TIMESTAMP_ENV])
    assert_renders_with(extract(job), "1.5")

    # what the launch clock alone (the old export) gave the farm
    monkeypatch.setenv(TIMESTAMP_ENV, str(launch_clock))
    assert_renders_with(extract(job), "1.0")


# --- Without a work directory: a private folder, or nothing ----------------


@pytest.fixture
def no_workdir_launch(tmp_path, monkeypatch, shared_folder, caplog):
    """Launch ``maya/2025`` with the temp folder in ``shared_folder``."""
    caplog.set_level(logging.INFO, logger=LOGGER)
    for key in (TIMESTAMP_ENV, CONTEXT_FILE_ENV, "AYON_WORKDIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr("tempfile.tempdir", shared_folder)
    repo = FarmRepo(str(tmp_path / "packages"))
    manager = ApplicationManager({"applications": farm_settings(repo.root)})
    private = os.path.join(shared_folder, f"ayon_applications-{os.geteuid()}")

    def launch() -> Dict[str, str]:
        return launch_environment(
            manager, APP, project_name=PROJECT, folder_path=FOLDER,
            task_name=TASK, launch_type=LaunchTypes.local,
        )

    return {"launch": launch, "private": private, "shared": shared_folder}


def test_without_a_work_directory_the_context_is_saved_privately(
    no_workdir_launch,
):
    env = no_workdir_launch["launch"]()

    private = no_workdir_launch["private"]
    assert os.path.dirname(env[CONTEXT_FILE_ENV]) == os.path.join(
        private, "rez_contexts"
    )
    info = os.lstat(private)
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert info.st_uid == os.geteuid()
    assert os.listdir(no_workdir_launch["shared"]) == [
        os.path.basename(private)
    ]


def test_a_private_folder_open_to_others_is_not_used(
    no_workdir_launch, caplog
):
    os.mkdir(no_workdir_launch["private"])
    os.chmod(no_workdir_launch["private"], 0o777)

    env = no_workdir_launch["launch"]()

    assert CONTEXT_FILE_ENV not in env
    assert "is open to other users" in logged(caplog)
    assert os.listdir(no_workdir_launch["private"]) == []


@pytest.mark.skipif(
    not is_root(), reason="another user's folder needs root to make"
)
def test_a_private_folder_name_taken_by_another_user_is_not_used(
    no_workdir_launch, caplog
):
    as_other_user(os.mkdir, no_workdir_launch["private"], 0o700)

    env = no_workdir_launch["launch"]()

    assert CONTEXT_FILE_ENV not in env
    assert "belongs to another user" in logged(caplog)
