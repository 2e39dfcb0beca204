"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/forms/simple_form.py (SimpleForm).
"""
from __future__ import annotations

from typing import Any, Optional


class SimpleForm(list):
    """A list of form fields, built by chained calls."""

    def boolean(
        self, name: str, label: Optional[str] = None, value: bool = False
    ) -> SimpleForm:
        field: dict[str, Any] = {"type": "boolean", "name": name,
                                 "value": value}
        if label is not None:
            field["label"] = label
        self.append(field)
        return self

    def select(
        self,
        name: str,
        options: list[Any],
        label: Optional[str] = None,
        value: Optional[str] = None,
    ) -> SimpleForm:
        normalized = [
            {"value": o, "label": o} if isinstance(o, str) else dict(o)
            for o in options
        ]
        field: dict[str, Any] = {"type": "select", "name": name,
                                 "options": normalized}
        if label is not None:
            field["label"] = label
        if value is not None:
            field["value"] = value
        self.append(field)
        return self

    def label(self, text: str, *, highlight: Optional[str] = None
              ) -> SimpleForm:
        field: dict[str, Any] = {"type": "label",
                                 "name": f"label-{len(self)}", "value": text}
        if highlight:
            field["highlight"] = highlight
        self.append(field)
        return self
