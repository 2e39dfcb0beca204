"""Resolving a launch request with rez, in-process.

This is the only module of the addon that imports rez. Every failure a user
can cause ends here as :class:`ApplicationLaunchFailed`, whose message
names what was launched, the full request with the origin of each part,
and rez's own explanation.

rez config: every use of rez here runs with the studio's config
(:func:`studio_config`: rez's own defaults with the studio settings on
top, locked) scoped to its thread (``config_scope``), so the machine's
``REZ_CONFIG_FILE``, home ``.rezconfig`` and ``REZ_*`` variables do not
change a launch. A solve runs in its own thread (``bounded_run``), so the
time limit bounds all of it, package loading included, and no lock is
held: a slow resolve never holds up another one of the process.
"""
import contextlib
import copy
import difflib
import json
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Optional,
    Sequence,
    Tuple,
)

from .bounded_run import TimeLimitExceeded, run_bounded
from .config_scope import (
    ConfigCache,
    config_values,
    install_thread_scoping,
    scoped_config,
)
from .exceptions import ApplicationLaunchFailed
from .package_faults import (
    guard_package_code,
    unreadable_failure,
    vanished_failure,
)
from .requests import ComposedRequest
from .resolve_cache import CacheEntry, ResolveCache
from .resolve_errors import (
    check_packages_paths,
    dev_packages_on_farm,
    failure,
    not_found_hints,
    raised_details,
    time_limit_failure,
)
from .resolve_inputs import (
    family_state,
    file_state,
    last_release_time,
    resolve_inputs,
)
from .rez_settings import RezSettings
from .saved_contexts import (
    SavedContextRejected,
    artist_packages,
    check_context_data,
    read_context_data,
    saved_package_locations,
)
from .solve_tracker import SolveTracker
from .solved_context import SolvedContext
from .stored_solve import StoredSolve

log = logging.getLogger(__name__)

#: Studio rez configs by their settings; few distinct ones in a process.
_STUDIO_CONFIGS = ConfigCache()
#: rez's comment before a package's variables or commands (``get_actions``).
_PACKAGE_COMMENT_RE = re.compile(
    r"^(?:variables for package|(?:pre_|post_)?commands from package)"
    r" (\S+?)(?:\[\d*\])?$"
)


def studio_config(overrides: Dict[str, Any]) -> Any:
    """A rez ``Config``: rez's own defaults, ``overrides`` on top.

    Locked: ``REZ_*`` variables are ignored, and no other config file is
    read. The ``{system.*}`` placeholders are expanded by rez when a
    setting is read; the expansion is part of the cache key, so a changed
    platform (tests patch it) gets a fresh config.

    Raises:
        ApplicationLaunchFailed: A key is not a rez setting, or rez
            refuses its value.
    """
    from rez.config import (
        Config,
        config,
        expand_system_vars,
        get_module_root_config,
    )
    from rez.exceptions import ConfigurationError

    install_thread_scoping(config)
    key = json.dumps(
        [overrides, expand_system_vars(overrides.get("implicit_packages"))],
        sort_keys=True,
        default=str,
    )
    found = _STUDIO_CONFIGS.get(key)
    if found is not None:
        return found
    known = set(Config._schema_keys) | {"plugins"}
    unknown = sorted(name for name in overrides if name not in known)
    if unknown:
        raise ApplicationLaunchFailed(
            "Settings rez/extra_config: not a rez setting: "
            + ", ".join(unknown)
        )
    built = Config(
        [get_module_root_config()],
        overrides=copy.deepcopy(overrides),
        locked=True,
    )
    for name in overrides:
        try:
            getattr(built, name)
        except ConfigurationError as exc:
            raise ApplicationLaunchFailed(
                f"Settings rez/extra_config: {exc}"
            ) from None
    _STUDIO_CONFIGS.put(key, built)
    return built


def settings_config(
    rez_settings: RezSettings, parent_variables: Sequence[str] = ()
) -> Any:
    """The studio config of ``rez_settings`` (see ``config_overrides``)."""
    return studio_config(rez_settings.config_overrides(parent_variables))


