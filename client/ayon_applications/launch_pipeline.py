"""One launch, from its context to the command and the environment.

The steps, in order, each run once on first use by :class:`LaunchPipeline`:
``tools`` of the context (:func:`context_tools`), the composed
``request`` (``requests.compose_request``), the ``resolution``
(:func:`resolve_for_launch`), ``env``, the launcher's environment with
the rez context (``environment.resolved_environment``; the later layers
are in ``environment`` too), and the ``executable`` on the resolved
``PATH`` or a rez alias (:func:`find_command`).

Used by this addon's rez launch hook and by the ``resolve`` command, so
what the command shows is what a launch does. :func:`launch_environment`
runs a whole launch without starting it (``extractenvironments``,
``utils``, the terminal).

A farm launch reproduces the artist's packages: the saved context of the
job environment or of the task's work directory, or a resolve as of the
artist's time (the rules are in ``farm_reproduction``).
"""
import logging
import os
import sys
from functools import cached_property
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional

from .command_lookup import FoundCommand, alias_command
from .constants import LaunchTypes
from .definitions import Application, EnvironmentTool
from .entities import fill_context_entities
from .environment import resolved_environment
from .exceptions import ApplicationExecutableNotFound
from .farm_reproduction import farm_resolution
from .launch_context import COMMAND_ERROR_KEY
from .package_faults import vanished_failure
from .requests import ComposedRequest
from .resolver import Resolution, resolve

if TYPE_CHECKING:
    from .launch_context import ApplicationLaunchContext

log = logging.getLogger(__name__)

FARM_LAUNCH_TYPES = {LaunchTypes.farm_render, LaunchTypes.farm_publish}


class LaunchPipeline:
    """The rez steps of one launch; each runs once, on first use.

    Read the steps as attributes (``tools``, ``request``, ``resolution``,
    ``env``, ``executable``); a step runs the ones before it. A failure
    the user can fix raises ``ApplicationLaunchFailed`` (or
    ``ApplicationExecutableNotFound``) naming the app and the project.

    Args:
        app: The application; its manager holds the project's settings.
        data: Launch data (``project_name``, ``folder_path``,
            ``task_name``, ``task_type``, entities). In AYON the entities
            the tools depend on are read into it when missing.
        launch_type: A :class:`LaunchTypes` value; farm types reproduce
            the artist's resolve.
        source_env: The environment the launch starts from (the
            launcher's, or the job's on the farm); ``os.environ`` when
            None.
    """

    def __init__(
        self,
        app: Application,
        data: Optional[Dict[str, Any]] = None,
        launch_type: str = LaunchTypes.local,
        source_env: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.app = app
        self.manager = app.manager
        self.data: Dict[str, Any] = {} if data is None else data
        self.launch_type = launch_type
        self.source_env: Mapping[str, str] = (
            os.environ if source_env is None else source_env
        )

    @cached_property
    def tools(self) -> List[EnvironmentTool]:
        """Step 1: the tools of the context valid for the app."""
        return context_tools(self.manager, self.app, self.data)

    @property
    def tool_names(self) -> List[str]:
        """Full names of :attr:`tools`."""
        return [tool.full_name for tool in self.tools]

    @cached_property
    def request(self) -> ComposedRequest:
        """Step 2: the full rez request, each part with its origin."""
        return self.manager.compose_request(self.app, self.tools)

    @cached_property
    def resolution(self) -> Resolution:
        """Step 3: the resolve (the artist's reproduced on the farm)."""
        return resolve_for_launch(
            self.manager, self.app, self.request, self.launch_type,
            self.source_env, self.data,
        )

    @cached_property
    def env(self) -> Dict[str, str]:
        """Step 4: the cleaned source environment with the rez context."""
        return resolved_environment(
            self.resolution, self.source_env,
            self.manager.ayon_request_mode(),
        )

    @cached_property
    def command(self) -> Optional[FoundCommand]:
        """Step 5: the app's command, a rez alias of the resolved packages
        or the program on the resolved ``PATH`` (:func:`find_command`).

        None when this launch starts nothing itself: a farm launch type,
        or an app without a command.

        Raises:
            ApplicationExecutableNotFound: Not found.
            ApplicationLaunchFailed: An alias that needs a shell.
        """
        if not self.app.command or self.launch_type != LaunchTypes.local:
            return None
        return find_command(self.app, self.resolution, self.env)

    @property
    def executable(self) -> Optional[str]:
        """Full path of the program :attr:`command` starts, if any."""
        return self.command.program if self.command else None


def apply_launch_pipeline(
    context: "ApplicationLaunchContext",
) -> LaunchPipeline:
    """Run a launch's rez steps on its context (the rez hook's work).

    Sets the launch data ``tools``, ``rez_request`` (before the resolve,
    so a failure report has it), ``rez_resolution`` and ``rez_command``
    (the command found: an alias or on the resolved ``PATH``), the
    environment, and the program and arguments to start. A command not
    found fails a launch here (``context.starts_process``); otherwise it is
    kept as ``rez_command_error``: the environment is complete without
    it, a later start raises it.
    """
    pipeline = LaunchPipeline(
        context.application, context.data, context.launch_type, context.env
    )
    context.data["tools"] = pipeline.tool_names
    context.data["rez_request"] = pipeline.request
    context.env = pipeline.env
    context.data["rez_resolution"] = pipeline.resolution
    try:
        command = pipeline.command
    except ApplicationExecutableNotFound as exc:
        # The environment needs no program; starting it does
        #   (``ApplicationLaunchContext.raise_missing_command``).
        if context.starts_process:
            raise
        log.debug("%s", exc)
        context.data[COMMAND_ERROR_KEY] = exc
        command = None
    context.data["rez_command"] = command
    if command:
        log.debug("Command: %s", command.describe())
        context.executable.executable_path = command.program
        if context.launch_args:
            # An alias's own arguments come before the variant's.
            context.launch_args[0:1] = command.args
    return pipeline


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
    data: Optional[Mapping[str, Any]] = None,
) -> Resolution:
    """Resolve a launch's request, reproducing the artist's on the farm.

    Farm launch types follow ``farm_reproduction.farm_resolution``; the
    others resolve fresh (as of the project's timestamp, if set).
    """
    subject = launch_subject(app, manager.project_name)
    if launch_type in FARM_LAUNCH_TYPES:
        return farm_resolution(
            manager, app, request, source_env, data or {}, subject
        )
    return resolve(
        request, manager.rez_settings(), subject,
        timestamp=manager.project_timestamp(),
    )


