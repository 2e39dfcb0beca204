"""The studio's rez settings, and the project's resolve time.

Plain data read from the addon settings; no rez import here, so the rest
of the addon can read them without loading rez.

The studio settings are the one source of rez config for launches: a
resolve sees rez's own defaults with these settings on top, never the
machine's ``REZ_CONFIG_FILE``, home ``.rezconfig`` or ``REZ_*`` variables
(see ``resolver``), so a workstation and a farm node resolve alike. The
site setting ``dev_packages_path`` (one machine, one user) is the only
local input, and farm launches drop it.
"""
import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from .definitions import current_platform
from .exceptions import ApplicationLaunchFailed
from .rules import REZ_IMPLICIT_PACKAGES, parse_timestamp
from .settings_validation import usable_memcached_uris

__all__ = ["RezSettings", "parse_timestamp", "DEFAULT_IMPLICIT_PACKAGES"]

log = logging.getLogger(__name__)

#: rez's own implicit packages (its ``rezconfig`` default), used when the
#: settings have none; rez expands the ``{system.*}`` placeholders. An
#: explicit list replaces them, an empty one means none.
DEFAULT_IMPLICIT_PACKAGES = REZ_IMPLICIT_PACKAGES

#: Site setting (AYON site settings of this addon): a local repository of
#: developer packages, searched before the studio's.
DEV_PACKAGES_PATH_KEY = "dev_packages_path"


