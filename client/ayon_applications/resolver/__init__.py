"""Resolving a launch request with rez, in-process.

This package is the only part of the addon that imports rez (each of its
modules only at call time: importing it imports no rez). Every failure a
user can cause ends here as :class:`ApplicationLaunchFailed`, whose
message names what was launched, the full request with the origin of
each part, and rez's own explanation.

rez config: every use of rez here runs with the studio's config
(:func:`studio_config`: rez's own defaults with the studio settings on
top, locked) scoped to its thread (``config_scope``), so the machine's
``REZ_CONFIG_FILE``, home ``.rezconfig`` and ``REZ_*`` variables do not
change a launch. A solve runs in its own thread (``bounded_run``), so the
time limit bounds all of it, package loading included, and no lock is
held: a slow resolve never holds up another one of the process.

Modules: ``config`` (the studio config), ``resolution`` (a solved
context: environment, aliases, origins, graph), ``solve`` (solving and
reusing saved contexts), ``solves`` (the resolves running in this process
and rez's in-process caches), ``package_files`` (package files on
memcached), ``disk_cache`` (the per-user resolve cache, rez's side),
``payloads`` (the local payload cache, rez's side).
"""
from ..rez_settings import RezSettings
from .config import settings_config, studio_config
from .disk_cache import CLOCK_MARGIN_S, CachedResolution, DiskCacheLookup
from .package_files import package_file_cache
from .payloads import (
    PAYLOAD_BEING_COPIED,
    PAYLOAD_COPIED,
    PAYLOAD_FOUND,
    PAYLOAD_NO_SPACE,
    PAYLOAD_STALLED,
    PayloadCandidate,
    cached_payloads,
    copy_payload,
    payload_candidates,
    purge_removed_payloads,
    remove_cached_payload,
)
from .resolution import Resolution
from .solve import (
    failure_graph_dot,
    load_resolution,
    nearest_families,
    package_versions,
    resolve,
)
from .solves import SOLVES, clear_caches

__all__ = [
    "CLOCK_MARGIN_S",
    "PAYLOAD_BEING_COPIED",
    "PAYLOAD_COPIED",
    "PAYLOAD_FOUND",
    "PAYLOAD_NO_SPACE",
    "PAYLOAD_STALLED",
    "SOLVES",
    "CachedResolution",
    "DiskCacheLookup",
    "PayloadCandidate",
    "Resolution",
    "RezSettings",
    "cached_payloads",
    "clear_caches",
    "copy_payload",
    "failure_graph_dot",
    "load_resolution",
    "nearest_families",
    "package_file_cache",
    "package_versions",
    "payload_candidates",
    "purge_removed_payloads",
    "remove_cached_payload",
    "resolve",
    "settings_config",
    "studio_config",
]
