"""Application and tool items from this addon's server endpoints.

The client side of ``GET apps[/{project}[/task/{task_id}]]`` and
``GET tools[/{project}]`` (see ``server/endpoints.py``), as Ynput's addon
has them: other addons call ``ApplicationsAddon.get_application_items``
and ``get_tool_items``.
"""
import urllib.parse
from typing import Any, Dict, List, Optional


def settings_variant() -> str:
    """Settings variant of this process (ayon-core's, else ayon-api's)."""
    try:
        from ayon_core.lib import get_settings_variant
    except ImportError:
        import ayon_api

        return ayon_api.get_default_settings_variant()
    return get_settings_variant()


def _get(
    addon_name: str,
    addon_version: str,
    route: str,
    variant: Optional[str],
    version: Optional[str],
) -> Dict[str, Any]:
    import ayon_api

    query: Dict[str, str] = {"variant": variant or settings_variant()}
    if version is not None:
        query["version"] = version
    response = ayon_api.get(
        f"addons/{addon_name}/{addon_version}/{route}"
        f"?{urllib.parse.urlencode(query)}"
    )
    response.raise_for_status()
    return response.data


def _icon_definition(icon: Any, addon_url: str) -> Any:
    """The icon of an item as ayon-core's icon widgets take it."""
    if not isinstance(icon, dict) or not isinstance(icon.get("url"), str):
        return icon
    url = icon["url"]
    if urllib.parse.urlparse(url).scheme:
        return {"type": "url", "url": url}
    url = url.replace("{addon_url}", addon_url)
    return {"type": "ayon_url", "url": url.lstrip("/")}


def get_application_items(
    addon_name: str,
    addon_version: str,
    project_name: Optional[str] = None,
    task_id: Optional[str] = None,
    *,
    variant: Optional[str] = None,
    version: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """Application items of the studio, a project or a task.

    Each item: ``host_name``, ``full_name``, ``full_label``,
    ``group_label``, ``variant_label``, ``icon`` (an ``ayon_url`` icon
    definition, or None) and ``show_grouped``.
    """
    route = "apps"
    if project_name:
        route += f"/{project_name}"
        if task_id:
            route += f"/task/{task_id}"
    items = _get(addon_name, addon_version, route, variant, version)
    addon_url = f"/addons/{addon_name}/{version or addon_version}"
    output = items["applications"]
    for item in output:
        item["icon"] = _icon_definition(item.get("icon"), addon_url)
    return output


def get_tool_items(
    addon_name: str,
    addon_version: str,
    project_name: Optional[str] = None,
    *,
    variant: Optional[str] = None,
    version: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """Tool items of the studio or a project.

    Each item: ``full_name``, ``full_label``, ``group_label``,
    ``variant_label``, ``host_names``, ``app_variants``.
    """
    route = "tools" + (f"/{project_name}" if project_name else "")
    return _get(addon_name, addon_version, route, variant, version)["tools"]
