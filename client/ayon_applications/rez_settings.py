"""The studio's rez settings, and the project's resolve time.

Plain data read from the addon settings; no rez import here, so the rest
of the addon can read them without loading rez.
"""
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .definitions import current_platform
from .exceptions import ApplicationLaunchFailed
from .rules import parse_timestamp

__all__ = ["RezSettings", "parse_timestamp"]


@dataclass
class RezSettings:
    """The studio's rez settings, for this platform.

    Attributes:
        packages_path: Package repositories, searched in order.
        local_cache_path: Payload cache folder; empty when off.
        memcached_uri: memcached servers for resolve caching.
        time_limit_s: Longest a resolve may take; 0 for no limit (60 s
            when unset, as the server model's default).
        implicit_packages: Requests added to every resolve.
        extra_config: Other rez config keys, applied during a resolve.
    """

    packages_path: List[str] = field(default_factory=list)
    local_cache_path: str = ""
    memcached_uri: List[str] = field(default_factory=list)
    time_limit_s: float = 60
    implicit_packages: List[str] = field(default_factory=list)
    extra_config: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(
        cls, settings: Dict[str, Any], platform_name: Optional[str] = None
    ) -> "RezSettings":
        """Build from the addon settings (their ``rez`` section).

        Raises:
            ApplicationLaunchFailed: ``extra_config`` is not a JSON object.
        """
        platform_name = platform_name or current_platform()
        rez = settings.get("rez") or {}
        time_limit = rez.get("resolve_time_limit_s")
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
            memcached_uri=list(rez.get("memcached_uri") or []),
            time_limit_s=(
                cls.time_limit_s if time_limit in (None, "")
                else float(time_limit)
            ),
            implicit_packages=list(rez.get("implicit_packages") or []),
            extra_config=extra,
        )

    def config_overrides(self) -> Dict[str, Any]:
        """rez config keys this resolve sets, beside ``extra_config``."""
        overrides = dict(self.extra_config)
        if self.memcached_uri:
            overrides["memcached_uri"] = list(self.memcached_uri)
            overrides["resolve_caching"] = True
        if self.local_cache_path:
            overrides["cache_packages_path"] = self.local_cache_path
        return overrides