class Resolution(SolvedContext):
    """A solved rez context for one launch, with what needs rez to read
    (see :class:`SolvedContext` for the arguments)."""

    # Set by environ(): aliases are interpreted on the same parent.
    _parent: Optional[Dict[str, str]] = None
    _parent_variables: Sequence[str] = ()
    _aliases: Optional[Dict[str, str]] = None
    _actions_read: Optional[List[Any]] = None

    @property
    def effective_config(self) -> Dict[str, Any]:
        """The rez config values of the resolve (``resolve`` shows them)."""
        return config_values(settings_config(self.rez_settings))

    def environ(
        self,
        parent: Dict[str, str],
        parent_variables: Sequence[str] = (),
    ) -> Dict[str, str]:
        """The full environment: ``parent`` with the context applied.

        Args:
            parent: The environment the context is applied on.
            parent_variables: Variables that packages extend rather than
                replace (for example ``PATH``, ``PYTHONPATH``), as rez's
                ``parent_variables`` setting.

        Raises:
            ApplicationLaunchFailed: A package's ``commands()`` failed,
                or a resolved package's folder is gone.
        """
        # An empty parent value would leave a dangling separator.
        self._parent = dict(parent)
        self._parent_variables = [
            name for name in parent_variables if parent.get(name)
        ]
        self._aliases = None
        # The launch reads the aliases (its command may be one) and
        #   ``resolve`` the variables' origins next: the actions come from
        #   the same interpretation, not from a second one.
        rez_env, self._actions_read = self._interpret(
            lambda context: _environ_and_actions(context, parent)
        )
        gone = self.vanished_roots(rez_env)
        if gone:
            raise vanished_failure(self.subject, self.request, gone)
        env = dict(parent)
        env.update({key: str(value) for key, value in rez_env.items()})
        return env

    def aliases(self) -> Dict[str, str]:
        """Aliases the resolved packages define (``alias()`` in their
        commands), name to text, as rez's own actions of the context
        give them; interpreted on the last :meth:`environ` parent.

        Raises:
            ApplicationLaunchFailed: A package's ``commands()`` failed.
        """
        if self._aliases is None:
            from rez.rex import Alias

            self._aliases = {}
            for action in self._actions():
                if isinstance(action, Alias):
                    name, text = action.args[0], action.args[1]
                    self._aliases[str(name)] = str(text)
        return dict(self._aliases)

    def variable_origins(self) -> Dict[str, List[str]]:
        """Which package set each variable of the last :meth:`environ`.

        Read from the actions rez records while it applies the context
        (the comment before each package's variables and commands names
        it); for ``resolve``.

        Returns:
            ``{variable: ["rez package maya-2025.1", ...]}``; rez's own
            variables are ``"rez context"``, the system paths it appends
            ``"rez (system paths)"``.
        """
        from rez.rex import Comment, EnvAction

        origin = "rez context"
        origins: Dict[str, List[str]] = {}
        for action in self._actions():
            if isinstance(action, Comment):
                text = str(action.args[0]) if action.args else ""
                match = _PACKAGE_COMMENT_RE.match(text)
                if match:
                    origin = f"rez package {match.group(1)}"
                elif text == "post system setup":
                    origin = "rez (system paths)"
            elif isinstance(action, EnvAction):
                names = origins.setdefault(action.key, [])
                if origin not in names:
                    names.append(origin)
        return origins

    def _actions(self) -> List[Any]:
        """rez's actions of the context on the last :meth:`environ`
        parent (read once)."""
        if self._actions_read is None:
            self._actions_read = self._interpret(
                lambda context: context.get_actions(
                    parent_environ=self._parent or {}
                )
            )
        return self._actions_read

    def graph_dot(self) -> str:
        """rez's resolve graph of the context, as Graphviz dot text."""
        return self.context.graph(as_dot=True)

    def _interpret(self, call: Any) -> Any:
        from rez.exceptions import RezError

        config = settings_config(self.rez_settings, self._parent_variables)
        try:
            with scoped_config(config), guard_package_code(
                self.subject, self.request, self.rez_settings.search_paths
            ), package_file_cache(self.rez_settings):
                return call(self.context)
        except (RezError, ValueError, TypeError, NameError) as exc:
            raise failure(
                self.subject,
                self.request,
                "rez could not make the environment of the resolved"
                f" packages ({type(exc).__name__})",
                str(exc),
            ) from None


