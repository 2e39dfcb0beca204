"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/actions/context.py.
"""
from __future__ import annotations

from typing import Any, Optional

from pydantic.v1 import BaseModel


class ActionContext(BaseModel):
    """What the frontend sends: project, entity type and ids, form data."""

    project_name: Optional[str] = None
    entity_type: Optional[str] = None
    entity_subtypes: Optional[list[str]] = None
    entity_ids: Optional[list[str]] = None
    form_data: Optional[dict[str, Any]] = None
