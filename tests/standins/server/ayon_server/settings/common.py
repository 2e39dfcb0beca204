"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/settings/common.py.
"""
from __future__ import annotations

from typing import Optional

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
