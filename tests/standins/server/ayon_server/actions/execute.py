"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/actions/execute.py. As the real one, the
launcher response dispatches an "action.launcher" event whose payload
holds the arguments; the response itself carries only the URI.
"""
from __future__ import annotations

import urllib.parse
import uuid
from typing import Any, Optional

from pydantic.v1 import BaseModel

from ayon_server.actions.context import ActionContext
from ayon_server.events import EventStream
from ayon_server.forms import SimpleForm


class ExecuteResponseModel(BaseModel):
    """What execute_action answers."""

    type: str = "simple"
    success: bool = True
    message: Optional[str] = None
    payload: Optional[dict[str, Any]] = None


class ActionExecutor:
    """The action being executed: who, what, where."""

    user: Any
    server_url: str
    access_token: Optional[str]
    addon_name: str
    addon_version: str
    variant: str
    identifier: str
    context: ActionContext

    async def get_launcher_response(
        self, args: list[str], message: Optional[str] = None
    ) -> ExecuteResponseModel:
        """Open the AYON launcher with `args`."""
        token = uuid.uuid4().hex
        await EventStream.dispatch(
            "action.launcher",
            hash=token,
            description=message or f"Running action {self.identifier}",
            summary={
                "addon_name": self.addon_name,
                "addon_version": self.addon_version,
                "variant": self.variant,
                "action_identifier": self.identifier,
            },
            payload={"args": args, "context": self.context.dict()},
            user=self.user.name,
            project=self.context.project_name,
            finished=False,
        )
        url = urllib.parse.quote_plus(self.server_url)
        return ExecuteResponseModel(
            type="launcher",
            message=message,
            payload={
                "uri": f"ayon-launcher://action?server_url={url}"
                f"&token={token}",
            },
        )

    async def get_simple_response(
        self,
        message: Optional[str] = "Action executed successfully",
        success: bool = True,
        **kwargs: Any,
    ) -> ExecuteResponseModel:
        return ExecuteResponseModel(
            type="simple", success=success, message=message, payload=kwargs
        )

    async def get_form_response(
        self,
        title: str,
        fields: SimpleForm,
        submit_label: Optional[str] = "Submit",
        submit_icon: str = "check",
        cancel_label: Optional[str] = "Cancel",
        cancel_icon: str = "close",
        message: Optional[str] = None,
        success: bool = True,
        **kwargs: Any,
    ) -> ExecuteResponseModel:
        return ExecuteResponseModel(
            type="form",
            success=success,
            message=message,
            payload={
                "title": title,
                "fields": list(fields),
                "submit_label": submit_label,
                "submit_icon": submit_icon,
                "cancel_label": cancel_label,
                "cancel_icon": cancel_icon,
                **kwargs,
            },
        )
