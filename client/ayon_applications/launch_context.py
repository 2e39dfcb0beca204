"""The launch of one application: data, environment, hooks, process."""
import importlib.util
import inspect
import logging
import os
import platform
import subprocess
import sys
import uuid
from typing import Any, Dict, List, Optional, Type

from .constants import (
    APPLICATIONS_ADDON_ROOT,
    DEFAULT_ENV_SUBGROUP,
    LaunchTypes,
)
from .definitions import Application, ApplicationExecutable
from .env_origins import EnvironmentTrace, hook_origin
from .hooks import LaunchHook, PostLaunchHook, PreLaunchHook
from .os_failures import start_failure

OWN_HOOKS_DIR = os.path.join(APPLICATIONS_ADDON_ROOT, "launch_hooks")

#: Launch data key: why the program cannot start (the rez step's
#: ``ApplicationExecutableNotFound``); the environment is built anyway.
COMMAND_ERROR_KEY = "rez_command_error"


def _ayon_core_hooks_dir() -> Optional[str]:
    try:
        from ayon_core import AYON_CORE_ROOT
    except ImportError:
        return None
    path = os.path.join(AYON_CORE_ROOT, "hooks")
    return path if os.path.isdir(path) else None


def _addon_hook_paths(addons_manager: Any, app: Application) -> List[str]:
    """Hook folders of enabled addons (``get_launch_hook_paths``)."""
    log = logging.getLogger(__name__)
    paths: List[str] = []
    for addon in addons_manager.get_enabled_addons():
        func = getattr(addon, "get_launch_hook_paths", None)
        if func is None:
            continue
        try:
            takes_app = bool(inspect.signature(func).parameters)
            result = func(app) if takes_app else func()
        except Exception:  # noqa: BLE001 - one addon must not stop launch
            log.warning(
                "Addon %s failed to give launch hook paths",
                getattr(addon, "name", addon),
                exc_info=True,
            )
            continue
        if not result:
            continue
        if isinstance(result, str):
            result = [result]
        paths.extend(str(path) for path in result)
    return paths


def _hook_classes_in(path: str) -> List[Type[LaunchHook]]:
    """Hook classes in the ``.py`` files of a folder.

    As ayon-core finds them for Ynput's addon: every concrete hook class
    a file holds, its own or imported into it (a hook file may import a
    shared hook); files starting with ``_`` are skipped.
    """
    log = logging.getLogger(__name__)
    classes: List[Type[LaunchHook]] = []
    for filename in sorted(os.listdir(path)):
        if not filename.endswith(".py") or filename.startswith("_"):
            continue
        filepath = os.path.join(path, filename)
        module_name = f"_ayon_launch_hook_{uuid.uuid4().hex}"
        spec = importlib.util.spec_from_file_location(module_name, filepath)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception:  # noqa: BLE001 - a broken file is skipped
            log.warning("Failed to import hooks from %s", filepath,
                        exc_info=True)
            continue
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, (PreLaunchHook, PostLaunchHook))
                and obj not in (PreLaunchHook, PostLaunchHook)
                and not inspect.isabstract(obj)
            ):
                classes.append(obj)
    return classes


def flatten_args(args: List[Any]) -> List[str]:
    """Unpack nested argument lists, order kept."""
    output: List[str] = []
    for arg in args:
        if isinstance(arg, (list, tuple)):
            output.extend(flatten_args(list(arg)))
        else:
            output.append(str(arg))
    return output


