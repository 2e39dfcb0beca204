"""STAND-IN for ``ayon_core.addon`` (cannot be installed from the package
index)."""
from . import click_wrap
from .base import (
    AddonsManager,
    AYONAddon,
    ProcessContext,
    ProcessPreparationError,
    load_addons,
)
from .interfaces import (
    IHostAddon,
    IPluginPaths,
    ITrayAction,
    ITrayAddon,
)
from .utils import (
    ensure_addons_are_process_context_ready,
    ensure_addons_are_process_ready,
)

__all__ = (
    "AYONAddon",
    "AddonsManager",
    "IHostAddon",
    "IPluginPaths",
    "ITrayAction",
    "ITrayAddon",
    "ProcessContext",
    "ProcessPreparationError",
    "click_wrap",
    "ensure_addons_are_process_context_ready",
    "ensure_addons_are_process_ready",
    "load_addons",
)
