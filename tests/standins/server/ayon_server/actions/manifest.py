"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/actions/manifest.py.
"""
from __future__ import annotations

from typing import Any, Optional

from pydantic.v1 import BaseModel


class BaseActionManifest(BaseModel):
    """What the launcher shows for one action."""

    identifier: str
    label: str
    description: Optional[str] = None
    group_label: Optional[str] = None
    category: str = "General"
    order: int = 100
    icon: Optional[dict[str, Any]] = None
    admin_only: bool = False
    manager_only: bool = False
    config_fields: Optional[list[dict[str, Any]]] = None
    featured: bool = False
    addon_name: Optional[str] = None
    addon_version: Optional[str] = None
    variant: Optional[str] = None


class SimpleActionManifest(BaseActionManifest):
    """An action shown for entities of a type (and subtypes)."""

    entity_type: Optional[str] = None
    entity_subtypes: Optional[list[str]] = None
    allow_multiselection: bool = False


class DynamicActionManifest(BaseActionManifest):
    """An action computed for one selection (context)."""
