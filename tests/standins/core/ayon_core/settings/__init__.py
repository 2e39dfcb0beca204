"""STAND-IN for ``ayon_core.settings`` (cannot be installed from the
package index)."""
from .lib import (
    get_ayon_settings,
    get_current_project_settings,
    get_project_settings,
    get_studio_settings,
)

__all__ = (
    "get_ayon_settings",
    "get_current_project_settings",
    "get_project_settings",
    "get_studio_settings",
)
