"""What a resolve kept in the on-disk cache resolved, read without rez.

:class:`StoredSolve` answers what the rest of the addon asks of a
resolution (packages, variants, time, fingerprint, the ``.rxt`` file,
the environment and aliases of a parent environment seen before) from a
resolve cache entry (``resolve_cache.py``). ``resolver.CachedResolution``
combines it with ``resolver.Resolution``, which rebuilds the rez context
from the stored data only when something needs rez.
"""
import hashlib
import json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from .output import write_text_atomically
from .package_faults import vanished_roots
from .requests import ComposedRequest
from .resolve_cache import CacheEntry, ResolveCache
from .resolve_inputs import environ_inputs
from .rez_settings import RezSettings


class StoredSolve:
    """The answers of ``SolvedContext`` from a resolve cache entry.

    A mixin put before ``SolvedContext`` (whose constructor reads the
    context, which this one does not have yet): the class it is mixed
    into provides ``environ`` and ``aliases`` through rez (called when
    the cache has no answer) and the ``_parent``, ``_parent_variables``,
    ``_aliases`` attributes they keep.
    """

    entry: CacheEntry
    cache: ResolveCache
    from_disk: bool
    _aliases: Optional[Dict[str, str]] = None
    request: ComposedRequest
    subject: str
    rez_settings: RezSettings

    def __init__(
        self,
        entry: CacheEntry,
        cache: ResolveCache,
        request: ComposedRequest,
        subject: str,
        rez_settings: RezSettings,
        context: Any = None,
        from_disk: bool = True,
    ) -> None:
        """Args: the cache entry and its cache; the request, subject and
        settings as ``SolvedContext``; the context, when this process
        just solved it; whether the solve came from the cache (False
        when this process solved and stored it)."""
        self._context = context
        self.entry = entry
        self.cache = cache
        self.from_disk = from_disk
        self.request = request
        self.subject = subject
        self.rez_settings = rez_settings
        self.reused_from: Optional[str] = None
        self.dev_packages = rez_settings.outside_studio(
            (item["package"], item["repository"])
            for item in entry.body["variants"]
        )
        self._environ_inputs: Optional[Dict[str, Any]] = None
        self._environ_variables: Dict[str, str] = {}

    @property
    def packages(self) -> List[str]:
        """Resolved packages as ``name-version``, in resolve order."""
        return [item["package"] for item in self.entry.body["variants"]]

    @property
    def variants(self) -> List[Dict[str, Any]]:
        """Resolved variants: package, index and repository."""
        return [
            {key: item[key] for key in ("package", "index", "repository")}
            for item in self.entry.body["variants"]
        ]

    @property
    def package_versions(self) -> Dict[str, str]:
        """Resolved package name to version."""
        # rez package names cannot contain "-".
        return dict(name.split("-", 1) for name in self.packages)

    @property
    def timestamp(self) -> int:
        """Time a later resolve as of which gets these packages again
        (as ``SolvedContext.timestamp``)."""
        data = self.entry.context_data
        resolved_as_of = int(
            data.get("requested_timestamp") or data["timestamp"]
        )
        released = [
            item["timestamp"] for item in self.entry.body["variants"]
            if item["timestamp"]
        ]
        return max([resolved_as_of, *released])

    def vanished_roots(self, env: Mapping[str, str]) -> List[Tuple[str, str]]:
        """Resolved packages whose root in ``env`` is gone (as
        ``SolvedContext.vanished_roots``)."""
        return vanished_roots(env, {
            package.split("-", 1)[0]: package for package in self.packages
        })

    @property
    def solve_time(self) -> float:
        """Seconds the solve took: 0 when read from the cache."""
        if self.from_disk:
            return 0.0
        return float(self.entry.context_data.get("solve_time") or 0.0)

    @property
    def missing_packages(self) -> List[str]:
        """Resolved packages whose definition is no longer there."""
        return [
            item["package"] for item in self.entry.body["variants"]
            if not os.path.exists(item["file"])
        ]

    def fingerprint(self) -> str:
        """Hex digest of the request and the resolved variants (as
        ``SolvedContext.fingerprint``)."""
        digest = hashlib.sha1()
        for text in self.request.requests:
            digest.update(f"request {text}\n".encode())
        for item in self.entry.body["variants"]:
            digest.update(f"variant {item['uri']}\n".encode())
        return digest.hexdigest()

    def save(self, path: str) -> str:
        """Write the context as ``.rxt``, as rez writes it, atomically."""
        text = json.dumps(
            self.entry.context_data,
            indent=4,
            separators=(",", ": "),
            sort_keys=True,
        )
        return write_text_atomically(path, text)

    def _stored_environ(
        self, parent: Dict[str, str], parent_variables: Sequence[str]
    ) -> Optional[Dict[str, str]]:
        """The environment kept for this parent, or None (then the
        caller builds it with rez and calls :meth:`_remember_environ`).

        Not with a local payload cache: rez points packages at their
        cached copies once they are copied, so its answer changes.
        """
        self._environ_inputs = None
        if self.rez_settings.local_cache_path:
            return None
        extended = [name for name in parent_variables if parent.get(name)]
        self._environ_inputs = environ_inputs(
            self.entry.checksum,
            parent,
            self.rez_settings.config_overrides(extended),
        )
        stored = self.cache.environ(self.entry, self._environ_inputs)
        if stored is None:
            return None
        self._environ_variables = stored["variables"]
        self._parent = dict(parent)
        self._parent_variables = extended
        self._aliases = stored.get("aliases")
        env = dict(parent)
        env.update(self._environ_variables)
        return env

    def _remember_environ(
        self, parent: Dict[str, str], env: Dict[str, str]
    ) -> None:
        """Keep what rez changed in ``parent`` (never the parent's own
        variables: secrets stay out of the cache), and the aliases when
        the same interpretation gave them."""
        if self._environ_inputs is None:
            return
        self._environ_variables = {
            key: value for key, value in env.items()
            if parent.get(key) != value
        }
        self.cache.store_environ(
            self.entry, self._environ_inputs, self._environ_variables,
            self._aliases,
        )

    def _remember_aliases(self, aliases: Dict[str, str]) -> None:
        """Add the aliases rez found to the kept environment."""
        if self._environ_inputs is None:
            return
        self.cache.store_environ(
            self.entry, self._environ_inputs, self._environ_variables,
            aliases,
        )
