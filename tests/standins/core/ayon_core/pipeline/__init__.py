"""STAND-IN for ``ayon_core.pipeline`` (cannot be installed from the
package index). Only ``Anatomy`` and ``registered_host`` are exported."""
from .anatomy import Anatomy
from .context_tools import registered_host

__all__ = (
    "Anatomy",
    "registered_host",
)
