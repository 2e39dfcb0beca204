"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/settings/settings_field.py. AYON specific
arguments (scope, enum_resolver, widget, ...) are kept as field extras.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from pydantic.v1 import Field
from pydantic.v1.fields import Undefined


def SettingsField(  # noqa: N802 - the real name
    default: Any = Undefined,
    *,
    default_factory: Optional[Callable[[], Any]] = None,
    title: Optional[str] = None,
    description: Optional[str] = None,
    gt: Optional[float] = None,
    ge: Optional[float] = None,
    lt: Optional[float] = None,
    le: Optional[float] = None,
    regex: Optional[str] = None,
    enum_resolver: Any = None,
    section: Optional[str] = None,
    widget: Optional[str] = None,
    layout: Optional[str] = None,
    scope: Optional[list[str]] = None,
    placeholder: Optional[str] = None,
    conditional_enum: bool = False,
    conditionalEnum: bool = False,  # noqa: N803 - the real name
    **kwargs: Any,
) -> Any:
    """Define a field of a settings model."""
    extra: dict[str, Any] = {}
    for key, value in (
        ("enum_resolver", enum_resolver),
        ("section", section),
        ("widget", widget),
        ("layout", layout),
        ("scope", scope),
        ("placeholder", placeholder),
    ):
        if value is not None:
            extra[key] = value
    if conditional_enum or conditionalEnum:
        extra["conditional_enum"] = True
    return Field(
        default,
        default_factory=default_factory,
        title=title,
        description=description,
        gt=gt,
        ge=ge,
        lt=lt,
        le=le,
        regex=regex,
        **extra,
    )
