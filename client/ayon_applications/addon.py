"""The client addon: wires this package into ayon-core.

Thin on purpose: the work is in the manager, the launch pipeline and the
command table (``commands``, made click commands by ``addon_cli``).
ayon-core is imported at call time, and the class stays importable
without it (its bases fall back to plain classes) so code and tests that
only need the API never need ayon-core.
"""
import os
import sys
import urllib.parse
import warnings
from typing import Any, Dict, List, Optional

from .constants import APPLICATIONS_ADDON_ROOT, LaunchTypes
from .version import __version__

try:
    from ayon_core.addon import AYONAddon, IPluginPaths, ITrayAction
except ImportError:  # outside AYON: keep the class importable

    class AYONAddon:  # type: ignore[no-redef]
        """Placeholder base used only when ayon-core is missing."""

        name = ""

        def __init__(self, manager: Any = None, settings: Any = None):
            self.manager = manager
            self.initialize(settings or {})

        def initialize(self, settings: Dict[str, Any]) -> None:
            """Nothing to set up without ayon-core."""

    class IPluginPaths:  # type: ignore[no-redef]
        """Placeholder interface used only when ayon-core is missing."""

    class ITrayAction:  # type: ignore[no-redef]
        """Placeholder interface used only when ayon-core is missing."""


ICONS_DIR = os.path.join(APPLICATIONS_ADDON_ROOT, "icons")
PUBLISH_PLUGINS_DIR = os.path.join(
    APPLICATIONS_ADDON_ROOT, "plugins", "publish"
)
LAUNCH_HOOKS_DIR = os.path.join(APPLICATIONS_ADDON_ROOT, "launch_hooks")
LOADER_ACTIONS_DIR = os.path.join(
    APPLICATIONS_ADDON_ROOT, "plugins", "load_actions"
)


def shipped_icon_path(icon_filename: str) -> Optional[str]:
    """Local path of an icon shipped with the client, or None (icons are
    served by the server here)."""
    if not icon_filename:
        return None
    path = os.path.join(ICONS_DIR, os.path.basename(icon_filename))
    return path if os.path.exists(path) else None