@dataclass
class RezSettings:
    """The studio's rez settings, for this platform.

    Attributes:
        packages_path: Package repositories, searched in order.
        local_cache_path: Payload cache folder; empty when off.
        memcached_uri: memcached servers for resolve caching.
        time_limit_s: Longest a resolve may take, package loading
            included; 0 for no limit (60 s when unset, as the server
            model's default).
        implicit_packages: Requests rez adds to every resolve, as written
            in the settings (``{system.platform}`` not yet expanded).
        extra_config: Other rez config keys, applied during a resolve.
        dev_packages_path: Site setting: developer packages, searched
            before ``packages_path``; empty when off.
        studio_packages_paths: The studio's package repositories of every
            platform (tells a developer package from a studio one).
        cachable: Which packages the payload cache copies: ``all``,
            ``none`` or ``filters``.
        cachable_excludes: With ``filters``: rez package filter rules of
            packages not copied (``glob(maya*)``, ``range(foo-2+)``...).
        cachable_includes: Rules of packages copied although excluded.
        cache_size_limit_gb: Size the payload cache is pruned to (least
            recently used payloads first, never one in use); 0 for none.
        resolve_cache: Keep resolves in the per-user on-disk cache.
        resolve_cache_path: Its folder; empty for the default one.
    """

    packages_path: List[str] = field(default_factory=list)
    local_cache_path: str = ""
    memcached_uri: List[str] = field(default_factory=list)
    time_limit_s: float = 60
    implicit_packages: List[str] = field(
        default_factory=lambda: list(DEFAULT_IMPLICIT_PACKAGES)
    )
    extra_config: Dict[str, Any] = field(default_factory=dict)
    dev_packages_path: str = ""
    studio_packages_paths: List[str] = field(default_factory=list)
    cachable: str = "all"
    cachable_excludes: List[str] = field(default_factory=list)
    cachable_includes: List[str] = field(default_factory=list)
    cache_size_limit_gb: float = 0.0
    resolve_cache: bool = True
    resolve_cache_path: str = ""

    @classmethod
    def from_settings(
        cls,
        settings: Dict[str, Any],
        platform_name: Optional[str] = None,
        site_settings: Optional[Dict[str, Any]] = None,
    ) -> "RezSettings":
        """Build from the addon settings (their ``rez`` section).

        Args:
            settings: The addon's studio or project settings.
            platform_name: Platform whose paths to use (this one).
            site_settings: The addon's site settings of this machine.

        Raises:
            ApplicationLaunchFailed: ``extra_config`` is not a JSON object.
        """
        platform_name = platform_name or current_platform()
        rez = settings.get("rez") or {}
        time_limit = rez.get("resolve_time_limit_s")
        implicit = rez.get("implicit_packages")
        if implicit is None:
            implicit = list(DEFAULT_IMPLICIT_PACKAGES)
        dev_path = str(
            (site_settings or {}).get(DEV_PACKAGES_PATH_KEY) or ""
        ).strip()
        all_paths = rez.get("packages_path") or {}
        cache = rez.get("resolve_cache") or {}
        extra = rez.get("extra_config") or "{}"
        if isinstance(extra, str):
            try:
                extra = json.loads(extra)
            except ValueError as exc:
                raise ApplicationLaunchFailed(
                    f"Settings rez/extra_config is not valid JSON: {exc}"
                ) from None
        if not isinstance(extra, dict):
            raise ApplicationLaunchFailed(
                "Settings rez/extra_config must be a JSON object"
            )
        return cls(
            packages_path=list(
                (rez.get("packages_path") or {}).get(platform_name) or []
            ),
            local_cache_path=(
                (rez.get("local_cache_path") or {}).get(platform_name) or ""
            ),
            memcached_uri=usable_memcached_uris(
                rez.get("memcached_uri") or []
            ),
            time_limit_s=(
                cls.time_limit_s if time_limit in (None, "")
                else float(time_limit)
            ),
            implicit_packages=[str(request) for request in implicit],
            extra_config=extra,
            dev_packages_path=(
                os.path.expanduser(dev_path) if dev_path else ""
            ),
            studio_packages_paths=[
                path
                for paths in all_paths.values()
                if isinstance(paths, list)
                for path in paths
            ],
            cachable=_cachable_mode(rez.get("cachable") or cls.cachable),
            cachable_excludes=[
                str(rule) for rule in rez.get("cachable_excludes") or []
            ],
            cachable_includes=[
                str(rule) for rule in rez.get("cachable_includes") or []
            ],
            cache_size_limit_gb=float(rez.get("cache_size_limit_gb") or 0),
            resolve_cache=bool(cache.get("enabled", True)),
            resolve_cache_path=(
                (cache.get("path") or {}).get(platform_name) or ""
            ),
        )

    @property
    def cache_size_limit_bytes(self) -> int:
        """:attr:`cache_size_limit_gb` in bytes; 0 for no limit."""
        return int(self.cache_size_limit_gb * 1024 ** 3)

    @property
    def search_paths(self) -> List[str]:
        """Repositories a resolve searches: developer ones first."""
        if self.dev_packages_path:
            return [self.dev_packages_path, *self.packages_path]
        return list(self.packages_path)

    def outside_studio(
        self, packages: Iterable[Tuple[str, str]]
    ) -> List[Tuple[str, str]]:
        """The ``(package, repository)`` pairs whose repository is not one
        of the studio's (of any platform): developer packages."""
        known = {
            _normalized_path(repo)
            for repo in [*self.packages_path, *self.studio_packages_paths]
        }
        return [
            (package, repository) for package, repository in packages
            if _normalized_path(repository) not in known
        ]

    def explicit_requests(self, requests: Sequence[str]) -> List[str]:
        """``requests`` without the implicit packages: rez adds those
        itself, after the request, as ``rez env`` does."""
        implicit = set(self.implicit_packages)
        return [text for text in requests if text not in implicit]

    def ensure_cache_folder(self) -> None:
        """Create the payload cache folder before rez looks for it.

        rez disables payload caching for the rest of the process the
        first time it finds the folder missing.
        """
        if not self.local_cache_path:
            return
        try:
            os.makedirs(self.local_cache_path, exist_ok=True)
        except OSError as exc:
            log.warning(
                "Local package cache \"%s\" is not usable: %s",
                self.local_cache_path, exc,
            )

    def config_overrides(
        self, parent_variables: Sequence[str] = ()
    ) -> Dict[str, Any]:
        """The rez config of a resolve, on top of rez's own defaults.

        ``extra_config`` with the dedicated settings over it; the
        implicit packages as written (rez expands them).

        Args:
            parent_variables: Variables packages extend (``PATH``...),
                before any ``parent_variables`` of ``extra_config``.
        """
        overrides = dict(self.extra_config)
        if parent_variables:
            studio_vars = list(overrides.get("parent_variables") or [])
            overrides["parent_variables"] = list(parent_variables) + [
                name for name in studio_vars if name not in parent_variables
            ]
        overrides["packages_path"] = self.search_paths
        overrides["implicit_packages"] = list(self.implicit_packages)
        if self.memcached_uri:
            overrides["memcached_uri"] = list(self.memcached_uri)
            overrides["resolve_caching"] = True
        if self.local_cache_path:
            overrides["cache_packages_path"] = self.local_cache_path
        return overrides


def _normalized_path(path: str) -> str:
    return os.path.normcase(os.path.normpath(path)).rstrip("\\/")


#: Values of ``rez/cachable``.
CACHABLE_MODES = ("all", "none", "filters")


def _cachable_mode(value: Any) -> str:
    """A ``rez/cachable`` value, checked.

    Raises:
        ApplicationLaunchFailed: Not one of :data:`CACHABLE_MODES`.
    """
    if value not in CACHABLE_MODES:
        raise ApplicationLaunchFailed(
            f"Settings rez/cachable \"{value}\" is not one of "
            + ", ".join(CACHABLE_MODES)
        )
    return str(value)
