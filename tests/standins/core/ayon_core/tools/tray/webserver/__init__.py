"""STAND-IN for ``ayon_core.tools.tray.webserver`` (cannot be installed
from the package index)."""
from .server import WebServerManager, find_free_port

__all__ = (
    "WebServerManager",
    "find_free_port",
)
