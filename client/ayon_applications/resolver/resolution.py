"""A solved rez context for one launch, and what a launch reads from it.

Every use of the context (its environment, its aliases, payload caching)
runs with the studio's rez config scoped to the calling thread.
"""
import hashlib
import io
import logging
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..config_scope import scoped_config
from ..output import write_text_atomically
from ..requests import ComposedRequest
from ..resolve_errors import failure
from ..rez_settings import RezSettings
from .rez_config import effective_config, settings_config

log = logging.getLogger(__name__)


def foreign_packages(
    context: Any, rez_settings: RezSettings
) -> List[Tuple[str, str]]:
    """Resolved packages from outside the studio's repositories."""
    found = []
    for variant in context.resolved_packages or []:
        location = variant.resource.location
        if not rez_settings.is_studio_repository(location):
            found.append((variant.qualified_package_name, location))
    return found


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
        #: The rez config values of the resolve (``resolve`` shows them).
        self.effective_config = effective_config(
            settings_config(rez_settings)
        )
        #: ``(package, repository)`` resolved from the developer path.
        self.dev_packages = foreign_packages(context, rez_settings)
        self._parent: Dict[str, str] = {}
        self._parent_variables: List[str] = []
        self._aliases: Optional[Dict[str, str]] = None

    @property
    def packages(self) -> List[str]:
        """Resolved packages as ``name-version``, in resolve order."""
        return [
            variant.qualified_package_name
            for variant in self.context.resolved_packages or []
        ]

    @property
    def variants(self) -> List[Dict[str, Any]]:
        """Resolved variants: package, index (None when the package has
        no variants) and repository."""
        return [
            {
                "package": variant.qualified_package_name,
                "index": variant.index,
                "repository": variant.resource.location,
            }
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
                    parent_environ=self._parent
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
        ensure_cache_folder(self.rez_settings)
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

    def summary(self) -> str:
        """rez's own report of the context (as ``rez-env`` prints)."""
        buffer = io.StringIO()
        with scoped_config(settings_config(self.rez_settings)):
            self.context.print_info(buf=buffer)
        return buffer.getvalue()


def ensure_cache_folder(rez_settings: RezSettings) -> None:
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