def _environ_and_actions(
    context: Any, parent: Dict[str, str]
) -> "tuple[Dict[str, str], Optional[List[Any]]]":
    """What rez's ``get_environ`` and ``get_actions`` return, from one
    interpretation of the packages' ``commands()``.

    Both run the same interpretation and keep one of its outputs; a
    launch needs both (the environment, then the aliases its command may
    be), and the interpretation is as slow as loading every resolved
    package. Without rez's executor methods (another rez version): the
    environment alone (the actions are then interpreted when asked).
    """
    create = getattr(context, "_create_executor", None)
    execute = getattr(context, "_execute", None)
    if create is None or execute is None or not context.success:
        return context.get_environ(parent_environ=parent), None
    from rez.rex import Python

    executor = create(Python(target_environ={}, passive=True), parent)
    execute(executor)
    return executor.get_output(), executor.actions


def _aliases_in(actions: List[Any]) -> Dict[str, str]:
    """The aliases among rez actions, name to text."""
    from rez.rex import Alias

    return {
        str(action.args[0]): str(action.args[1])
        for action in actions if isinstance(action, Alias)
    }


def _clear_rez_caches() -> None:
    from rez.system import system

    system.clear_caches()


#: Resolves running in this process; caches are dropped between them.
SOLVES = SolveTracker(_clear_rez_caches)


def _stop_when(abandoned: threading.Event) -> Any:
    """Solver callback: stop once nobody waits for the result."""
    from rez.solver import SolverCallbackReturn

    def callback(state: Any) -> Any:
        if abandoned.is_set():
            return SolverCallbackReturn.abort, "the time limit was exceeded"
        return SolverCallbackReturn.keep_going, ""

    return callback


def _unsolved_details(context: Any) -> str:
    from rez.utils.resolve_graph import failure_detail_from_graph

    lines = [context.failure_description or str(context.status)]
    try:
        graph = context.graph(as_dot=False)
        if graph is not None:
            lines.append(failure_detail_from_graph(graph))
    except Exception:  # noqa: BLE001 - the explanation is best effort
        log.debug("No resolve graph for the failure", exc_info=True)
    return "\n".join(line for line in lines if line)


