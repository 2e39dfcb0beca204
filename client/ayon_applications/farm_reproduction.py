"""A farm launch resolves the packages the artist had.

Deadline's worker runs ``extractenvironments`` with the project, folder,
task, app, bundle and AYON server only: the job's own variables
(``AYON_REZ_CONTEXT_FILE``, ``AYON_REZ_TIMESTAMP``, which this addon's
publish plug-in adds) do not reach it. So besides them, the farm looks
where the artist's launch saved its resolve: the task's work directory,
derived from the context as ayon-core derives it. The rules, in order:

1. ``AYON_REZ_CONTEXT_FILE`` in the environment: that saved context, if
   it passes the checks of ``saved_contexts`` (trusted, well formed, this
   platform, packages present) and was solved for the request composed
   now.
2. ``AYON_REZ_TIMESTAMP`` in the environment: a resolve as of that time.
3. The saved contexts of the app in the task's work directory
   (``<workdir>/.rez_contexts/<app>_<fingerprint>.rxt``), newest first
   (the one the artist launched last): the first that passes the same
   checks. The work directory is ayon-core's for the task in AYON; the
   ``AYON_WORKDIR`` of the environment without AYON.
4. Otherwise a fresh resolve (as of the project's timestamp, if set),
   logged as such.

Developer packages (site setting ``dev_packages_path``) are never used on
the farm: a saved context that used any fails the job
(``DevPackagesOnFarm``, checked first). Every step that skips a saved
context logs why. When the farm resolves
instead of reusing, the log compares its packages with the artist's (the
saved context it could not reuse), or says the artist's are unknown.
"""
import logging
import os
from typing import Any, Dict, List, Mapping, Optional

from .constants import CONTEXT_FILE_ENV, TIMESTAMP_ENV
from .definitions import Application
from .exceptions import ApplicationLaunchFailed
from .requests import ComposedRequest
from .resolver import Resolution, load_resolution, resolve
from .rez_settings import parse_timestamp
from .saved_contexts import (
    CONTEXTS_FOLDER,
    SavedContextRejected,
    context_candidates,
)
from .workdir import task_workdir

log = logging.getLogger(__name__)


def farm_resolution(
    manager: Any,
    app: Application,
    request: ComposedRequest,
    source_env: Mapping[str, str],
    data: Mapping[str, Any],
    subject: str,
) -> Resolution:
    """The artist's resolve, reproduced by the rules of this module.

    Raises:
        DevPackagesOnFarm: The artist's saved resolve used developer
            packages (not a reason to resolve again).
        ApplicationLaunchFailed: A bad ``AYON_REZ_TIMESTAMP``, or the
            resolve failed.
    """
    # Developer packages are one machine's: never on the farm.
    rez_settings = manager.rez_settings(site=False)
    artist: Optional[SavedContextRejected] = None

    def try_saved(path: str) -> Optional[Resolution]:
        nonlocal artist
        try:
            resolution = load_resolution(path, request, rez_settings, subject)
        except SavedContextRejected as exc:
            log.warning("Not reusing the saved context: %s", exc)
            if artist is None and exc.artist_packages is not None:
                artist = exc
            return None
        log.info("Reused the saved context %s", path)
        return resolution

    context_file = source_env.get(CONTEXT_FILE_ENV)
    if context_file:
        resolution = try_saved(context_file)
        if resolution is not None:
            return resolution
    artist_time = source_env.get(TIMESTAMP_ENV)
    if artist_time:
        try:
            timestamp = parse_timestamp(artist_time)
        except ValueError:
            raise ApplicationLaunchFailed(
                f"Cannot launch {subject}: {TIMESTAMP_ENV}"
                f" \"{artist_time}\" is not a timestamp"
            ) from None
        log.info(
            "Resolving as of the artist's launch (%s=%s)",
            TIMESTAMP_ENV, timestamp,
        )
        resolution = resolve(request, rez_settings, subject, timestamp)
        log_package_differences(artist, resolution)
        return resolution
    folder = contexts_folder(manager, app, data, source_env)
    candidates = context_candidates(folder, app.full_name) if folder else []
    for path in candidates:
        resolution = try_saved(path)
        if resolution is not None:
            return resolution
    if not folder:
        where = "no work directory for this task"
    elif candidates:
        where = f"none of {len(candidates)} in {folder} is usable"
    else:
        where = f"none in {folder}"
    log.info(
        "No saved resolve of the artist for %s (%s): resolving fresh",
        subject, where,
    )
    resolution = resolve(
        request, rez_settings, subject, manager.project_timestamp()
    )
    log_package_differences(artist, resolution)
    return resolution


def contexts_folder(
    manager: Any,
    app: Application,
    data: Mapping[str, Any],
    source_env: Mapping[str, str],
) -> Optional[str]:
    """Where the artist's launches of this task saved their contexts.

    In AYON the task's work directory as ayon-core fills it (from the
    project, folder and task entities and the app's host); without AYON
    the ``AYON_WORKDIR`` of ``source_env``. None when there is none.
    """
    if not manager.in_ayon():
        workdir = source_env.get("AYON_WORKDIR")
    else:
        entities = [
            data.get(key)
            for key in ("project_entity", "folder_entity", "task_entity")
        ]
        if not all(entities):
            return None
        try:
            workdir, _data = task_workdir(
                *entities, app.host_name, data.get("anatomy"),
                data.get("project_settings"),
            )
        except Exception as exc:  # noqa: BLE001 - anatomy errors vary
            log.warning(
                "Cannot tell the work directory of %s: %s",
                app.full_name, exc,
            )
            return None
    if not workdir:
        return None
    return os.path.join(workdir, CONTEXTS_FOLDER)


def package_differences(
    artist: Mapping[str, str], farm: Mapping[str, str]
) -> List[str]:
    """How the farm's packages differ from the artist's, one line each."""
    lines = []
    for name in sorted(set(artist) | set(farm)):
        before, after = artist.get(name), farm.get(name)
        if before == after:
            continue
        if before is None:
            lines.append(f"{name}: farm only ({after})")
        elif after is None:
            lines.append(f"{name}: artist only ({before})")
        else:
            lines.append(f"{name}: {before} (artist) -> {after} (farm)")
    return lines


def log_package_differences(
    artist: Optional[SavedContextRejected], resolution: Resolution
) -> None:
    """Log how a farm resolve compares with the artist's packages."""
    farm: Dict[str, str] = resolution.package_versions
    if artist is None or artist.artist_packages is None:
        log.warning(
            "The artist's packages are unknown; the farm resolved: %s",
            " ".join(resolution.packages) or "(none)",
        )
        return
    lines = package_differences(artist.artist_packages, farm)
    if lines:
        log.warning(
            "The farm's packages differ from the artist's (%s): %s",
            artist.path, "; ".join(lines),
        )
    else:
        log.info(
            "The farm resolved the artist's packages again (%s)",
            artist.path,
        )
