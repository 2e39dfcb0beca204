"""Typed views of the application and tool definitions in settings.

Settings arrive as plain dictionaries in the shape of the server model (see
``docs/settings.md``). These classes keep the attribute names other addons
already use and add the rez side: ``rez_request`` and ``command``.
"""
import copy
import json
import os
import platform
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterator,
    List,
    Optional,
)

from .exceptions import ApplicationLaunchFailed

if TYPE_CHECKING:
    import subprocess

    from .manager import ApplicationManager


def current_platform() -> str:
    """Name of this platform as settings key it: windows, linux or darwin."""
    return platform.system().lower()


def parse_environment(value: Any, where: str) -> Dict[str, Any]:
    """Parse a settings environment (JSON object text, or a dict).

    Args:
        value: The settings value.
        where: Human description of the owner, used in the error.

    Raises:
        ApplicationLaunchFailed: The text is not a JSON object.
    """
    if value is None or value == "":
        return {}
    if isinstance(value, dict):
        return copy.deepcopy(value)
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError) as exc:
        raise ApplicationLaunchFailed(
            f"The environment of {where} is not valid JSON: {exc}"
        ) from None
    if not isinstance(parsed, dict):
        raise ApplicationLaunchFailed(
            f"The environment of {where} must be a JSON object,"
            f" got {type(parsed).__name__}"
        )
    return parsed


def _platform_value(value: Any, default: Any) -> Any:
    """Take this platform's entry of a per-platform settings value."""
    if isinstance(value, dict):
        return value.get(current_platform()) or default
    return value or default


class ApplicationExecutable:
    """The program that starts an application.

    With rez the executable is a command name looked up on the resolved
    ``PATH``; until the launch resolves it, ``executable_path`` is that name.

    Args:
        executable: Command name or path.
    """

    def __init__(self, executable: str) -> None:
        self.executable_path = executable

    def __str__(self) -> str:
        return self.executable_path

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__}> {self.executable_path}"

    def as_args(self) -> List[str]:
        """Arguments that start the executable."""
        return [self.executable_path]

    def exists(self) -> bool:
        """Whether the executable is known.

        A bare command name counts: it is found on the resolved ``PATH`` at
        launch, where a missing command is a clear error.
        """
        if not self.executable_path:
            return False
        if os.path.isabs(self.executable_path):
            return os.path.exists(self.executable_path)
        return True


class UndefinedApplicationExecutable(ApplicationExecutable):
    """Stands in for applications that need no executable."""

    def __init__(self) -> None:
        super().__init__("")

    def __str__(self) -> str:
        return self.__class__.__name__

    def as_args(self) -> List[str]:
        """No arguments: nothing to start."""
        return []

    def exists(self) -> bool:
        """Always true: there is nothing to find."""
        return True


class _Definition:
    """A named settings item with a JSON environment.

    Args:
        data: The item's settings.
    """

    #: How messages call this kind of item.
    kind = ""

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data
        self.name: str = data["name"]

    @property
    def display_name(self) -> str:
        """Name used in messages and ``repr``."""
        return self.name

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__}> - {self.display_name}"

    @property
    def environment(self) -> Dict[str, Any]:
        """The JSON environment from the settings, parsed (a copy).

        Raises:
            ApplicationLaunchFailed: The text is not a JSON object.
        """
        return parse_environment(
            self._data.get("environment"),
            f"{self.kind} \"{self.display_name}\"",
        )


