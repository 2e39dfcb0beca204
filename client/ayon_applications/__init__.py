"""Applications (rez): launch AYON applications through rez.

The names here are the public API other addons import; they import
without ayon-core.

Every AYON process imports this package (ayon-core's addon discovery),
most of them never launch anything; so a name is imported from its
module the first time it is used (PEP 562), and ``dir()`` lists, beside
the constants, only the addon class, which discovery looks up.
"""
from typing import Any, List

from .constants import (
    APPLICATIONS_ADDON_ROOT,
    DEFAULT_ENV_SUBGROUP,
    PLATFORM_NAMES,
    LaunchTypes,
)
from .version import __version__

#: Public name -> module it comes from.
_LAZY = {
    "ApplicationsAddon": "addon",
    "Application": "definitions",
    "ApplicationExecutable": "definitions",
    "ApplicationGroup": "definitions",
    "EnvironmentTool": "definitions",
    "EnvironmentToolGroup": "definitions",
    "UndefinedApplicationExecutable": "definitions",
    "ApplicationExecutableNotFound": "exceptions",
    "ApplicationLaunchFailed": "exceptions",
    "ApplicationNotFound": "exceptions",
    "MissingRequiredKey": "exceptions",
    "LaunchHook": "hooks",
    "PostLaunchHook": "hooks",
    "PreLaunchHook": "hooks",
    "ApplicationLaunchContext": "launch_context",
    "ApplicationManager": "manager",
}

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


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(
            f"module {__name__!r} has no attribute {name!r}"
        )
    # ``__import__`` (not ``importlib.import_module``): the import system's
    #   own path, which ``python -X importtime`` reports.
    module = __import__(f"{__name__}.{module_name}", fromlist=[name])
    value = getattr(module, name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> List[str]:
    # ayon-core's discovery gets every listed name: listing the lazy
    #   ones would import the whole launch machinery in every process.
    return sorted({*globals(), "ApplicationsAddon"})
