"""STAND-IN for ``ayon_core`` (ynput/ayon-core), for tests only.

ayon-core cannot be installed from the package index, so the tests of the
Applications (rez) addon use this small stand-in. It keeps the real module
paths, names and signatures; bodies are our own minimal implementations.
Names that exist only in the stand-in live in ``ayon_core._standin``.
"""
import os

from .version import __version__

AYON_CORE_ROOT = os.path.dirname(os.path.abspath(__file__))

__all__ = (
    "AYON_CORE_ROOT",
    "__version__",
)
