"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/addons/__init__.py (re-exports).
"""
from ayon_server.addons.addon import BaseServerAddon
from ayon_server.addons.library import AddonLibrary, ServerAddonDefinition

__all__ = ["AddonLibrary", "BaseServerAddon", "ServerAddonDefinition"]
