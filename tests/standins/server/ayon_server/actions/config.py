"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/actions/config.py: action configs by hash in
Postgres (``public.action_config``, cached in Redis); here the in-memory
table ``DB.action_config`` (hash -> row with ``data`` and the context
columns).
"""
from __future__ import annotations

from typing import Any

from ayon_server.lib.postgres import DB


async def get_action_config(hash: str) -> dict[str, Any]:
    """The config stored under ``hash`` (empty when none)."""
    row = DB.action_config.get(hash)
    return dict(row["data"]) if row else {}


async def set_action_config(
    hash: str,
    data: dict[str, Any],
    *,
    addon_name: str | None = None,
    addon_version: str | None = None,
    identifier: str | None = None,
    project_name: str | None = None,
    user_name: str | None = None,
) -> None:
    """Store ``data`` under ``hash``; empty data deletes the row."""
    if not data:
        DB.action_config.pop(hash, None)
        return
    DB.action_config[hash] = {
        "data": dict(data),
        "addon_name": addon_name,
        "addon_version": addon_version,
        "identifier": identifier,
        "project_name": project_name,
        "user_name": user_name,
    }
