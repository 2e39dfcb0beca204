"""Checking JSON data against a shape, with the path of each problem.

The generic half of the settings check (``settings_validation`` holds
the addon's shape): a :class:`JsonChecker` walks a value, and each
method checks one kind of field (a type, a list of strings, an object of
per-platform values, a list of uniquely named objects), recording a
problem as ``path text``, e.g.
``applications[maya].variants[2025].command must be a list of strings,
got the string "maya"``. Items of a named list show their name in the
path, or their position when they have no usable name.
"""
import json
import re
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

__all__ = ["JsonChecker", "describe", "PLATFORMS"]

PLATFORMS = ("windows", "linux", "darwin")

_MISSING = object()
# A name shown as is in a field path; others show the item's position.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.+-]{1,40}\Z")

_KINDS: Dict[str, Tuple[str, Callable[[Any], bool]]] = {
    "object": ("an object", lambda value: isinstance(value, dict)),
    "list": ("a list", lambda value: isinstance(value, list)),
    "string": ("a string", lambda value: isinstance(value, str)),
    "boolean": ("true or false", lambda value: isinstance(value, bool)),
    "number": (
        "a number",
        lambda value: isinstance(value, (int, float))
        and not isinstance(value, bool),
    ),
}


def describe(value: Any) -> str:
    """A JSON value as a message shows it: ``a string "-batch"``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        text = json.dumps(value)
        if len(text) > 40:
            text = text[:36] + '..."'
        return f"the string {text}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class JsonChecker:
    """Walks JSON data, collecting problems with their field path."""

    def __init__(self) -> None:
        self.problems: List[str] = []

    def problem(self, path: str, text: str) -> None:
        """Record a problem of the field at ``path``."""
        self.problems.append(f"{path} {text}" if path else text)

    def kind(self, path: str, value: Any, *kinds: str) -> bool:
        """Whether ``value`` is of one of ``kinds``; a problem if not."""
        if any(_KINDS[kind][1](value) for kind in kinds):
            return True
        expected = " or ".join(_KINDS[kind][0] for kind in kinds)
        self.problem(path, f"must be {expected}, got {describe(value)}")
        return False

    def fields(
        self, path: str, data: Any, checks: Dict[str, Any]
    ) -> Optional[Dict[str, Any]]:
        """Check the fields of an object present in ``data``.

        ``checks`` maps a key to a kind name or to a function
        ``(path, value)``; keys not in ``checks`` are left alone.
        """
        if not self.kind(path, data, "object"):
            return None
        for key, check in checks.items():
            value = data.get(key, _MISSING)
            if value is _MISSING:
                continue
            field_path = f"{path}.{key}" if path else key
            if isinstance(check, str):
                self.kind(field_path, value, check)
            else:
                check(field_path, value)
        return data

    def strings(self, path: str, value: Any) -> bool:
        """A list of strings."""
        if not isinstance(value, list):
            self.problem(path, f"must be a list of strings, got"
                               f" {describe(value)}")
            return False
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(
                    f"{path}[{index}]",
                    f"must be a string, got {describe(item)}",
                )
                return False
        return True

    def per_platform(
        self, path: str, value: Any, item_kind: str = "strings"
    ) -> None:
        """An object of ``windows``/``linux``/``darwin`` values."""
        if not self.kind(path, value, "object"):
            return
        for platform_name in PLATFORMS:
            if platform_name not in value:
                continue
            item = value[platform_name]
            if item_kind == "strings":
                self.strings(f"{path}.{platform_name}", item)
            else:
                self.kind(f"{path}.{platform_name}", item, item_kind)

    def choice(self, path: str, value: Any, choices: Sequence[str]) -> None:
        if self.kind(path, value, "string") and value not in choices:
            listed = ", ".join(json.dumps(choice) for choice in choices)
            self.problem(path, f"must be one of {listed}, got"
                               f" {describe(value)}")

    # --- named lists ------------------------------------------------------
    def named_items(
        self,
        path: str,
        value: Any,
        check_item: Callable[[str, Dict[str, Any]], None],
    ) -> None:
        """A list of objects with unique names, each checked."""
        if not self.kind(path, value, "list"):
            return
        first_index: Dict[str, int] = {}
        for index, item in enumerate(value):
            name = item.get("name") if isinstance(item, dict) else None
            shown = name if isinstance(name, str) and _PLAIN_NAME.match(
                name) else index
            item_path = f"{path}[{shown}]"
            if not self.kind(item_path, item, "object"):
                continue
            if self.name(item_path, item.get("name", _MISSING)):
                if name in first_index:
                    self.problem(
                        path,
                        f"has the name {json.dumps(name)} twice (items"
                        f" {first_index[name]} and {index}); names must be"
                        " unique",
                    )
                else:
                    first_index[name] = index
            check_item(item_path, item)

    def name(self, path: str, name: Any) -> bool:
        """The ``name`` of an item: present, non-empty, no ``/``."""
        path = f"{path}.name"
        if name is _MISSING:
            self.problem(path, "is missing; every item needs a name")
            return False
        if not self.kind(path, name, "string"):
            return False
        if not name.strip():
            self.problem(path, "is empty; every item needs a name")
        elif "/" in name:
            self.problem(path, f"must not contain '/', got {describe(name)}")
        elif name != name.strip():
            self.problem(path, f"has leading or trailing spaces:"
                               f" {describe(name)}")
        else:
            return True
        return False

    def json_object(
        self, path: str, value: Any
    ) -> Optional[Dict[str, Any]]:
        """A JSON object, as text or parsed; returns it parsed (None if it
        is not one, a problem then)."""
        if not self.kind(path, value, "string", "object"):
            return None
        if isinstance(value, dict):
            return value
        if not value.strip():
            return {}
        try:
            parsed = json.loads(value)
        except ValueError as exc:
            self.problem(path, f"is not valid JSON: {exc}")
            return None
        if not isinstance(parsed, dict):
            self.problem(path, f"must be a JSON object, got"
                               f" {describe(parsed)}")
            return None
        return parsed
