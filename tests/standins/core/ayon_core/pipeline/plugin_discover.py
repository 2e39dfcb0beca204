"""STAND-IN for ``ayon_core.pipeline.plugin_discover`` (cannot be installed
from the package index): plug-in classes found in the ``.py`` files of
folders, as the real ``discover_plugins`` finds them."""
import importlib.util
import inspect
import logging
import os
import uuid


class DiscoverResult:
    """Plug-ins found, and the files that failed to import."""

    def __init__(self, superclass):
        self.superclass = superclass
        self.plugins = []
        self.crashed_file_paths = {}

    def log_report(self, only_errors=True, exc_info=True):
        for path, error in self.crashed_file_paths.items():
            logging.getLogger(__name__).warning(
                "Failed to load %s: %s", path, error)


def discover_plugins(base_class, paths=None, classes=None,
                     ignored_classes=None, allow_duplicates=True):
    """Subclasses of ``base_class`` defined or imported in ``paths``."""
    result = DiscoverResult(base_class)
    found = list(classes or [])
    for path in paths or []:
        if not os.path.isdir(path):
            continue
        for filename in sorted(os.listdir(path)):
            if not filename.endswith(".py"):
                continue
            filepath = os.path.join(path, filename)
            spec = importlib.util.spec_from_file_location(
                f"_plugin_{uuid.uuid4().hex}", filepath)
            module = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(module)
            except Exception as exc:  # noqa: BLE001 - as the real one
                result.crashed_file_paths[filepath] = exc
                continue
            for obj in vars(module).values():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, base_class)
                    and obj is not base_class
                    and obj.__dict__.get("skip_discovery") is not True
                ):
                    found.append(obj)
    ignored = set(ignored_classes or []) | {base_class}
    for cls in found:
        if cls not in ignored and not inspect.isabstract(cls):
            result.plugins.append(cls)
    return result
