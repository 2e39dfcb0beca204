"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/lib/postgres.py (the database). Here: plain
in-memory tables that tests fill; the other stand-ins read them.
"""
from __future__ import annotations

from typing import Any


class _Database:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Empty every table."""
        # (addon, version, variant) -> studio overrides
        self.settings: dict[tuple, dict[str, Any]] = {}
        # (project, addon, version, variant) -> project overrides
        self.project_settings: dict[tuple, dict[str, Any]] = {}
        # project name -> {"task_types": [{"name": ...}],
        #   "bundle": {variant: project bundle name}, ...}
        self.projects: dict[str, dict[str, Any]] = {}
        # (project, entity type) -> {id: payload}
        self.entities: dict[tuple, dict[str, dict[str, Any]]] = {}
        # bundle name -> {"addons": {name: version}, "is_production":
        #   bool, "is_staging": bool, "is_dev": bool}
        self.bundles: dict[str, dict[str, Any]] = {}
        # addon name -> version -> addon instance (the addon library)
        self.addons: dict[str, dict[str, Any]] = {}
        self.action_config: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []


DB = _Database()
