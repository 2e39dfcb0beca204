"""Settings of rez itself and of the bundle's AYON request."""
from __future__ import annotations

from ayon_server.settings import BaseSettingsModel, SettingsField

from .common import (
    MultiplatformStr,
    MultiplatformStrList,
    check_json_object,
    check_requests,
    fail,
    validator,
)
from .enums import ayon_request_mode_enum

__all__ = ["RezSettings", "AyonRequestSettings"]


#: Placeholders of ``ayon_request.extra`` (as the client fills them), with
#: sample values for validation.
EXTRA_TEMPLATE_KEYS = {
    "bundle_name": "Production",
    "studio_bundle_name": "Production",
    "project_bundle_name": "Production",
    "launcher_version": "1.0.0",
}


class RezSettings(BaseSettingsModel):
    """Where rez finds packages and how it resolves (studio only)."""

    _layout = "expanded"
    packages_path: MultiplatformStrList = SettingsField(
        default_factory=MultiplatformStrList,
        title="Packages path",
        description="rez package repositories, searched in order",
    )
    local_cache_path: MultiplatformStr = SettingsField(
        default_factory=MultiplatformStr,
        title="Local payload cache",
        description="Local cache of package payloads (empty = off)",
    )
    memcached_uri: list[str] = SettingsField(
        default_factory=list,
        title="Memcached URIs",
        description="e.g. 127.0.0.1:11211 (empty = no resolve cache)",
    )
    resolve_time_limit_s: int = SettingsField(
        60, ge=0, title="Resolve time limit (s)",
        description="0 = no limit",
    )
    implicit_packages: list[str] = SettingsField(
        default_factory=list,
        title="Implicit packages",
        description="Requests added to every resolve",
    )
    extra_config: str = SettingsField(
        "{}", title="Extra rez config (JSON)", widget="textarea",
        description="Other rez config keys, as a JSON object",
    )

    @validator("implicit_packages")
    def _check_implicit(cls, value: list[str]) -> list[str]:
        return check_requests("rez.implicit_packages", value)

    @validator("extra_config")
    def _check_extra_config(cls, value: str) -> str:
        return check_json_object("rez.extra_config", value)


class AyonRequestSettings(BaseSettingsModel):
    """How the running bundle becomes rez requests."""

    _layout = "expanded"
    mode: str = SettingsField(
        "weak", title="Mode", enum_resolver=ayon_request_mode_enum,
    )
    package_name_template: str = SettingsField(
        "ayon_{addon_name}", title="Package name template",
    )
    include_launcher: bool = SettingsField(
        True, title="Request the AYON launcher too",
    )
    launcher_package_name: str = SettingsField(
        "ayon_launcher", title="Launcher package name",
    )
    extra: list[str] = SettingsField(
        default_factory=list,
        title="Extra request templates",
        description="May use {bundle_name} and {launcher_version}",
    )

    @validator("mode")
    def _check_mode(cls, value: str) -> str:
        if value not in ("weak", "strict", "off"):
            fail(f"ayon_request.mode: {value!r} is not one of"
                 " 'weak', 'strict', 'off'")
        return value

    @validator("extra")
    def _check_extra(cls, value: list[str]) -> list[str]:
        for template in value:
            try:
                request = template.format(**EXTRA_TEMPLATE_KEYS)
            except (KeyError, IndexError, ValueError) as exc:
                fail(f"ayon_request.extra: template {template!r} is not"
                     f" valid ({exc!r}); it may use "
                     + ", ".join(f"{{{key}}}" for key in EXTRA_TEMPLATE_KEYS))
            check_requests("ayon_request.extra", [request])
        return value

    @validator("package_name_template")
    def _check_template(cls, value: str) -> str:
        if "{addon_name}" not in value:
            fail("ayon_request.package_name_template: "
                 f"{value!r} must contain '{{addon_name}}'")
        try:
            name = value.format(addon_name="core")
        except (KeyError, IndexError, ValueError) as exc:
            fail(f"ayon_request.package_name_template: {value!r} is not"
                 f" valid ({exc!r}); it may use only {{addon_name}}")
        check_requests("ayon_request.package_name_template", [name])
        return value
