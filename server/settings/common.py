"""Shared pieces of the settings model: validators and small models.

Validation errors are raised as ``BadRequestException`` (as Ynput's
addons do), so the server shows the message as it is; each message names
the field and the value.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ayon_server.exceptions import BadRequestException
from ayon_server.settings import (
    BaseSettingsModel,
    SettingsField,
    ensure_unique_names,
)

from ..shared_rules import rules

try:  # The settings models are pydantic v1 models (AYON server <= 1.x,
    # and our tests): pick the validator of that API.
    from pydantic.v1 import BaseModel as _V1BaseModel
except ImportError:  # pragma: no cover - pydantic 1 without the v1 alias
    from pydantic import BaseModel as _V1BaseModel

if issubclass(BaseSettingsModel, _V1BaseModel):
    try:
        from pydantic.v1 import validator
    except ImportError:  # pragma: no cover - pydantic < 1.10.17
        from pydantic import validator
else:  # pragma: no cover - a server whose settings run on pydantic 2
    # The server gives addons a pydantic 1 compatible `pydantic` module.
    from pydantic import validator

__all__ = [
    "PLATFORMS",
    "name_validator",
    "requests_validator",
    "environment_validator",
    "unique_variants_validator",
    "absolute_paths_validator",
    "MultiplatformStrList",
    "MultiplatformStr",
    "check_name",
    "check_unique_names",
    "check_json_object",
    "check_requests",
    "check_memcached_uris",
    "check_command",
    "validator",
]

PLATFORMS = ("windows", "linux", "darwin")


def fail(message: str) -> None:
    """Raise the exception the server shows to the admin."""
    raise BadRequestException(message)


def check_name(field: str, name: str) -> str:
    """Refuse an empty name or one containing ``/``."""
    if not name or not name.strip():
        fail(f"{field}: name must not be empty (got {name!r})")
    if "/" in name:
        fail(f"{field}: name {name!r} must not contain '/'")
    if name != name.strip():
        fail(f"{field}: name {name!r} has leading or trailing spaces")
    return name


def check_unique_names(field: str, items: Iterable[Any]) -> None:
    """Refuse two items of one list with the same ``name``."""
    items = list(items)
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            fail(f"{field}: duplicate name {item.name!r}")
        seen.add(item.name)
    ensure_unique_names(items)


def check_json_object(field: str, value: str) -> str:
    """Return ``value`` ("{}" when blank) if it is a JSON object text."""
    if value is None or not value.strip():
        return "{}"
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        fail(f"{field}: invalid JSON ({exc.msg} at line {exc.lineno},"
             f" column {exc.colno}) in {_short(value)!r}")
    if not isinstance(parsed, dict):
        fail(f"{field}: must be a JSON object ({{...}}),"
             f" got {_short(value)!r}")
    return value


def check_requests(
    field: str, requests: list[str], placeholders: bool = False
) -> list[str]:
    """Refuse request strings that rez would not parse.

    ``placeholders`` admits rez's ``{system.platform}``, ``{system.arch}``
    and ``{system.os}`` (the studio's implicit packages only).
    """
    for request in requests:
        try:
            rules.check_request(request, placeholders)
        except rules.RequestSyntaxError as exc:
            fail(f"{field}: {request!r} is not a valid rez request: {exc}")
    return requests


def check_memcached_uris(field: str, uris: list[str]) -> list[str]:
    """Refuse memcached URIs that rez could not connect to as meant."""
    for uri in uris:
        try:
            rules.check_memcached_uri(uri)
        except rules.LocationError as exc:
            fail(f"{field}: {uri!r} is not a memcached server address:"
                 f" {exc}")
    return uris


def check_command(field: str, command: list[str]) -> list[str]:
    """Refuse a command whose program (first item) is blank."""
    program = command[0] if command else None
    if program is not None and (not program.strip()
                                or program != program.strip()):
        fail(f"{field}: the program (first item) of {command!r} is blank"
             " or has leading or trailing spaces; e.g. [\"maya\"]")
    return command


# Validators shared by several models, one line each in a model:
#   ``_check_name = name_validator("tools.name")``. ``where`` starts the
#   message and is followed by the item's name ("tools variant 'x' ...").

def name_validator(field: str) -> Any:
    """Validator of ``name``: not empty, no ``/``."""

    def check(cls: Any, value: str) -> str:
        return check_name(field, value)

    return validator("name", allow_reuse=True)(check)


def requests_validator(where: str) -> Any:
    """Validator of ``rez_request``: every item a valid rez request."""

    def check(cls: Any, value: list[str], values: dict) -> list[str]:
        return check_requests(
            f"{where} {values.get('name')!r} rez_request", value
        )

    return validator("rez_request", allow_reuse=True)(check)


def environment_validator(where: str) -> Any:
    """Validator of ``environment``: a JSON object text."""

    def check(cls: Any, value: str, values: dict) -> str:
        return check_json_object(
            f"{where} {values.get('name')!r} environment", value
        )

    return validator("environment", allow_reuse=True)(check)


def unique_variants_validator(where: str) -> Any:
    """Validator of ``variants``: unique names."""

    def check(cls: Any, value: list[Any], values: dict) -> list[Any]:
        check_unique_names(f"{where} {values.get('name')!r} variants", value)
        return value

    return validator("variants", allow_reuse=True)(check)


def absolute_paths_validator(where: str) -> Any:
    """Validator of per-platform folders: absolute on that platform.

    A field holds one folder (``""`` = not set) or a list of folders.
    """

    def check(cls: Any, value: Any, field: Any) -> Any:
        if isinstance(value, list):
            paths = value
        else:
            paths = [value] if value else []
        for path in paths:
            try:
                rules.check_absolute_path(path, field.name)
            except rules.LocationError as exc:
                fail(f"{where}.{field.name}: {path!r} {exc}")
        return value

    return validator(*PLATFORMS, allow_reuse=True)(check)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


class MultiplatformStrList(BaseSettingsModel):
    """One list of strings per platform (base of the per-platform lists)."""

    windows: list[str] = SettingsField(
        default_factory=list, title="Windows", description="On Windows",
    )
    linux: list[str] = SettingsField(
        default_factory=list, title="Linux", description="On Linux",
    )
    darwin: list[str] = SettingsField(
        default_factory=list, title="MacOS", description="On macOS",
    )


class MultiplatformStr(BaseSettingsModel):
    """One string per platform (base of the per-platform values)."""

    windows: str = SettingsField("", title="Windows", description="On Windows")
    linux: str = SettingsField("", title="Linux", description="On Linux")
    darwin: str = SettingsField("", title="MacOS", description="On macOS")