def resolve(
    request: ComposedRequest,
    rez_settings: RezSettings,
    subject: str,
    timestamp: Optional[int] = None,
) -> Resolution:
    """Solve ``request`` with rez, within the settings' time limit.

    Args:
        request: What to resolve; parts equal to the settings' implicit
            packages are left to rez, which adds them as ``rez env`` does.
        rez_settings: Package paths (developer path first), caching,
            limits and rez config.
        subject: What is launched, e.g. ``"maya/2025" in project "demo"``;
            it starts every error message.
        timestamp: Ignore packages released after this time.

    Raises:
        ApplicationLaunchFailed: The request could not be solved.
    """
    # Before rez is imported: a cache hit needs no rez at all.
    disk = DiskCacheLookup(request, rez_settings, subject, timestamp)
    if disk.resolution is not None:
        return _resolved(disk.resolution, rez_settings, subject)

    from rez.config import config
    from rez.exceptions import RezError
    from rez.package_filter import PackageFilterList
    from rez.package_order import PackageOrderList
    from rez.resolved_context import ResolvedContext
    from rez.version import VersionError

    studio = settings_config(rez_settings)
    requests = rez_settings.explicit_requests(request.requests)
    paths = rez_settings.search_paths
    SOLVES.drop_stale()

    def solve(abandoned: threading.Event) -> Any:
        # The guard runs in the solve's thread: an exit or interrupt met
        #   there is package code's, never the user's Ctrl+C.
        with scoped_config(studio), SOLVES.running(), guard_package_code(
            subject, request, paths
        ), package_file_cache(rez_settings):
            check_packages_paths(subject, request, paths)
            rez_settings.ensure_cache_folder()
            # Given explicitly: rez's defaults are process-wide singletons
            #   made once from the process's own config.
            return ResolvedContext(
                requests,
                package_paths=list(paths),
                add_implicit_packages=True,
                package_filter=PackageFilterList.from_pod(
                    config.package_filter
                ),
                package_orderers=PackageOrderList.from_pod(
                    config.package_orderers
                ),
                timestamp=timestamp,
                callback=_stop_when(abandoned),
                package_load_callback=disk.package_loaded,
                package_caching=bool(rez_settings.local_cache_path),
                package_cache_async=False,
            )

    try:
        context = run_bounded(
            solve, rez_settings.time_limit_s, f"rez resolve {subject}"
        )
    except TimeLimitExceeded:
        raise time_limit_failure(
            subject, request, rez_settings.time_limit_s, "the resolve"
        ) from None
    except (RezError, VersionError) as exc:
        # rez takes a folder it may not list for an empty one
        unreadable = unreadable_failure(subject, request, paths, str(exc))
        if unreadable is not None:
            raise unreadable from None
        raise failure(
            subject,
            request,
            "rez could not read the request",
            raised_details(request, str(exc))
            + not_found_hints(
                str(exc),
                lambda name: nearest_families(name, paths),
                lambda name: package_versions(name, paths),
            ),
        ) from None
    if not context.success:
        unsolved = failure(
            subject,
            request,
            f"rez could not resolve the request ({context.status.name})",
            _unsolved_details(context),
        )
        unsolved.rez_context = context  # type: ignore[attr-defined]
        raise unsolved
    return _resolved(disk.store(context, studio), rez_settings, subject)


def _resolved(
    resolution: Resolution, rez_settings: RezSettings, subject: str
) -> Resolution:
    """Log a resolve; returns it."""
    log.info(
        "Resolved %s in %.3f s%s: %s",
        subject, resolution.solve_time,
        f" ({resolution.cache_source})" if resolution.cache_source else "",
        " ".join(resolution.packages),
    )
    if resolution.dev_packages:
        log.warning(
            "%s uses developer packages (site setting dev_packages_path"
            " \"%s\"): %s",
            subject,
            rez_settings.dev_packages_path,
            ", ".join(name for name, _repo in resolution.dev_packages),
        )
    return resolution


def _normalized_requests(requests: Iterable[Any]) -> List[str]:
    """Requests as rez writes them; empty when one is invalid."""
    from rez.utils.formatting import PackageRequest

    try:
        return [str(PackageRequest(str(text))) for text in requests]
    except Exception:  # noqa: BLE001 - rez raises several types here
        return []


def load_resolution(
    path: str,
    request: ComposedRequest,
    rez_settings: RezSettings,
    subject: str,
) -> Resolution:
    """Reuse a saved context (``.rxt``) without solving, once trusted.

    The file is read as JSON and checked before rez reads it (rez runs
    the ``package.py`` of every variant a context names), in order:
    developer packages first (:class:`DevPackagesOnFarm`, which fails the
    job), then ``saved_contexts.check_context_data`` (fields, platform,
    every variant inside the studio's package paths, packages present),
    then the request must be the one composed now. It is never read as
    YAML, nor as a rez bundle (no ``post_commands.py`` beside it runs).
    Its searched paths are replaced by these settings' own.

    Raises:
        DevPackagesOnFarm: The saved resolve used developer packages.
        SavedContextRejected: Not to be reused (unreadable, malformed,
            another platform, packages outside the studio's package paths
            or deleted, another request); the caller resolves instead.
        ApplicationLaunchFailed: Reading its packages took longer than
            the resolve time limit.
    """
    from rez.resolved_context import ResolvedContext
    from rez.system import system

    data = read_context_data(path)
    foreign = rez_settings.outside_studio(saved_package_locations(data))
    if foreign:
        raise dev_packages_on_farm(subject, path, foreign)
    check_context_data(data, path, rez_settings.packages_path, system.platform)
    packages = artist_packages(data)
    studio = settings_config(rez_settings)
    saved = _normalized_requests(
        [*data["package_requests"], *data["implicit_packages"]]
    )
    expected = _normalized_requests([
        *rez_settings.explicit_requests(request.requests),
        *studio.implicit_packages,
    ])
    if saved != expected:
        raise SavedContextRejected(
            path,
            "was solved for another request (saved: "
            + " ".join(saved or ["(unreadable)"]) + ")",
            packages,
        )
    # REZ_USED_PACKAGES_PATH of the render names where this machine looks.
    trusted = dict(data, package_paths=list(rez_settings.search_paths))

    def load(_abandoned: threading.Event) -> Any:
        with scoped_config(studio), guard_package_code(
            subject, request, rez_settings.search_paths
        ), package_file_cache(rez_settings):
            return ResolvedContext.from_dict(trusted, identifier_str=path)

    try:
        context = run_bounded(
            load, rez_settings.time_limit_s, f"rez load {path}"
        )
    except TimeLimitExceeded:
        raise time_limit_failure(
            subject, request, rez_settings.time_limit_s,
            f"reading the saved context \"{path}\"",
        ) from None
    except Exception as exc:  # noqa: BLE001 - any field may be bad
        raise SavedContextRejected(
            path, f"is unreadable ({exc.__class__.__name__}: {exc})",
            packages,
        ) from None
    return Resolution(
        context, request, subject, rez_settings, reused_from=path
    )


