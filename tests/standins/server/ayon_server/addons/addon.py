"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/addons/addon.py. Where the real class reads
overrides and action configs from Postgres, this one reads the
in-memory tables of `ayon_server.lib.postgres` (the stand-in DB).
"""
from __future__ import annotations

import os
from typing import Any, Callable, Optional

from ayon_server.actions.config import get_action_config, set_action_config
from ayon_server.actions.context import ActionContext
from ayon_server.actions.execute import ActionExecutor, ExecuteResponseModel
from ayon_server.actions.manifest import (
    DynamicActionManifest,
    SimpleActionManifest,
)
from ayon_server.exceptions import BadRequestException, NotFoundException
from ayon_server.lib.postgres import DB
from ayon_server.settings import BaseSettingsModel, apply_overrides
from ayon_server.settings.common import migrate_settings_overrides
from ayon_server.utils import hash_data


class BaseServerAddon:
    """Base of a server addon."""

    name: str
    version: str
    title: Optional[str] = None
    settings_model: Optional[type[BaseSettingsModel]] = None
    site_settings_model: Optional[type[BaseSettingsModel]] = None

    def __init__(self, definition: Any, addon_dir: str, **kwargs: Any):
        for key in ("name", "version", "title"):
            if key in kwargs:
                setattr(self, key, kwargs[key])
        assert self.name and self.version
        self.definition = definition
        self.addon_dir = addon_dir
        self.endpoints: list[dict[str, Any]] = []
        self.initialize()

    def initialize(self) -> None:
        """Register endpoints here."""

    def add_endpoint(
        self,
        path: str,
        handler: Callable[..., Any],
        *,
        method: str = "GET",
        name: Optional[str] = None,
        description: Optional[str] = None,
    ) -> None:
        """Add a REST endpoint under /api/addons/{name}/{version}/."""
        self.endpoints.append({
            "name": name or handler.__name__,
            "path": path,
            "handler": handler,
            "method": method,
            "description": description or handler.__doc__ or "",
        })

    def get_public_dir(self) -> Optional[str]:
        """Return the addon's public directory (served by the server)."""
        path = os.path.join(self.addon_dir, "public")
        return path if os.path.isdir(path) else None

    def get_settings_model(self) -> Optional[type[BaseSettingsModel]]:
        return self.settings_model

    def get_site_settings_model(self) -> Optional[type[BaseSettingsModel]]:
        return self.site_settings_model

    async def get_default_settings(self) -> Optional[BaseSettingsModel]:
        model = self.get_settings_model()
        return None if model is None else model()

    async def get_studio_overrides(
        self, variant: str = "production", as_version: Optional[str] = None
    ) -> dict[str, Any]:
        return DB.settings.get((self.name, self.version, variant), {})

    async def get_project_overrides(
        self,
        project_name: str,
        variant: str = "production",
        as_version: Optional[str] = None,
    ) -> dict[str, Any]:
        if project_name not in DB.projects:
            raise NotFoundException(f"Project {project_name} does not exist")
        key = (project_name, self.name, self.version, variant)
        return DB.project_settings.get(key, {})

    async def get_studio_settings(
        self, variant: str = "production", as_version: Optional[str] = None
    ) -> Optional[BaseSettingsModel]:
        settings = await self.get_default_settings()
        if settings is None:
            return None
        overrides = await self.get_studio_overrides(variant=variant)
        if overrides:
            settings = apply_overrides(settings, overrides)
        return settings

    async def get_project_settings(
        self,
        project_name: str,
        variant: str = "production",
        as_version: Optional[str] = None,
    ) -> Optional[BaseSettingsModel]:
        settings = await self.get_studio_settings(variant=variant)
        if settings is None:
            return None
        overrides = await self.get_project_overrides(
            project_name, variant=variant
        )
        if overrides:
            settings = apply_overrides(settings, overrides)
        return settings

    async def convert_settings_overrides(
        self,
        source_version: str,
        overrides: dict[str, Any],
    ) -> dict[str, Any]:
        """Overrides of another version of this addon, in this model.

        The server calls it on the target version when a bundle moves
        between versions; the default is a best guess by field names.
        """
        model_class = self.get_settings_model()
        if model_class is None:
            return {}
        defaults = await self.get_default_settings()
        assert defaults is not None
        return migrate_settings_overrides(
            overrides, new_model_class=model_class, defaults=defaults.dict()
        )

    async def get_simple_actions(
        self, project_name: Optional[str] = None, variant: str = "production"
    ) -> list[SimpleActionManifest]:
        return []

    async def get_dynamic_actions(
        self, context: ActionContext, variant: str = "production"
    ) -> list[DynamicActionManifest]:
        return []

    async def execute_action(
        self, executor: ActionExecutor
    ) -> ExecuteResponseModel:
        raise BadRequestException(f"Unknown action: {executor.identifier}")

    async def create_action_config_hash(
        self, identifier: str, context: ActionContext, user: Any, variant: str
    ) -> str:
        return hash_data([user.name, identifier, context.project_name])

    async def set_action_config(
        self,
        identifier: str,
        context: ActionContext,
        user: Any,
        variant: str,
        config: dict[str, Any],
    ) -> None:
        config_hash = await self.create_action_config_hash(
            identifier, context, user, variant
        )
        await set_action_config(
            config_hash,
            config,
            addon_name=self.name,
            addon_version=self.version,
            identifier=identifier,
            project_name=context.project_name,
            user_name=user.name,
        )

    async def get_action_config(
        self, identifier: str, context: ActionContext, user: Any, variant: str
    ) -> dict[str, Any]:
        config_hash = await self.create_action_config_hash(
            identifier, context, user, variant
        )
        return await get_action_config(config_hash)
