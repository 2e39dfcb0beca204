"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/api/dependencies.py. As the real one, the user
comes from ``request.state.user``, which the server's authentication
sets; here a test sets it.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ayon_server.entities import UserEntity
from ayon_server.exceptions import UnauthorizedException


async def dep_current_user(request: Request) -> UserEntity:
    """The logged-in user of the request."""
    user = getattr(request.state, "user", None)
    if not user:
        raise UnauthorizedException("Unauthorized")
    return user


CurrentUser = Annotated[UserEntity, Depends(dep_current_user)]
