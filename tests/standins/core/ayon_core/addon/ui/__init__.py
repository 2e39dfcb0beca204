"""STAND-IN package for ``ayon_core.addon.ui`` (cannot be installed from the
package index). The dialog scripts are never run by the stand-in."""
