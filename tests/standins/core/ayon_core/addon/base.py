"""STAND-IN for ``ayon_core.addon.base`` (cannot be installed from the
package index).

Real ayon-core discovers addon classes from the bundle on the AYON server
and the client code unpacked on disk, builds each with ``(manager,
settings)`` (``__init__`` calls ``initialize(settings)``), then calls
``connect_with_addons(enabled_addons)`` on every enabled addon.

STAND-IN ONLY: ``AddonsManager(settings=None, initialize=True,
addons=None)``: ``addons`` is a list of addon classes (built by the
manager) or instances (taken as they are); when not passed,
``ayon_core._standin.ADDONS`` is used. Nothing is discovered from a
server, and studio settings are fetched only when a class is to be built.
``get_launch_hook_paths`` is not on ``AYONAddon``: addons define it.
"""
import inspect
import logging
from abc import ABC, abstractmethod
from uuid import uuid4

from ayon_core.lib import Logger, is_headless_mode_enabled
from ayon_core.settings import get_studio_settings

from .interfaces import IHostAddon, IPluginPaths


class ProcessPreparationError(Exception):
    """Process cannot start; the message is shown to the user as is."""


class ProcessContext:
    """Context of a process that is about to start."""

    def __init__(
        self,
        addon_name,
        addon_version,
        project_name=None,
        headless=None,
        **kwargs,
    ):
        if headless is None:
            headless = is_headless_mode_enabled()
        self.addon_name = addon_name
        self.addon_version = addon_version
        self.project_name = project_name
        self.headless = headless
        self._prepared = False
        self._exception = None

    def set_prepared(self):
        self._prepared = True

    def set_exception(self, exception):
        self._exception = exception

    @property
    def is_prepared(self):
        return self._prepared

    @property
    def exception(self):
        return self._exception


def load_addons(force=False):
    """Real ayon-core imports client code of the bundle's addons.

    The stand-in has nothing to import: see ``_standin.ADDONS``.
    """


class AYONAddon(ABC):
    """Base class of AYON addons.

    Args:
        manager (AddonsManager): Manager which created the addon.
        settings (dict[str, Any]): Studio settings ``{addon_name: ...}``.
    """

    enabled = True
    _id = None

    def __init__(self, manager, settings):
        self.manager = manager
        self.log = Logger.get_logger(self.name)
        self.initialize(settings)

    @property
    def id(self):
        if self._id is None:
            self._id = uuid4()
        return self._id

    @property
    @abstractmethod
    def name(self):
        """Addon name."""

    @property
    def version(self):
        return "0.0.0"

    def initialize(self, settings):  # noqa: B027
        """Set up the addon from studio settings."""

    def connect_with_addons(self, enabled_addons):  # noqa: B027
        """Called with all enabled addons once they are initialized."""

    def ensure_is_process_ready(self, process_context):  # noqa: B027
        """Prepare what a new process needs (e.g. login)."""

    def get_global_environments(self):
        return {}

    def modify_application_launch_arguments(self, application, env):  # noqa: B027
        """Change ``env`` before an application launches."""

    def on_host_install(self, host, host_name, project_name):  # noqa: B027
        pass

    def cli(self, addon_click_group):  # noqa: B027
        """Add this addon's commands to the ``ayon addon`` click group."""


class AddonsManager:
    """Holds the initialized addons.

    Args:
        settings (Optional[dict[str, Any]]): Studio settings; fetched with
            ``get_studio_settings()`` when not passed.
        initialize (Optional[bool]): Initialize and connect addons now.
        addons (Optional[list]): STAND-IN ONLY, see module docstring.
    """

    _log = None

    def __init__(self, settings=None, initialize=True, addons=None):
        self._settings = settings
        self._standin_addons = addons
        self._addons = []
        self._addons_by_id = {}
        self._addons_by_name = {}
        if initialize:
            self.initialize_addons()
            self.connect_addons()

    def __getitem__(self, addon_name):
        return self._addons_by_name[addon_name]

    @property
    def log(self):
        if self._log is None:
            self._log = logging.getLogger(self.__class__.__name__)
        return self._log

    def get(self, addon_name, default=None):
        return self._addons_by_name.get(addon_name, default)

    @property
    def addons(self):
        return list(self._addons)

    @property
    def addons_by_id(self):
        return dict(self._addons_by_id)

    @property
    def addons_by_name(self):
        return dict(self._addons_by_name)

    def get_enabled_addon(self, addon_name, default=None):
        addon = self.get(addon_name)
        if addon is not None and addon.enabled:
            return addon
        return default

    def get_enabled_addons(self):
        return [addon for addon in self._addons if addon.enabled]

    def initialize_addons(self):
        from ayon_core import _standin

        load_addons()
        items = self._standin_addons
        if items is None:
            items = _standin.ADDONS
        settings = self._settings
        if settings is None and any(inspect.isclass(i) for i in items):
            settings = get_studio_settings()

        for item in items:
            if inspect.isclass(item):
                if inspect.isabstract(item):
                    self.log.warning(
                        "Skipping abstract addon class %s", item.__name__
                    )
                    continue
                try:
                    addon = item(self, settings)
                except Exception:
                    self.log.warning(
                        "Initialization of addon '%s' failed.",
                        item.__name__, exc_info=True,
                    )
                    continue
            else:
                addon = item
                if getattr(addon, "manager", None) is None:
                    addon.manager = self
            self._addons.append(addon)
            self._addons_by_id[addon.id] = addon
            self._addons_by_name[addon.name] = addon

    def connect_addons(self):
        enabled_addons = self.get_enabled_addons()
        for addon in enabled_addons:
            try:
                addon.connect_with_addons(enabled_addons)
            except Exception:
                self.log.error(
                    "Addon '%s' failed to connect with other addons.",
                    addon.name, exc_info=True,
                )

    def collect_global_environments(self):
        output = {}
        for addon in self.get_enabled_addons():
            for key, value in addon.get_global_environments().items():
                if key in output:
                    raise AssertionError(
                        f"Duplicated environment key {key}"
                    )
                output[key] = value
        return output

    def _collect_plugin_paths(self, method_name, *args, **kwargs):
        output = []
        for addon in self.get_enabled_addons():
            if not isinstance(addon, IPluginPaths):
                continue
            try:
                paths = getattr(addon, method_name)(*args, **kwargs)
            except Exception:
                self.log.warning(
                    "Failed to get plugin paths from addon '%s' using '%s'",
                    addon.name, method_name, exc_info=True,
                )
                continue
            if paths:
                if not isinstance(paths, (list, tuple, set)):
                    paths = [paths]
                output.extend(paths)
        return output

    def collect_create_plugin_paths(self, host_name):
        return self._collect_plugin_paths(
            "get_create_plugin_paths", host_name
        )

    collect_creator_plugin_paths = collect_create_plugin_paths

    def collect_load_plugin_paths(self, host_name):
        return self._collect_plugin_paths("get_load_plugin_paths", host_name)

    def collect_publish_plugin_paths(self, host_name):
        return self._collect_plugin_paths(
            "get_publish_plugin_paths", host_name
        )

    def collect_inventory_action_paths(self, host_name):
        return self._collect_plugin_paths(
            "get_inventory_action_paths", host_name
        )

    def get_host_addon(self, host_name):
        for addon in self.get_enabled_addons():
            if (
                isinstance(addon, IHostAddon)
                and addon.host_name == host_name
            ):
                return addon
        return None

    def get_host_names(self):
        return {
            addon.host_name
            for addon in self.get_enabled_addons()
            if isinstance(addon, IHostAddon)
        }
