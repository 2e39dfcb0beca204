"""Settings of rez itself and of the bundle's AYON request."""
from __future__ import annotations

import re
from typing import Any

from ayon_server.settings import BaseSettingsModel, SettingsField

from ..shared_rules import rules
from .common import (
    PLATFORMS,
    MultiplatformStr,
    MultiplatformStrList,
    absolute_paths_validator,
    check_json_object,
    check_memcached_uris,
    check_requests,
    fail,
    validator,
)
from .enums import ayon_request_mode_enum, cachable_enum

__all__ = ["REZ_IMPLICIT_PACKAGES", "RezSettings", "AyonRequestSettings"]

#: rez's own implicit packages (its ``implicit_packages`` config default),
#: so platform variants resolve as under ``rez env``; the client's default
#: too (one definition, in the shared rules).
REZ_IMPLICIT_PACKAGES = rules.REZ_IMPLICIT_PACKAGES


#: Placeholders of ``ayon_request.extra`` (as the client fills them), with
#: sample values for validation.
EXTRA_TEMPLATE_KEYS = {
    "bundle_name": "Production",
    "bundle_version": "Production",
    "studio_bundle_name": "Production",
    "project_bundle_name": "Production",
    "launcher_version": "1.0.0",
}


class PackagesPaths(MultiplatformStrList):
    """rez package repositories per platform."""

    windows: list[str] = SettingsField(
        default_factory=list, title="Windows",
        description=r"Absolute folders, e.g. P:\rez\packages or"
        r" \\server\share\rez",
    )
    linux: list[str] = SettingsField(
        default_factory=list, title="Linux",
        description="Absolute folders, e.g. /mnt/pipeline/rez/packages",
    )
    darwin: list[str] = SettingsField(
        default_factory=list, title="MacOS",
        description="Absolute folders, e.g. /Volumes/pipeline/rez/packages",
    )

    _check_paths = absolute_paths_validator("rez.packages_path")


class LocalCachePaths(MultiplatformStr):
    """The local payload cache folder per platform."""

    windows: str = SettingsField(
        "", title="Windows",
        description=r"Absolute local folder, e.g. C:\rez_cache (empty ="
        " off)",
    )
    linux: str = SettingsField(
        "", title="Linux",
        description="Absolute local folder, e.g. /var/tmp/rez_cache"
        " (empty = off)",
    )
    darwin: str = SettingsField(
        "", title="MacOS",
        description="Absolute local folder, e.g. /Users/Shared/rez_cache"
        " (empty = off)",
    )

    _check_paths = absolute_paths_validator("rez.local_cache_path")


#: Values of ``rez.cachable``.
CACHABLE_MODES = ("all", "none", "filters")
_FILTER_RULE_RE = re.compile(r"^(\w+)\((.*)\)$", re.DOTALL)


def check_package_filter_rules(field: str, rules: list[str]) -> list[str]:
    """Refuse what rez would not read as a package filter rule.

    rez's forms: ``glob(pattern)``, ``regex(pattern)``,
    ``range(request)``, ``before(epoch)``, ``after(epoch)`` (the last
    three may start with ``family:``), or a bare text: a glob when it has
    ``*``, else a range.
    """
    for rule in rules:
        match = _FILTER_RULE_RE.match(rule.strip())
        label, body = (match.group(1), match.group(2)) if match else (
            "glob" if "*" in rule else "range", rule.strip()
        )
        problem = ""
        if label not in ("glob", "regex", "range", "before", "after"):
            problem = f"{label!r} is not a rule type"
        elif not body.strip():
            problem = "the rule is empty"
        elif label == "regex":
            try:
                re.compile(body)
            except re.error as exc:
                problem = f"invalid regex ({exc})"
        elif label in ("before", "after"):
            if not body.rsplit(":", 1)[-1].strip().isdigit():
                problem = "give epoch seconds, e.g. before(1718000000)"
        elif label == "range":
            check_requests(field, [body])
        if problem:
            fail(f"{field}: {rule!r} is not a rez package filter rule:"
                 f" {problem} (use glob(...), regex(...), range(...),"
                 " before(...), after(...))")
    return rules


class ResolveCachePaths(MultiplatformStr):
    """The resolve cache folder per platform."""

    windows: str = SettingsField(
        "", title="Windows",
        description=r"Empty = %LOCALAPPDATA%\ayon-applications\rez-resolves;"
        r" e.g. D:\cache\ayon-rez-{user}",
    )
    linux: str = SettingsField(
        "", title="Linux",
        description="Empty = ~/.cache/ayon-applications/rez-resolves;"
        " e.g. /var/tmp/ayon-rez-{user}",
    )
    darwin: str = SettingsField(
        "", title="MacOS",
        description="Empty = ~/Library/Caches/ayon-applications/"
        "rez-resolves; e.g. ~/Library/Caches/ayon-rez",
    )

    @validator(*PLATFORMS, allow_reuse=True)
    def _check_folder(cls, value: str, field: Any) -> str:
        if value:
            try:
                rules.check_user_folder(value, field.name)
            except rules.LocationError as exc:
                fail(f"rez.resolve_cache.path.{field.name}: {value!r}"
                     f" {exc}")
        return value


