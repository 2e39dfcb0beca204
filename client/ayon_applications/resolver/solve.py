"""Solving a launch request with rez, or reusing a saved context.

A solve runs in its own thread (``bounded_run``), so the time limit
bounds all of it, package loading included, and no lock is held: a slow
resolve never holds up another one of the process.
"""
import logging
import threading
from typing import Any, Iterable, List, Optional, Sequence

from ..bounded_run import TimeLimitExceeded, run_bounded
from ..config_scope import scoped_config
from ..package_faults import guard_package_code, unreadable_failure
from ..requests import ComposedRequest
from ..resolve_errors import (
    check_packages_paths,
    dev_packages_on_farm,
    failure,
    not_found_hints,
    raised_details,
    time_limit_failure,
)
from ..rez_settings import RezSettings
from ..saved_contexts import (
    SavedContextRejected,
    artist_packages,
    check_context_data,
    read_context_data,
    saved_package_locations,
)
from .config import settings_config
from .disk_cache import DiskCacheLookup
from .package_files import package_file_cache
from .resolution import Resolution
from .solves import SOLVES

log = logging.getLogger(__name__)


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
            _raised_reason(exc),
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


def nearest_families(
    name: str, paths: Sequence[str], limit: int = 5
) -> List[str]:
    """Package families in ``paths`` whose names are nearest to ``name``."""
    from rez.packages import iter_package_families

    names = sorted({family.name for family in iter_package_families(
        paths=list(paths)
    )})
    import difflib  # only for an error: off the click path

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


def _raised_reason(exc: Exception) -> str:
    """What an error rez raised while solving means, in plain words."""
    from rez.exceptions import PackageFamilyNotFoundError, PackageNotFoundError

    if isinstance(exc, (PackageFamilyNotFoundError, PackageNotFoundError)):
        # rez read the request fine: a package or version is not released
        return "a requested package or version does not exist"
    return "rez could not read the request"
