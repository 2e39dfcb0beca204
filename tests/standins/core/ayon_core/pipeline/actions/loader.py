"""STAND-IN for ``ayon_core.pipeline.actions.loader`` (cannot be installed
from the package index): the loader actions API, with the real names,
signatures and flow (selection -> action items -> execute -> result, a
result's form running the action again with its values)."""
import copy
import enum
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import ayon_api

from ayon_core import AYON_CORE_ROOT
from ayon_core.addon import AddonsManager, IPluginPaths
from ayon_core.lib import Logger
from ayon_core.pipeline.anatomy import Anatomy
from ayon_core.pipeline.plugin_discover import discover_plugins
from ayon_core.settings import get_project_settings, get_studio_settings

_PLACEHOLDER = object()


class LoaderSelectedType(str, enum.Enum):
    version = "version"
    representation = "representation"


class SelectionEntitiesCache:
    """Entities of one project by id, fetched through ayon-api once."""

    def __init__(
        self,
        project_name,
        project_entity=None,
        folders_by_id=None,
        tasks_by_id=None,
        products_by_id=None,
        versions_by_id=None,
        representations_by_id=None,
        task_ids_by_folder_id=None,
        product_ids_by_folder_id=None,
        version_ids_by_product_id=None,
        representation_ids_by_version_id=None,
    ):
        self._project_name = project_name
        self._project_entity = project_entity
        self._folders_by_id = folders_by_id or {}
        self._tasks_by_id = tasks_by_id or {}
        self._products_by_id = products_by_id or {}
        self._versions_by_id = versions_by_id or {}
        self._representations_by_id = representations_by_id or {}

    def get_project(self):
        if self._project_entity is None:
            self._project_entity = ayon_api.get_project(self._project_name)
        return copy.deepcopy(self._project_entity)

    def _get_entities(self, ids, cache, filter_arg, getter):
        output, missing = [], set()
        for entity_id in ids or ():
            if entity_id not in cache:
                missing.add(entity_id)
                cache[entity_id] = None
            elif cache[entity_id]:
                output.append(cache[entity_id])
        if missing:
            for entity in getter(self._project_name,
                                 **{filter_arg: missing}):
                output.append(entity)
                cache[entity["id"]] = entity
        return output

    def get_folders(self, folder_ids):
        return self._get_entities(folder_ids, self._folders_by_id,
                                  "folder_ids", ayon_api.get_folders)

    def get_tasks(self, task_ids):
        return self._get_entities(task_ids, self._tasks_by_id,
                                  "task_ids", ayon_api.get_tasks)

    def get_products(self, product_ids):
        return self._get_entities(product_ids, self._products_by_id,
                                  "product_ids", ayon_api.get_products)

    def get_versions(self, version_ids):
        return self._get_entities(version_ids, self._versions_by_id,
                                  "version_ids", ayon_api.get_versions)

    def get_versions_products(self, version_ids):
        return self.get_products({
            version["productId"] for version in self.get_versions(version_ids)
        })

    def get_products_folders(self, product_ids):
        return self.get_folders({
            product["folderId"] for product in self.get_products(product_ids)
        })

    def get_versions_tasks(self, version_ids):
        return self.get_tasks({
            version["taskId"] for version in self.get_versions(version_ids)
            if version["taskId"]
        })


class LoaderActionSelection:
    """What is selected in the loader: type and ids, in one project."""

    def __init__(
        self,
        project_name,
        selected_ids,
        selected_type,
        *,
        project_anatomy=None,
        project_settings=None,
        entities_cache=None,
    ):
        self._project_name = project_name
        self._selected_ids = selected_ids
        self._selected_type = selected_type
        self._project_anatomy = project_anatomy
        self._project_settings = project_settings
        if entities_cache is None:
            entities_cache = SelectionEntitiesCache(project_name)
        self._entities_cache = entities_cache

    def get_entities_cache(self):
        return self._entities_cache

    def get_project_name(self):
        return self._project_name

    def get_selected_ids(self):
        return set(self._selected_ids)

    def get_selected_type(self):
        return self._selected_type

    def get_project_settings(self):
        if self._project_settings is None:
            self._project_settings = get_project_settings(self._project_name)
        return copy.deepcopy(self._project_settings)

    def get_project_anatomy(self):
        if self._project_anatomy is None:
            self._project_anatomy = Anatomy(
                self._project_name,
                project_entity=self.get_entities_cache().get_project(),
            )
        return self._project_anatomy

    project_name = property(get_project_name)
    selected_ids = property(get_selected_ids)
    selected_type = property(get_selected_type)
    project_settings = property(get_project_settings)
    project_anatomy = property(get_project_anatomy)
    entities = property(get_entities_cache)

    def versions_selected(self):
        return self._selected_type == LoaderSelectedType.version

    def representations_selected(self):
        return self._selected_type == LoaderSelectedType.representation

    def get_selected_version_entities(self):
        if self.versions_selected():
            return self.entities.get_versions(self.selected_ids)
        return []


