"""Resolving a launch request with rez, in-process.

This is the only module of the addon that imports rez. Every failure a user
can cause ends here as :class:`ApplicationLaunchFailed`, whose message
names what was launched, the full request with the origin of each part,
and rez's own explanation.

rez's global config is a process-wide singleton; settings that rez only
takes from it (memcached, payload cache, parent variables, extra config)
are applied as scoped overrides under a lock and removed afterwards.
"""
import contextlib
import hashlib
import io
import logging
import os
import re
import threading
import time
from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Optional,
    Sequence,
)

from .exceptions import ApplicationLaunchFailed
from .output import write_text_atomically
from .requests import ComposedRequest
from .rez_settings import RezSettings

log = logging.getLogger(__name__)

_CONFIG_LOCK = threading.RLock()

#: Seconds rez's in-process package caches are trusted. rez never
#: invalidates them, so a long-running launcher would not see packages
#: released after its first launch; older caches are dropped before a
#: resolve (memcached, when set, keeps that next resolve fast).
PACKAGE_CACHE_TTL_S = 60.0
_caches_filled_at: Optional[float] = None
_MISSING_FAMILY_RE = re.compile(r"package family not found: ([\w.]+)")


@contextlib.contextmanager
def _config_overrides(overrides: Dict[str, Any]) -> Iterator[None]:
    """Apply rez config overrides for the duration of the block."""
    from rez.config import config

    with _CONFIG_LOCK:
        previous = {
            key: config.overrides[key]
            for key in overrides
            if key in config.overrides
        }
        try:
            for key, value in overrides.items():
                config.override(key, value)
            yield
        finally:
            for key in overrides:
                if key in previous:
                    config.override(key, previous[key])
                else:
                    config.remove_override(key)


class Resolution:
    """A solved rez context for one launch.

    Args:
        context: The rez ``ResolvedContext``.
        request: The composed request it was solved from.
        subject: What is launched, for messages.
        rez_settings: Settings it was resolved with.
        reused_from: Path of the saved context it was loaded from, if any.
    """

    def __init__(
        self,
        context: Any,
        request: ComposedRequest,
        subject: str,
        rez_settings: RezSettings,
        reused_from: Optional[str] = None,
    ) -> None:
        self.context = context
        self.request = request
        self.subject = subject
        self.rez_settings = rez_settings
        self.reused_from = reused_from

    @property
    def packages(self) -> List[str]:
        """Resolved packages as ``name-version``, in resolve order."""
        return [
            variant.qualified_package_name
            for variant in self.context.resolved_packages or []
        ]

    @property
    def package_versions(self) -> Dict[str, str]:
        """Resolved package name to version."""
        return {
            variant.name: str(variant.version)
            for variant in self.context.resolved_packages or []
        }

    @property
    def timestamp(self) -> int:
        """Time the packages were resolved as of (epoch seconds)."""
        return int(self.context.requested_timestamp or self.context.timestamp)

    @property
    def from_cache(self) -> bool:
        """Whether the solve came from memcached."""
        return bool(getattr(self.context, "from_cache", False))

    @property
    def solve_time(self) -> float:
        """Seconds the solve took (0 for a loaded context)."""
        return float(getattr(self.context, "solve_time", 0.0) or 0.0)

    def environ(
        self,
        parent: Dict[str, str],
        parent_variables: Sequence[str] = (),
    ) -> Dict[str, str]:
        """The full environment: ``parent`` with the context applied.

        Args:
            parent: The environment the context is applied on.
            parent_variables: Variables that packages extend rather than
                replace (for example ``PATH``, ``PYTHONPATH``).

        Raises:
            ApplicationLaunchFailed: A package's ``commands()`` failed.
        """
        from rez.exceptions import RezError

        # The payload cache is looked up when the environment is built.
        overrides = self.rez_settings.config_overrides()
        # An empty parent value would leave a dangling separator.
        overrides["parent_variables"] = [
            name for name in parent_variables if parent.get(name)
        ]
        try:
            with _config_overrides(overrides):
                rez_env = self.context.get_environ(parent_environ=parent)
        except (RezError, ValueError, TypeError, NameError) as exc:
            raise _failure(
                self.subject,
                self.request,
                "a resolved package's commands() failed",
                str(exc),
            ) from None
        env = dict(parent)
        env.update({key: str(value) for key, value in rez_env.items()})
        return env

    def fingerprint(self) -> str:
        """Hex digest of the request and the resolved variants."""
        digest = hashlib.sha1()
        for text in self.request.requests:
            digest.update(f"request {text}\n".encode())
        for variant in self.context.resolved_packages or []:
            digest.update(f"variant {variant.uri}\n".encode())
        return digest.hexdigest()

    def save(self, path: str) -> str:
        """Write the context as ``.rxt``, atomically; returns ``path``."""
        buffer = io.StringIO()
        self.context.write_to_buffer(buffer)
        return write_text_atomically(path, buffer.getvalue())

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
        _ensure_cache_folder(self.rez_settings)
        cache = PackageCache(path)
        usable = (PackageCache.VARIANT_FOUND, PackageCache.VARIANT_CREATED)
        cached = []
        for variant in self.context.resolved_packages or []:
            # The overrides decide what is cachable, so they hold for the
            #   copy too: resolves in this process wait for it.
            try:
                with _config_overrides(self.rez_settings.config_overrides()):
                    _root, status = cache.add_variant(variant)
            except PackageCacheError as exc:
                log.debug("Not caching %s: %s", variant, exc)
                continue
            if status in usable:
                cached.append(variant.qualified_package_name)
            else:
                log.debug("%s not cached (status %s)", variant, status)
        return cached

    def summary(self) -> str:
        """rez's own report of the context (as ``rez-env`` prints)."""
        buffer = io.StringIO()
        self.context.print_info(buf=buffer)
        return buffer.getvalue()