class ApplicationsAddon(AYONAddon, IPluginPaths, ITrayAction):
    """Applications defined as rez requests, launched through rez.

    In the tray it is the "Process Monitor" action of the Admin menu.
    """

    name = "applications"
    version = __version__
    # Tray action (ITrayAction): the menu item opening the Process Monitor
    label = "Process Monitor"
    admin_action = True

    # Icons the local webserver fetched from the server, by file name
    _icons_cache: Dict[str, Any] = {}

    def initialize(self, settings: Dict[str, Any]) -> None:
        """Nothing to prepare: settings are read per launch."""

    # --- Tray: Process Monitor (see ui/process_monitor.py) -------------
    def tray_init(self) -> None:
        """Nothing is built until the action is used."""
        self._process_monitor_window = None

    def on_action_trigger(self) -> None:
        """Show the Process Monitor window (one per tray)."""
        from .ui.process_monitor import ProcessMonitorWindow

        window = getattr(self, "_process_monitor_window", None)
        if window is None:
            window = ProcessMonitorWindow()
            self._process_monitor_window = window
        window.show()
        window.raise_()
        window.activateWindow()

    # --- API other addons call -------------------------------------------
    def get_applications_manager(
        self, settings: Optional[Dict[str, Any]] = None
    ) -> Any:
        """An application manager for the studio settings.

        Args:
            settings: Studio settings of all addons to use as given.
        """
        from .manager import ApplicationManager

        return ApplicationManager(settings, addons_manager=self.manager)

    def get_launch_hook_paths(self, app: Any = None) -> List[str]:
        """This addon's own launch hooks (the rez resolve among them)."""
        return [LAUNCH_HOOKS_DIR]

    def get_plugin_paths(self) -> Dict[str, List[str]]:
        """Publish plug-ins of this addon."""
        return {"publish": [PUBLISH_PLUGINS_DIR]}

    def get_loader_action_plugin_paths(
        self, host_name: Optional[str] = None
    ) -> List[str]:
        """Loader actions ("Open Source Workfile")."""
        return [LOADER_ACTIONS_DIR]

    def get_publish_plugin_paths(
        self, host_name: Optional[str] = None
    ) -> List[str]:
        """Publish plug-ins (they hand the artist's resolve to the farm)."""
        return [PUBLISH_PLUGINS_DIR]

    def get_app_icon_path(self, icon_filename: str) -> Optional[str]:
        """Local path of an icon shipped with the client, if any."""
        return shipped_icon_path(icon_filename)

    @classmethod
    def get_app_icon_url(
        cls, icon: Any, server: bool = False
    ) -> Optional[str]:
        """URL of an application icon, as Ynput's addon gives it.

        Args:
            icon: Icon from the settings: a file name served by the
                addon's ``icons`` endpoint, or a full URL (any scheme:
                used as is); or an icon definition of
                :meth:`get_application_items` (``{"type": ..., "url":
                ...}``: the file name its URL ends with).
            server: The URL on the AYON server; otherwise the launcher's
                local webserver route (``webserver_initialization``), or
                None when no local webserver runs
                (``AYON_WEBSERVER_URL`` unset).
        """
        if isinstance(icon, dict):
            url = icon.get("url")
            icon = os.path.basename(url) if isinstance(url, str) else None
        if not icon or not isinstance(icon, str):
            return None
        icon_filename = icon
        if urllib.parse.urlparse(icon_filename).scheme:
            return icon_filename
        basename = os.path.basename(icon_filename)
        if server:
            import ayon_api

            return (
                f"{ayon_api.get_base_url()}/api/addons/{cls.name}"
                f"/{cls.version}/icons/{basename}"
            )
        webserver_url = os.environ.get("AYON_WEBSERVER_URL")
        if not webserver_url:
            return None
        return "/".join(
            [webserver_url.rstrip("/"), "addons", cls.name, "icons", basename]
        )

    @classmethod
    def get_application_items(
        cls,
        project_name: Optional[str] = None,
        task_id: Optional[str] = None,
        *,
        variant: Optional[str] = None,
        version: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """Applications of the studio, a project or a task, from the server.

        Args:
            project_name: The project's applications (its overrides).
            task_id: Only those its profiles allow for this task.
            variant: Settings variant; this process's by default.
            version: Items as this version of the addon gives them.
        """
        from . import app_items

        return app_items.get_application_items(
            cls.name, cls.version, project_name, task_id,
            variant=variant, version=version,
        )

    @classmethod
    def get_tool_items(
        cls,
        project_name: Optional[str] = None,
        *,
        variant: Optional[str] = None,
        version: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """Tools of the studio or a project, from the server.

        Args:
            project_name: The project's tools (its overrides).
            variant: Settings variant; this process's by default.
            version: Items as this version of the addon gives them.
        """
        from . import app_items

        return app_items.get_tool_items(
            cls.name, cls.version, project_name,
            variant=variant, version=version,
        )

    def get_app_environments_for_context(
        self,
        project_name: str,
        folder_path: str,
        task_name: str,
        full_app_name: str,
        env_group: Optional[str] = None,
        launch_type: Optional[str] = None,
        env: Optional[Dict[str, str]] = None,
    ) -> Dict[str, str]:
        """The whole environment of an application in a task context."""
        from .utils import get_app_environments_for_context

        return get_app_environments_for_context(
            project_name,
            folder_path,
            task_name,
            full_app_name,
            env_group=env_group,
            launch_type=launch_type,
            env=env,
            addons_manager=self.manager,
        )

    def get_farm_publish_environment_variables(
        self,
        project_name: str,
        folder_path: str,
        task_name: str,
        full_app_name: Optional[str] = None,
        env_group: Optional[str] = None,
    ) -> Dict[str, str]:
        """Environment of a farm publish job for a task.

        Args:
            full_app_name: ``group/variant``; ``AYON_APP_NAME`` by default.
        """
        full_app_name = full_app_name or os.environ.get("AYON_APP_NAME")
        if not full_app_name:
            return {}
        return self.get_app_environments_for_context(
            project_name,
            folder_path,
            task_name,
            full_app_name,
            env_group=env_group,
            launch_type=LaunchTypes.farm_publish,
        )

    def ensure_process_ready(self, project_name: Optional[str]) -> None:
        """Prepare this process for a launch, as Ynput's addon does.

        Every enabled addon's ``ensure_is_process_ready`` runs (a login,
        ...), then, outside headless mode, ayon-core makes sure the tray
        runs (hosts talk to its webserver); a failure is shown and the
        process exits with 1. Nothing to do without ayon-core.
        """
        try:
            from ayon_core.addon import ensure_addons_are_process_ready
        except ImportError:
            return
        ensure_addons_are_process_ready(
            self.name, self.version, project_name,
            addons_manager=self.manager,
        )

    def launch_application(
        self,
        app_name: str,
        project_name: str,
        folder_path: str,
        task_name: str,
        workfile_path: Optional[str] = None,
        use_last_workfile: Optional[bool] = None,
    ) -> None:
        """Launch an application in a context, as Ynput's addon does.

        The process is prepared first (:meth:`ensure_process_ready`). A
        failure is shown to the user (stderr; a dialog outside headless
        mode) and exits the process with 1.

        Args:
            app_name: Full name, e.g. ``maya/2025``.
            project_name: Project name.
            folder_path: Folder path.
            task_name: Task name.
            workfile_path: Workfile to open (then the last workfile is
                not looked for). A bool here is the deprecated positional
                ``use_last_workfile``.
            use_last_workfile: Open the last workfile or not; None lets
                the project settings decide.
        """
        from .cli import launch_command
        from .failures import report_failure, run_guarded

        self.ensure_process_ready(project_name)
        if isinstance(workfile_path, bool):
            # Ynput's addon took 'use_last_workfile' here before
            #   'workfile_path' existed; callers may still pass it so.
            warnings.warn(
                "Passed 'use_last_workfile' as positional argument."
                " Use explicit 'use_last_workfile' keyword argument instead.",
                DeprecationWarning,
                stacklevel=2,
            )
            use_last_workfile = workfile_path
            workfile_path = None
        code = run_guarded(
            lambda: launch_command(
                self.get_applications_manager(),
                app_name, project_name, folder_path, task_name,
                workfile_path=workfile_path,
                use_last_workfile=use_last_workfile,
            ),
            report_failure,
        )
        if code:
            sys.exit(code)

    # --- Custom icons on the server (Ynput's 1.4.4 API) ---------------
    @classmethod
    def get_custom_icons_info(cls) -> List[Dict[str, str]]:
        """Custom icons uploaded to the server: ``[{"filename": ...}]``."""
        import ayon_api

        response = ayon_api.get(
            f"addons/{cls.name}/{cls.version}/customIcons"
        )
        response.raise_for_status()
        return response.data["icons"]

    @classmethod
    def upload_custom_icon(
        cls, path: str, filename: Optional[str] = None
    ) -> None:
        """Upload an icon file to the server.

        Args:
            path: The local icon file.
            filename: Name on the server (what settings refer to); the
                file's own name by default.
        """
        import ayon_api

        if filename is None:
            filename = os.path.basename(path)
        response = ayon_api.upload_file(
            f"addons/{cls.name}/{cls.version}/customIcons/{filename}", path
        )
        response.raise_for_status()

    @classmethod
    def delete_custom_icon(cls, filename: str) -> None:
        """Delete an uploaded icon from the server."""
        import ayon_api

        response = ayon_api.delete(
            f"addons/{cls.name}/{cls.version}/customIcons/{filename}"
        )
        response.raise_for_status()

    def webserver_initialization(self, manager: Any) -> None:
        """Serve the server's app icons on the tray's local webserver.

        ``GET {AYON_WEBSERVER_URL}/addons/applications/icons/{filename}``
        answers the icon of this addon's ``icons/{filename}`` endpoint
        (for tools that show icons by local URL, e.g. ftrack).

        Args:
            manager: ayon-core's ``WebServerManager``.
        """
        from .icon_route import IconRoute

        route = IconRoute(self.name, self.version, self._icons_cache)
        manager.add_addon_route(
            self.name, "/icons/{filename}", "GET", route.handle
        )

    # --- Command line --------------------------------------------------
    def cli(self, addon_click_group: Any) -> None:
        """Add ``ayon addon applications ...`` commands."""
        from .addon_cli import build_click_group

        addon_click_group.add_command(build_click_group(self))

