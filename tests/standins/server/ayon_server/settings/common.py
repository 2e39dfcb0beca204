"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/settings/common.py.
"""
from __future__ import annotations

from typing import Any, Optional

from pydantic.v1 import BaseModel


class BaseSettingsModel(BaseModel):
    """Base of every settings model."""

    _isGroup: bool = False
    _title: Optional[str] = None
    _layout: Optional[str] = None
    _required: bool = False
    _has_studio_overrides: Optional[bool] = None
    _has_project_overrides: Optional[bool] = None
    _has_site_overrides: Optional[bool] = None

    class Config:
        underscore_attrs_are_private = True
        allow_population_by_field_name = True


def migrate_settings_overrides(
    old_data: dict[str, Any],
    new_model_class: Any,
    defaults: dict[str, Any],
    custom_conversions: Optional[dict[str, Any]] = None,
    parent_key: str = "",
) -> dict[str, Any]:
    """Best guess of overrides of another version in ``new_model_class``.

    As the server's pydantic 1 era helper: keys that are fields are
    kept (values of model fields walked into, lists item by item; a
    mapping given for a list of models is walked with the list type,
    which has no ``__fields__``: the ``AttributeError`` Ynput's 1.x
    shape meets); other keys are dropped with a warning.
    """
    from ayon_server.logging import logger

    new_data: dict[str, Any] = {}
    for key, value in old_data.items():
        fields = new_model_class.__fields__
        if key not in fields:
            logger.warning(f"Skipping unknown key: {key}")
            continue
        model_field = fields[key]
        path = f"{parent_key}.{key}" if parent_key else key
        inner = model_field.type_
        if isinstance(inner, type) and issubclass(inner, BaseSettingsModel):
            outer = model_field.outer_type_
            if isinstance(value, list):
                new_data[key] = [
                    migrate_settings_overrides(item, inner, {}, None, path)
                    for item in value
                ]
            elif isinstance(value, dict):
                new_data[key] = migrate_settings_overrides(
                    value, outer, defaults.get(key, {}), None, path
                )
        else:
            new_data[key] = value
    return new_data
