"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/settings/validators.py.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ayon_server.exceptions import BadRequestException


def ensure_unique_names(objects: Iterable[Any]) -> None:
    """Raise BadRequestException when two objects share a `name`."""
    names = []
    for obj in objects:
        if not hasattr(obj, "name"):
            raise BadRequestException("Object without name provided")
        if obj.name in names:
            raise BadRequestException(f"Duplicate name **{obj.name}**")
        names.append(obj.name)
