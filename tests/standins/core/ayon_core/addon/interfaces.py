"""STAND-IN for ``ayon_core.addon.interfaces`` (cannot be installed from the
package index). Mixins an addon class inherits beside ``AYONAddon``; tray
parts keep their names and abstract methods but never touch Qt."""
from abc import ABCMeta, abstractmethod


class AYONInterface(metaclass=ABCMeta):  # noqa: B024
    """Base of addon interfaces (mixins with optional abstract parts)."""

    log = None


class IPluginPaths(AYONInterface):
    """Addon gives paths to pipeline plugins."""

    def get_plugin_paths(self):
        """Deprecated: ``{"create"|"load"|"publish"|...: [paths]}``."""
        return {}

    def _get_plugin_paths_by_type(self, plugin_type):
        paths = self.get_plugin_paths().get(plugin_type) or []
        if not isinstance(paths, (list, tuple, set)):
            paths = [paths]
        return list(paths)

    def get_launcher_action_paths(self):
        return self._get_plugin_paths_by_type("actions")

    def get_create_plugin_paths(self, host_name):
        return self._get_plugin_paths_by_type("create")

    def get_load_plugin_paths(self, host_name):
        return self._get_plugin_paths_by_type("load")

    def get_publish_plugin_paths(self, host_name):
        return self._get_plugin_paths_by_type("publish")

    def get_inventory_action_paths(self, host_name):
        return self._get_plugin_paths_by_type("inventory")

    def get_loader_action_plugin_paths(self, host_name):
        return []

    def get_workfile_action_plugin_paths(self, host_name):
        return []


class ITrayAddon(AYONInterface):
    """Addon with a part running in the tray (never started in tests)."""

    tray_initialized = False
    _tray_manager = None

    @abstractmethod
    def tray_init(self):
        pass

    @abstractmethod
    def tray_menu(self, tray_menu):
        pass

    @abstractmethod
    def tray_start(self):
        pass

    @abstractmethod
    def tray_exit(self):
        pass

    def execute_in_main_thread(self, callback):
        callback()

    def show_tray_message(self, title, message, icon=None, msecs=None):
        pass


class ITrayAction(ITrayAddon):
    """Tray menu item calling ``on_action_trigger``."""

    admin_action = False

    @property
    @abstractmethod
    def label(self):
        pass

    @abstractmethod
    def on_action_trigger(self):
        pass

    def tray_menu(self, tray_menu):
        pass

    def tray_start(self):
        return

    def tray_exit(self):
        return


class IHostAddon(AYONInterface):
    """Addon that also implements a host (DCC integration)."""

    @property
    @abstractmethod
    def host_name(self):
        pass

    def get_workfile_extensions(self):
        return []
