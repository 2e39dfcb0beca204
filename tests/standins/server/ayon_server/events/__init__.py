"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/events (EventStream). Dispatched events are
appended to the stand-in database's `events` table.
"""
from __future__ import annotations

from typing import Any

from ayon_server.lib.postgres import DB


class EventStream:
    """The server's event bus."""

    @classmethod
    async def dispatch(cls, topic: str, **kwargs: Any) -> str:
        DB.events.append({"topic": topic, **kwargs})
        return kwargs.get("hash") or str(len(DB.events))