class ResolveCacheSettings(BaseSettingsModel):
    """The per-user on-disk cache of resolves."""

    _layout = "compact"
    enabled: bool = SettingsField(
        True, title="Cache resolves on disk",
        description="Repeat launches and farm tasks skip the solve until"
        " a package they touch is released or changed",
    )
    path: ResolveCachePaths = SettingsField(
        default_factory=ResolveCachePaths,
        title="Folder",
        description="Each user's own folder per OS (~ = home, {user} ="
        " user name), e.g. ~/.cache/ayon-rez (empty = default)",
    )


class RezSettings(BaseSettingsModel):
    """Where rez finds packages and how it resolves (studio only)."""

    _layout = "expanded"
    packages_path: PackagesPaths = SettingsField(
        default_factory=PackagesPaths,
        title="Packages path",
        description="rez package repositories per OS, searched in order",
    )
    local_cache_path: LocalCachePaths = SettingsField(
        default_factory=LocalCachePaths,
        title="Local payload cache",
        description="Local copies of resolved package payloads per OS"
        " (empty = off)",
    )
    memcached_uri: list[str] = SettingsField(
        default_factory=list,
        title="Memcached URIs",
        description="Resolve cache servers, trusted machines only, e.g."
        " 127.0.0.1:11211 or unix:/run/memcached.sock (empty = no cache)",
    )
    resolve_cache: ResolveCacheSettings = SettingsField(
        default_factory=ResolveCacheSettings,
        title="Resolve cache on disk",
        description="Per-user cache of resolves, no server needed; e.g."
        " on, default folder",
    )
    resolve_time_limit_s: int = SettingsField(
        60, ge=0, title="Resolve time limit (s)",
        description="A resolve taking longer fails, e.g. 60 (0 = no limit)",
    )
    implicit_packages: list[str] = SettingsField(
        default_factory=lambda: list(REZ_IMPLICIT_PACKAGES),
        title="Implicit packages",
        description="Added to every resolve, e.g. ~os=={system.os}"
        " ({system.platform}, {system.arch}, {system.os} as in rez)",
    )
    extra_config: str = SettingsField(
        "{}", title="Extra rez config (JSON)", widget="textarea",
        syntax="json",
        description="Other rez config keys as a JSON object, e.g."
        ' {"package_cache_space_buffer": 1073741824}',
    )
    cachable: str = SettingsField(
        "all", title="Cachable packages", enum_resolver=cachable_enum,
        description="Packages the local payload cache copies, e.g. all"
        " (or none, or filters: by the rules below)",
    )
    cachable_excludes: list[str] = SettingsField(
        default_factory=list, title="Not cached (rez filter rules)",
        description="With 'filters': packages not copied, e.g. glob(*),"
        " regex(.*_dev), range(maya-2024+), before(1718000000)",
    )
    cachable_includes: list[str] = SettingsField(
        default_factory=list, title="Cached anyway (rez filter rules)",
        description="With 'filters': copied although excluded, e.g."
        " glob(maya*)",
    )
    cache_size_limit_gb: float = SettingsField(
        0, ge=0, title="Payload cache size limit (GB)",
        description="Least recently used payloads are removed beyond it,"
        " never one in use, e.g. 50 (0 = no limit)",
    )

    @validator("memcached_uri")
    def _check_memcached(cls, value: list[str]) -> list[str]:
        return check_memcached_uris("rez.memcached_uri", value)

    @validator("implicit_packages")
    def _check_implicit(cls, value: list[str]) -> list[str]:
        return check_requests(
            "rez.implicit_packages", value, placeholders=True
        )

    @validator("extra_config")
    def _check_extra_config(cls, value: str) -> str:
        return check_json_object("rez.extra_config", value)

    @validator("cachable")
    def _check_cachable(cls, value: str) -> str:
        if value not in CACHABLE_MODES:
            fail(f"rez.cachable: {value!r} is not one of "
                 + ", ".join(map(repr, CACHABLE_MODES)))
        return value

    @validator("cachable_excludes", "cachable_includes")
    def _check_filter_rules(cls, value: list[str], field: Any) -> list[str]:
        return check_package_filter_rules(f"rez.{field.name}", value)


class AyonRequestSettings(BaseSettingsModel):
    """How the running bundle becomes rez requests."""

    _layout = "expanded"
    mode: str = SettingsField(
        "weak", title="Mode", enum_resolver=ayon_request_mode_enum,
        description="How the bundle's addons join each resolve, e.g. weak"
        " (~ayon_core==1.4.0)",
    )
    package_name_template: str = SettingsField(
        "ayon_{addon_name}", title="Package name template",
        description="rez package name of an addon, e.g. ayon_{addon_name}"
        " gives ayon_core",
    )
    include_launcher: bool = SettingsField(
        True, title="Request the AYON launcher too",
        description="Also request the launcher's version, e.g."
        " ~ayon_launcher==1.1.0",
    )
    launcher_package_name: str = SettingsField(
        "ayon_launcher", title="Launcher package name",
        description="rez package name of the launcher, e.g. ayon_launcher",
    )
    extra: list[str] = SettingsField(
        default_factory=list,
        title="Extra request templates",
        description="Added to the AYON request; may use {bundle_name},"
        " {bundle_version}, {launcher_version}, e.g. ~cfg-{bundle_name}",
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