def prepare_launch(
    manager: Any,
    app_name: str,
    env: Optional[Mapping[str, str]] = None,
    **data: Any,
) -> "ApplicationLaunchContext":
    """A launch with every pre-launch hook run: all but the start.

    Args:
        manager: Any manager; the project's is used.
        app_name: Full name (``group/variant``).
        env: The source environment; ``os.environ`` when None.
        **data: Launch data (``project_name``, ``folder_path``,
            ``task_name``, ``env_group``, ``launch_type``...).
    """
    context = manager.create_launch_context(
        app_name, env=dict(os.environ if env is None else env), **data
    )
    context.run_prelaunch_hooks()
    return context


def launch_environment(
    manager: Any,
    app_name: str,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    env_group: Optional[str] = None,
    launch_type: Optional[str] = None,
    env: Optional[Dict[str, str]] = None,
) -> Dict[str, str]:
    """The whole environment a launch would have, without starting it."""
    context = prepare_launch(
        manager,
        app_name,
        env=env,
        project_name=project_name,
        folder_path=folder_path,
        task_name=task_name,
        env_group=env_group,
        launch_type=launch_type,
    )
    return dict(context.env)


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
) -> FoundCommand:
    """The app's command: a rez alias of the resolved packages, else the
    program on the resolved ``PATH`` (see ``command_lookup``).

    Raises:
        ApplicationExecutableNotFound: Not found there.
        ApplicationLaunchFailed: An alias that needs a shell, or resolved
            packages are gone since the resolve.
    """
    command = app.command[0] if app.command else ""
    if not command:
        raise ApplicationExecutableNotFound(app)
    found_alias = alias_command(
        command, resolution.aliases(), env, which,
        sys.platform == "win32", resolution.subject,
    )
    if found_alias is not None:
        return found_alias
    found = which(command, env)
    if found:
        return FoundCommand(found)
    gone = resolution.vanished_roots(env)
    if gone:
        raise vanished_failure(resolution.subject, resolution.request, gone)
    raise ApplicationExecutableNotFound(
        app,
        "Looked for among the aliases and on the PATH of the resolve of"
        f" {resolution.subject}: "
        + (" ".join(resolution.packages) or "(no packages)")
        + f"\nCheck {app.settings_path}.command in the settings, or add"
        f" the package that provides \"{command}\" to the request.",
    )
