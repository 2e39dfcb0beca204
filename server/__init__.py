"""Server side of the Applications (rez) addon.

Settings (``settings/``), web actions (``actions.py``) and the icons
endpoint: ``GET /api/addons/applications/{version}/icons/{filename}``
serves ``public/icons/{filename}``, the URL the client's
``get_app_icon_url(icon, server=True)`` builds. The server itself also
serves the same files as ``/addons/applications/{version}/public/...``,
which the action manifests use (``{addon_url}/public/icons/...``).
"""
from __future__ import annotations

import os
from typing import Any, Optional

from ayon_server.actions import (
    ActionContext,
    ActionExecutor,
    DynamicActionManifest,
    ExecuteResponseModel,
    SimpleActionManifest,
)
from ayon_server.addons import BaseServerAddon
from ayon_server.exceptions import NotFoundException

from . import actions
from .settings import ApplicationsAddonSettings, get_default_values

__all__ = ["ApplicationsAddon"]


class ApplicationsAddon(BaseServerAddon):
    """Applications defined as rez requests plus a command."""

    settings_model = ApplicationsAddonSettings

    def initialize(self) -> None:
        """Register the icons endpoint."""
        self.add_endpoint(
            "/icons/{filename}", self.get_icon, method="GET", name="icon",
        )

    async def get_default_settings(self) -> ApplicationsAddonSettings:
        """Defaults: Maya, Houdini, Nuke, Blender, Unreal, a terminal."""
        return self.get_settings_model()(**get_default_values())

    def get_icon_path(self, filename: str) -> str:
        """Path of an icon in ``public/icons``.

        Raises:
            NotFoundException: No such icon (or not a plain file name).
        """
        icons_dir = os.path.join(self.addon_dir, "public", "icons")
        if (
            not filename
            or filename != os.path.basename(filename)
            or "\\" in filename
            or filename.startswith(".")
        ):
            raise NotFoundException(f"Icon {filename!r} not found")
        path = os.path.join(icons_dir, filename)
        if not os.path.isfile(path):
            raise NotFoundException(f"Icon {filename!r} not found")
        return path

    async def get_icon(self, filename: str) -> Any:
        """Serve one icon file of ``public/icons`` (no login needed)."""
        from fastapi.responses import FileResponse

        return FileResponse(self.get_icon_path(filename))

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
