"""Application groups and their variants."""
from __future__ import annotations

from ayon_server.settings import BaseSettingsModel, SettingsField

from .common import (
    PLATFORMS,
    MultiplatformStrList,
    environment_validator,
    fail,
    name_validator,
    requests_validator,
    unique_variants_validator,
    validator,
)

__all__ = ["AppVariant", "AppGroup"]


class AppVariant(BaseSettingsModel):
    """One launchable version of an application: a request + a command."""

    _layout = "expanded"
    name: str = SettingsField("", title="Name", description="e.g. 2025")
    label: str = SettingsField("", title="Label")
    enabled: bool = SettingsField(True, title="Enabled")
    rez_request: list[str] = SettingsField(
        default_factory=list, title="rez request",
        description="e.g. maya-2025",
    )
    command: list[str] = SettingsField(
        default_factory=list, title="Command",
        description="Program and arguments, found on the resolved PATH",
    )
    command_per_platform: MultiplatformStrList = SettingsField(
        default_factory=MultiplatformStrList,
        title="Command per platform",
        description="A non-empty list replaces the command on that OS",
    )
    arguments: MultiplatformStrList = SettingsField(
        default_factory=MultiplatformStrList, title="Arguments",
    )
    environment: str = SettingsField(
        "{}", title="Environment", widget="textarea",
    )

    _check_name = name_validator("applications.variants.name")
    _check_request = requests_validator("applications variant")
    _check_environment = environment_validator("applications variant")

    @validator("environment")
    def _check_command(cls, value: str, values: dict) -> str:
        # Runs after every other field is read (environment is last).
        if not values.get("enabled", True) or values.get("command"):
            return value
        per_platform = values.get("command_per_platform")
        if per_platform is not None and any(
            getattr(per_platform, platform) for platform in PLATFORMS
        ):
            return value
        fail(f"applications variant {values.get('name')!r}: command is"
             " empty (got []) on an enabled variant; set command or"
             " command_per_platform, or disable the variant")
        return value


class AppGroup(BaseSettingsModel):
    """An application (Maya, Nuke, ...) with its variants."""

    _layout = "expanded"
    name: str = SettingsField("", title="Name", description="e.g. maya")
    label: str = SettingsField("", title="Label")
    icon: str = SettingsField(
        "", title="Icon",
        description="File name in the addon's icons (maya.svg) or a URL",
    )
    host_name: str = SettingsField(
        "", title="Host name", description="AYON host integration, if any",
    )
    enabled: bool = SettingsField(True, title="Enabled")
    rez_request: list[str] = SettingsField(
        default_factory=list, title="rez request",
        description="Added to the request of every variant",
    )
    environment: str = SettingsField(
        "{}", title="Environment", widget="textarea",
    )
    variants: list[AppVariant] = SettingsField(
        default_factory=list, title="Variants",
    )

    _check_name = name_validator("applications.name")
    _check_request = requests_validator("applications group")
    _check_environment = environment_validator("applications group")
    _check_variants = unique_variants_validator("applications group")
