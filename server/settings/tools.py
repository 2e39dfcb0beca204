"""Tool groups: extra rez requests added to matching launches."""
from __future__ import annotations

from ayon_server.settings import BaseSettingsModel, SettingsField

from .common import (
    check_json_object,
    check_name,
    check_requests,
    check_unique_names,
    fail,
    validator,
)
from .enums import applications_enum

__all__ = ["ToolVariant", "ToolGroup"]


class ToolVariant(BaseSettingsModel):
    """One tool: a rez request, for some hosts or applications."""

    _layout = "expanded"
    name: str = SettingsField("", title="Name")
    label: str = SettingsField("", title="Label")
    rez_request: list[str] = SettingsField(
        default_factory=list, title="rez request",
        description="e.g. mtoa-5.4",
    )
    host_names: list[str] = SettingsField(
        default_factory=list, title="Hosts",
        description="Only for these host names (empty = any)",
    )
    app_variants: list[str] = SettingsField(
        default_factory=list, title="Applications",
        description="Only for these applications (empty = any)",
        enum_resolver=applications_enum,
    )
    environment: str = SettingsField(
        "{}", title="Environment", widget="textarea",
    )

    @validator("name")
    def _check_name(cls, value: str) -> str:
        return check_name("tools.variants.name", value)

    @validator("rez_request")
    def _check_request(cls, value: list[str], values: dict) -> list[str]:
        return check_requests(
            f"tools variant {values.get('name')!r} rez_request", value
        )

    @validator("app_variants")
    def _check_app_variants(cls, value: list[str], values: dict) -> list[str]:
        for app_name in value:
            group, _sep, variant = app_name.partition("/")
            if not group or not variant or "/" in variant:
                fail(f"tools variant {values.get('name')!r} app_variants:"
                     f" {app_name!r} is not 'group/variant'")
        return value

    @validator("environment")
    def _check_environment(cls, value: str, values: dict) -> str:
        return check_json_object(
            f"tools variant {values.get('name')!r} environment", value
        )


class ToolGroup(BaseSettingsModel):
    """A family of tools (e.g. Arnold for Maya) with its variants."""

    _layout = "expanded"
    name: str = SettingsField("", title="Name")
    label: str = SettingsField("", title="Label")
    environment: str = SettingsField(
        "{}", title="Environment", widget="textarea",
    )
    variants: list[ToolVariant] = SettingsField(
        default_factory=list, title="Variants",
    )

    @validator("name")
    def _check_name(cls, value: str) -> str:
        return check_name("tools.name", value)

    @validator("environment")
    def _check_environment(cls, value: str, values: dict) -> str:
        return check_json_object(
            f"tools group {values.get('name')!r} environment", value
        )

    @validator("variants")
    def _check_variants(
        cls, value: list[ToolVariant], values: dict
    ) -> list[ToolVariant]:
        check_unique_names(
            f"tools group {values.get('name')!r} variants", value
        )
        return value
