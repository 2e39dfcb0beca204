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
import copy
import json
import logging
import threading
from typing import Any, Dict, Iterable, List, Optional, Sequence

from .bounded_run import TimeLimitExceeded, run_bounded
from .config_scope import (
    ConfigCache,
    config_values,
    install_thread_scoping,
    scoped_config,
)
from .exceptions import ApplicationLaunchFailed
from .requests import ComposedRequest
from .resolve_errors import (
    check_packages_paths,
    dev_packages_on_farm,
    failure,
    raised_details,
    time_limit_failure,
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

log = logging.getLogger(__name__)

#: Studio rez configs by their settings; few distinct ones in a process.
_STUDIO_CONFIGS = ConfigCache()


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
            ApplicationLaunchFailed: A package's ``commands()`` failed.
        """
        # An empty parent value would leave a dangling separator.
        self._parent = dict(parent)
        self._parent_variables = [
            name for name in parent_variables if parent.get(name)
        ]
        self._aliases = None
        rez_env = self._interpret(
            lambda context: context.get_environ(parent_environ=parent)
        )
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

            actions = self._interpret(
                lambda context: context.get_actions(
                    parent_environ=self._parent or {}
                )
            )
            self._aliases = {}
            for action in actions:
                if isinstance(action, Alias):
                    name, text = action.args[0], action.args[1]
                    self._aliases[str(name)] = str(text)
        return dict(self._aliases)

    def _interpret(self, call: Any) -> Any:
        from rez.exceptions import RezError

        config = settings_config(self.rez_settings, self._parent_variables)
        try:
            with scoped_config(config):
                return call(self.context)
        except (RezError, ValueError, TypeError, NameError) as exc:
            raise failure(
                self.subject,
                self.request,
                "a resolved package's commands() failed",
                str(exc),
            ) from None

    def cache_payloads(self) -> List[str]:
        """Copy the resolved payloads into the local cache, if one is set.

        rez's own rules decide what is cachable (the package's
        ``cachable``, or ``default_cachable`` and the same-device checks,
        which a studio sets in ``rez/extra_config``). Later resolves use
        the cached copies.

        Returns:
            The packages newly copied or already cached.
        """
        from rez.exceptions import PackageCacheError
        from rez.package_cache import PackageCache

        path = self.rez_settings.local_cache_path
        if not path:
            return []
        self.rez_settings.ensure_cache_folder()
        cache = PackageCache(path)
        usable = (PackageCache.VARIANT_FOUND, PackageCache.VARIANT_CREATED)
        cached = []
        with scoped_config(settings_config(self.rez_settings)):
            for variant in self.context.resolved_packages or []:
                try:
                    _root, status = cache.add_variant(variant)
                except PackageCacheError as exc:
                    log.debug("Not caching %s: %s", variant, exc)
                    continue
                if status in usable:
                    cached.append(variant.qualified_package_name)
                else:
                    log.debug("%s not cached (status %s)", variant, status)
        return cached


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
        with scoped_config(studio), SOLVES.running():
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
        raise failure(
            subject,
            request,
            "rez could not read the request",
            raised_details(request, str(exc)),
        ) from None
    if not context.success:
        raise failure(
            subject,
            request,
            f"rez could not resolve the request ({context.status.name})",
            _unsolved_details(context),
        )
    resolution = Resolution(context, request, subject, rez_settings)
    log.info(
        "Resolved %s in %.3f s: %s",
        subject, resolution.solve_time, " ".join(resolution.packages),
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
        with scoped_config(studio):
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
