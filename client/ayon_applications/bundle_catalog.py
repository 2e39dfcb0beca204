"""The AYON server's bundles, for what ``rezify-bundle`` stamps on them.

Each package ``rezify-bundle`` writes carries a release time from the
server, not the time it was written, so a project pinned to a time
(``project_overrides/timestamp``) sees AYON packages as it sees any
other: a bundle's packages carry the bundle's ``createdAt``; an addon
version or a launcher version that several bundles share carries the
earliest ``createdAt`` among them (archived bundles included).
"""
import datetime
import time
from typing import Any, Dict, Iterable, List, Optional


def parse_server_time(value: Any) -> Optional[int]:
    """Epoch seconds of a server time (ISO 8601; UTC when no zone).

    Returns:
        None for an empty or unreadable value.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp())


class BundleCatalog:
    """All bundles of the server by name, and times taken from them.

    Args:
        bundles: Items of ``GET /api/bundles?archived=true``.
    """

    def __init__(self, bundles: Iterable[Dict[str, Any]]) -> None:
        self.bundles: Dict[str, Dict[str, Any]] = {
            item["name"]: item for item in bundles if item.get("name")
        }

    @classmethod
    def from_server(cls) -> "BundleCatalog":
        """Read every bundle, archived ones too."""
        import ayon_api

        response = ayon_api.get("bundles", archived="true")
        if response.status_code == 200 and isinstance(response.data, dict):
            return cls(response.data.get("bundles") or [])
        return cls((ayon_api.get_bundles() or {}).get("bundles") or [])

    def get(self, name: Optional[str]) -> Optional[Dict[str, Any]]:
        """The bundle named ``name``, or None."""
        return self.bundles.get(name) if name else None

    def created(self, name: Optional[str]) -> Optional[int]:
        """``createdAt`` of a bundle (epoch seconds), if known."""
        return parse_server_time((self.get(name) or {}).get("createdAt"))

    def updated(self, name: Optional[str]) -> Optional[int]:
        """``updatedAt`` of a bundle, else its ``createdAt``."""
        bundle = self.get(name) or {}
        return parse_server_time(bundle.get("updatedAt")) or self.created(
            name
        )

    def addon_created(self, addon_name: str, version: str) -> Optional[int]:
        """Earliest ``createdAt`` of the bundles holding that version."""
        return _earliest(
            parse_server_time(bundle.get("createdAt"))
            for bundle in self.bundles.values()
            if (bundle.get("addons") or {}).get(addon_name) == version
        )

    def launcher_created(self, version: str) -> Optional[int]:
        """Earliest ``createdAt`` of the bundles using that launcher."""
        return _earliest(
            parse_server_time(bundle.get("createdAt"))
            for bundle in self.bundles.values()
            if bundle.get("installerVersion") == version
        )


def _earliest(times: Iterable[Optional[int]]) -> Optional[int]:
    known: List[int] = [value for value in times if value is not None]
    return min(known) if known else None


def now() -> int:
    """The fallback release time: now."""
    return int(time.time())