def clear_caches() -> None:
    """Forget rez's in-process package caches (see newly released ones).

    With resolves running, this happens as soon as the last one ends.
    """
    SOLVES.clear_when_idle()


def nearest_families(
    name: str, paths: Sequence[str], limit: int = 5
) -> List[str]:
    """Package families in ``paths`` whose names are nearest to ``name``."""
    from rez.packages import iter_package_families

    names = sorted({family.name for family in iter_package_families(
        paths=list(paths)
    )})
    return difflib.get_close_matches(name, names, n=limit, cutoff=0.6)


def package_versions(name: str, paths: Sequence[str]) -> List[str]:
    """Versions of a package family in ``paths``, lowest first."""
    from rez.packages import iter_packages

    versions = {
        package.version for package in iter_packages(name, paths=list(paths))
    }
    return [str(version) for version in sorted(versions)]


def failure_graph_dot(failure: BaseException) -> Optional[str]:
    """rez's graph of a failed resolve (the conflict), as dot text.

    None when rez stopped before solving (an unknown package, a bad
    request): there is no graph then.
    """
    context = getattr(failure, "rez_context", None)
    if context is None:
        return None
    return context.graph(as_dot=True)


# --- The local payload cache (the rez side of ``payload_cache``) ---------

#: ``copy_payload`` results.
PAYLOAD_COPIED = "copied"
PAYLOAD_FOUND = "already cached"
PAYLOAD_BEING_COPIED = "being copied by another process"
PAYLOAD_STALLED = "a stalled copy is in the cache"
PAYLOAD_NO_SPACE = "not enough free space in the cache (rez's buffer)"


@dataclass
class PayloadCandidate:
    """A resolved package and whether the payload cache may copy it.

    Attributes:
        name: ``family-version``.
        family: Package family.
        version: Version.
        source_root: Its payload in the repository.
        cached_root: Its copy in the cache; empty when not cached.
        skip_reason: Why it is not copied; empty when it may be.
        variant: The rez variant.
    """

    name: str
    family: str
    version: str
    source_root: str
    cached_root: str = ""
    skip_reason: str = ""
    variant: Any = field(default=None, repr=False)


