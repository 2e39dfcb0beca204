"""STAND-IN for ``ayon_core.tools.tray`` (cannot be installed from the
package index). Only the ``webserver`` subpackage is stood in."""
