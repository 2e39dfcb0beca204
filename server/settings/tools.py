"""Tool groups: extra rez requests added to matching launches."""
from __future__ import annotations

from ayon_server.settings import BaseSettingsModel, SettingsField

from .common import (
    environment_validator,
    fail,
    name_validator,
    requests_validator,
    unique_variants_validator,
    validator,
)
from .enums import applications_enum

__all__ = ["ToolVariant", "ToolGroup"]


class ToolVariant(BaseSettingsModel):
    """One tool: a rez request, for some hosts or applications."""

    _layout = "expanded"
    name: str = SettingsField(
        "", title="Name",
        description="Unique in the group, no '/', e.g. 5-4",
    )
    label: str = SettingsField(
        "", title="Label",
        description="Shown after the group label, e.g. 5.4",
    )
    rez_request: list[str] = SettingsField(
        default_factory=list, title="rez request",
        description="Added to the launch request, e.g. mtoa-5.4",
    )
    host_names: list[str] = SettingsField(
        default_factory=list, title="Hosts",
        description="Only for these host names, e.g. maya (empty = any)",
    )
    app_variants: list[str] = SettingsField(
        default_factory=list, title="Applications",
        description="Only for these applications, e.g. maya/2025"
        " (empty = any)",
        enum_resolver=applications_enum,
    )
    environment: str = SettingsField(
        "{}", title="Environment", widget="textarea", syntax="json",
        description="Variables as a JSON object, e.g."
        ' {"MTOA_LOG_LEVEL": "1"}',
    )

    _check_name = name_validator("tools.variants.name")
    _check_request = requests_validator("tools variant")
    _check_environment = environment_validator("tools variant")

    @validator("app_variants")
    def _check_app_variants(cls, value: list[str], values: dict) -> list[str]:
        for app_name in value:
            group, _sep, variant = app_name.partition("/")
            if not group or not variant or "/" in variant:
                fail(f"tools variant {values.get('name')!r} app_variants:"
                     f" {app_name!r} is not 'group/variant'")
        return value


class ToolGroup(BaseSettingsModel):
    """A family of tools (e.g. Arnold for Maya) with its variants."""

    _layout = "expanded"
    name: str = SettingsField(
        "", title="Name",
        description="Unique, no '/', first part of the tool name, e.g. mtoa",
    )
    label: str = SettingsField(
        "", title="Label", description="Shown to artists, e.g. Arnold",
    )
    environment: str = SettingsField(
        "{}", title="Environment", widget="textarea", syntax="json",
        description="Variables for every tool of the group as a JSON"
        ' object, e.g. {"ADSKFLEX_LICENSE_FILE": "@lic"}',
    )
    variants: list[ToolVariant] = SettingsField(
        default_factory=list, title="Variants",
        description="The tools of the group, e.g. 5-4 for mtoa-5.4",
    )

    _check_name = name_validator("tools.name")
    _check_environment = environment_validator("tools group")
    _check_variants = unique_variants_validator("tools group")