def payload_candidates(resolution: Resolution) -> List[PayloadCandidate]:
    """Each resolved package, cached or not, and whether it may be.

    The studio setting ``rez/cachable`` decides: ``all``, ``none``, or
    ``filters`` (rez's package filter rules in ``rez/cachable_excludes``
    and ``rez/cachable_includes``: a package is cachable unless an
    exclude rule matches it and no include rule does). A package that
    says ``cachable = False`` and rez's local packages (developer ones
    among them) are never copied.
    """
    from rez.exceptions import PackageCacheError, RezError
    from rez.package_cache import PackageCache
    from rez.package_filter import PackageFilter

    settings = resolution.rez_settings
    settings.ensure_cache_folder()
    package_filter = None
    filter_error = ""
    if settings.cachable == "filters":
        try:
            package_filter = PackageFilter.from_pod({
                "excludes": list(settings.cachable_excludes),
                "includes": list(settings.cachable_includes),
            })
        except RezError as exc:
            filter_error = f"rez/cachable_excludes or _includes: {exc}"
    developer = {name for name, _repo in resolution.dev_packages}
    candidates = []
    with scoped_config(settings_config(settings)):
        cache = PackageCache(settings.local_cache_path)
        for variant in resolution.context.resolved_packages or []:
            package = variant.parent
            root = getattr(variant, "root", None) or ""
            candidate = PayloadCandidate(
                variant.qualified_package_name, variant.name,
                str(variant.version), root, variant=variant,
            )
            try:
                candidate.cached_root = cache.get_cached_root(variant) or ""
            except (OSError, PackageCacheError):
                candidate.cached_root = ""
            rule = package_filter.excludes(package) if package_filter else None
            if settings.cachable == "none":
                candidate.skip_reason = "caching is off (rez/cachable: none)"
            elif filter_error:
                candidate.skip_reason = filter_error
            elif getattr(package, "cachable", None) is False:
                candidate.skip_reason = "the package says cachable = False"
            elif rule is not None:
                candidate.skip_reason = (
                    f"excluded by rez/cachable_excludes rule {rule}"
                )
            elif variant.is_local or candidate.name in developer:
                candidate.skip_reason = "a local (development) package"
            elif not root or not os.path.isdir(root):
                candidate.skip_reason = "it has no payload folder"
            candidates.append(candidate)
    return candidates


def copy_payload(
    rez_settings: RezSettings, candidate: PayloadCandidate
) -> Tuple[str, str]:
    """Copy one payload into the cache (blocks until done).

    The cachable rules are :func:`payload_candidates`' (rez's own checks,
    such as same-device, are not applied); rez's free-space buffer is.

    Returns:
        ``(result, cached root)``; result is one of ``PAYLOAD_*``.
    """
    from rez.package_cache import PackageCache

    with scoped_config(settings_config(rez_settings)):
        cache = PackageCache(rez_settings.local_cache_path)
        root, status = cache.add_variant(candidate.variant, force=True)
    results = {
        PackageCache.VARIANT_CREATED: PAYLOAD_COPIED,
        PackageCache.VARIANT_FOUND: PAYLOAD_FOUND,
        PackageCache.VARIANT_COPYING: PAYLOAD_BEING_COPIED,
        PackageCache.VARIANT_COPY_STALLED: PAYLOAD_STALLED,
        PackageCache.VARIANT_SKIPPED: PAYLOAD_NO_SPACE,
    }
    return results.get(status, str(status)), root


def cached_payloads(cache_path: str) -> List[Tuple[str, str, str]]:
    """The payloads in a cache folder.

    Returns:
        ``(name, cached root, state)``, state ``cached``, ``copying``,
        ``stalled`` or ``pending``.
    """
    from rez.package_cache import PackageCache

    if not os.path.isdir(cache_path):
        return []
    cache = PackageCache(cache_path)
    states = {
        PackageCache.VARIANT_FOUND: "cached",
        PackageCache.VARIANT_COPYING: "copying",
        PackageCache.VARIANT_COPY_STALLED: "stalled",
        PackageCache.VARIANT_PENDING: "pending",
    }
    return [
        (variant.qualified_package_name, os.path.normpath(root) if root
         else "", states.get(status, str(status)))
        for variant, root, status in cache.get_variants()
    ]


def remove_cached_payload(cache_path: str, cached_root: str) -> bool:
    """Remove one payload from the cache; False when it was not there
    (or is being copied).

    rez moves it aside under its lock; :func:`purge_removed_payloads`
    deletes it.
    """
    from rez.package_cache import PackageCache

    cache = PackageCache(cache_path)
    wanted = os.path.normpath(cached_root)
    for variant, root, _status in cache.get_variants():
        if root and os.path.normpath(root) == wanted:
            status = cache.remove_variant(variant)
            return status == PackageCache.VARIANT_REMOVED
    return False


