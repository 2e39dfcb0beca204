"""STAND-IN for ``ayon_core.pipeline.actions.structures`` (cannot be
installed from the package index)."""
from dataclasses import dataclass
from typing import Any, List, Optional


@dataclass
class ActionForm:
    """A form an action shows; submitting it runs the action again."""

    title: str
    fields: List[Any]
    submit_label: Optional[str] = "Submit"
    submit_icon: Optional[Any] = None
    cancel_label: Optional[str] = "Cancel"
    cancel_icon: Optional[Any] = None
