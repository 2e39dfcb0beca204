"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/settings/overrides.py. The server's rule:
nested models merge field by field; lists and scalars are replaced
whole by the override.
"""
from __future__ import annotations

from typing import Any

from ayon_server.settings.common import BaseSettingsModel


def _merge(default: Any, override: Any) -> Any:
    if isinstance(default, dict) and isinstance(override, dict):
        result = dict(default)
        for key, value in override.items():
            result[key] = _merge(default.get(key), value)
        return result
    return override


def apply_overrides(
    settings: BaseSettingsModel, overrides: dict[str, Any]
) -> BaseSettingsModel:
    """Return a new model: `settings` with `overrides` applied."""
    data = _merge(settings.dict(), overrides)
    return settings.__class__(**data)
