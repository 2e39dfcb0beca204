"""Endpoints listing applications and tools, as Ynput's addon has them.

Under ``/api/addons/applications/{version}/``, each taking the query
parameters ``variant`` (settings variant, ``production`` by default) and
``version`` (answer as that installed version of the addon):

- ``GET apps``, ``GET apps/{project_name}``:
  ``{"applications": [ApplicationItem, ...]}``, every enabled
  application of the studio or the project;
- ``GET apps/{project_name}/task/{task_id}``: those the project's
  ``project_applications`` profiles allow for the task;
- ``GET tools``, ``GET tools/{project_name}``: ``{"tools": [ToolItem]}``.

Without ``version`` the addon version of the context answers: the
project bundle's when the project has one for the variant, else the
studio bundle's. Another version answers through its own methods of the
same names; a version without them (or not installed) answers nothing.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any, Optional

from ayon_server.addons import AddonLibrary, BaseServerAddon
from ayon_server.bundles.project_bundles import (
    get_project_bundle_addons,
    has_project_bundle,
)
from ayon_server.entities import FolderEntity, TaskEntity

from .items import (
    ApplicationItem,
    ToolItem,
    get_application_items,
    get_task_application_items,
    get_tool_items,
)

__all__ = ["ItemsEndpoints"]

log = logging.getLogger(__name__)
RELEASE_VARIANTS = ("production", "staging")


class ItemsEndpoints:
    """Mixin of the server addon: item methods and their endpoints."""

    name: str
    version: str

    def register_item_endpoints(self) -> None:
        """Add the ``apps`` and ``tools`` endpoints."""
        for path in ("apps", "apps/{project_name}"):
            self.add_endpoint(path, self.apps_endpoint, method="GET")
        self.add_endpoint(
            "apps/{project_name}/task/{task_id}",
            self.task_apps_endpoint,
            method="GET",
        )
        for path in ("tools", "tools/{project_name}"):
            self.add_endpoint(path, self.tools_endpoint, method="GET")

    # --- which addon version answers -------------------------------------
    def _addon_version(self, version: str) -> Optional[BaseServerAddon]:
        if version == self.version:
            return self
        definition = AddonLibrary.getinstance().data.get(self.name)
        return None if definition is None else definition.get(version)

    async def _studio_bundle_addon(
        self, variant: str
    ) -> Optional[BaseServerAddon]:
        library = AddonLibrary.getinstance()
        versions = await library.get_addon_versions_by_variant(variant)
        version = versions.get(self.name)
        return self._addon_version(version) if version else None

    async def get_addon_for_context(
        self, project_name: Optional[str], variant: str
    ) -> Optional[BaseServerAddon]:
        """The version of this addon a project (or the studio) uses."""
        if (
            project_name is None
            or variant not in RELEASE_VARIANTS
            or not await has_project_bundle(project_name, variant=variant)
        ):
            return await self._studio_bundle_addon(variant)
        addons = await get_project_bundle_addons(
            project_name, variant=variant
        )
        version = addons.get(self.name)
        if not version or version == "__disable__":
            return None
        if version == "__inherit__":
            return await self._studio_bundle_addon(variant)
        return self._addon_version(version)

    async def _items_of_other_version(
        self,
        method_name: str,
        project_name: Optional[str],
        variant: str,
        version: Optional[str],
        *args: Any,
    ) -> Optional[list[Any]]:
        """Items another version gives (``[]`` from none), or None when
        this version is the one to answer."""
        if version is not None:
            addon = self._addon_version(version)
        else:
            addon = await self.get_addon_for_context(project_name, variant)
        if addon is self:
            return None
        method = getattr(addon, method_name, None)
        if method is None:
            return []
        return await method(
            project_name, *args, variant, version=addon.version
        )

    async def _settings(
        self, project_name: Optional[str], variant: str
    ) -> dict[str, Any]:
        if project_name is None:
            model = await self.get_studio_settings(variant=variant)
        else:
            model = await self.get_project_settings(
                project_name, variant=variant
            )
        return model.dict()

    # --- the API other server addons call --------------------------------
    async def get_application_items(
        self,
        project_name: Optional[str],
        variant: str,
        *,
        version: Optional[str] = None,
    ) -> list[ApplicationItem]:
        """Enabled applications of the studio or a project."""
        items = await self._items_of_other_version(
            "get_application_items", project_name, variant, version
        )
        if items is not None:
            return items
        settings = await self._settings(project_name, variant)
        return get_application_items(settings, self.version)

    async def get_application_items_for_task(
        self,
        project_name: str,
        task_id: str,
        variant: str,
        *,
        version: Optional[str] = None,
    ) -> list[ApplicationItem]:
        """Applications the project's profiles allow for one task."""
        items = await self._items_of_other_version(
            "get_application_items_for_task",
            project_name, variant, version, task_id,
        )
        if items is not None:
            return items
        settings = await self._settings(project_name, variant)
        task = await TaskEntity.load(project_name, task_id)
        folder = await FolderEntity.load(project_name, task.folder_id)
        return get_task_application_items(
            settings, self.version, task.task_type, task.name, folder.path
        )

    async def get_tool_items(
        self,
        project_name: Optional[str],
        variant: str,
        *,
        version: Optional[str] = None,
    ) -> list[ToolItem]:
        """Tools of the studio or a project."""
        items = await self._items_of_other_version(
            "get_tool_items", project_name, variant, version
        )
        if items is not None:
            return items
        settings = await self._settings(project_name, variant)
        return get_tool_items(settings)

    # --- endpoints (FastAPI reads the query parameters from these) ------
    async def apps_endpoint(
        self,
        project_name: Optional[str] = None,
        variant: Optional[str] = None,
        version: Optional[str] = None,
    ) -> dict[str, list[dict[str, Any]]]:
        """Applications of the studio or a project."""
        items = await self.get_application_items(
            project_name, variant or "production", version=version
        )
        return {"applications": _as_dicts(items)}

    async def task_apps_endpoint(
        self,
        project_name: str,
        task_id: str,
        variant: Optional[str] = None,
        version: Optional[str] = None,
    ) -> dict[str, list[dict[str, Any]]]:
        """Applications allowed for a task."""
        items = await self.get_application_items_for_task(
            project_name, task_id, variant or "production", version=version
        )
        return {"applications": _as_dicts(items)}

    async def tools_endpoint(
        self,
        project_name: Optional[str] = None,
        variant: Optional[str] = None,
        version: Optional[str] = None,
    ) -> dict[str, list[dict[str, Any]]]:
        """Tools of the studio or a project."""
        items = await self.get_tool_items(
            project_name, variant or "production", version=version
        )
        return {"tools": _as_dicts(items)}


def _as_dicts(items: list[Any]) -> list[dict[str, Any]]:
    # Another version may answer with its own item classes, or dicts.
    return [
        dataclasses.asdict(item) if dataclasses.is_dataclass(item)
        else dict(item)
        for item in items
    ]
