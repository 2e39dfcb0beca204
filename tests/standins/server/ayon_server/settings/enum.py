"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/settings/enum.py. The real resolver reads the
task types of the project (or of the primary anatomy preset).
"""
from __future__ import annotations

from typing import Optional


async def task_types_enum(project_name: Optional[str] = None) -> list[str]:
    """Task type names of the project (of the stand-in database)."""
    from ayon_server.entities import ProjectEntity

    if project_name is None:
        return []
    project = await ProjectEntity.load(project_name)
    return [task_type["name"] for task_type in project.task_types]
