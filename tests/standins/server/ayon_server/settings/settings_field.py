"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/settings/settings_field.py (the pydantic 1
version). Same keyword arguments as the real function; AYON specific
ones (scope, enum_resolver, widget, syntax, ...) become field extras, so
they show in the model's JSON schema as the settings UI reads them.
Unknown keyword arguments are ignored (the real function logs them), and
``conditionalEnum`` is logged as deprecated, as the server does.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any, Callable, Optional

from pydantic.v1 import Field
from pydantic.v1.fields import Undefined

logger = logging.getLogger("ayon_server")


def SettingsField(  # noqa: N802 - the real name
    default: Any = Undefined,
    *,
    default_factory: Optional[Callable[[], Any]] = None,
    alias: Optional[str] = None,
    title: Optional[str] = None,
    description: Optional[str] = None,
    gt: Optional[float] = None,
    ge: Optional[float] = None,
    lt: Optional[float] = None,
    le: Optional[float] = None,
    multiple_of: Optional[float] = None,
    allow_inf_nan: Optional[bool] = None,
    max_digits: Optional[int] = None,
    decimal_places: Optional[int] = None,
    min_items: Optional[int] = None,
    max_items: Optional[int] = None,
    unique_items: Optional[bool] = None,
    min_length: Optional[int] = None,
    max_length: Optional[int] = None,
    allow_mutation: bool = True,
    regex: Optional[str] = None,
    discriminator: Optional[str] = None,
    repr: bool = True,
    # AYON settings specifics
    example: Any = None,
    enum_resolver: Optional[Callable[..., Any]] = None,
    required_items: Optional[list[str]] = None,
    section: Optional[str] = None,
    widget: Optional[str] = None,
    syntax: Optional[str] = None,
    layout: Optional[str] = None,
    tags: Optional[list[str]] = None,
    scope: Optional[list[str]] = None,
    placeholder: Optional[str] = None,
    conditional_enum: bool = False,
    disabled: bool = False,
    # compatibility
    conditionalEnum: bool = False,  # noqa: N803 - the real name
    examples: Optional[list[Any]] = None,
    **kwargs: Any,
) -> Any:
    """Define a field of a settings model."""
    caller = traceback.extract_stack()[-2]
    if conditionalEnum:
        logger.debug("Deprecated argument: conditionalEnum at %s:%s",
                      caller.filename, caller.lineno)
    if kwargs:
        logger.debug("Unsupported argument: %s at %s:%s",
                     ", ".join(kwargs), caller.filename, caller.lineno)
    examples = list(examples or [])
    if example is not None:
        examples.append(example)

    extra: dict[str, Any] = {}
    if examples:
        extra["example"] = examples[0]
    for key, value in (
        ("enum_resolver", enum_resolver),
        ("required_items", required_items),
        ("section", section),
        ("widget", widget),
        ("layout", layout),
        ("tags", tags),
        ("placeholder", placeholder),
    ):
        if value is not None:
            extra[key] = value
    if conditional_enum or conditionalEnum:
        extra["conditional_enum"] = True
    if scope is not None:
        extra["scope"] = scope
    extra["disabled"] = disabled
    if syntax is not None:
        extra["syntax"] = syntax.lower()
    return Field(
        default,
        default_factory=default_factory,
        alias=alias,
        title=title,
        description=description,
        gt=gt,
        ge=ge,
        lt=lt,
        le=le,
        multiple_of=multiple_of,
        allow_inf_nan=allow_inf_nan,
        max_digits=max_digits,
        decimal_places=decimal_places,
        min_items=min_items,
        max_items=max_items,
        unique_items=unique_items,
        min_length=min_length,
        max_length=max_length,
        allow_mutation=allow_mutation,
        regex=regex,
        discriminator=discriminator,
        repr=repr,
        **extra,
    )
