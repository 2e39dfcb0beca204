"""Enum resolvers: the choices the settings UI offers.

The server calls a resolver with the arguments it names, from the
context of the page: ``project_name`` (None on studio settings), the
``addon`` instance and the ``settings_variant`` being edited.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ayon_server.addons import BaseServerAddon

__all__ = ["allow_type_enum", "applications_enum", "tools_enum",
           "ayon_request_mode_enum", "cachable_enum"]


async def _settings(
    addon: Optional[BaseServerAddon],
    project_name: Optional[str],
    settings_variant: Optional[str],
) -> Any:
    variant = settings_variant or "production"
    if project_name:
        return await addon.get_project_settings(project_name, variant=variant)
    return await addon.get_studio_settings(variant=variant)


def _variant_items(groups: Any) -> list[dict[str, str]]:
    """``group/variant`` values with "Group Variant" labels."""
    items = []
    for group in groups:
        group_label = group.label or group.name
        for variant in group.variants:
            items.append({
                "value": f"{group.name}/{variant.name}",
                "label": f"{group_label} {variant.label or variant.name}",
            })
    return items


async def applications_enum(
    project_name: Optional[str] = None,
    addon: Optional[BaseServerAddon] = None,
    settings_variant: Optional[str] = None,
) -> list[dict[str, str]]:
    """All application variants as ``group/variant`` with a label."""
    if addon is None:
        return []
    settings = await _settings(addon, project_name, settings_variant)
    return _variant_items(settings.applications)


async def tools_enum(
    project_name: Optional[str] = None,
    addon: Optional[BaseServerAddon] = None,
    settings_variant: Optional[str] = None,
) -> list[dict[str, str]]:
    """All tools as ``group/variant`` with a label."""
    if addon is None:
        return []
    settings = await _settings(addon, project_name, settings_variant)
    return _variant_items(settings.tools)


def allow_type_enum() -> list[dict[str, str]]:
    """Choices of ``project_applications.profiles[].allow_type``."""
    return [
        {"value": "all_applications", "label": "All applications"},
        {"value": "applications", "label": "Selected applications"},
    ]


def ayon_request_mode_enum() -> list[dict[str, str]]:
    """Choices of ``ayon_request.mode``."""
    return [
        {"value": "weak", "label": "Weak (~ayon_x==version)"},
        {"value": "strict", "label": "Strict (AYON from the rez repository)"},
        {"value": "off", "label": "Off (no AYON request)"},
    ]


def cachable_enum() -> list[dict[str, str]]:
    """Choices of ``rez.cachable``."""
    return [
        {"value": "all", "label": "All packages"},
        {"value": "none", "label": "None (no copies)"},
        {"value": "filters", "label": "By rez package filter rules"},
    ]
