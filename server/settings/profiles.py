"""Which applications and tools a context gets, and project extras."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from ayon_server.settings import (
    BaseSettingsModel,
    SettingsField,
    task_types_enum,
)

from .common import check_requests, fail, validator
from .enums import allow_type_enum, applications_enum, tools_enum

__all__ = [
    "ProjectApplicationsProfile",
    "ProjectApplicationsModel",
    "ProjectToolsProfile",
    "ProjectToolsModel",
    "ProjectOverridesModel",
    "parse_timestamp",
]


def _check_folder_paths(field: str, value: list[str]) -> list[str]:
    for path in value:
        if not path.strip():
            fail(f"{field}: empty folder path in {value!r}")
        try:
            re.compile(path)
        except re.error as exc:
            fail(f"{field}: {path!r} is not a valid regex ({exc})")
    return value


def _folder_paths_validator(field: str) -> Any:
    def check(cls: Any, value: list[str]) -> list[str]:
        return _check_folder_paths(field, value)

    return validator("folder_paths", allow_reuse=True)(check)


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
        description="Path (with its children) or regex, e.g. /shots/sq010"
        " (empty = any)",
    )
    task_names: list[str] = SettingsField(
        default_factory=list, title="Task names",
        description="Task names the profile is for, e.g. animation"
        " (empty = any)",
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

    _check_paths = _folder_paths_validator(
        "project_applications.profiles.folder_paths"
    )

    @validator("allow_type")
    def _check_allow_type(cls, value: str) -> str:
        if value not in ("applications", "all_applications"):
            fail("project_applications.profiles.allow_type: "
                 f"{value!r} is not 'applications' or 'all_applications'")
        return value


class ProjectApplicationsModel(BaseSettingsModel):
    """Application profiles; the first matching profile wins."""

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

    _check_paths = _folder_paths_validator(
        "project_tools.profiles.folder_paths"
    )


class ProjectToolsModel(BaseSettingsModel):
    """Tool profiles; the first matching profile wins."""

    profiles: list[ProjectToolsProfile] = SettingsField(
        default_factory=list, title="Profiles",
        description="The profile matching a task gives its tools, e.g."
        " mtoa/5-4 for Lighting tasks",
    )


def parse_timestamp(value: str) -> int | None:
    """Return epoch seconds of a settings timestamp ("" gives None).

    Accepts epoch seconds ("1718000000") or ISO 8601 ("2024-06-10",
    "2024-06-10T12:00:00", with an offset or "Z"; UTC when none).

    Raises:
        ValueError: The text is neither.
    """
    text = value.strip()
    if not text:
        return None
    if re.fullmatch(r"\d+", text):
        return int(text)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{value!r} is neither ISO 8601 nor epoch seconds"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


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
            parse_timestamp(value)
        except ValueError as exc:
            fail(f"project_overrides.timestamp: {exc}")
        return value
