"""The per-user resolve cache on disk, rez's side: a cached resolution
rebuilt only when needed, and the lookup before a solve and the store
after it (``resolve_cache``, ``stored_solve``: no rez there)."""
import logging
import time
from typing import Any, Dict, List, Optional, Sequence

from ..config_scope import scoped_config
from ..package_faults import vanished_failure
from ..requests import ComposedRequest
from ..resolve_cache import CacheEntry, ResolveCache
from ..resolve_inputs import (
    family_state,
    file_state,
    last_release_time,
    resolve_inputs,
)
from ..rez_settings import RezSettings
from ..stored_solve import StoredSolve
from .config import settings_config
from .resolution import Resolution
from .solves import SOLVES, clear_caches

log = logging.getLogger(__name__)

#: A touched family or package file changed this recently (seconds, before
#:   the solve or before rez's in-process caches were filled) is not
#:   stored: rez may have listed it before the change. It also absorbs
#:   clock differences with a file server.
CLOCK_MARGIN_S = 2.0


class CachedResolution(StoredSolve, Resolution):
    """A resolution kept in the on-disk resolve cache.

    Packages, time, fingerprint, ``.rxt`` and, for a parent environment
    seen before, the environment and aliases come from the stored data
    (:class:`StoredSolve`); the rez context is rebuilt from it (no solve)
    only when something else needs rez.

    (See :class:`StoredSolve` for the arguments.)
    """

    @property
    def context(self) -> Any:
        """The rez context, rebuilt from the stored data when needed."""
        if self._context is None:
            from rez.resolved_context import ResolvedContext

            with scoped_config(settings_config(self.rez_settings)):
                self._context = ResolvedContext.from_dict(
                    self.entry.context_data
                )
        return self._context

    @property
    def from_cache(self) -> bool:
        """Whether the solve came from a cache (this one or memcached)."""
        return self.from_disk or bool(
            getattr(self._context, "from_cache", False)
        )

    @property
    def cache_source(self) -> str:
        """Where the solve came from: "disk", "memcached" or ""."""
        return "disk" if self.from_disk else super().cache_source

    def environ(
        self,
        parent: Dict[str, str],
        parent_variables: Sequence[str] = (),
    ) -> Dict[str, str]:
        """The full environment: ``parent`` with the context applied
        (read back from the cache for a parent seen before)."""
        env = self._stored_environ(parent, parent_variables)
        if env is None:
            env = super().environ(parent, parent_variables)
            if self._actions_read is not None:
                # From the same interpretation: kept with the environment.
                Resolution.aliases(self)
            self._remember_environ(parent, env)
            return env
        gone = self.vanished_roots(env)
        if gone:
            raise vanished_failure(self.subject, self.request, gone)
        return env

    def aliases(self) -> Dict[str, str]:
        """Aliases of the resolved packages (see ``Resolution``)."""
        if self._aliases is not None:
            return dict(self._aliases)
        aliases = super().aliases()
        self._remember_aliases(aliases)
        return aliases


def _required_families(package: Any) -> List[str]:
    """Families a package requires, in any variant (weak ones too)."""
    names = [req.name for req in package.requires or []]
    for variant_requires in package.variants or []:
        names.extend(req.name for req in variant_requires)
    return names


