"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/settings/__init__.py (re-exports).
"""
from ayon_server.settings.common import BaseSettingsModel
from ayon_server.settings.enum import task_types_enum
from ayon_server.settings.overrides import apply_overrides
from ayon_server.settings.settings_field import SettingsField
from ayon_server.settings.validators import ensure_unique_names

__all__ = [
    "BaseSettingsModel",
    "SettingsField",
    "apply_overrides",
    "ensure_unique_names",
    "task_types_enum",
]
