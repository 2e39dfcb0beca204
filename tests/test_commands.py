"""One command table, two command lines: AYON's click group and argparse.

Both are built from ``commands.COMMANDS``; read back from what each front
declares, every command and option must exist in both with the same
flags, destination, choices and default, and the contract's names must
be there.
"""
import argparse
import ast
import json
import os

import pytest

from ayon_applications.__main__ import build_parser
from ayon_applications.__main__ import main as standalone_main
from ayon_applications.commands import COMMANDS
from tests.fixtures.launch import addon_settings, write_settings_file

CLIENT_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "client", "ayon_applications",
)


class CommandLineAddon:
    """What the click front uses of the addon: its name and manager."""

    name = "applications"

    def get_applications_manager(self):
        return None


def param_record(flags, dest, required, default, choices, is_flag,
                 multiple):
    return (
        tuple(flags), dest, bool(required), default,
        tuple(choices or ()), bool(is_flag), bool(multiple),
    )


def click_front(ayon_core_standin):
    from ayon_applications.addon_cli import build_click_group

    return build_click_group(CommandLineAddon())


def click_records(group):
    """``{command: [param record]}`` from the click_wrap declarations."""
    records = {}
    for command in group.iter_commands():
        params = []
        for kind, decls, kwargs in command.iter_options():
            flags = [d for d in decls if d.startswith("-")]
            names = [d for d in decls if not d.startswith("-")]
            choices = getattr(kwargs.get("type"), "choices", ())
            params.append(param_record(
                flags, names[0],
                kind == "argument" or kwargs.get("required"),
                kwargs.get("default"), choices, kwargs.get("is_flag"),
                kwargs.get("multiple"),
            ))
        records[command.get_kwargs()["name"]] = params
    return records


def argparse_records(parser):
    """``{command: [param record]}`` from the argparse sub-parsers."""
    subparsers = next(
        action for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    records = {}
    for name, sub in subparsers.choices.items():
        records[name] = [
            param_record(
                action.option_strings, action.dest,
                action.required or not action.option_strings,
                action.default, action.choices,
                isinstance(action, argparse._StoreTrueAction),
                isinstance(action, argparse._AppendAction),
            )
            for action in sub._actions
            if not isinstance(action, argparse._HelpAction)
        ]
    return records


def test_both_fronts_have_the_same_commands_and_options(ayon_core_standin):
    click_side = click_records(click_front(ayon_core_standin))
    argparse_side = argparse_records(build_parser())

    assert list(click_side) == [command.name for command in COMMANDS]
    assert click_side == argparse_side


@pytest.mark.parametrize("command, argument, options", [
    ("extractenvironments", "output_json_path",
     {"--project": False, "--folder": False, "--task": False,
      "--app": False, "--envgroup": False}),
    ("launch", None,
     {"--app": True, "--project": True, "--folder": True, "--task": True,
      "--workfile-path": False, "--use-last-workfile": False}),
    ("launch-by-id", None,
     {"--app": True, "--project": True, "--task-id": True,
      "--workfile-path": False, "--use-last-workfile": False}),
    ("launch-by-workfile-id", None,
     {"--app": True, "--project": True, "--workfile-id": True}),
])
def test_contract_commands_keep_their_arguments(
    ayon_core_standin, command, argument, options
):
    params = click_records(click_front(ayon_core_standin))[command]
    positional = [p for p in params if not p[0]]
    assert [p[1] for p in positional] == ([argument] if argument else [])
    required = {p[0][0]: p[2] for p in params if p[0]}
    for flag, is_required in options.items():
        assert required[flag] is is_required, flag


@pytest.mark.parametrize("args", [
    pytest.param(["extractenvironments", "OUT.json", "--launch-type",
                  "local"], id="launch-type"),
    pytest.param(["launch-by-id", "--app", "a/b", "--project", "p",
                  "--task-id", "t", "--use-last-workfile", "maybe"],
                 id="use-last-workfile"),
])
def test_a_value_outside_the_choices_is_refused_by_both(
    ayon_core_standin, tmp_path, args, monkeypatch
):
    from ayon_core.addon import click_wrap

    monkeypatch.chdir(tmp_path)
    settings = write_settings_file(
        str(tmp_path / "settings.json"), addon_settings([], [])
    )
    assert click_wrap.run(click_front(ayon_core_standin), args) == 2
    with pytest.raises(SystemExit) as info:
        standalone_main(["--settings", settings, *args])
    assert info.value.code == 2
    assert not os.path.exists("OUT.json")


def test_both_fronts_hand_the_values_to_the_body(
    ayon_core_standin, tmp_path, monkeypatch
):
    """Without a full context extractenvironments writes this process's
    environment: each front reached the body with the output path."""
    from ayon_core.addon import click_wrap

    monkeypatch.setenv("AYON_TEST_MARKER", "from-the-worker")
    settings = write_settings_file(
        str(tmp_path / "settings.json"), addon_settings([], [])
    )
    by_click = str(tmp_path / "click.json")
    by_argparse = str(tmp_path / "argparse.json")

    assert click_wrap.run(
        click_front(ayon_core_standin),
        ["extractenvironments", by_click, "--project", "show"],
    ) == 0
    assert standalone_main([
        "--settings", settings, "extractenvironments", by_argparse,
        "--project", "show",
    ]) == 0
    for path in (by_click, by_argparse):
        with open(path, encoding="utf-8") as stream:
            assert json.load(stream)["AYON_TEST_MARKER"] == "from-the-worker"


def _imported_modules(tree, top_level_only):
    nodes = tree.body if top_level_only else ast.walk(tree)
    names = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
            if node.module is None:
                names.update(alias.name for alias in node.names)
    return names


def _parse(name):
    with open(os.path.join(CLIENT_DIR, name), encoding="utf-8") as stream:
        return ast.parse(stream.read())


def test_addon_and_its_click_front_do_not_import_each_other():
    assert "addon" not in _imported_modules(
        _parse("addon_cli.py"), top_level_only=False
    )
    assert not {"addon_cli", "cli", "commands"} & _imported_modules(
        _parse("addon.py"), top_level_only=True
    )


def test_a_repeatable_option_gives_the_body_every_value(
    ayon_core_standin, tmp_path, capsys
):
    """``doctor --project A --project B`` checks both, in both fronts."""
    from ayon_core.addon import click_wrap

    from ayon_applications import ApplicationManager
    from ayon_applications.addon_cli import build_click_group
    from ayon_applications.settings import FileSettingsSource

    settings = write_settings_file(
        str(tmp_path / "settings.json"), addon_settings([], [])
    )

    class FileSettingsAddon(CommandLineAddon):
        def get_applications_manager(self):
            return ApplicationManager(
                settings_source=FileSettingsSource(settings)
            )

    args = ["doctor", "--project", "a", "--project", "b", "--json"]
    assert click_wrap.run(build_click_group(FileSettingsAddon()), args) == 0
    by_click = json.loads(capsys.readouterr().out)
    assert standalone_main(["--settings", settings, *args]) == 0
    by_argparse = json.loads(capsys.readouterr().out)
    assert by_click["projects"] == by_argparse["projects"] == ["a", "b"]
