"""The reference tables of the docs say what the code has.

README's command table is read back and compared with the command table
both command lines are built from (``commands.COMMANDS``): the same
commands in the same order, each option under its first flag, written in
brackets exactly when it is optional, with the values it takes. The
field tables of ``docs/settings.md`` name only fields the server's
settings models have (``test_server_settings_ui`` checks the other way:
every field is described).
"""
import os
import re
from typing import Dict, List, Set, Tuple

from ayon_applications.commands import COMMANDS
from tests.conftest import REPO_ROOT

#: A cell separator of a markdown table (``\\|`` is a pipe inside a cell).
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_OPTION = re.compile(r"--[a-z][a-z0-9-]*")
_POSITIONAL = re.compile(r"\b[A-Z][A-Z0-9_]+\b")


def _read(*parts: str) -> str:
    with open(os.path.join(REPO_ROOT, *parts), encoding="utf-8") as stream:
        return stream.read()


def _table_rows(text: str, heading: str) -> List[List[str]]:
    """Cells of the body rows of the first table after ``heading``."""
    section = text.split(f"\n{heading}\n", 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [cell.strip() for cell in _CELL_SPLIT.split(line)[1:-1]]
        rows.append(cells)
    return rows[2:]  # after the header and separator rows


def _syntax(cell: str) -> str:
    """The argument syntax: the first code span of the cell."""
    match = re.match(r"`([^`]*)`", cell)
    assert match, f"no argument syntax in {cell!r}"
    return match.group(1).replace("\\|", "|")


def _options(syntax: str) -> Tuple[Dict[str, bool], Dict[str, Set[str]]]:
    """``{flag: optional}`` and ``{flag: values written}`` of a syntax."""
    optional_parts = []
    required_text = syntax
    while _BRACKETED.search(required_text):
        optional_parts += _BRACKETED.findall(required_text)
        required_text = _BRACKETED.sub(" ", required_text)
    flags = {flag: False for flag in _OPTION.findall(required_text)}
    for part in optional_parts:
        for flag in _OPTION.findall(part):
            flags[flag] = True
    values = {}
    for flag, value in re.findall(r"(--[a-z0-9-]+) ([a-z0-9]+[/|][^\s\]]+)",
                                  syntax):
        values[flag] = set(re.split(r"[/|]", value))
    return flags, values


README_COMMANDS = _table_rows(_read("README.md"), "## Command line")


def test_readme_lists_the_commands_of_the_command_table_in_order():
    names = [row[0].strip("`") for row in README_COMMANDS]
    assert names == [command.name for command in COMMANDS]


def test_readme_gives_each_command_its_options():
    for row in README_COMMANDS:
        command = next(c for c in COMMANDS if c.name == row[0].strip("`"))
        syntax = _syntax(row[1])
        flags, values = _options(syntax)
        options = [param for param in command.params if not param.is_argument]
        expected = {param.decls[0]: not param.required for param in options}
        assert flags == expected, command.name
        for param in options:
            if param.decls[0] in values:
                assert values[param.decls[0]] == set(param.choices), (
                    command.name, param.decls[0])
        positionals = [param.dest.upper() for param in command.params
                       if param.is_argument]
        leading = []
        for token in syntax.split():
            if not _POSITIONAL.fullmatch(token):
                break
            leading.append(token)
        assert leading == positionals, command.name


def _model_paths(model, prefix: str = "") -> Set[str]:
    from ayon_server.settings import BaseSettingsModel

    paths = set()
    for name, field in model.__fields__.items():
        path = f"{prefix}{name}"
        paths.add(path)
        if isinstance(field.type_, type) and issubclass(
            field.type_, BaseSettingsModel
        ):
            paths |= _model_paths(field.type_, f"{path}.")
    return paths


def test_settings_doc_describes_only_fields_that_exist():
    from server.settings import (
        ApplicationsAddonSettings,
        ApplicationsSiteSettings,
    )

    known = _model_paths(ApplicationsAddonSettings) | _model_paths(
        ApplicationsSiteSettings
    )
    described = []
    for line in _read("docs", "settings.md").splitlines():
        match = re.match(r"\| `([a-z_.]+)` \|", line)
        if match and match.group(1) != "field":
            described.append(match.group(1))
    assert len(described) > 40
    assert [path for path in described if path not in known] == []
