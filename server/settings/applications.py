"""Application groups and their variants."""
from __future__ import annotations

from ayon_server.settings import BaseSettingsModel, SettingsField

from .common import (
    PLATFORMS,
    MultiplatformStrList,
    check_command,
    environment_validator,
    fail,
    name_validator,
    requests_validator,
    unique_variants_validator,
    validator,
)

__all__ = ["AppVariant", "AppGroup"]


class CommandPerPlatform(MultiplatformStrList):
    """A command per platform, replacing the variant's command there."""

    windows: list[str] = SettingsField(
        default_factory=list, title="Windows",
        description="Command on Windows, e.g. maya.exe (empty = Command)",
    )
    linux: list[str] = SettingsField(
        default_factory=list, title="Linux",
        description="Command on Linux, e.g. maya (empty = Command)",
    )
    darwin: list[str] = SettingsField(
        default_factory=list, title="MacOS",
        description="Command on macOS, e.g. Maya (empty = Command)",
    )


class ArgumentsPerPlatform(MultiplatformStrList):
    """Arguments added after the command, per platform."""

    windows: list[str] = SettingsField(
        default_factory=list, title="Windows",
        description="Arguments on Windows, one per item, e.g."
        " -noAutoloadPlugins",
    )
    linux: list[str] = SettingsField(
        default_factory=list, title="Linux",
        description="Arguments on Linux, one per item, e.g."
        " -noAutoloadPlugins",
    )
    darwin: list[str] = SettingsField(
        default_factory=list, title="MacOS",
        description="Arguments on macOS, one per item, e.g."
        " -noAutoloadPlugins",
    )


class AppVariant(BaseSettingsModel):
    """One launchable version of an application: a request + a command."""

    _layout = "expanded"
    name: str = SettingsField(
        "", title="Name",
        description="Unique in the group, no '/', e.g. 2025",
    )
    label: str = SettingsField(
        "", title="Label",
        description="Shown to artists after the group label, e.g. 2025.2",
    )
    enabled: bool = SettingsField(
        True, title="Enabled",
        description="Off hides the variant from launchers and farm jobs",
    )
    rez_request: list[str] = SettingsField(
        default_factory=list, title="rez request",
        description="rez requests of this variant, e.g. maya-2025",
    )
    command: list[str] = SettingsField(
        default_factory=list, title="Command",
        description="Program and arguments, found on the resolved PATH,"
        " e.g. maya",
    )
    command_per_platform: CommandPerPlatform = SettingsField(
        default_factory=CommandPerPlatform,
        title="Command per platform",
        description="A non-empty list replaces Command on that OS, e.g."
        " maya.exe on Windows",
    )
    arguments: ArgumentsPerPlatform = SettingsField(
        default_factory=ArgumentsPerPlatform, title="Arguments",
        description="Added after the command on that OS, e.g."
        " -noAutoloadPlugins",
    )
    redirect_output: bool = SettingsField(
        False, title="Redirect output to Process Monitor",
        description="Keep stdout and stderr in a log file the Process"
        " Monitor shows",
    )
    environment: str = SettingsField(
        "{}", title="Environment", widget="textarea", syntax="json",
        description="Variables as a JSON object, e.g."
        ' {"MAYA_DISABLE_CIP": "Yes"}',
    )

    _check_name = name_validator("applications.variants.name")
    _check_request = requests_validator("applications variant")
    _check_environment = environment_validator("applications variant")

    @validator("command")
    def _check_program(cls, value: list[str], values: dict) -> list[str]:
        return check_command(
            f"applications variant {values.get('name')!r} command", value
        )

    @validator("command_per_platform")
    def _check_platform_programs(
        cls, value: CommandPerPlatform, values: dict
    ) -> CommandPerPlatform:
        for platform in PLATFORMS:
            check_command(
                f"applications variant {values.get('name')!r}"
                f" command_per_platform.{platform}",
                getattr(value, platform),
            )
        return value

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
    name: str = SettingsField(
        "", title="Name",
        description="Unique, no '/', first part of the app name, e.g. maya",
    )
    label: str = SettingsField(
        "", title="Label", description="Shown to artists, e.g. Maya",
    )
    icon: str = SettingsField(
        "", title="Icon",
        description="File name in the addon's icons or a URL, e.g. maya.svg",
    )
    host_name: str = SettingsField(
        "", title="Host name",
        description="AYON host integration, e.g. maya (empty = none)",
    )
    enabled: bool = SettingsField(
        True, title="Enabled",
        description="Off hides every variant of the group",
    )
    rez_request: list[str] = SettingsField(
        default_factory=list, title="rez request",
        description="Added to the request of every variant, e.g. mayausd",
    )
    environment: str = SettingsField(
        "{}", title="Environment", widget="textarea", syntax="json",
        description="Variables for every variant as a JSON object, e.g."
        ' {"MAYA_DISABLE_CER": "Yes"}',
    )
    variants: list[AppVariant] = SettingsField(
        default_factory=list, title="Variants",
        description="Launchable versions, e.g. 2025 and 2024",
    )

    _check_name = name_validator("applications.name")
    _check_request = requests_validator("applications group")
    _check_environment = environment_validator("applications group")
    _check_variants = unique_variants_validator("applications group")
