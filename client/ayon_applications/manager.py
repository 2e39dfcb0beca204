"""The application manager: definitions for a project, and launching.

A manager holds the application and tool definitions of one settings
scope (the studio, or one project with its overrides). Launching in a
project uses that project's definitions, so a show that pins another
version of an application gets it.
"""
import logging
import re
import subprocess
from typing import Any, Dict, List, Optional, Tuple

from .definitions import (
    Application,
    ApplicationGroup,
    EnvironmentTool,
    EnvironmentToolGroup,
    UndefinedApplicationExecutable,
)
from .exceptions import (
    ApplicationDisabled,
    ApplicationExecutableNotFound,
    ApplicationLaunchFailed,
    ApplicationNotFound,
)
from .launch_context import ApplicationLaunchContext  # also Ynput's home
from .requests import ComposedRequest, compose_request
from .rez_settings import RezSettings
from .rules.timestamps import TIMESTAMP_EXAMPLES
from .settings import AyonSettingsSource, SettingsSource
from .settings_validation import checked_addon_settings
from .settings_views import (
    AllowType,
    AyonRequestSettings,
    ProjectOverrides,
    RequestMode,
    applications_profile,
    tools_profile,
)

ADDON_NAME = "applications"


class ApplicationManager:
    """Applications and tools defined in settings, by full name.

    Args:
        studio_settings: Settings of all addons to build from (used as
            given); when None they are read from ``settings_source``.
        project_name: Use this project's settings (overrides applied).
        settings_source: Where settings and the bundle come from;
            defaults to the AYON server through ayon-core.
        addons_manager: ayon-core's addons manager; None outside AYON.
    """

    def __init__(
        self,
        studio_settings: Optional[Dict[str, Any]] = None,
        project_name: Optional[str] = None,
        settings_source: Optional[SettingsSource] = None,
        addons_manager: Any = None,
    ) -> None:
        self.log = logging.getLogger(self.__class__.__name__)
        self.project_name = project_name
        self.settings_source = settings_source or AyonSettingsSource()
        self._addons_manager = addons_manager
        self._given_settings = studio_settings
        self._project_managers: Dict[str, ApplicationManager] = {}
        self.settings: Dict[str, Any] = {}
        self.app_groups: Dict[str, ApplicationGroup] = {}
        self.applications: Dict[str, Application] = {}
        self.tool_groups: Dict[str, EnvironmentToolGroup] = {}
        self.tools: Dict[str, EnvironmentTool] = {}
        self.refresh()

    @property
    def addons_manager(self) -> Any:
        """ayon-core's addons manager; None outside AYON.

        With settings from AYON and none given, one is made on first use,
        as the old addon did, so launches run every addon's hooks.
        """
        if self._addons_manager is None and isinstance(
            self.settings_source, AyonSettingsSource
        ):
            try:
                from ayon_core.addon import AddonsManager
            except ImportError:
                return None
            self._addons_manager = AddonsManager()
        return self._addons_manager

    def in_ayon(self) -> bool:
        """Whether launches run in AYON: settings from the server and
        ayon-core's addons (entities can be read from the server)."""
        return (
            isinstance(self.settings_source, AyonSettingsSource)
            and self.addons_manager is not None
        )

    @addons_manager.setter
    def addons_manager(self, value: Any) -> None:
        self._addons_manager = value

    def refresh(self) -> None:
        """Read the settings again and rebuild the definitions."""
        if self._given_settings is not None:
            all_settings = self._given_settings
        elif self.project_name:
            all_settings = self.settings_source.project_settings(
                self.project_name
            )
        else:
            all_settings = self.settings_source.studio_settings()
        self.settings = checked_addon_settings(
            all_settings.get(ADDON_NAME), self.project_name
        )
        self._project_managers.clear()
        self.app_groups.clear()
        self.applications.clear()
        self.tool_groups.clear()
        self.tools.clear()
        for group_data in self.settings.get("applications") or []:
            group = ApplicationGroup(group_data, self)
            self.app_groups[group.name] = group
            for app in group:
                self.applications[app.full_name] = app
        for group_data in self.settings.get("tools") or []:
            tool_group = EnvironmentToolGroup(group_data, self)
            self.tool_groups[tool_group.name] = tool_group
            for tool in tool_group:
                self.tools[tool.full_name] = tool

    def set_studio_settings(self, studio_settings: Dict[str, Any]) -> None:
        """Use these settings of all addons from now on, and refresh."""
        self._given_settings = studio_settings
        self.refresh()

    def get_app_label(self, group_name: str) -> str:
        """Label of an application group; its name when it has none."""
        group = self.app_groups.get(group_name)
        return group.label if group is not None else group_name

    def get_app_icon(self, group_name: str) -> Optional[str]:
        """Icon of an application group (settings value), if any."""
        group = self.app_groups.get(group_name)
        return group.icon if group is not None else None

    def for_project(self, project_name: Optional[str]) -> "ApplicationManager":
        """The manager holding ``project_name``'s definitions."""
        if (
            not project_name
            or project_name == self.project_name
            or self._given_settings is not None
        ):
            return self
        manager = self._project_managers.get(project_name)
        if manager is None:
            manager = ApplicationManager(
                project_name=project_name,
                settings_source=self.settings_source,
                addons_manager=self.addons_manager,
            )
            self._project_managers[project_name] = manager
        return manager

    def all_project_settings(self, project_name: str) -> Dict[str, Any]:
        """Settings of all addons for a project (the given ones if any)."""
        if self._given_settings is not None:
            return self._given_settings
        return self.settings_source.project_settings(project_name)

    def get_application(self, app_name: str) -> Application:
        """The application of a full name (``group/variant``).

        Raises:
            ApplicationNotFound: No such application.
        """
        app = self.applications.get(app_name)
        if app is None:
            raise ApplicationNotFound(
                app_name, self._similar_applications(app_name),
                project_name=self.project_name,
                available=sorted(self.applications, key=_natural_key),
            )
        return app

    def _similar_applications(self, app_name: str) -> List[str]:
        """What ``app_name`` may have meant: the variants of its group,
        else the nearest full names."""
        group = self.app_groups.get(app_name.split("/", 1)[0])
        if group is not None:
            return [app.full_name for app in group]
        import difflib  # only for an error: off the click path

        return difflib.get_close_matches(
            app_name, list(self.applications), n=5, cutoff=0.5
        )

    def find_latest_available_variant_for_group(
        self, group_name: str
    ) -> Optional[Application]:
        """The highest enabled variant of a group that has a command."""
        group = self.app_groups.get(group_name)
        if group is None or not group.enabled:
            return None
        for name in sorted(group.variants, key=_natural_key, reverse=True):
            app = group.variants[name]
            if app.enabled and app.find_executable():
                return app
        return None

    # --- What a context gets -------------------------------------------
    def applications_for_context(
        self,
        task_type: Optional[str] = None,
        task_name: Optional[str] = None,
        folder_path: Optional[str] = None,
    ) -> List[Application]:
        """Enabled applications the ``project_applications`` profiles
        allow for a context, in the profile's order."""
        profile = applications_profile(
            self.settings, task_type, task_name, folder_path,
            use_ayon_core=self._profiles_by_ayon_core(),
            scope=self._scope_label(),
        )
        if profile is None:
            return []
        if profile.allow_type == AllowType.ALL_APPLICATIONS:
            names = list(self.applications)
        else:
            names = profile.applications
        return [
            self.applications[name]
            for name in names
            if name in self.applications and self.applications[name].enabled
        ]

    def tools_for_context(
        self,
        app: Optional[Application] = None,
        task_type: Optional[str] = None,
        task_name: Optional[str] = None,
        folder_path: Optional[str] = None,
        entity_tools: Optional[List[str]] = None,
    ) -> List[EnvironmentTool]:
        """Tools of a context, valid for ``app`` when given.

        The ``project_tools`` profile matching the context names them; with
        no profile, the ``tools`` attribute of the task or folder does.
        """
        profile = tools_profile(
            self.settings, task_type, task_name, folder_path,
            use_ayon_core=self._profiles_by_ayon_core(),
            scope=self._scope_label(),
        )
        if profile is not None:
            names = profile.tools
        else:
            names = list(entity_tools or [])
        tools = [self.tools[name] for name in names if name in self.tools]
        if app is not None:
            tools = [tool for tool in tools if tool.is_valid_for_app(app)]
        return tools

    def _profiles_by_ayon_core(self) -> bool:
        # Inside AYON profiles are chosen by ayon-core's filter_profiles
        # itself; standalone (settings from a file) by the shared port.
        return isinstance(self.settings_source, AyonSettingsSource)

    def _scope_label(self) -> str:
        if self.project_name:
            return f"project \"{self.project_name}\""
        return "the studio"

    # --- rez ------------------------------------------------------------
    def rez_settings(self, site: bool = True) -> RezSettings:
        """The rez settings, for this platform.

        Args:
            site: With this machine's site settings (developer packages);
                False for farm launches, which never use them, so a farm
                node does not even ask the server for them.
        """
        return RezSettings.from_settings(
            self.settings,
            site_settings=self.settings_source.site_settings() if site
            else None,
        )

    def project_overrides(self) -> ProjectOverrides:
        """The project's additions to every launch."""
        return ProjectOverrides.from_settings(self.settings)

    def project_timestamp(self) -> Optional[int]:
        """The project's pinned resolve time, if any."""
        overrides = self.project_overrides()
        try:
            return overrides.resolve_time()
        except ValueError as exc:
            raise ApplicationLaunchFailed(
                f"Project \"{self.project_name}\": settings"
                f" project_overrides.timestamp {exc}; e.g."
                f" {TIMESTAMP_EXAMPLES}"
            ) from None

    def ayon_request_settings(self) -> AyonRequestSettings:
        """How the running bundle joins every resolve.

        Raises:
            ApplicationLaunchFailed: An unknown mode.
        """
        try:
            return AyonRequestSettings.from_settings(self.settings)
        except ValueError as exc:
            raise self._unusable_ayon_request(exc) from None

    def ayon_request_mode(self) -> RequestMode:
        """``weak``, ``strict`` or ``off``."""
        return self.ayon_request_settings().mode

    def ayon_requests(self) -> Tuple[List[str], str, RequestMode]:
        """The running bundle's AYON request.

        Returns:
            ``(requests, origin description, mode)``.
        """
        from .bundle import BundleInfo, ayon_request_origin, bundle_requests

        options = self.ayon_request_settings()
        mode = options.mode
        if mode == RequestMode.OFF:
            return [], "", mode
        bundle = BundleInfo.from_data(
            self.settings_source.bundle_data(self.project_name)
        )
        try:
            requests = bundle_requests(
                bundle,
                mode,
                package_name_template=options.package_name_template,
                include_launcher=options.include_launcher,
                launcher_package_name=options.launcher_package_name,
                extra=options.extra,
            )
        except ValueError as exc:
            raise self._unusable_ayon_request(exc) from None
        return requests, ayon_request_origin(bundle, mode), mode

    def _unusable_ayon_request(
        self, exc: ValueError
    ) -> ApplicationLaunchFailed:
        return ApplicationLaunchFailed(
            f"Settings ayon_request of project \"{self.project_name}\""
            f" are not usable: {exc}"
        )

    def compose_request(
        self, app: Application, tools: List[EnvironmentTool]
    ) -> ComposedRequest:
        """The full rez request of launching ``app`` with ``tools``.

        The parts and their order: ``requests.compose_request``.
        """
        overrides = self.project_overrides()
        ayon_requests, ayon_origin, _mode = self.ayon_requests()
        return compose_request(
            group_request=app.group.rez_request,
            group_name=app.group.name,
            app_request=app.rez_request,
            app_full_name=app.full_name,
            tool_requests=[
                (tool.full_name, tool.rez_request) for tool in tools
            ],
            project_requests=overrides.extra_requests,
            project_name=self.project_name,
            ayon_requests=ayon_requests,
            ayon_origin=ayon_origin,
            implicit_requests=self.rez_settings().implicit_packages,
        )

    # --- Launching ------------------------------------------------------
    def create_launch_context(
        self, app_name: str, **data: Any
    ) -> "ApplicationLaunchContext":
        """Prepare the launch of an application.

        ``data`` carries ``project_name``, ``folder_path``, ``task_name``
        and anything hooks share; ``env_group`` and ``launch_type`` are
        taken out of it.

        Raises:
            ApplicationNotFound: No such application.
        """
        manager = self.for_project(data.get("project_name"))
        app = manager.get_application(app_name)
        if not app.enabled:
            raise ApplicationDisabled(app, manager.project_name)
        executable = app.find_executable()
        if executable is None:
            executable = UndefinedApplicationExecutable()
        data.setdefault("addons_manager", self.addons_manager)
        return ApplicationLaunchContext(app, executable, **data)

    def launch_with_context(
        self, launch_context: "ApplicationLaunchContext"
    ) -> Optional[subprocess.Popen]:
        """Launch a prepared context."""
        require_command(launch_context.application)
        return launch_context.launch()

    def launch(self, app_name: str, **data: Any) -> Optional[subprocess.Popen]:
        """Launch an application.

        Raises:
            ApplicationNotFound: No such application.
            ApplicationExecutableNotFound: Its command is not found in the
                resolved environment.
            ApplicationLaunchFailed: Anything else the user can fix; the
                message explains it.
        """
        context = self.create_launch_context(app_name, **data)
        return self.launch_with_context(context)


def require_command(app: Application) -> None:
    """Refuse to start an application without a command.

    Raises:
        ApplicationExecutableNotFound: The settings give it no command.
    """
    if not app.command:
        raise ApplicationExecutableNotFound(app)


def _natural_key(name: str) -> List[Any]:
    """Sort key reading digit runs as numbers ("10" after "9")."""
    return [
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"(\d+)", name)
        if part
    ]