def _failure(
    subject: str, request: ComposedRequest, reason: str, details: str
) -> ApplicationLaunchFailed:
    message = (
        f"Cannot launch {subject}: {reason}.\n\n"
        f"Request:\n{request.describe()}"
    )
    details = (details or "").strip()
    if details:
        message += f"\n\nrez says:\n{details}"
    return ApplicationLaunchFailed(message)


def _check_packages_paths(
    subject: str, request: ComposedRequest, paths: Sequence[str]
) -> None:
    if not paths:
        raise _failure(
            subject,
            request,
            "no rez packages path is set for this platform"
            " (settings rez/packages_path)",
            "",
        )
    missing = [path for path in paths if not os.path.isdir(path)]
    if missing:
        raise _failure(
            subject,
            request,
            "rez packages path is missing or unreachable: "
            + ", ".join(f"\"{path}\"" for path in missing),
            "",
        )


def _ensure_cache_folder(rez_settings: RezSettings) -> None:
    """Create the payload cache folder before rez looks for it.

    rez disables payload caching for the rest of the process the first
    time it finds the folder missing.
    """
    if not rez_settings.local_cache_path:
        return
    try:
        os.makedirs(rez_settings.local_cache_path, exist_ok=True)
    except OSError as exc:
        log.warning(
            "Local package cache \"%s\" is not usable: %s",
            rez_settings.local_cache_path, exc,
        )


def _time_limit_callback(limit_s: float) -> Any:
    from rez.solver import SolverCallbackReturn

    started = time.monotonic()

    def callback(state: Any) -> Any:
        if time.monotonic() - started > limit_s:
            return (
                SolverCallbackReturn.abort,
                f"time limit of {limit_s:g} s exceeded",
            )
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


def _raised_details(request: ComposedRequest, exc: Exception) -> str:
    text = str(exc)
    match = _MISSING_FAMILY_RE.search(text)
    if match:
        parts = request.origins_of_package(match.group(1))
        if parts:
            origins = "; ".join(
                f"\"{part.request}\" from {part.origin}" for part in parts
            )
            text += f"\nrequested as {origins}"
    return text


