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
import datetime
import io
import json
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence

from .definitions import current_platform
from .exceptions import ApplicationLaunchFailed
from .output import write_text_atomically
from .requests import ComposedRequest

log = logging.getLogger(__name__)

_CONFIG_LOCK = threading.RLock()
_MISSING_FAMILY_RE = re.compile(r"package family not found: ([\w.]+)")


@dataclass
class RezSettings:
    """The studio's rez settings, for this platform.

    Attributes:
        packages_path: Package repositories, searched in order.
        local_cache_path: Payload cache folder; empty when off.
        memcached_uri: memcached servers for resolve caching.
        time_limit_s: Longest a resolve may take; 0 for no limit.
        implicit_packages: Requests added to every resolve.
        extra_config: Other rez config keys, applied during a resolve.
    """

    packages_path: List[str] = field(default_factory=list)
    local_cache_path: str = ""
    memcached_uri: List[str] = field(default_factory=list)
    time_limit_s: float = 0
    implicit_packages: List[str] = field(default_factory=list)
    extra_config: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(
        cls, settings: Dict[str, Any], platform_name: Optional[str] = None
    ) -> "RezSettings":
        """Build from the addon settings (their ``rez`` section).

        Raises:
            ApplicationLaunchFailed: ``extra_config`` is not a JSON object.
        """
        platform_name = platform_name or current_platform()
        rez = settings.get("rez") or {}
        extra = rez.get("extra_config") or "{}"
        if isinstance(extra, str):
            try:
                extra = json.loads(extra)
            except ValueError as exc:
                raise ApplicationLaunchFailed(
                    f"Settings rez/extra_config is not valid JSON: {exc}"
                ) from None
        if not isinstance(extra, dict):
            raise ApplicationLaunchFailed(
                "Settings rez/extra_config must be a JSON object"
            )
        return cls(
            packages_path=list(
                (rez.get("packages_path") or {}).get(platform_name) or []
            ),
            local_cache_path=(
                (rez.get("local_cache_path") or {}).get(platform_name) or ""
            ),
            memcached_uri=list(rez.get("memcached_uri") or []),
            time_limit_s=float(rez.get("resolve_time_limit_s") or 0),
            implicit_packages=list(rez.get("implicit_packages") or []),
            extra_config=extra,
        )

    def config_overrides(self) -> Dict[str, Any]:
        """rez config keys this resolve sets, beside ``extra_config``."""
        overrides = dict(self.extra_config)
        if self.memcached_uri:
            overrides["memcached_uri"] = list(self.memcached_uri)
            overrides["resolve_caching"] = True
        if self.local_cache_path:
            overrides["cache_packages_path"] = self.local_cache_path
        return overrides


def parse_timestamp(value: Any) -> Optional[int]:
    """Turn a settings timestamp into epoch seconds.

    Accepts "" or None (no timestamp), epoch seconds (int or digits) and
    ISO 8601 date-times; a date-time without an offset is UTC.

    Raises:
        ValueError: The value is neither.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return int(float(text))
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return int(parsed.timestamp())


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

        # An empty parent value would leave a dangling separator.
        overrides = {
            "parent_variables": [
                name for name in parent_variables if parent.get(name)
            ]
        }
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

    def save(self, path: str) -> str:
        """Write the context as ``.rxt``, atomically; returns ``path``."""
        buffer = io.StringIO()
        self.context.write_to_buffer(buffer)
        return write_text_atomically(path, buffer.getvalue())

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


def load_resolution(
    path: str,
    request: ComposedRequest,
    rez_settings: RezSettings,
    subject: str,
) -> Resolution:
    """Reuse a saved context (``.rxt``) without solving.

    Raises:
        ApplicationLaunchFailed: The file is unreadable, was not a solved
            context, or one of its packages no longer exists.
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

    system.clear_caches()