class Application(_Definition):
    """One variant of an application group, e.g. ``maya/2025``.

    Args:
        data: The variant's settings.
        group: The group it belongs to.
    """

    kind = "application"

    def __init__(self, data: Dict[str, Any], group: "ApplicationGroup"):
        super().__init__(data)
        self.group = group
        self.label: str = data.get("label") or self.name
        self.enabled: bool = bool(group.enabled and data.get("enabled", True))
        self.full_name = f"{group.name}/{self.name}"
        if group.label:
            self.full_label = f"{group.label} {self.label}"
        else:
            self.full_label = self.label
        self.rez_request: List[str] = list(data.get("rez_request") or [])
        command = _platform_value(data.get("command_per_platform"), None)
        if not command:
            command = data.get("command") or []
        self.command: List[str] = [str(part) for part in command]
        self.arguments: List[str] = list(
            _platform_value(data.get("arguments"), [])
        )
        self.redirect_output: bool = bool(data.get("redirect_output", False))
        #: Ynput's attribute (Python 2 hosts); no setting here sets it.
        self.use_python_2: bool = bool(data.get("use_python_2", False))

    @property
    def display_name(self) -> str:
        """The full name, ``group/variant``."""
        return self.full_name

    @property
    def settings_path(self) -> str:
        """Where its settings are, as messages name fields:
        ``applications[maya].variants[2025]``."""
        return f"applications[{self.group.name}].variants[{self.name}]"

    @property
    def manager(self) -> "ApplicationManager":
        """The manager that built the application."""
        return self.group.manager

    @property
    def host_name(self) -> Optional[str]:
        """Host integration name of the group (``maya``), if any."""
        return self.group.host_name

    @property
    def icon(self) -> Optional[str]:
        """Icon of the group."""
        return self.group.icon

    @property
    def is_host(self) -> bool:
        """Whether an AYON host integration runs inside the application."""
        return self.group.is_host

    @property
    def executables(self) -> List[ApplicationExecutable]:
        """Candidate executables on this platform, as Ynput's addon has.

        Here the one program of the variant's command for this platform
        (found on the resolved ``PATH`` at launch); empty without one.
        """
        if not self.command:
            return []
        return [ApplicationExecutable(self.command[0])]

    def find_executable(self) -> Optional[ApplicationExecutable]:
        """The first of :attr:`executables` that exists, or None."""
        for executable in self.executables:
            if executable.exists():
                return executable
        return None

    def launch(self, **data: Any) -> "Optional[subprocess.Popen]":
        """Launch the application through its manager."""
        return self.manager.launch(self.full_name, **data)


class EnvironmentTool(_Definition):
    """One variant of a tool, e.g. ``mtoa/5.4``.

    Args:
        data: The tool variant's settings.
        group: The tool group it belongs to.
    """

    kind = "tool"

    def __init__(
        self, data: Dict[str, Any], group: "EnvironmentToolGroup"
    ) -> None:
        super().__init__(data)
        self.group = group
        self.variant_label: str = data.get("label") or self.name
        self.label = f"{group.label} {self.variant_label}"
        self.full_name = f"{group.name}/{self.name}"
        self.rez_request: List[str] = list(data.get("rez_request") or [])
        self.host_names: List[str] = list(data.get("host_names") or [])
        self.app_variants: List[str] = list(data.get("app_variants") or [])

    @property
    def display_name(self) -> str:
        """The full name, ``group/variant``."""
        return self.full_name

    def is_valid_for_app(self, app: Application) -> bool:
        """Whether the tool's host and application filters admit ``app``."""
        if self.app_variants and app.full_name not in self.app_variants:
            return False
        if self.host_names and app.host_name not in self.host_names:
            return False
        return True


class _VariantGroup(_Definition):
    """A group of variants, built from the group's settings.

    Args:
        data: The group's settings.
        manager: The manager that builds the group.
    """

    #: Class of the group's variants.
    variant_class: Any = None

    def __init__(
        self, data: Dict[str, Any], manager: "ApplicationManager"
    ) -> None:
        super().__init__(data)
        self.manager = manager
        self.label: str = data.get("label") or self.name
        self._init_group(data)
        self.variants: Dict[str, Any] = {}
        for variant_data in data.get("variants") or []:
            variant = self.variant_class(variant_data, self)
            self.variants[variant.name] = variant

    def _init_group(self, data: Dict[str, Any]) -> None:
        """Set the group's own attributes before variants are built."""

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self.variants.values()))


class ApplicationGroup(_VariantGroup):
    """An application and its variants, e.g. ``maya``."""

    kind = "application group"
    variant_class = Application

    def _init_group(self, data: Dict[str, Any]) -> None:
        self.icon: Optional[str] = data.get("icon") or None
        self.enabled: bool = bool(data.get("enabled", True))
        self.host_name: Optional[str] = data.get("host_name") or None
        self.is_host = self.host_name is not None
        self.rez_request: List[str] = list(data.get("rez_request") or [])


class EnvironmentToolGroup(_VariantGroup):
    """A tool and its variants, e.g. ``mtoa``."""

    kind = "tool group"
    variant_class = EnvironmentTool
