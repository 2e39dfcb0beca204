"""STAND-IN for ``ayon_core.version`` (cannot be installed from the index)."""
__version__ = "1.4.0"
