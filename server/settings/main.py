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
        description="Where rez finds packages and how it resolves, e.g."
        " packages path and memcached",
    )
    ayon_request: AyonRequestSettings = SettingsField(
        default_factory=AyonRequestSettings, title="AYON request",
        scope=["studio", "project"],
        description="How the running bundle joins every resolve, e.g."
        " ~ayon_core==1.4.0",
    )
    applications: list[AppGroup] = SettingsField(
        default_factory=list, title="Applications",
        scope=["studio", "project"], section="Definitions",
        description="Applications as rez requests plus a command, e.g."
        " Maya 2025 = maya-2025 + maya",
    )
    tools: list[ToolGroup] = SettingsField(
        default_factory=list, title="Tools", scope=["studio", "project"],
        description="Extra rez requests for matching launches, e.g. Arnold"
        " for Maya = mtoa-5.4",
    )
    project_applications: ProjectApplicationsModel = SettingsField(
        default_factory=ProjectApplicationsModel,
        title="Applications per context", scope=["studio", "project"],
        section="Filters",
        description="Which applications a task offers, e.g. only Maya for"
        " Animation",
    )
    project_tools: ProjectToolsModel = SettingsField(
        default_factory=ProjectToolsModel, title="Tools per context",
        scope=["studio", "project"],
        description="Which tools a task's launches get, e.g. mtoa/5-4 for"
        " Lighting",
    )
    project_overrides: ProjectOverridesModel = SettingsField(
        default_factory=ProjectOverridesModel, title="Project overrides",
        scope=["project"], section="Project",
        description="Requests and a package date for the whole project,"
        " e.g. as of 2024-06-10",
    )

    @validator("applications")
    def _check_groups(cls, value: list[AppGroup]) -> list[AppGroup]:
        check_unique_names("applications", value)
        return value

    @validator("tools")
    def _check_tools(cls, value: list[ToolGroup]) -> list[ToolGroup]:
        check_unique_names("tools", value)
        return value
