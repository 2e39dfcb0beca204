"""Launch hook base classes, the API every addon's hooks are written to.

A hook declares where it applies with class attributes (empty = any) and
does its work in ``execute()``. Pre-launch hooks run before the process
starts and any exception stops the launch; post-launch hooks run after it
started and their errors are only logged.
"""
import logging
import platform
import warnings
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Dict, Optional, Set

from .constants import LaunchTypes

if TYPE_CHECKING:
    from .definitions import Application, ApplicationGroup
    from .launch_context import ApplicationLaunchContext
    from .manager import ApplicationManager


class LaunchHook(ABC):
    """Base of launch hooks.

    Attributes:
        order: Run position; lower first, None runs after all ordered.
        hosts: Host names the hook applies to.
        app_groups: Application group names it applies to.
        app_names: Application names (``group/variant`` or variant).
        platforms: Platforms (windows, linux, darwin).
        launch_types: Launch types; empty means any.
    """

    order: Optional[int] = None
    hosts: Set[str] = set()
    app_groups: Set[str] = set()
    app_names: Set[str] = set()
    platforms: Set[str] = set()
    launch_types: Set[str] = {LaunchTypes.local}

    def __init__(self, launch_context: "ApplicationLaunchContext") -> None:
        self.log = logging.getLogger(self.__class__.__name__)
        self.launch_context = launch_context
        is_valid = self.class_validation(launch_context)
        if is_valid:
            is_valid = bool(self.validate())
        self.is_valid: bool = is_valid

    @classmethod
    def class_validation(
        cls, launch_context: "ApplicationLaunchContext"
    ) -> bool:
        """Whether the class attributes admit this launch."""
        if cls.platforms:
            platforms = {name.lower() for name in cls.platforms}
            if platform.system().lower() not in platforms:
                return False
        if cls.hosts and launch_context.host_name not in cls.hosts:
            return False
        app = launch_context.application
        if cls.app_groups and app.group.name not in cls.app_groups:
            return False
        if cls.app_names and not (
            {app.full_name, app.name} & set(cls.app_names)
        ):
            return False
        if (
            cls.launch_types
            and launch_context.launch_type not in cls.launch_types
        ):
            return False
        return True

    @property
    def data(self) -> Dict[str, Any]:
        """The launch data shared by all hooks."""
        return self.launch_context.data

    @property
    def application(self) -> "Application":
        """The application being launched."""
        return self.launch_context.application

    @property
    def manager(self) -> "ApplicationManager":
        """The application manager."""
        return self.application.manager

    @property
    def host_name(self) -> Optional[str]:
        """Host name of the application."""
        return self.application.host_name

    @property
    def app_group(self) -> "ApplicationGroup":
        """Group of the application."""
        return self.application.group

    @property
    def app_name(self) -> str:
        """Full name of the application (``group/variant``)."""
        return self.application.full_name

    @property
    def addons_manager(self) -> Any:
        """ayon-core's addons manager (None outside AYON)."""
        return self.launch_context.addons_manager

    @property
    def modules_manager(self) -> Any:
        """Deprecated name of :attr:`addons_manager`."""
        warnings.warn(
            "'modules_manager' is deprecated, use 'addons_manager'",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.addons_manager

    def validate(self) -> bool:
        """Veto the hook for this launch by returning False."""
        return True

    @abstractmethod
    def execute(self) -> None:
        """Do the hook's work."""


class PreLaunchHook(LaunchHook):
    """Runs before the process starts; an exception stops the launch."""


class PostLaunchHook(LaunchHook):
    """Runs after the process started; errors are only logged."""