def resolve(
    request: ComposedRequest,
    rez_settings: RezSettings,
    subject: str,
    timestamp: Optional[int] = None,
) -> Resolution:
    """Solve ``request`` with rez.

    Args:
        request: What to resolve (implicit packages already included).
        rez_settings: Package paths, caching and limits.
        subject: What is launched, e.g. ``"maya/2025" in project "demo"``;
            it starts every error message.
        timestamp: Ignore packages released after this time.

    Raises:
        ApplicationLaunchFailed: The request could not be solved.
    """
    from rez.exceptions import RezError
    from rez.resolved_context import ResolvedContext
    from rez.version import VersionError

    _check_packages_paths(subject, request, rez_settings.packages_path)
    _ensure_cache_folder(rez_settings)
    _drop_stale_caches()
    callback = None
    if rez_settings.time_limit_s > 0:
        callback = _time_limit_callback(rez_settings.time_limit_s)
    try:
        with _config_overrides(rez_settings.config_overrides()):
            context = ResolvedContext(
                request.requests,
                package_paths=list(rez_settings.packages_path),
                add_implicit_packages=False,
                timestamp=timestamp,
                callback=callback,
                package_caching=bool(rez_settings.local_cache_path),
                package_cache_async=False,
            )
    except (RezError, VersionError) as exc:
        raise _failure(
            subject,
            request,
            "rez could not read the request",
            _raised_details(request, exc),
        ) from None
    if not context.success:
        raise _failure(
            subject,
            request,
            f"rez could not resolve the request ({context.status.name})",
            _unsolved_details(context),
        )
    log.info(
        "Resolved %s in %.3f s: %s",
        subject,
        getattr(context, "solve_time", 0.0),
        " ".join(v.qualified_package_name for v in context.resolved_packages),
    )
    return Resolution(context, request, subject, rez_settings)


def _normalized_requests(requests: Iterable[str]) -> List[str]:
    """Requests as rez writes them; empty when one is invalid."""
    from rez.utils.formatting import PackageRequest

    try:
        return [str(PackageRequest(text)) for text in requests]
    except Exception:  # noqa: BLE001 - rez raises several types here
        return []


def load_resolution(
    path: str,
    request: ComposedRequest,
    rez_settings: RezSettings,
    subject: str,
) -> Resolution:
    """Reuse a saved context (``.rxt``) without solving.

    Raises:
        ApplicationLaunchFailed: The file is unreadable, was not a solved
            context, was solved for another request, or one of its
            packages no longer exists.
    """
    from rez.exceptions import RezError
    from rez.resolved_context import ResolvedContext

    try:
        context = ResolvedContext.load(path)
    except (OSError, RezError, ValueError) as exc:
        raise _failure(
            subject, request, f"saved context \"{path}\" is unreadable",
            str(exc),
        ) from None
    if not context.success:
        raise _failure(
            subject, request, f"saved context \"{path}\" was not solved", ""
        )
    saved = _normalized_requests(
        str(req) for req in context.requested_packages()
    )
    if saved != _normalized_requests(request.requests):
        raise _failure(
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
        raise _failure(
            subject,
            request,
            f"packages of saved context \"{path}\" no longer exist",
            ", ".join(missing),
        )
    return Resolution(
        context, request, subject, rez_settings, reused_from=path
    )


def clear_caches() -> None:
    """Forget rez's in-process package caches (see newly released ones)."""
    from rez.system import system

    global _caches_filled_at
    with _CONFIG_LOCK:  # never while this process solves
        system.clear_caches()
        _caches_filled_at = None


def _drop_stale_caches() -> None:
    global _caches_filled_at
    now = time.monotonic()
    if _caches_filled_at is None:
        _caches_filled_at = now
    elif now - _caches_filled_at > PACKAGE_CACHE_TTL_S:
        clear_caches()
        _caches_filled_at = now
