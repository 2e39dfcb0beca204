"""STAND-IN for ``ayon_core.pipeline`` (cannot be installed from the
package index). Only ``Anatomy`` is exported here."""
from .anatomy import Anatomy

__all__ = (
    "Anatomy",
)
