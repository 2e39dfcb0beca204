"""Applications (rez): launch AYON applications through rez.

The names here are the public API other addons import; they import
without ayon-core.
"""
from .addon import ApplicationsAddon
from .constants import (
    APPLICATIONS_ADDON_ROOT,
    DEFAULT_ENV_SUBGROUP,
    PLATFORM_NAMES,
    LaunchTypes,
)
from .definitions import (
    Application,
    ApplicationExecutable,
    ApplicationGroup,
    EnvironmentTool,
    EnvironmentToolGroup,
    UndefinedApplicationExecutable,
)
from .exceptions import (
    ApplicationExecutableNotFound,
    ApplicationLaunchFailed,
    ApplicationNotFound,
    MissingRequiredKey,
)
from .hooks import LaunchHook, PostLaunchHook, PreLaunchHook
from .launch_context import ApplicationLaunchContext
from .manager import ApplicationManager
from .version import __version__

__all__ = (
    "__version__",
    "APPLICATIONS_ADDON_ROOT",
    "DEFAULT_ENV_SUBGROUP",
    "PLATFORM_NAMES",
    "LaunchTypes",
    "ApplicationNotFound",
    "ApplicationExecutableNotFound",
    "ApplicationLaunchFailed",
    "MissingRequiredKey",
    "ApplicationExecutable",
    "UndefinedApplicationExecutable",
    "ApplicationGroup",
    "Application",
    "EnvironmentToolGroup",
    "EnvironmentTool",
    "LaunchHook",
    "PreLaunchHook",
    "PostLaunchHook",
    "ApplicationManager",
    "ApplicationLaunchContext",
    "ApplicationsAddon",
)
