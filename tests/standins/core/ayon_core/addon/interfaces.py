"""STAND-IN for ``ayon_core.addon.interfaces`` (cannot be installed from the
package index). Mixins an addon class inherits beside ``AYONAddon``; tray
parts keep their names and abstract methods and, as the real ones, import
Qt (``qtpy``) only when a tray menu is built."""
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
    """Addon with a part running in the tray."""

    tray_initialized = False
    _tray_manager = None
    _admin_submenu = None

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

    def add_doubleclick_callback(self, callback):
        if hasattr(self.manager, "add_doubleclick_callback"):
            self.manager.add_doubleclick_callback(self, callback)

    @staticmethod
    def admin_submenu(tray_menu):
        """The "Admin" submenu, hidden until an action is added to it."""
        if ITrayAddon._admin_submenu is None:
            from qtpy import QtWidgets

            submenu = QtWidgets.QMenu("Admin", tray_menu)
            submenu.menuAction().setVisible(False)
            ITrayAddon._admin_submenu = submenu
        return ITrayAddon._admin_submenu

    @staticmethod
    def add_action_to_admin_submenu(label, tray_menu):
        from qtpy import QtWidgets

        menu = ITrayAddon.admin_submenu(tray_menu)
        action = QtWidgets.QAction(label, menu)
        menu.addAction(action)
        menu.menuAction().setVisible(True)
        return action


class ITrayAction(ITrayAddon):
    """Tray menu item calling ``on_action_trigger``."""

    admin_action = False
    _action_item = None

    @property
    @abstractmethod
    def label(self):
        pass

    @abstractmethod
    def on_action_trigger(self):
        pass

    def tray_menu(self, tray_menu):
        """Add the action (to the Admin submenu for admin actions)."""
        from qtpy import QtWidgets

        if self.admin_action:
            action = self.add_action_to_admin_submenu(self.label, tray_menu)
        else:
            action = QtWidgets.QAction(self.label, tray_menu)
            tray_menu.addAction(action)
        action.triggered.connect(self.on_action_trigger)
        self._action_item = action

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
