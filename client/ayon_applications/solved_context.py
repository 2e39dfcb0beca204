"""What a rez solve resolved, read without rez.

:class:`SolvedContext` holds a rez ``ResolvedContext`` with the request it
was solved from and answers what the rest of the addon asks of it
(packages, variants, time, the ``.rxt`` file) from the context's plain
attributes. ``resolver.Resolution`` adds what needs rez itself (the
environment, the aliases, payload caching).
"""
import hashlib
import io
import os
from typing import Any, Dict, List, Mapping, Optional, Tuple

from .output import write_text_atomically
from .package_faults import vanished_roots
from .requests import ComposedRequest
from .rez_settings import RezSettings


class SolvedContext:
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
        #: ``(package, repository)`` from outside the studio's
        #: repositories: the site's developer packages.
        self.dev_packages = rez_settings.outside_studio(
            (variant.qualified_package_name, variant.resource.location)
            for variant in context.resolved_packages or []
        )

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
        """Time a later resolve as of which gets these packages again.

        The time packages were resolved as of (the launch's clock, or the
        project's timestamp), or the newest package's release time when
        later: a package released from a machine whose clock runs ahead
        is in this resolve, so it must not be left out as of this time.
        """
        resolved_as_of = int(
            self.context.requested_timestamp or self.context.timestamp
        )
        released = [
            int(variant.timestamp)
            for variant in self.context.resolved_packages or []
            if variant.timestamp
        ]
        return max([resolved_as_of, *released])

    @property
    def from_cache(self) -> bool:
        """Whether the solve came from memcached."""
        return bool(getattr(self.context, "from_cache", False))

    @property
    def cache_source(self) -> str:
        """Where the solve came from: "memcached" or "" (and "disk" for
        the on-disk resolve cache, see ``stored_solve``)."""
        return "memcached" if self.from_cache else ""

    @property
    def solve_time(self) -> float:
        """Seconds the solve took (0 for a loaded context)."""
        return float(getattr(self.context, "solve_time", 0.0) or 0.0)

    @property
    def missing_packages(self) -> List[str]:
        """Resolved packages whose definition is no longer there."""
        return [
            variant.qualified_package_name
            for variant in self.context.resolved_packages or []
            if not os.path.exists(variant.uri.split("[")[0])
        ]

    def vanished_roots(self, env: Mapping[str, str]) -> List[Tuple[str, str]]:
        """Resolved packages whose root in ``env`` (the environment made
        from this context) is gone: ``(name-version, root)``."""
        return vanished_roots(env, {
            variant.name: variant.qualified_package_name
            for variant in self.context.resolved_packages or []
        })

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
