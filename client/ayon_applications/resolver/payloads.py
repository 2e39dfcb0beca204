"""The local payload cache, rez's side of ``payload_cache``: which
resolved packages may be copied, and rez's ``PackageCache`` calls."""
import logging
import os
from dataclasses import dataclass, field
from typing import Any, List, Tuple

from ..config_scope import scoped_config
from ..rez_settings import RezSettings
from .config import settings_config
from .resolution import Resolution

log = logging.getLogger(__name__)

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
