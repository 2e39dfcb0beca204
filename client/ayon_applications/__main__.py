"""Standalone command line: ``python -m ayon_applications``.

Runs the same commands as ``ayon addon applications`` without an AYON
launcher. Settings come from a JSON file (``--settings``, see
``settings.SettingsFile``); commands that look entities up by id also
need ``AYON_SERVER_URL`` and ``AYON_API_KEY``. ``rezify-bundle`` talks
only to the AYON server; ``--settings`` is optional for it (package names
then follow its ``ayon_request`` section, else the defaults);
``wrap-installations`` reads Ynput's settings itself. Commands
and options are those of the command table (``commands``), the same as
in AYON.
"""
import argparse
import logging
import sys
from typing import List, Optional

from .commands import COMMANDS, Param, get_command
from .failures import run_guarded


def add_param(parser: argparse.ArgumentParser, param: Param) -> None:
    """Add one parameter of the command table to a sub-parser."""
    if param.is_argument:
        parser.add_argument(param.dest, help=param.help)
    elif param.is_flag:
        parser.add_argument(
            *param.decls, dest=param.dest, action="store_true",
            help=param.help,
        )
    else:
        parser.add_argument(
            *param.decls, dest=param.dest, required=param.required,
            default=param.default, choices=param.choices or None,
            type=str.lower if param.ignore_case else None,
            help=param.help, action="append" if param.multiple else None,
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the standalone command line."""
    parser = argparse.ArgumentParser(
        prog="python -m ayon_applications",
        description="Launch AYON applications through rez.",
    )
    parser.add_argument(
        "--settings",
        help="settings JSON file: {studio, projects, bundle} (required,"
        " except for rezify-bundle and wrap-installations)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name, help=command.help, description=command.help
        )
        for param in command.params:
            add_param(sub, param)
    return parser


def _run(args: argparse.Namespace) -> int:
    from .manager import ApplicationManager
    from .settings import FileSettingsSource

    command = get_command(args.command)
    manager = None
    if args.settings:
        manager = ApplicationManager(
            settings_source=FileSettingsSource(args.settings)
        )
    return command.body(manager, **command.values(args))


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.settings and get_command(args.command).needs_settings:
        parser.error(f"--settings is required for {args.command}")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return run_guarded(lambda: _run(args))


if __name__ == "__main__":
    sys.exit(main())
