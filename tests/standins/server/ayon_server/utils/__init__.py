"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/utils/__init__.py (re-exports).
"""
from .hashing import hash_data

__all__ = ["hash_data"]
