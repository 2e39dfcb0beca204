"""The definition classes under the module name of Ynput's addon.

Community addons import them as ``ayon_applications.defs``; they are the
classes of :mod:`ayon_applications.definitions` and ``LaunchTypes``.
"""
from .constants import LaunchTypes
from .definitions import (
    Application,
    ApplicationExecutable,
    ApplicationGroup,
    EnvironmentTool,
    EnvironmentToolGroup,
    UndefinedApplicationExecutable,
)

__all__ = (
    "LaunchTypes",
    "ApplicationExecutable",
    "UndefinedApplicationExecutable",
    "ApplicationGroup",
    "Application",
    "EnvironmentToolGroup",
    "EnvironmentTool",
)
