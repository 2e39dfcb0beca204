"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/exceptions.py.
"""
from __future__ import annotations

from typing import Any, Optional


class AyonException(Exception):
    """Base of the server's exceptions; `detail` is shown to the user."""

    detail: str = "Error"
    status: int = 500

    def __init__(self, detail: Optional[str] = None, **kwargs: Any) -> None:
        if detail is not None:
            self.detail = detail
        self.extra = kwargs
        super().__init__(self.detail)


class BadRequestException(AyonException):
    """HTTP 400."""

    detail = "Bad request"
    status = 400


class UnauthorizedException(AyonException):
    """HTTP 401."""

    detail = "Not logged in"
    status = 401


class ForbiddenException(AyonException):
    """HTTP 403."""

    detail = "Forbidden"
    status = 403


class NotFoundException(AyonException):
    """HTTP 404."""

    detail = "Not found"
    status = 404
