"""STAND-IN for ``ayon_core.lib.local_settings`` (cannot be installed from
the package index)."""
import getpass
import os


def get_ayon_username():
    """Stand-in: ``AYON_USERNAME`` or the OS user (real asks the server)."""
    return os.getenv("AYON_USERNAME") or getpass.getuser()
