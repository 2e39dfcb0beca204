"""Typed views of the settings sections the client reads.

Settings arrive as plain dicts in the shape of the server model
(``server/settings``). Each view reads one section once, fills what is
missing or empty with the defaults of the server model (written here
once; ``tests/test_settings_views.py`` compares them with the server's),
and is what the rest of the client reads. The ``rez`` section has its
view in ``rez_settings.RezSettings``; ``applications`` and ``tools`` are
read by ``definitions``.
"""
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, List, Mapping, Optional

from .profiles import find_profile
from .rez_settings import parse_timestamp

DEFAULT_PACKAGE_NAME_TEMPLATE = "ayon_{addon_name}"
DEFAULT_LAUNCHER_PACKAGE_NAME = "ayon_launcher"


class RequestMode(str, Enum):
    """How the running bundle joins every resolve (``ayon_request.mode``).

    A ``str`` enum: ``RequestMode.STRICT == "strict"`` holds, so code
    comparing with the plain strings keeps working.
    """

    WEAK = "weak"
    STRICT = "strict"
    OFF = "off"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: Any) -> "RequestMode":
        """The mode of a settings value.

        Raises:
            ValueError: Not one of the modes; the message lists them.
        """
        try:
            return cls(value)
        except ValueError:
            raise ValueError(
                f"Unknown AYON request mode \"{value}\";"
                f" use one of {', '.join(mode.value for mode in cls)}"
            ) from None


class AllowType(str, Enum):
    """Which applications a ``project_applications`` profile allows."""

    ALL_APPLICATIONS = "all_applications"
    APPLICATIONS = "applications"

    def __str__(self) -> str:
        return self.value


def _section(settings: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A section of the addon settings; empty when missing or null."""
    value = settings.get(name)
    return value if isinstance(value, Mapping) else {}


def _strings(value: Any) -> List[str]:
    """A list setting as a list of strings (empty when missing)."""
    return [str(item) for item in value or []]


@dataclass
class AyonRequestSettings:
    """``ayon_request``: how the running bundle becomes rez requests.

    Attributes:
        mode: Weak requests, hard requests, or none.
        package_name_template: Package of an addon; uses ``{addon_name}``.
        include_launcher: Request the launcher's package too.
        launcher_package_name: The launcher's package.
        extra: More request templates (``{bundle_name}``, ...).
    """

    mode: RequestMode = RequestMode.WEAK
    package_name_template: str = DEFAULT_PACKAGE_NAME_TEMPLATE
    include_launcher: bool = True
    launcher_package_name: str = DEFAULT_LAUNCHER_PACKAGE_NAME
    extra: List[str] = field(default_factory=list)

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any]
    ) -> "AyonRequestSettings":
        """Read the ``ayon_request`` section of the addon settings.

        Raises:
            ValueError: An unknown mode.
        """
        data = _section(settings, "ayon_request")
        default = cls()
        include_launcher = data.get("include_launcher")
        return cls(
            mode=RequestMode.parse(data.get("mode") or default.mode),
            package_name_template=(
                data.get("package_name_template")
                or default.package_name_template
            ),
            include_launcher=(
                default.include_launcher if include_launcher is None
                else bool(include_launcher)
            ),
            launcher_package_name=(
                data.get("launcher_package_name")
                or default.launcher_package_name
            ),
            extra=_strings(data.get("extra")),
        )


@dataclass
class ProjectOverrides:
    """``project_overrides``: additions to every launch of a project.

    Attributes:
        extra_requests: Requests added to every launch.
        timestamp: Resolve packages as released then (ISO 8601 or epoch
            seconds); empty for the latest.
    """

    extra_requests: List[str] = field(default_factory=list)
    timestamp: str = ""

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "ProjectOverrides":
        """Read the ``project_overrides`` section of the addon settings."""
        data = _section(settings, "project_overrides")
        timestamp = data.get("timestamp")
        return cls(
            extra_requests=_strings(data.get("extra_requests")),
            timestamp="" if timestamp is None else str(timestamp),
        )

    def resolve_time(self) -> Optional[int]:
        """The pinned resolve time in epoch seconds; None for latest.

        Raises:
            ValueError: The timestamp is not a date-time.
        """
        return parse_timestamp(self.timestamp)


@dataclass
class ApplicationsProfile:
    """The ``project_applications`` profile chosen for a context.

    Attributes:
        allow_type: All applications, or those listed.
        applications: Full names (``group/variant``) when listed.
    """

    allow_type: AllowType = AllowType.APPLICATIONS
    applications: List[str] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "ApplicationsProfile":
        """Read one profile; an unknown allow type lists applications."""
        allow_all = data.get("allow_type") == AllowType.ALL_APPLICATIONS
        return cls(
            allow_type=(
                AllowType.ALL_APPLICATIONS if allow_all
                else AllowType.APPLICATIONS
            ),
            applications=_strings(data.get("applications")),
        )


@dataclass
class ToolsProfile:
    """The ``project_tools`` profile chosen for a context.

    Attributes:
        tools: Full names (``group/variant``) of the tools.
    """

    tools: List[str] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "ToolsProfile":
        """Read one profile."""
        return cls(tools=_strings(data.get("tools")))


def _context_profile(
    settings: Mapping[str, Any],
    section: str,
    task_type: Optional[str],
    task_name: Optional[str],
    folder_path: Optional[str],
    use_ayon_core: bool,
    scope: str,
) -> Optional[Dict[str, Any]]:
    profiles = _section(settings, section).get("profiles") or []
    return find_profile(
        profiles, task_type, task_name, folder_path,
        use_ayon_core=use_ayon_core,
        setting=f"{section} of {scope}",
    )


def applications_profile(
    settings: Mapping[str, Any],
    task_type: Optional[str] = None,
    task_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    use_ayon_core: bool = False,
    scope: str = "the studio",
) -> Optional[ApplicationsProfile]:
    """The ``project_applications`` profile of a context, if one matches."""
    profile = _context_profile(
        settings, "project_applications", task_type, task_name, folder_path,
        use_ayon_core, scope,
    )
    return None if profile is None else ApplicationsProfile.from_data(
        profile
    )


def tools_profile(
    settings: Mapping[str, Any],
    task_type: Optional[str] = None,
    task_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    use_ayon_core: bool = False,
    scope: str = "the studio",
) -> Optional[ToolsProfile]:
    """The ``project_tools`` profile of a context, if one matches."""
    profile = _context_profile(
        settings, "project_tools", task_type, task_name, folder_path,
        use_ayon_core, scope,
    )
    return None if profile is None else ToolsProfile.from_data(profile)
