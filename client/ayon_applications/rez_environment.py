"""The rez part of a launch: which request, which resolve, which env.

Used by this addon's rez launch hook and by the ``resolve`` command, so
what the command shows is what a launch does.

A farm launch reproduces the artist's packages: when the job environment
carries the saved context (``AYON_REZ_CONTEXT_FILE``) and it is readable
with all its packages present, it is reused without a solve; else when it
carries the artist's resolve time (``AYON_REZ_TIMESTAMP``) the request is
solved as of that time; else it is solved fresh.
"""
import logging
import os
import sys
from typing import Any, Dict, List, Mapping, Optional

from .constants import CONTEXT_FILE_ENV, TIMESTAMP_ENV, LaunchTypes
from .definitions import Application, EnvironmentTool
from .entities import fill_context_entities
from .environment import EXTENDED_VARIABLES, clean_parent_environment
from .exceptions import ApplicationExecutableNotFound, ApplicationLaunchFailed
from .requests import ComposedRequest
from .resolver import Resolution, load_resolution, resolve
from .rez_settings import parse_timestamp

log = logging.getLogger(__name__)

FARM_LAUNCH_TYPES = {LaunchTypes.farm_render, LaunchTypes.farm_publish}


def launch_subject(app: Application, project_name: Optional[str]) -> str:
    """How messages name a launch."""
    if project_name:
        return f"\"{app.full_name}\" in project \"{project_name}\""
    return f"\"{app.full_name}\""


def context_tools(
    manager: Any, app: Optional[Application], data: Dict[str, Any]
) -> List[EnvironmentTool]:
    """Tools of the context in ``data``, valid for ``app`` when given.

    The ``project_tools`` profile of the task decides; with none, the
    ``tools`` attribute of the task, else of the folder. In AYON, entities
    missing from ``data`` (a launch by names) are read from the server
    into it first, since the task's type and attributes decide.
    """
    if manager.in_ayon():
        fill_context_entities(data)
    task_entity = data.get("task_entity") or {}
    folder_entity = data.get("folder_entity") or {}
    task_type = data.get("task_type") or task_entity.get("taskType")
    entity_tools = (task_entity.get("attrib") or {}).get("tools")
    if entity_tools is None:
        entity_tools = (folder_entity.get("attrib") or {}).get("tools")
    return manager.tools_for_context(
        app,
        task_type=task_type,
        task_name=data.get("task_name"),
        folder_path=data.get("folder_path"),
        entity_tools=entity_tools,
    )


def resolve_for_launch(
    manager: Any,
    app: Application,
    request: ComposedRequest,
    launch_type: str,
    source_env: Mapping[str, str],
) -> Resolution:
    """Resolve a launch's request, reproducing the artist's on the farm."""
    subject = launch_subject(app, manager.project_name)
    rez_settings = manager.rez_settings()
    timestamp = manager.project_timestamp()
    if launch_type in FARM_LAUNCH_TYPES:
        context_file = source_env.get(CONTEXT_FILE_ENV)
        if context_file and os.path.isfile(context_file):
            try:
                resolution = load_resolution(
                    context_file, request, rez_settings, subject
                )
            except ApplicationLaunchFailed as exc:
                log.warning(
                    "Not reusing the saved context, resolving instead: %s",
                    str(exc).splitlines()[0],
                )
            else:
                log.info("Reused the saved context %s", context_file)
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
        else:
            log.info("No artist context in the job: resolving fresh")
    return resolve(request, rez_settings, subject, timestamp=timestamp)


def resolved_environment(
    resolution: Resolution,
    source_env: Mapping[str, str],
    ayon_request_mode: str,
) -> Dict[str, str]:
    """Launcher environment (cleaned) with the rez context applied.

    In ``strict`` mode AYON comes from rez packages, so the launcher's
    ``PYTHONPATH`` is not passed on; otherwise ``PATH`` and
    ``PYTHONPATH`` from the launcher are extended by packages.
    """
    strict = ayon_request_mode == "strict"
    parent = clean_parent_environment(source_env, keep_pythonpath=not strict)
    extended = [
        name for name in EXTENDED_VARIABLES
        if not (strict and name == "PYTHONPATH")
    ]
    env = resolution.environ(parent, parent_variables=extended)
    env[TIMESTAMP_ENV] = str(resolution.timestamp)
    return env


def which(
    command: str, env: Mapping[str, str], windows: Optional[bool] = None
) -> Optional[str]:
    """Find ``command`` on the ``PATH`` of ``env``, as that env would.

    Unlike ``shutil.which`` this never looks in the current folder first
    (Windows, Python < 3.12) and uses the env's own ``PATHEXT``. A command
    given as a path is only checked.
    """
    if windows is None:
        windows = sys.platform == "win32"
    extensions = [""]
    if windows:
        path_ext = _env_value(env, "PATHEXT") or ".COM;.EXE;.BAT;.CMD"
        known = [ext for ext in path_ext.split(";") if ext]
        if not any(command.lower().endswith(ext.lower()) for ext in known):
            extensions = known + [""]
    if os.path.dirname(command):
        folders = [""]
    else:
        folders = [
            folder for folder in
            (_env_value(env, "PATH") or "").split(os.pathsep) if folder
        ]
    for folder in folders:
        for ext in extensions:
            candidate = os.path.join(folder, command + ext)
            if os.path.isfile(candidate) and (
                windows or os.access(candidate, os.X_OK)
            ):
                return candidate
    return None


def _env_value(env: Mapping[str, str], name: str) -> Optional[str]:
    """A variable of ``env``; names are case-insensitive on Windows."""
    if name in env:
        return env[name]
    if sys.platform == "win32":
        for key, value in env.items():
            if key.upper() == name:
                return value
    return None


def find_command(
    app: Application, resolution: Resolution, env: Mapping[str, str]
) -> str:
    """Full path of the app's command on the resolved ``PATH``.

    Raises:
        ApplicationExecutableNotFound: Not found there.
    """
    command = app.command[0] if app.command else ""
    if not command:
        raise ApplicationExecutableNotFound(
            app, "The application has no command in the settings."
        )
    found = which(command, env)
    if found:
        return found
    raise ApplicationExecutableNotFound(
        app,
        "Looked for on the PATH of the resolved packages: "
        + (" ".join(resolution.packages) or "(none)"),
    )
