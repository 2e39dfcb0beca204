"""Where the addon's settings come from, and the project override rule.

Inside AYON the server merges project overrides into the settings it sends.
Standalone (``python -m ayon_applications --settings FILE``) this module
does the same from a JSON file shaped like::

    {
        "studio": {<applications addon settings>},
        "projects": {"<project>": {<overrides of the same shape>}},
        "bundle": {"name": "...", "launcher_version": "...",
                   "addons": {"core": "1.4.0", ...}},
        "site": {<this addon's site settings, e.g. "dev_packages_path">}
    }

Site settings (one machine and user) come from the AYON server's site
settings of this addon (``ayon_api.get_addon_site_settings`` for the
connection's site id), or from the file's ``site`` section.
"""
import copy
import json
import logging
import os
import time
from typing import Any, Dict, List, Optional, Tuple

from .exceptions import ApplicationLaunchFailed
from .server_connection import has_server
from .settings_validation import check_settings_file

log = logging.getLogger(__name__)


def apply_overrides(base: Any, override: Any) -> Any:
    """Apply ``override`` on ``base`` as the AYON server does.

    Nested models (dicts) merge field by field; lists and scalars are
    replaced whole. Neither input is modified.
    """
    if isinstance(base, dict) and isinstance(override, dict):
        merged = copy.deepcopy(base)
        for key, value in override.items():
            merged[key] = apply_overrides(base.get(key), value)
        return merged
    return copy.deepcopy(override)


def read_json_file(path: str) -> Any:
    """Parsed content of a JSON file.

    Raises:
        ApplicationLaunchFailed: The file cannot be read or is not JSON.
    """
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except OSError as exc:
        raise ApplicationLaunchFailed(
            f"Cannot read settings file \"{path}\": {exc.strerror}"
        ) from None
    except ValueError as exc:
        raise ApplicationLaunchFailed(
            f"Settings file \"{path}\" is not valid JSON: {exc}"
        ) from None


class SettingsFile:
    """Studio and project settings read from one JSON file.

    Relative rez package paths in the file are taken relative to the file,
    so an example repository can travel with its settings.

    Args:
        path: Path to the JSON file.
    """

    def __init__(self, path: str) -> None:
        self.path = os.path.abspath(path)
        data = read_json_file(path)
        if not isinstance(data, dict) or "studio" not in data:
            raise ApplicationLaunchFailed(
                f"Settings file \"{path}\" has no \"studio\" section"
            )
        check_settings_file(data, self.path)
        self._data = data

    @property
    def site(self) -> Dict[str, Any]:
        """The ``site`` section; a relative ``dev_packages_path`` is taken
        relative to the file."""
        site = copy.deepcopy(self._data.get("site") or {})
        path = site.get("dev_packages_path")
        if path and isinstance(path, str):
            site["dev_packages_path"] = os.path.normpath(os.path.join(
                os.path.dirname(self.path), os.path.expanduser(path)
            ))
        return site

    @property
    def bundle(self) -> Dict[str, Any]:
        """The ``bundle`` section (empty when the file has none)."""
        return copy.deepcopy(self._data.get("bundle") or {})

    @property
    def project_names(self) -> List[str]:
        """Projects of the ``projects`` section, in the file's order."""
        return list(self._data.get("projects") or {})

    def studio_settings(self) -> Dict[str, Any]:
        """The addon's studio settings."""
        return self._absolute_paths(self._data["studio"])

    def project_settings(self, project_name: Optional[str]) -> Dict[str, Any]:
        """The addon's settings for a project (studio when it has none)."""
        overrides = (self._data.get("projects") or {}).get(project_name)
        settings = self._data["studio"]
        if overrides:
            settings = apply_overrides(settings, overrides)
        return self._absolute_paths(settings)

    def _absolute_paths(self, settings: Dict[str, Any]) -> Dict[str, Any]:
        settings = copy.deepcopy(settings)
        base_dir = os.path.dirname(self.path)
        rez = settings.get("rez") or {}
        for key in ("packages_path", "local_cache_path"):
            value = rez.get(key)
            if not isinstance(value, dict):
                continue
            for platform_name, paths in value.items():
                if isinstance(paths, list):
                    value[platform_name] = [
                        os.path.normpath(os.path.join(base_dir, path))
                        for path in paths
                    ]
                elif paths:
                    value[platform_name] = os.path.normpath(
                        os.path.join(base_dir, paths)
                    )
        return settings


