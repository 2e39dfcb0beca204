"""STAND-IN for ``ayon_core.addon.ui.process_ready_error`` (cannot be
installed from the package index). Real one is a Qt dialog script; the
stand-in only records that it would be run."""
