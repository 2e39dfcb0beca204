"""STAND-IN for ``ayon_core.pipeline.context_tools`` (cannot be installed
from the package index): the registered host is
``ayon_core._standin.HOST`` (None: no host, as in the tray's loader)."""


def registered_host():
    """The host integration of this process, or None."""
    from ayon_core import _standin

    return _standin.HOST
