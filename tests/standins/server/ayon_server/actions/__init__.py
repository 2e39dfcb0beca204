"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/actions/__init__.py (re-exports).
"""
from .context import ActionContext
from .execute import ActionExecutor, ExecuteResponseModel
from .manifest import (
    BaseActionManifest,
    DynamicActionManifest,
    SimpleActionManifest,
)

__all__ = [
    "ActionContext",
    "ActionExecutor",
    "BaseActionManifest",
    "DynamicActionManifest",
    "ExecuteResponseModel",
    "SimpleActionManifest",
]
