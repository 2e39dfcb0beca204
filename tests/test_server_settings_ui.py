"""The settings as an admin meets them in the AYON settings UI.

Every field has a title and a one-line description (with an example for
every value an admin types or picks); JSON texts ask for the UI's JSON
highlighting; ordered lists use the sortable multiselect; no deprecated
``SettingsField`` argument is used and none the real server lacks.

Runs on the ``ayon_server`` stand-ins (tests/standins/server).
"""
from __future__ import annotations

import ast
import glob
import inspect
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from ayon_server.settings import BaseSettingsModel, SettingsField
from pydantic.v1.fields import ModelField

from server.settings import ApplicationsAddonSettings
from tests.fixtures.server import REPO_ROOT

#: Keyword arguments of the real ``SettingsField`` (ynput/ayon-backend,
#: ayon_server/settings/settings_field.py, pydantic 1 version), in order.
REAL_SETTINGS_FIELD_ARGS = [
    "default", "default_factory", "alias", "title", "description", "gt",
    "ge", "lt", "le", "multiple_of", "allow_inf_nan", "max_digits",
    "decimal_places", "min_items", "max_items", "unique_items",
    "min_length", "max_length", "allow_mutation", "regex", "discriminator",
    "repr", "example", "enum_resolver", "required_items", "section",
    "widget", "syntax", "layout", "tags", "scope", "placeholder",
    "conditional_enum", "disabled", "conditionalEnum", "examples",
]
#: Kept by the server for backward compatibility only; it logs their use.
DEPRECATED_ARGS = {"conditionalEnum"}


def _fields(
    model: type[BaseSettingsModel], path: str = ""
) -> Iterator[tuple[str, ModelField]]:
    """Every field of ``model`` and of the models it holds, by path."""
    for name, field in model.__fields__.items():
        field_path = f"{path}.{name}" if path else name
        yield field_path, field
        if isinstance(field.type_, type) and issubclass(
            field.type_, BaseSettingsModel
        ):
            yield from _fields(field.type_, field_path)


ALL_FIELDS = dict(_fields(ApplicationsAddonSettings))


def _is_model(field: ModelField) -> bool:
    return isinstance(field.type_, type) and issubclass(
        field.type_, BaseSettingsModel
    )


def _is_json_text(field: ModelField) -> bool:
    """A text field whose default is a JSON object."""
    if field.type_ is not str or not isinstance(field.default, str):
        return False
    try:
        return isinstance(json.loads(field.default), dict)
    except ValueError:
        return False


def test_the_walk_reaches_every_part_of_the_model():
    # A guard for the tests below: nested models and list items count.
    for path in ("rez.packages_path.windows", "rez.local_cache_path.linux",
                 "applications.variants.command_per_platform.darwin",
                 "applications.variants.arguments.windows",
                 "tools.variants.app_variants",
                 "project_applications.profiles.allow_type",
                 "project_overrides.timestamp"):
        assert path in ALL_FIELDS, path
    assert len(ALL_FIELDS) > 60


@pytest.mark.parametrize("path", sorted(ALL_FIELDS))
def test_every_field_has_a_title_and_a_one_line_description(path):
    info = ALL_FIELDS[path].field_info
    assert info.title and info.title.strip(), path
    description = info.description or ""
    assert description.strip(), f"{path} has no description"
    assert "\n" not in description, path
    assert description == description.strip(), path
    assert len(description) <= 120, (path, len(description))


@pytest.mark.parametrize("path", sorted(
    path for path, field in ALL_FIELDS.items()
    if not _is_model(field) and field.type_ is not bool
))
def test_every_value_field_description_gives_an_example(path):
    assert "e.g. " in ALL_FIELDS[path].field_info.description, path


def test_json_text_fields_are_the_environments_and_extra_config():
    json_fields = sorted(p for p, f in ALL_FIELDS.items() if _is_json_text(f))
    assert json_fields == [
        "applications.environment",
        "applications.variants.environment",
        "rez.extra_config",
        "tools.environment",
        "tools.variants.environment",
    ]


@pytest.mark.parametrize("path", sorted(
    path for path, field in ALL_FIELDS.items() if _is_json_text(field)
))
def test_json_text_fields_ask_for_json_highlighting(path):
    extra = ALL_FIELDS[path].field_info.extra
    assert extra.get("widget") == "textarea", path
    assert extra.get("syntax") == "json", path


def _schema_properties(schema: dict[str, Any]) -> Iterator[dict]:
    """Every property of the schema the server sends to the settings UI."""
    for definition in [schema, *schema.get("definitions", {}).values()]:
        yield from definition.get("properties", {}).values()


def test_the_ui_schema_carries_the_widgets():
    properties = list(_schema_properties(ApplicationsAddonSettings.schema()))
    json_areas = [p for p in properties if p.get("syntax") == "json"]
    # group, variant, tool group, tool, extra_config (definitions once)
    assert len(json_areas) == 5
    assert all(p["widget"] == "textarea" for p in json_areas)
    sortable = [p["title"] for p in properties
                if p.get("widget") == "sortable_multiselect"]
    assert sorted(sortable) == ["Applications", "Tools"]
    conditional = [p["title"] for p in properties
                   if p.get("conditional_enum")]
    assert conditional == ["Allow"]
    assert not any("conditionalEnum" in p for p in properties)


@pytest.mark.parametrize("path", [
    "project_applications.profiles.applications",
    "project_tools.profiles.tools",
])
def test_ordered_lists_use_the_sortable_multiselect(path):
    extra = ALL_FIELDS[path].field_info.extra
    assert extra["widget"] == "sortable_multiselect"
    assert callable(extra["enum_resolver"])


def test_allow_type_is_a_conditional_enum():
    extra = ALL_FIELDS["project_applications.profiles.allow_type"] \
        .field_info.extra
    assert extra["conditional_enum"] is True


def _settings_field_calls() -> Iterator[tuple[str, int, list[str]]]:
    """(file, line, keyword names) of every SettingsField call in server/."""
    pattern = os.path.join(REPO_ROOT, "server", "**", "*.py")
    for path in sorted(glob.glob(pattern, recursive=True)):
        with open(path, encoding="utf-8") as stream:
            tree = ast.parse(stream.read(), path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(
                node.func, "id", None
            ) == "SettingsField":
                yield (os.path.relpath(path, REPO_ROOT), node.lineno,
                       [keyword.arg for keyword in node.keywords])


def test_server_code_uses_only_current_arguments_of_the_real_api():
    calls = list(_settings_field_calls())
    assert len(calls) > 60
    current = set(REAL_SETTINGS_FIELD_ARGS) - DEPRECATED_ARGS
    wrong = [(path, line, arg) for path, line, args in calls
             for arg in args if arg not in current]
    assert wrong == []


def test_standin_settings_field_takes_the_real_arguments():
    parameters = list(inspect.signature(SettingsField).parameters)
    assert parameters == [*REAL_SETTINGS_FIELD_ARGS, "kwargs"]


def test_standin_logs_the_deprecated_argument_as_the_server_does(caplog):
    with caplog.at_level("DEBUG", logger="ayon_server"):
        info = SettingsField("a", conditionalEnum=True)
    assert info.extra["conditional_enum"] is True
    assert "Deprecated argument: conditionalEnum" in caplog.text


def test_docs_describe_every_field():
    with open(os.path.join(REPO_ROOT, "docs", "settings.md"),
              encoding="utf-8") as stream:
        docs = stream.read()
    platforms = (".windows", ".linux", ".darwin")
    missing = [path for path in ALL_FIELDS
               if not path.endswith(platforms) and f"`{path}`" not in docs]
    assert missing == []
