"""Server side of the Applications (rez) addon.

Settings (``settings/``) and their conversion from Ynput's addon
(``convert.py``), web actions (``actions.py``), the icon
endpoints (``icons.py``: shipped and custom icons) and the endpoints
listing applications and tools (``endpoints.py``), with the routes,
methods and payloads of Ynput's addon 1.4.4. The server itself also
serves ``public/`` as ``/addons/applications/{version}/public/...``.
"""
from __future__ import annotations

from typing import Any, Optional

from ayon_server.actions import (
    ActionContext,
    ActionExecutor,
    DynamicActionManifest,
    ExecuteResponseModel,
    SimpleActionManifest,
)
from ayon_server.addons import BaseServerAddon
from ayon_server.entities import UserEntity

from . import actions, convert
from .endpoints import ItemsEndpoints
from .icons import IconEndpoints
from .items import ApplicationItem, ToolItem
from .settings import (
    ApplicationsAddonSettings,
    ApplicationsSiteSettings,
    get_default_values,
)

__all__ = ["ApplicationsAddon", "ApplicationItem", "ToolItem"]


class ApplicationsAddon(IconEndpoints, ItemsEndpoints, BaseServerAddon):
    """Applications defined as rez requests plus a command."""

    settings_model = ApplicationsAddonSettings
    site_settings_model = ApplicationsSiteSettings

    def initialize(self) -> None:
        """Register the icon, application and tool endpoints."""
        self.register_icon_endpoints()
        self.register_item_endpoints()

    async def get_default_settings(self) -> ApplicationsAddonSettings:
        """Defaults: Maya, Houdini, Nuke, Blender, Unreal, a terminal."""
        return self.get_settings_model()(**get_default_values())

    async def convert_settings_overrides(
        self, source_version: str, overrides: dict[str, Any]
    ) -> dict[str, Any]:
        """Overrides of another version: Ynput's 1.x shape converted."""
        return await convert.convert_settings_overrides(
            self, source_version, overrides
        )

    async def get_simple_actions(
        self, project_name: Optional[str] = None, variant: str = "production"
    ) -> list[SimpleActionManifest]:
        """Launch buttons per task type, from the project's profiles."""
        return await actions.get_simple_actions(self, project_name, variant)

    async def get_dynamic_actions(
        self, context: ActionContext, variant: str = "production"
    ) -> list[DynamicActionManifest]:
        """Launch buttons that depend on the selected task or workfile."""
        return await actions.get_dynamic_actions(self, context, variant)

    async def execute_action(
        self, executor: ActionExecutor
    ) -> ExecuteResponseModel:
        """Answer with the launcher's argument list."""
        return await actions.execute_action(self, executor)

    async def create_action_config_hash(
        self,
        identifier: str,
        context: ActionContext,
        user: UserEntity,
        variant: str,
    ) -> str:
        """Launch actions keep their options per task (as Ynput's)."""
        entity_ids = context.entity_ids or []
        config_hash = None
        if entity_ids:
            config_hash = actions.launch_config_hash(
                identifier, context.project_name, entity_ids[0], user.name
            )
        if config_hash is None:
            return await super().create_action_config_hash(
                identifier, context, user, variant
            )
        return config_hash

    async def set_action_config(
        self,
        identifier: str,
        context: ActionContext,
        user: UserEntity,
        variant: str,
        config: dict[str, Any],
    ) -> None:
        """Launch actions: for each selected task (as Ynput's)."""
        if not identifier.startswith(actions.LAUNCH_PREFIX):
            await super().set_action_config(
                identifier, context, user, variant, config
            )
            return
        await actions.store_launch_config(
            self, identifier, context, user.name, config
        )
