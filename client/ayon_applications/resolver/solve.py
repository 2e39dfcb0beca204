"""Solving a launch's request, or reusing a saved solve (farm).

The solve runs in its own thread (``bounded_run``) with the studio's rez
config scoped to it, so the time limit bounds all of it, package loading
included, and no lock is held: a slow resolve never holds up another one
of the process.
"""
import logging
import os
import threading
from typing import Any, Iterable, List, Optional

from ..bounded_run import TimeLimitExceeded, run_bounded
from ..config_scope import scoped_config
from ..exceptions import ApplicationLaunchFailed
from ..requests import ComposedRequest
from ..resolve_errors import (
    check_packages_paths,
    dev_packages_on_farm,
    failure,
    raised_details,
)
from ..rez_settings import RezSettings
from ..solve_tracker import SolveTracker
from .resolution import Resolution, ensure_cache_folder, foreign_packages
from .rez_config import settings_config

log = logging.getLogger(__name__)


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


def _explicit_requests(
    request: ComposedRequest, rez_settings: RezSettings
) -> List[str]:
    """The request without the implicit packages: rez adds those."""
    implicit = set(rez_settings.implicit_packages)
    return [text for text in request.requests if text not in implicit]


def _time_limit_failure(
    subject: str, request: ComposedRequest, limit_s: float, what: str
) -> ApplicationLaunchFailed:
    return failure(
        subject,
        request,
        f"{what} took longer than the time limit of {limit_s:g} s"
        " (settings rez/resolve_time_limit_s); a package repository may"
        " be slow to read",
        "",
    )


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
    requests = _explicit_requests(request, rez_settings)
    paths = rez_settings.search_paths
    SOLVES.drop_stale()

    def solve(abandoned: threading.Event) -> Any:
        with scoped_config(studio), SOLVES.running():
            check_packages_paths(subject, request, paths)
            ensure_cache_folder(rez_settings)
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
        raise _time_limit_failure(
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
    """Reuse a saved context (``.rxt``) without solving.

    The first check is for developer packages: a saved resolve that used
    any (a package from outside the studio's repositories) is refused
    with :class:`DevPackagesOnFarm`, before any other check.

    Raises:
        DevPackagesOnFarm: The saved resolve used developer packages.
        ApplicationLaunchFailed: The file is unreadable, was not a solved
            context, was solved for another request, or one of its
            packages no longer exists.
    """
    from rez.exceptions import RezError
    from rez.resolved_context import ResolvedContext

    studio = settings_config(rez_settings)

    def load(_abandoned: threading.Event) -> Any:
        with scoped_config(studio):
            return ResolvedContext.load(path)

    try:
        context = run_bounded(
            load, rez_settings.time_limit_s, f"rez load {path}"
        )
    except TimeLimitExceeded:
        raise _time_limit_failure(
            subject, request, rez_settings.time_limit_s,
            f"reading the saved context \"{path}\"",
        ) from None
    except (OSError, RezError, ValueError) as exc:
        raise failure(
            subject, request, f"saved context \"{path}\" is unreadable",
            str(exc),
        ) from None
    foreign = foreign_packages(context, rez_settings)
    if foreign:
        raise dev_packages_on_farm(subject, path, foreign)
    if not context.success:
        raise failure(
            subject, request, f"saved context \"{path}\" was not solved", ""
        )
    saved = _normalized_requests(
        [*context.requested_packages(), *context.implicit_packages]
    )
    expected = _normalized_requests(
        [*_explicit_requests(request, rez_settings), *studio.implicit_packages]
    )
    if saved != expected:
        raise failure(
            subject,
            request,
            f"saved context \"{path}\" was solved for another request",
            "saved request: " + " ".join(saved or ["(unreadable)"]),
        )
    missing = [
        variant.qualified_package_name
        for variant in context.resolved_packages
        if not os.path.exists(variant.uri.split("[")[0])
    ]
    if missing:
        raise failure(
            subject,
            request,
            f"packages of saved context \"{path}\" no longer exist",
            ", ".join(missing),
        )
    return Resolution(
        context, request, subject, rez_settings, reused_from=path
    )


def clear_caches() -> None:
    """Forget rez's in-process package caches (see newly released ones).

    With resolves running, this happens as soon as the last one ends.
    """
    SOLVES.clear_when_idle()