class SettingsSource:
    """Where a manager reads settings and the running bundle from.

    Settings are returned whole, keyed by addon name, as ayon-core's
    ``get_project_settings`` returns them; this addon's are under
    ``"applications"``.
    """

    def studio_settings(self) -> Dict[str, Any]:
        """Studio settings of all addons."""
        raise NotImplementedError

    def project_settings(self, project_name: str) -> Dict[str, Any]:
        """Project settings of all addons."""
        raise NotImplementedError

    def bundle_data(self, project_name: Optional[str]) -> Dict[str, Any]:
        """The running bundle as plain data (see ``bundle.BundleInfo``)."""
        raise NotImplementedError

    def site_settings(self) -> Dict[str, Any]:
        """This addon's site settings of this machine (none by default)."""
        return {}

    def project_names(self) -> List[str]:
        """Names of the projects there are settings for."""
        raise NotImplementedError


class AyonSettingsSource(SettingsSource):
    """Settings from the AYON server, through ayon-core."""

    #: Seconds site settings are reused (ayon-core caches settings alike).
    SITE_SETTINGS_TTL_S = 10.0

    def __init__(self) -> None:
        self._site: Optional[Tuple[float, Dict[str, Any]]] = None

    def site_settings(self) -> Dict[str, Any]:
        """This addon's site settings of this site (the connection's site
        id, else ``AYON_SITE_ID``), read through ayon-python-api; empty
        without a site id, or without an AYON server to ask."""
        import ayon_api

        if not has_server():
            return {}
        now = time.monotonic()
        ttl = self.SITE_SETTINGS_TTL_S
        if self._site is None or now - self._site[0] > ttl:
            from .version import __version__

            # The launcher sets the connection's site id; its processes
            #   inherit AYON_SITE_ID.
            site_id = ayon_api.get_site_id() or os.environ.get(
                "AYON_SITE_ID"
            )
            values = {}
            if site_id:
                try:
                    values = ayon_api.get_addon_site_settings(
                        "applications", __version__, site_id
                    )
                except Exception as exc:  # noqa: BLE001 - any HTTP error
                    # Without them a launch still works: no dev packages.
                    log.warning(
                        "Site settings of this addon are not readable"
                        " (%s); launching without them", exc,
                    )
            self._site = (now, dict(values or {}))
        return copy.deepcopy(self._site[1])

    def studio_settings(self) -> Dict[str, Any]:
        """Studio settings of all addons, from ayon-core."""
        from ayon_core.settings import get_studio_settings

        return get_studio_settings()

    def project_settings(self, project_name: str) -> Dict[str, Any]:
        """Project settings of all addons, from ayon-core."""
        from ayon_core.settings import get_project_settings

        return get_project_settings(project_name)

    def bundle_data(self, project_name: Optional[str]) -> Dict[str, Any]:
        """The running bundle, read through ayon-python-api."""
        from .bundle import get_running_bundle

        return get_running_bundle(project_name).to_data()

    def project_names(self) -> List[str]:
        """The active projects of the AYON server."""
        import ayon_api

        return sorted(ayon_api.get_project_names(active=True))


class FileSettingsSource(SettingsSource):
    """Settings from a JSON file, for use without an AYON server.

    Args:
        path: The settings file (see :class:`SettingsFile`).
    """

    def __init__(self, path: str) -> None:
        self.file = SettingsFile(path)

    def studio_settings(self) -> Dict[str, Any]:
        """This addon's studio settings from the file."""
        return {"applications": self.file.studio_settings()}

    def project_settings(self, project_name: str) -> Dict[str, Any]:
        """This addon's project settings from the file."""
        return {"applications": self.file.project_settings(project_name)}

    def bundle_data(self, project_name: Optional[str]) -> Dict[str, Any]:
        """The file's ``bundle`` section."""
        return self.file.bundle

    def site_settings(self) -> Dict[str, Any]:
        """The file's ``site`` section."""
        return self.file.site

    def project_names(self) -> List[str]:
        """The projects of the file's ``projects`` section."""
        return self.file.project_names
