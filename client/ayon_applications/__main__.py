"""Standalone command line: ``python -m ayon_applications``.

Runs the same commands as ``ayon addon applications`` without an AYON
launcher. Settings come from a JSON file (``--settings``, see
``settings.SettingsFile``); commands that look entities up by id also
need ``AYON_SERVER_URL`` and ``AYON_API_KEY``. ``rezify-bundle`` talks
only to the AYON server; ``--settings`` is optional for it (package names
then follow its ``ayon_request`` section, else the defaults).
"""
import argparse
import logging
import sys
from typing import List, Optional

from . import cli
from .constants import LaunchTypes


def _add_context(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--project", required=required, help="project name")
    parser.add_argument("--folder", required=required, help="folder path")
    parser.add_argument("--task", required=required, help="task name")
    parser.add_argument(
        "--task-type", help="task type (chooses tools by profile)"
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
        " except for rezify-bundle)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    commands = parser.add_subparsers(dest="command", required=True)

    resolve = commands.add_parser(
        "resolve", help="show the request, resolve and environment"
    )
    resolve.add_argument("--app", required=True, help="group/variant")
    _add_context(resolve, required=False)
    resolve.add_argument("--json", action="store_true", dest="as_json")

    launch = commands.add_parser("launch", help="launch an application")
    launch.add_argument("--app", required=True, help="group/variant")
    _add_context(launch, required=True)
    launch.add_argument("--workfile-path")
    launch.add_argument("--use-last-workfile", choices=("0", "1"))
    launch.add_argument(
        "--wait", action="store_true", help="wait and return its exit code"
    )

    by_id = commands.add_parser(
        "launch-by-id", help="launch in a task given by id"
    )
    by_id.add_argument("--app", required=True)
    by_id.add_argument("--project", required=True)
    by_id.add_argument("--task-id", required=True)
    by_id.add_argument("--workfile-path")
    by_id.add_argument("--use-last-workfile", choices=("0", "1"))
    by_id.add_argument("--wait", action="store_true")

    by_workfile = commands.add_parser(
        "launch-by-workfile-id", help="open a workfile given by id"
    )
    by_workfile.add_argument("--app", required=True)
    by_workfile.add_argument("--project", required=True)
    by_workfile.add_argument("--workfile-id", required=True)
    by_workfile.add_argument("--wait", action="store_true")

    extract = commands.add_parser(
        "extractenvironments", help="write a task's environment as JSON"
    )
    extract.add_argument("output_json_path")
    extract.add_argument("--project")
    extract.add_argument("--folder")
    extract.add_argument("--task")
    extract.add_argument("--app")
    extract.add_argument("--envgroup")
    extract.add_argument(
        "--launch-type",
        default=LaunchTypes.farm_publish,
        choices=(LaunchTypes.farm_render, LaunchTypes.farm_publish),
    )

    terminal = commands.add_parser(
        "launch-debug-terminal",
        help="terminal in an app's resolved environment",
    )
    terminal.add_argument("--app", help="default: the terminal's own")
    terminal.add_argument("--project", required=True)
    terminal.add_argument("--task-id", required=True)

    rezify = commands.add_parser(
        "rezify-bundle",
        help="write an AYON bundle as rez packages (strict mode)",
    )
    rezify.add_argument(
        "--output", required=True, help="rez repository folder"
    )
    rezify.add_argument(
        "--bundle", "--bundle-name", dest="bundle",
        help="studio bundle (default: the running one)",
    )
    rezify.add_argument(
        "--project", help="lay this project's bundle over it"
    )
    rezify.add_argument(
        "--force", action="store_true",
        help="rebuild package versions that already exist",
    )
    return parser


def _run(args: argparse.Namespace) -> int:
    from .manager import ApplicationManager
    from .settings import FileSettingsSource

    manager = None
    if args.settings:
        manager = ApplicationManager(
            settings_source=FileSettingsSource(args.settings)
        )
    command = args.command
    if command == "rezify-bundle":
        return cli.rezify_bundle_command(
            manager, args.output, args.bundle, args.project,
            force=args.force,
        )
    if command == "resolve":
        return cli.resolve_command(
            manager, args.app, args.project, args.folder, args.task,
            task_type=args.task_type, as_json=args.as_json,
        )
    if command == "launch":
        return cli.launch_command(
            manager, args.app, args.project, args.folder, args.task,
            wait=args.wait, task_type=args.task_type,
            **cli.launch_data_options(
                args.workfile_path, args.use_last_workfile
            ),
        )
    if command == "launch-by-id":
        return cli.launch_by_id_command(
            manager, args.app, args.project, args.task_id,
            args.workfile_path, args.use_last_workfile, wait=args.wait,
        )
    if command == "launch-by-workfile-id":
        return cli.launch_by_workfile_id_command(
            manager, args.app, args.project, args.workfile_id,
            wait=args.wait,
        )
    if command == "extractenvironments":
        return cli.extract_environments_command(
            manager, args.output_json_path, args.project, args.folder,
            args.task, args.app, args.envgroup, args.launch_type,
        )
    return cli.open_terminal_command(
        manager, args.app, args.project, args.task_id
    )


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.settings and args.command != "rezify-bundle":
        parser.error(f"--settings is required for {args.command}")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return cli.run_guarded(lambda: _run(args))


if __name__ == "__main__":
    sys.exit(main())
