"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/entities (ProjectEntity, FolderEntity,
TaskEntity, WorkfileEntity, UserEntity): loaded here from the stand-in
database instead of Postgres.
"""
from __future__ import annotations

from typing import Any, Optional

from ayon_server.exceptions import NotFoundException
from ayon_server.lib.postgres import DB


class ProjectEntity:
    """A project; `task_types` is a list of {"name": ...} dicts."""

    def __init__(self, name: str, payload: dict[str, Any]) -> None:
        self.name = name
        self.task_types: list[dict[str, Any]] = payload.get("task_types", [])

    @classmethod
    async def load(cls, name: str, **kwargs: Any) -> ProjectEntity:
        if name not in DB.projects:
            raise NotFoundException(f"Project {name} not found")
        return cls(name, DB.projects[name])


class _ProjectLevelEntity:
    entity_type: str

    def __init__(self, project_name: str, payload: dict[str, Any]) -> None:
        self.project_name = project_name
        self._payload = payload

    @classmethod
    async def load(
        cls, project_name: str, entity_id: str, **kwargs: Any
    ) -> Any:
        table = DB.entities.get((project_name, cls.entity_type), {})
        if entity_id not in table:
            raise NotFoundException("Entity not found")
        return cls(project_name, table[entity_id])

    @property
    def id(self) -> str:
        return self._payload["id"]

    @property
    def name(self) -> str:
        return self._payload["name"]

    @property
    def data(self) -> dict[str, Any]:
        return self._payload.get("data", {})


class FolderEntity(_ProjectLevelEntity):
    entity_type = "folder"

    @property
    def path(self) -> str:
        return self._payload["path"]


class TaskEntity(_ProjectLevelEntity):
    entity_type = "task"

    @property
    def task_type(self) -> str:
        return self._payload["task_type"]

    @property
    def folder_id(self) -> str:
        return self._payload["folder_id"]


class WorkfileEntity(_ProjectLevelEntity):
    entity_type = "workfile"

    @property
    def path(self) -> str:
        return self._payload["path"]

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def task_id(self) -> str:
        return self._payload["task_id"]


class UserEntity:
    """A user: `name`, and the roles the real entity reads from `data`.

    The real constructor takes the user's payload; this one its name and
    (stand-in only) its `data` (``{"isManager": True}``, ...).
    """

    def __init__(
        self, name: str, data: Optional[dict[str, Any]] = None
    ) -> None:
        self.name = name
        self.data: dict[str, Any] = dict(data or {})

    @property
    def is_guest(self) -> bool:
        return self.data.get("isGuest", False)

    @property
    def is_service(self) -> bool:
        return self.data.get("isService", False)

    @property
    def is_admin(self) -> bool:
        if self.is_guest:
            return False
        return self.data.get("isAdmin", False) or self.is_service

    @property
    def is_manager(self) -> bool:
        return (
            self.data.get("isManager", False)
            or self.data.get("isAdmin", False)
            or self.data.get("isService", False)
        )
