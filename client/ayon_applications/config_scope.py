"""rez's config, scoped to one thread instead of the whole process.

rez reads its settings from one process-wide object, ``rez.config.config``,
which its modules import by reference. Changing it for one resolve (the
studio's settings) would change it for every other thread of the process,
so the addon used to hold a lock through the whole solve: one slow resolve
stopped all others.

Here the singleton gets a thread-local layer instead: in a thread that
entered :func:`scoped_config`, every attribute of the singleton is read from
the config given there (a complete config built from rez's own defaults and
the studio settings); other threads see the singleton unchanged. Nothing is
locked while a resolve runs.

This module does not import rez: the caller hands in rez's objects.
"""
import contextlib
import copy
import threading
from typing import Any, Dict, Iterator, Optional, Sequence

_scope = threading.local()
_install_lock = threading.Lock()
_SCOPED_FLAG = "_ayon_thread_scoped"


def _scoped_getattribute(self: Any, name: str) -> Any:
    """Read from this thread's scoped config when there is one."""
    scoped = _scope.__dict__.get("config")
    if scoped is not None:
        return getattr(scoped, name)
    return object.__getattribute__(self, name)


def install_thread_scoping(singleton: Any) -> None:
    """Give rez's config singleton its thread-local layer (idempotent).

    The singleton's class is replaced by a subclass whose attribute reads
    first look at the calling thread's scoped config. Outside a scope it
    behaves exactly as before.

    Args:
        singleton: ``rez.config.config``.
    """
    if getattr(type(singleton), _SCOPED_FLAG, False):
        return
    with _install_lock:
        base = type(singleton)
        if getattr(base, _SCOPED_FLAG, False):
            return
        scoped_class = type(base)(
            base.__name__,
            (base,),
            {
                "__getattribute__": _scoped_getattribute,
                "__module__": base.__module__,
                "__doc__": base.__doc__,
                _SCOPED_FLAG: True,
            },
        )
        singleton.__class__ = scoped_class


@contextlib.contextmanager
def scoped_config(config: Any) -> Iterator[Any]:
    """Make rez read ``config`` in this thread for the block.

    Scopes nest; the previous one comes back on exit.

    Args:
        config: A complete rez ``Config`` (not the singleton itself).
    """
    previous = _scope.__dict__.get("config")
    _scope.config = config
    try:
        yield config
    finally:
        _scope.config = previous


#: rez settings the ``resolve`` command shows: what the studio config made
#: of the settings (placeholders expanded, filters in rez's form).
EFFECTIVE_KEYS = (
    "packages_path",
    "implicit_packages",
    "package_filter",
    "package_orderers",
    "variant_select_mode",
)


def config_values(
    config: Any, keys: Sequence[str] = EFFECTIVE_KEYS
) -> Dict[str, Any]:
    """The values of ``keys`` in a rez config, as plain data."""
    return {key: copy.deepcopy(getattr(config, key)) for key in keys}


class ConfigCache:
    """Built configs by key; the oldest is dropped past ``size``.

    Args:
        size: Most configs kept (a process sees few distinct settings).
    """

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: Dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Optional[Any]:
        """The config of ``key``, if built."""
        with self._lock:
            return self._items.get(key)

    def put(self, key: str, config: Any) -> None:
        """Keep ``config`` under ``key``."""
        with self._lock:
            if len(self._items) >= self.size:
                self._items.pop(next(iter(self._items)))
            self._items[key] = config
