"""Which applications and tools a context gets, and project extras.

Profiles are chosen as ayon-core's ``filter_profiles`` chooses them (the
most specific match wins; see ``client/ayon_applications/rules/
profiles.py``), so their task names and folder paths are regular
expressions, checked here.
"""
from __future__ import annotations

from typing import Any

from ayon_server.settings import (
    BaseSettingsModel,
    SettingsField,
    task_types_enum,
)

from ..shared_rules import rules
from .common import check_requests, fail, validator
from .enums import allow_type_enum, applications_enum, tools_enum

__all__ = [
    "ProjectApplicationsProfile",
    "ProjectApplicationsModel",
    "ProjectToolsProfile",
    "ProjectToolsModel",
    "ProjectOverridesModel",
]


def _check_patterns(field: str, value: list[str]) -> list[str]:
    for entry in value:
        if not entry.strip():
            fail(f"{field}: empty entry in {value!r}")
    for entry, reason in rules.invalid_patterns(value):
        fail(f"{field}: {entry!r} is not a valid regex ({reason})")
    return value


def _patterns_validator(where: str) -> Any:
    """Validator of the filters: regexes (task types too: ayon-core
    reads every filter entry as one)."""

    def check(cls: Any, value: list[str], field: Any) -> list[str]:
        return _check_patterns(f"{where}.{field.name}", value)

    return validator(
        "task_types", "folder_paths", "task_names", allow_reuse=True
    )(check)


class ContextFilters(BaseSettingsModel):
    """Filters of a profile: task types, folder paths, task names."""

    _layout = "expanded"
    task_types: list[str] = SettingsField(
        default_factory=list, title="Task types",
        description="Task types the profile is for, e.g. Animation"
        " (empty = any)",
        enum_resolver=task_types_enum,
    )
    folder_paths: list[str] = SettingsField(
        default_factory=list, title="Folder paths",
        description="Regexes matching the whole folder path, e.g."
        " /shots/sq010/.* (empty = any)",
    )
    task_names: list[str] = SettingsField(
        default_factory=list, title="Task names",
        description="Regexes matching the whole task name, e.g."
        " anim.* (empty = any)",
    )


class ProjectApplicationsProfile(ContextFilters):
    """Applications allowed for tasks matching the filters."""

    allow_type: str = SettingsField(
        "applications", title="Allow", enum_resolver=allow_type_enum,
        conditional_enum=True,
        description="Every application, or those listed, e.g. Selected"
        " applications",
    )
    applications: list[str] = SettingsField(
        default_factory=list, title="Applications",
        description="Offered in this order, e.g. maya/2025, nuke/15-1",
        widget="sortable_multiselect", enum_resolver=applications_enum,
    )

    _check_patterns = _patterns_validator("project_applications.profiles")

    @validator("allow_type")
    def _check_allow_type(cls, value: str) -> str:
        if value not in ("applications", "all_applications"):
            fail("project_applications.profiles.allow_type: "
                 f"{value!r} is not 'applications' or 'all_applications'")
        return value


class ProjectApplicationsModel(BaseSettingsModel):
    """Application profiles; the most specific match wins."""

    profiles: list[ProjectApplicationsProfile] = SettingsField(
        default_factory=list, title="Profiles",
        description="The profile matching a task gives its applications,"
        " e.g. Maya for Animation tasks",
    )


class ProjectToolsProfile(ContextFilters):
    """Tools added for tasks matching the filters."""

    tools: list[str] = SettingsField(
        default_factory=list, title="Tools",
        description="Added in this order, e.g. mtoa/5-4",
        widget="sortable_multiselect", enum_resolver=tools_enum,
    )

    _check_patterns = _patterns_validator("project_tools.profiles")


class ProjectToolsModel(BaseSettingsModel):
    """Tool profiles; the most specific match wins."""

    profiles: list[ProjectToolsProfile] = SettingsField(
        default_factory=list, title="Profiles",
        description="The profile matching a task gives its tools, e.g."
        " mtoa/5-4 for Lighting tasks",
    )


class ProjectOverridesModel(BaseSettingsModel):
    """Project-wide additions to every launch (project only)."""

    _layout = "expanded"
    extra_requests: list[str] = SettingsField(
        default_factory=list, title="Extra requests",
        description="Added to every launch in the project, e.g."
        " studio_pipeline-2.3",
    )
    timestamp: str = SettingsField(
        "", title="Packages as of",
        description="Resolve packages released before, ISO 8601 (UTC"
        " without offset) or epoch seconds, e.g. 2024-06-10 (empty = latest)",
    )

    @validator("extra_requests")
    def _check_requests(cls, value: list[str]) -> list[str]:
        return check_requests("project_overrides.extra_requests", value)

    @validator("timestamp")
    def _check_timestamp(cls, value: str) -> str:
        try:
            rules.parse_timestamp(value)
        except ValueError as exc:
            fail(f"project_overrides.timestamp: {exc}")
        return value