class ApplicationLaunchContext:
    """Everything about one launch, shared with the launch hooks.

    Args:
        application: The application to launch.
        executable: Its executable (the command name, found on the
            resolved ``PATH`` by the rez hook).
        env_group: JSON environment group (``standard`` or ``farm``).
        launch_type: A :class:`LaunchTypes` value; ``local`` by default.
        **data: Launch data (``project_name``, ``folder_path``,
            ``task_name``, ``env``, ``app_args``, ``addons_manager``...).
    """

    def __init__(
        self,
        application: Application,
        executable: Optional[ApplicationExecutable],
        env_group: Optional[str] = None,
        launch_type: Optional[str] = None,
        **data: Any,
    ) -> None:
        self.application = application
        self.executable = executable
        self.env_group = env_group or DEFAULT_ENV_SUBGROUP
        self.launch_type = launch_type or LaunchTypes.local
        self.log = logging.getLogger(
            f"{self.__class__.__name__}-{application.full_name}"
        )
        addons_manager = data.pop("addons_manager", None)
        modules_manager = data.pop("modules_manager", None)
        self.addons_manager = addons_manager or modules_manager

        self.data: Dict[str, Any] = dict(data)
        project_name = self.data.get("project_name")
        if project_name and "project_settings" not in self.data:
            # hooks read it before ayon-core's fills the context
            self.data["project_settings"] = (
                application.manager.all_project_settings(project_name)
            )
        launch_args: List[Any] = []
        if executable is not None:
            launch_args.extend(executable.as_args())
        launch_args.extend(application.command[1:])
        launch_args.extend(application.arguments)
        launch_args.extend(self.data.pop("app_args", None) or [])
        self.launch_args: List[Any] = launch_args

        source_env = self.data.pop("env", None)
        if not isinstance(source_env, dict):
            source_env = os.environ
        self.kwargs: Dict[str, Any] = {
            "env": {key: str(value) for key, value in source_env.items()}
        }
        if platform.system().lower() == "windows":
            self.kwargs["creationflags"] = (
                subprocess.CREATE_NEW_PROCESS_GROUP
                | subprocess.DETACHED_PROCESS
            )
        else:
            self.kwargs["start_new_session"] = True
        if not sys.stdout:
            self.kwargs["stdout"] = subprocess.DEVNULL
            self.kwargs["stderr"] = subprocess.DEVNULL
        #: What each pre-launch hook changed in :attr:`env` (``resolve``
        #: shows it; a launch only pays for a copy of the env per hook).
        self.env_trace = EnvironmentTrace(self.env)

        #: Keep the process's output for the Process Monitor (the
        #: variant's setting; a hook may change it, as with Ynput's).
        self.redirect_output: bool = bool(
            getattr(application, "redirect_output", False)
        )
        #: True once :meth:`launch` runs: the rez step then fails at once
        #: on a command it cannot find, before later hooks act.
        self.starts_process = False
        self.prelaunch_hooks: Optional[List[PreLaunchHook]] = None
        self.postlaunch_hooks: Optional[List[PostLaunchHook]] = None
        self.process: Optional[subprocess.Popen] = None
        self._prelaunch_hooks_executed = False

    # --- Shortcuts ------------------------------------------------------
    @property
    def env(self) -> Dict[str, str]:
        """Environment of the process (values are strings)."""
        env = self.kwargs.get("env")
        if env is None:
            env = self.kwargs["env"] = {}
        return env

    @env.setter
    def env(self, value: Dict[str, str]) -> None:
        if not isinstance(value, dict):
            raise TypeError(f"'env' must be a dict, got {type(value)}")
        self.kwargs["env"] = value

    @property
    def modules_manager(self) -> Any:
        """Deprecated name of :attr:`addons_manager`."""
        return self.addons_manager

    @property
    def app_name(self) -> str:
        """Full name of the application."""
        return self.application.full_name

    @property
    def host_name(self) -> Optional[str]:
        """Host name of the application."""
        return self.application.host_name

    @property
    def app_group(self) -> Any:
        """The application's group."""
        return self.application.group

    @property
    def manager(self) -> Any:
        """The manager holding the application."""
        return self.application.manager

    # --- Hooks ----------------------------------------------------------
    def runs_ayon_core_hooks(self) -> bool:
        """Whether ayon-core's hooks run (it applies the JSON
        environments and the AYON context then)."""
        return (
            self.addons_manager is not None
            and _ayon_core_hooks_dir() is not None
        )

    def paths_to_launch_hooks(self) -> List[str]:
        """Folders searched for launch hooks, in order.

        In AYON: ayon-core's ``hooks`` folder, then each enabled addon's
        ``get_launch_hook_paths`` (this addon's own folder among them).
        Without AYON: this addon's own hooks.
        """
        paths: List[str] = []
        if self.addons_manager is not None:
            if self.runs_ayon_core_hooks():
                paths.append(_ayon_core_hooks_dir())  # type: ignore[arg-type]
            paths.extend(
                _addon_hook_paths(self.addons_manager, self.application)
            )
        if OWN_HOOKS_DIR not in paths:
            paths.append(OWN_HOOKS_DIR)
        unique: List[str] = []
        for path in paths:
            if path not in unique:
                unique.append(path)
        return unique

    def discover_launch_hooks(self, force: bool = False) -> None:
        """Find, build and order the hooks valid for this launch."""
        if self.prelaunch_hooks is not None and not force:
            return
        classes: List[Type[LaunchHook]] = []
        for path in self.paths_to_launch_hooks():
            if not os.path.isdir(path):
                self.log.info("Launch hook folder not found: %s", path)
                continue
            for klass in _hook_classes_in(path):
                # a class several files import runs once
                if klass not in classes:
                    classes.append(klass)
        pre: List[LaunchHook] = []
        post: List[LaunchHook] = []
        for klass in classes:
            try:
                hook = klass(self)
            except Exception:  # noqa: BLE001 - skip hooks failing to build
                self.log.warning(
                    "Failed to build hook %s", klass.__name__, exc_info=True
                )
                continue
            if not hook.is_valid:
                continue
            if isinstance(hook, PreLaunchHook):
                pre.append(hook)
            else:
                post.append(hook)
        self.prelaunch_hooks = _ordered(pre)  # type: ignore[assignment]
        self.postlaunch_hooks = _ordered(post)  # type: ignore[assignment]
        self.log.debug(
            "Hooks: pre %s, post %s",
            [type(h).__name__ for h in self.prelaunch_hooks],
            [type(h).__name__ for h in self.postlaunch_hooks],
        )

    def run_prelaunch_hooks(self) -> None:
        """Run the pre-launch hooks once; an exception stops the launch."""
        if self._prelaunch_hooks_executed:
            self.log.warning("Pre-launch hooks were already executed")
            return
        self.discover_launch_hooks()
        for hook in self.prelaunch_hooks or []:
            self.log.debug("Pre-launch hook %s", type(hook).__name__)
            with self.env_trace.step(hook_origin(hook), lambda: self.env):
                hook.execute()
        self._prelaunch_hooks_executed = True

    # --- Process --------------------------------------------------------
    def raise_missing_command(self) -> None:
        """Raise why the program cannot start, if the rez step found so.

        Only a start needs the program: code that asks for the
        environment alone (``get_app_environments_for_context``, the
        terminal) gets it on a machine without the program, as with
        Ynput's addon, where the executable is checked only to launch.
        A launch fails earlier, in the rez step (:attr:`starts_process`);
        this covers hooks run before :meth:`launch` was called.

        Raises:
            ApplicationExecutableNotFound: The command is not found in
                the resolved environment.
        """
        error = self.data.get(COMMAND_ERROR_KEY)
        if error is not None:
            raise error

    def launch(self) -> Optional[subprocess.Popen]:
        """Run the pre-launch hooks, start the process, run post hooks.

        Returns:
            The started process, or None when it was launched already.
        """
        if self.process is not None:
            self.log.warning("Application was already launched")
            return None
        self.starts_process = True
        if not self._prelaunch_hooks_executed:
            self.run_prelaunch_hooks()
        self.raise_missing_command()
        self.launch_args = flatten_args(self.launch_args)
        self.log.info(
            "Launching \"%s\": %s", self.application.full_name,
            self.launch_args,
        )
        try:
            self.process = subprocess.Popen(self.launch_args, **self.kwargs)
        except (OSError, ValueError) as exc:
            raise start_failure(
                self.app_name, self.launch_args, self.kwargs.get("env"), exc
            ) from None
        for hook in self.postlaunch_hooks or []:
            try:
                hook.execute()
            except Exception:  # noqa: BLE001 - post hooks never stop it
                self.log.warning(
                    "Post-launch hook %s failed", type(hook).__name__,
                    exc_info=True,
                )
        return self.process


def _ordered(hooks: List[LaunchHook]) -> List[LaunchHook]:
    """Hooks with an order first (stable by order), then the others."""
    with_order = [hook for hook in hooks if hook.order is not None]
    without = [hook for hook in hooks if hook.order is None]
    with_order.sort(key=lambda hook: hook.order)  # type: ignore[arg-type]
    return with_order + without
