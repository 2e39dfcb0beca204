"""STAND-IN for ``ayon_core.pipeline.actions`` (cannot be installed from
the package index): the loader actions API only."""
from .loader import (
    LoaderActionItem,
    LoaderActionPlugin,
    LoaderActionResult,
    LoaderActionsContext,
    LoaderActionSelection,
    LoaderSelectedType,
    LoaderSimpleActionPlugin,
    SelectionEntitiesCache,
)
from .structures import ActionForm

__all__ = (
    "ActionForm",
    "LoaderActionItem",
    "LoaderActionPlugin",
    "LoaderActionResult",
    "LoaderActionSelection",
    "LoaderActionsContext",
    "LoaderSelectedType",
    "LoaderSimpleActionPlugin",
    "SelectionEntitiesCache",
)