@dataclass
class LoaderActionItem:
    label: str
    order: int = 0
    group_label: Optional[str] = None
    icon: Optional[Dict[str, Any]] = None
    data: Optional[Dict[str, Any]] = None
    identifier: Optional[str] = None


@dataclass
class LoaderActionResult:
    message: Optional[str] = None
    success: bool = True
    form: Optional[Any] = None
    form_values: Optional[Dict[str, Any]] = None


class LoaderActionPlugin(ABC):
    _log = None
    enabled = True
    skip_discovery = True

    def __init__(self, context):
        self._context = context
        self.apply_settings(context.get_studio_settings())

    def apply_settings(self, studio_settings):  # noqa: B027 - real name
        pass

    @property
    def log(self):
        if self._log is None:
            self._log = Logger.get_logger(self.__class__.__name__)
        return self._log

    @property
    def identifier(self):
        return self.__class__.__name__

    @property
    def host_name(self):
        return self._context.get_host_name()

    @abstractmethod
    def get_action_items(self, selection):
        pass

    @abstractmethod
    def execute_action(self, selection, data, form_values):
        pass


class LoaderActionsContext:
    """Discovers the loader actions of the addons and runs them."""

    def __init__(self, studio_settings=None, addons_manager=None,
                 host=_PLACEHOLDER):
        self._log = Logger.get_logger(self.__class__.__name__)
        self._addons_manager = addons_manager
        self._host = host
        self._studio_settings = studio_settings
        self._plugins = None

    def get_addons_manager(self):
        if self._addons_manager is None:
            self._addons_manager = AddonsManager(
                settings=self.get_studio_settings())
        return self._addons_manager

    def get_host(self):
        if self._host is _PLACEHOLDER:
            from ayon_core.pipeline import registered_host

            self._host = registered_host()
        return self._host

    def get_host_name(self):
        host = self.get_host()
        return None if host is None else host.name

    def get_studio_settings(self):
        if self._studio_settings is None:
            self._studio_settings = get_studio_settings()
        return copy.deepcopy(self._studio_settings)

    def get_action_items(self, selection) -> List[LoaderActionItem]:
        output = []
        for plugin_id, plugin in self._get_plugins().items():
            for item in plugin.get_action_items(selection):
                if item.identifier is None:
                    item.identifier = plugin_id
                output.append(item)
        return output

    def execute_action(self, identifier, selection, data, form_values):
        plugin = self._get_plugins()[identifier]
        return plugin.execute_action(selection, data, form_values)

    def _get_plugins(self):
        if self._plugins is None:
            host_name = self.get_host_name()
            paths = [os.path.join(AYON_CORE_ROOT, "plugins", "loader")]
            for addon in self.get_addons_manager().addons:
                if isinstance(addon, IPluginPaths):
                    paths.extend(
                        addon.get_loader_action_plugin_paths(host_name)
                        or [])
            result = discover_plugins(LoaderActionPlugin, paths)
            result.log_report()
            plugins = {}
            for cls in result.plugins:
                plugin = cls(self)
                if plugin.enabled:
                    plugins.setdefault(plugin.identifier, plugin)
            self._plugins = plugins
        return self._plugins


class LoaderSimpleActionPlugin(LoaderActionPlugin):
    """One action item, shown when ``is_compatible``."""

    label = None
    order = 0
    group_label = None
    icon = None
    skip_discovery = True

    @abstractmethod
    def is_compatible(self, selection):
        pass

    @abstractmethod
    def execute_simple_action(self, selection, form_values):
        pass

    def get_action_items(self, selection):
        if self.is_compatible(selection):
            return [LoaderActionItem(
                label=self.label or self.__class__.__name__,
                order=self.order,
                group_label=self.group_label,
                icon=self.icon,
            )]
        return []

    def execute_action(self, selection, data, form_values):
        return self.execute_simple_action(selection, form_values)
