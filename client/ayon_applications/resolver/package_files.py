"""Package definition files cached on the studio's memcached.

A click in the launcher and a farm task are new processes. Two caches
make a repeat resolve there fast: rez's own memcached caches (resolves
and package files, this module for the latter) when the studio sets
``memcached_uri``, and the per-user resolve cache on disk
(``disk_cache``).
"""
import contextlib
import threading
from typing import Any, Dict, Iterator

from ..rez_settings import RezSettings

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