class DiskCacheLookup:
    """One resolve's use of the on-disk cache: the lookup before the
    solve, the store after it.

    Args:
        request: What is resolved.
        rez_settings: Its settings (the cache among them).
        subject: What is launched, for messages.
        timestamp: The resolve's timestamp.

    Attributes:
        resolution: The cached resolution when the lookup hit.
    """

    def __init__(
        self,
        request: ComposedRequest,
        rez_settings: RezSettings,
        subject: str,
        timestamp: Optional[int],
    ) -> None:
        self.request = request
        self.rez_settings = rez_settings
        self.subject = subject
        self.resolution: Optional[CachedResolution] = None
        self.cache: Optional[ResolveCache] = None
        self.inputs: Dict[str, Any] = {}
        self.loaded: List[Any] = []
        self.started = time.time()
        if not rez_settings.resolve_cache:
            return
        self.cache = ResolveCache.open(rez_settings.resolve_cache_path)
        if self.cache is None:
            return
        self.inputs = resolve_inputs(
            rez_settings.explicit_requests(request.requests),
            rez_settings.search_paths,
            timestamp,
            rez_settings.config_overrides(),
        )
        entry, stale = self.cache.lookup(self.inputs)
        if entry is not None:
            self.resolution = CachedResolution(
                entry, self.cache, request, subject, rez_settings
            )
        elif stale:
            # Packages were released since: this process's rez caches
            #   may predate them too.
            clear_caches()

    @property
    def package_loaded(self) -> Any:
        """The solver's package-load callback (None when not caching)."""
        return self.loaded.append if self.cache is not None else None

    def store(self, context: Any, studio: Any) -> Resolution:
        """The resolution of a solved ``context``, stored when it can be
        checked later (``studio``: the resolve's rez config)."""
        entry = None
        if self.cache is not None:
            try:
                with scoped_config(studio):
                    entry = self._store(context)
            except Exception:  # noqa: BLE001 - a cache never fails a launch
                log.warning("Could not store the resolve", exc_info=True)
        if entry is None:
            return Resolution(
                context, self.request, self.subject, self.rez_settings
            )
        return CachedResolution(
            entry, self.cache, self.request, self.subject,
            self.rez_settings, context=context, from_disk=False,
        )

    def _recent_limit_ns(self) -> float:
        """Newer modification times than this are too recent to store."""
        since = self.started
        filled_at = SOLVES.filled_at
        if filled_at is not None:
            since = min(since, time.time() - (time.monotonic() - filled_at))
        return (since - CLOCK_MARGIN_S) * 1e9

    def _families(self, context: Any) -> Optional[Dict[str, Any]]:
        """State of every family the solve touched: requested, loaded,
        required by a loaded or resolved package; None when one was
        released too recently or rez sees it differently."""
        from rez.packages import get_last_release_time

        paths = self.inputs["packages_path"]
        names = {req.name for req in context.requested_packages()}
        names.update(req.name for req in context.implicit_packages)
        for package in self.loaded:
            names.add(package.name)
            names.update(_required_families(package))
        for variant in context.resolved_packages:  # all on a memcached hit
            names.add(variant.name)
            names.update(req.name for req in variant.requires or [])
        limit = self._recent_limit_ns()
        families = {}
        for name in sorted(n for n in names if not n.startswith(".")):
            states = family_state(paths, name)
            if any(state and state[-1] > limit for state in states):
                log.debug("Not caching: %s was just released", name)
                return None
            # The readings must be rez's own answer (see resolve_inputs).
            if abs(get_last_release_time(name, paths)
                   - last_release_time(states)) > 1e-3:
                log.debug("Not caching: rez sees %s differently", name)
                return None
            families[name] = states
        return families

    def _store(self, context: Any) -> Optional[CacheEntry]:
        from rez.package_repository import package_repository_manager

        for path in self.inputs["packages_path"]:
            repository = package_repository_manager.get_repository(path)
            if repository.name() != "filesystem":
                log.debug("Not caching: %s is not a filesystem repository",
                          path)
                return None
        families = self._families(context)
        if families is None:
            return None
        limit = self._recent_limit_ns()
        variants = []
        for variant in context.resolved_packages:
            filepath = getattr(variant.resource.parent, "filepath", None)
            state = file_state(filepath) if filepath else None
            if state is None or state[0] > limit:
                return None
            handle = variant.repository.get_variant_state_handle(
                variant.resource
            )
            if abs(float(handle or 0) - state[0] / 1e9) > 1e-3:
                return None
            variants.append({
                "file": filepath,
                "state": state,
                "package": variant.qualified_package_name,
                "index": variant.index,
                "repository": variant.resource.location,
                "uri": variant.uri,
                "timestamp": int(variant.timestamp or 0),
            })
        return self.cache.store(
            self.inputs, families, variants, context.to_dict()
        )
