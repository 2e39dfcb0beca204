"""The addon's settings model: every part of docs/settings.md."""
from __future__ import annotations

from ayon_server.settings import BaseSettingsModel, SettingsField

from .applications import AppGroup
from .common import check_unique_names, validator
from .profiles import (
    ProjectApplicationsModel,
    ProjectOverridesModel,
    ProjectToolsModel,
)
from .rez import AyonRequestSettings, RezSettings
from .tools import ToolGroup

__all__ = ["ApplicationsAddonSettings"]


class ApplicationsAddonSettings(BaseSettingsModel):
    """Applications (rez): apps are rez requests plus a command."""

    rez: RezSettings = SettingsField(
        default_factory=RezSettings, title="rez", scope=["studio"],
        section="rez",
    )
    ayon_request: AyonRequestSettings = SettingsField(
        default_factory=AyonRequestSettings, title="AYON request",
        scope=["studio", "project"],
    )
    applications: list[AppGroup] = SettingsField(
        default_factory=list, title="Applications",
        scope=["studio", "project"], section="Definitions",
    )
    tools: list[ToolGroup] = SettingsField(
        default_factory=list, title="Tools", scope=["studio", "project"],
    )
    project_applications: ProjectApplicationsModel = SettingsField(
        default_factory=ProjectApplicationsModel,
        title="Applications per context", scope=["studio", "project"],
        section="Filters",
    )
    project_tools: ProjectToolsModel = SettingsField(
        default_factory=ProjectToolsModel, title="Tools per context",
        scope=["studio", "project"],
    )
    project_overrides: ProjectOverridesModel = SettingsField(
        default_factory=ProjectOverridesModel, title="Project overrides",
        scope=["project"], section="Project",
    )

    @validator("applications")
    def _check_groups(cls, value: list[AppGroup]) -> list[AppGroup]:
        check_unique_names("applications", value)
        return value

    @validator("tools")
    def _check_tools(cls, value: list[ToolGroup]) -> list[ToolGroup]:
        check_unique_names("tools", value)
        return value
