"""Resolving a launch request with rez, in-process.

This package is the only part of the addon that imports rez. Every failure
a user can cause ends here as :class:`ApplicationLaunchFailed`, whose
message names what was launched, the full request with the origin of each
part, and rez's own explanation.

rez config: every use of rez here runs with the studio's config scoped to
its thread (``config_scope``): rez's own defaults with the studio settings
on top, locked, so the machine's ``REZ_CONFIG_FILE``, home ``.rezconfig``
and ``REZ_*`` variables do not change a launch.

- ``rez_config``: the studio's rez config;
- ``solve``: :func:`resolve` (in a bounded thread, no lock held),
  :func:`load_resolution` (a saved solve, for the farm);
- ``resolution``: :class:`Resolution`, what a launch reads from a solve.
"""
from ..rez_settings import RezSettings
from .resolution import Resolution
from .rez_config import EFFECTIVE_KEYS, studio_config
from .solve import SOLVES, clear_caches, load_resolution, resolve

__all__ = [
    "EFFECTIVE_KEYS",
    "RezSettings",
    "Resolution",
    "SOLVES",
    "clear_caches",
    "load_resolution",
    "resolve",
    "studio_config",
]
