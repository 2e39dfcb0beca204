"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/addons/library.py. The real library loads every
addon version from the addons folder; this one holds the addon instances
tests put in ``DB.addons`` (name -> version -> addon), and reads the
active bundles from ``DB.bundles``.
"""
from __future__ import annotations

from typing import Any, Optional

from ayon_server.lib.postgres import DB


class ServerAddonDefinition:
    """All versions of one addon."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def versions(self) -> dict[str, Any]:
        return DB.addons.get(self.name, {})

    def __getitem__(self, item: str) -> Any:
        return self.versions[item]

    def get(self, item: str, default: Any = None) -> Any:
        return self.versions.get(item, default)


class AddonLibrary:
    """Every installed addon, by name."""

    _instance: Optional[AddonLibrary] = None

    @classmethod
    def getinstance(cls) -> AddonLibrary:
        if cls._instance is None:
            cls._instance = AddonLibrary()
        return cls._instance

    @property
    def data(self) -> dict[str, ServerAddonDefinition]:
        return {name: ServerAddonDefinition(name) for name in DB.addons}

    async def get_addon_versions_by_variant(
        self, variant: str
    ) -> dict[str, Optional[str]]:
        """Addon versions of the bundle active for the variant."""
        active = None
        for name, bundle in DB.bundles.items():
            if variant == "production" and bundle.get("is_production"):
                active = bundle
            elif variant == "staging" and bundle.get("is_staging"):
                active = bundle
            elif bundle.get("is_dev") and name == variant:
                active = bundle
        addons = (active or {}).get("addons", {})
        return {name: addons.get(name) for name in DB.addons}