def purge_removed_payloads(cache_path: str) -> None:
    """Delete the payloads :func:`remove_cached_payload` moved aside.

    What rez's ``PackageCache.clean()`` deletes, without its removals of
    payloads unused for ``package_cache_max_variant_days``.
    """
    from rez.package_cache import PackageCache
    from rez.utils.filesystem import forceful_rmtree

    removed_dir = PackageCache(cache_path)._remove_dir  # noqa: SLF001
    for name in os.listdir(removed_dir):
        try:
            forceful_rmtree(os.path.join(removed_dir, name))
        except OSError as exc:
            log.warning("Could not delete %s: %s", name, exc)


# -- Caches across processes ------------------------------------------------
# A click in the launcher and a farm task are new processes. Two caches
# make a repeat resolve there fast: rez's own memcached caches (resolves
# and package files) when the studio sets ``memcached_uri``, and the
# per-user resolve cache on disk (``resolve_cache``, ``stored_solve``:
# no rez there).

#: A touched family or package file changed this recently (seconds, before
#:   the solve or before rez's in-process caches were filled) is not
#:   stored: rez may have listed it before the change. It also absorbs
#:   clock differences with a file server.
CLOCK_MARGIN_S = 2.0

_file_cache = threading.local()
_file_loaders: Dict[tuple, Any] = {}
_install_lock = threading.Lock()
_rez_file_loader: Any = None


def _scoped_load_from_file(
    filepath: str, format_: Any, update_data_callback: Any
) -> Any:
    """rez's package file loader, following this thread's scope.

    Takes the place of ``rez.serialise._load_from_file``; outside any
    scope it is rez's own loader, unchanged.
    """
    scopes = getattr(_file_cache, "scopes", None)
    loader = _file_loaders[scopes[-1]] if scopes else _rez_file_loader
    return loader(
        filepath=filepath,
        format_=format_,
        update_data_callback=update_data_callback,
    )


def _forget_package_files() -> None:
    """``forget()`` of every loader (rez calls it on a release)."""
    for loader in [_rez_file_loader, *_file_loaders.values()]:
        forget = getattr(loader, "forget", None)
        if forget is not None:
            forget()


_scoped_load_from_file.forget = _forget_package_files  # type: ignore


@contextlib.contextmanager
def package_file_cache(rez_settings: RezSettings) -> Iterator[None]:
    """Package definition files cached on the studio's memcached, in this
    thread for the block, as rez does with ``memcached_uri`` in its own
    config; without memcached, read from disk.

    rez decides this once, when ``rez.serialise`` is imported, from the
    process's config of that moment, not the studio's: its loader is
    replaced by one that follows the scopes opened here. A cached file is
    keyed by path, inode and modification time (rez's own key, shared
    with plain rez processes). One memcached connection serves the block.
    Call inside the studio's :func:`scoped_config`.
    """
    from rez import serialise
    from rez.config import config
    from rez.utils.memcached import memcached, memcached_client

    global _rez_file_loader
    servers = tuple(rez_settings.memcached_uri)
    if not config.cache_package_files:  # turned off in extra_config
        servers = ()
    with _install_lock:
        if _rez_file_loader is None:
            _rez_file_loader = serialise._load_from_file
            serialise._load_from_file = _scoped_load_from_file
        if servers not in _file_loaders:
            _file_loaders[servers] = memcached(
                servers=list(servers) or None,
                min_compress_len=(
                    config.memcached_package_file_min_compress_len
                ),
                key=serialise._load_from_file__key,
                debug=config.debug_memcache,
            )(serialise._load_file)
    scopes = _file_cache.__dict__.setdefault("scopes", [])
    scopes.append(servers)
    try:
        if servers:
            with memcached_client(
                list(servers), debug=config.debug_memcache
            ):
                yield
        else:
            yield
    finally:
        scopes.pop()


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
