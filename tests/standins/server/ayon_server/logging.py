"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend.

Real module: ayon_server/logging.py, whose ``logger`` is loguru's. Here
a standard library logger named ``ayon_server``, so tests read what the
addon logs with pytest's ``caplog``.
"""
import logging
import traceback

__all__ = ["logger", "log_traceback"]

logger = logging.getLogger("ayon_server")


def log_traceback(message: str = "Exception!", **kwargs: object) -> None:
    """Log the current exception with its traceback."""
    logger.error(f"{message}\n{traceback.format_exc()}")
