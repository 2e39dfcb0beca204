"""Settings overrides of Ynput's Applications addon, converted when a
bundle moves to this addon (``convert_settings_overrides``).

The conversion itself is the shared rules' ``ynput_settings`` (one copy
for the server and the client's ``wrap-installations``). What it could
not convert is logged with its settings path.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Optional

from .shared_rules import rules

try:
    from ayon_server.logging import logger
except ImportError:  # pragma: no cover - servers before ayon_server.logging
    from nxtools import logging as logger

if TYPE_CHECKING:
    from ayon_server.addons import BaseServerAddon


async def convert_settings_overrides(
    addon: BaseServerAddon,
    source_version: str,
    overrides: dict[str, Any],
) -> dict[str, Any]:
    """Overrides of ``source_version`` in this addon's shape.

    Overrides of Ynput's 1.x shape are converted (studio overrides over
    the defaults of ``source_version`` when that version is installed);
    overrides already in this addon's shape pass through unchanged.
    """
    ynput = rules.ynput_settings
    if not ynput.is_ynput_shape(overrides):
        return overrides
    defaults = await _source_defaults(addon, source_version)
    conversion = ynput.convert_overrides(
        overrides, source_defaults=defaults, icon_files=_icon_files(addon),
    )
    where = f"{addon.name} {source_version} -> {addon.version}"
    if defaults is None:
        logger.warning(
            f"{where}: defaults of {source_version} not available; only"
            " what the overrides hold is converted"
        )
    for note in conversion.notes:
        logger.warning(f"{where}: settings conversion: {note}")
    logger.info(
        f"{where}: settings converted ({len(conversion.wrappers)} variants"
        " request wrapper packages: run wrap-installations)"
    )
    return conversion.settings


async def _source_defaults(
    addon: BaseServerAddon, source_version: str
) -> Optional[dict[str, Any]]:
    """Default settings of the version converted from, if installed."""
    definition = getattr(addon, "definition", None)
    source = definition.get(source_version) if definition else None
    if source is None:
        return None
    try:
        defaults = await source.get_default_settings()
    except Exception as exc:  # its own code; a failure must not stop us
        logger.warning(
            f"{addon.name} {source_version}: default settings could not"
            f" be read ({exc})"
        )
        return None
    return None if defaults is None else defaults.dict()


def _icon_files(addon: BaseServerAddon) -> list[str]:
    icons_dir = os.path.join(addon.addon_dir, "public", "icons")
    try:
        return sorted(os.listdir(icons_dir))
    except OSError:
        return []
