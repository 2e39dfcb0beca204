"""Settings overrides of Ynput's Applications addon, converted when a
bundle moves to this addon (``convert_settings_overrides``).

The conversion itself is the client's ``ayon_applications.ynput``
package, one copy for both sides: ``create_package.py`` puts it into
this folder as ``ynput/``; in the source tree it is loaded from
``client/``. What it could not convert is logged with its settings path.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any, Optional

try:
    from ayon_server.logging import logger
except ImportError:  # pragma: no cover - servers before ayon_server.logging
    from nxtools import logging as logger

if TYPE_CHECKING:
    from ayon_server.addons import BaseServerAddon

_SOURCE_TREE_COPY = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "client", "ayon_applications", "ynput",
)


def _conversion_package() -> ModuleType:
    """The ``ynput`` package: the packaged copy, else the source tree's."""
    try:
        from . import ynput
    except ImportError:
        name = f"{__package__}.ynput"
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.spec_from_file_location(
            name, os.path.join(_SOURCE_TREE_COPY, "__init__.py"),
            submodule_search_locations=[_SOURCE_TREE_COPY],
        )
        ynput = importlib.util.module_from_spec(spec)
        sys.modules[name] = ynput
        try:
            spec.loader.exec_module(ynput)
        except BaseException:
            del sys.modules[name]
            raise
    return ynput


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
    ynput = _conversion_package()
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
