"""STAND-IN for ``ayon_core.tools`` (cannot be installed from the package
index)."""
