"""Application and tool items: what the ``apps`` and ``tools`` endpoints
answer, in the shape of Ynput's addon (``ApplicationItem``,
``ToolItem``).

Items are built from this addon's settings (a ``settings.dict()``):
enabled applications only (enabled group and variant), sorted by group
label then variant label. A variant may carry ``group_label`` and
``show_grouped`` as Ynput's do; without them the group's label is used
and variants are shown grouped.
"""
from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from typing import Any, Optional

from .profiles import allowed_apps, enabled_apps

__all__ = [
    "ApplicationItem",
    "ToolItem",
    "icon_url",
    "get_application_items",
    "get_task_application_items",
    "get_tool_items",
]


@dataclass
class ApplicationItem:
    """One application as other addons and the launcher list it."""

    host_name: str
    full_name: str
    full_label: str
    group_label: str
    variant_label: str
    icon: Optional[dict[str, str]]
    show_grouped: bool


@dataclass
class ToolItem:
    """One tool variant."""

    full_name: str
    full_label: str
    group_label: str
    variant_label: str
    host_names: list[str]
    app_variants: list[str]


def icon_url(icon: str, version: Optional[str] = None) -> Optional[str]:
    """URL of a group's ``icon`` setting: a full URL as is, or the icons
    endpoint (custom icons, then ``public/icons``) for a file name.

    Args:
        icon: File name (a path is reduced to its name) or URL.
        version: Addon version to fill in; without it the URL keeps the
            server's ``{addon_url}`` placeholder (action manifests).
    """
    if not icon:
        return None
    if urllib.parse.urlparse(icon).scheme:
        return icon
    name = os.path.basename(icon.replace("\\", "/"))
    addon_url = (
        "{addon_url}" if version is None
        else f"/addons/applications/{version}"
    )
    return f"/api{addon_url}/icons/{name}"


def _sort_key(item: Any) -> tuple[str, str]:
    return item.group_label, item.variant_label


def _application_item(app: dict[str, Any], version: str) -> ApplicationItem:
    group, variant = app["group"], app["variant"]
    group_label = (
        variant.get("group_label") or group["label"] or group["name"]
    )
    variant_label = variant["label"] or variant["name"]
    url = icon_url(group["icon"], version)
    return ApplicationItem(
        host_name=group["host_name"],
        full_name=f"{group['name']}/{variant['name']}",
        full_label=f"{group_label} {variant_label}",
        group_label=group_label,
        variant_label=variant_label,
        icon={"type": "url", "url": url} if url else None,
        show_grouped=bool(variant.get("show_grouped", True)),
    )


def get_application_items(
    settings: dict[str, Any], version: str
) -> list[ApplicationItem]:
    """Every enabled application of the settings."""
    items = [
        _application_item(app, version)
        for app in enabled_apps(settings).values()
    ]
    items.sort(key=_sort_key)
    return items


def get_task_application_items(
    settings: dict[str, Any],
    version: str,
    task_type: str,
    task_name: Optional[str],
    folder_path: Optional[str],
) -> list[ApplicationItem]:
    """The applications a task's ``project_applications`` profile allows,
    in the profile's order."""
    apps = enabled_apps(settings)
    return [
        _application_item(apps[name], version)
        for name in allowed_apps(settings, task_type, task_name, folder_path)
    ]


def get_tool_items(settings: dict[str, Any]) -> list[ToolItem]:
    """Every tool variant of the settings."""
    items = []
    for group in settings["tools"]:
        group_label = group["label"] or group["name"]
        for variant in group["variants"]:
            if not variant["name"]:
                continue
            variant_label = variant["label"] or variant["name"]
            items.append(ToolItem(
                full_name=f"{group['name']}/{variant['name']}",
                full_label=f"{group_label} {variant_label}",
                group_label=group_label,
                variant_label=variant_label,
                host_names=list(variant["host_names"]),
                app_variants=list(variant["app_variants"]),
            ))
    items.sort(key=_sort_key)
    return items
