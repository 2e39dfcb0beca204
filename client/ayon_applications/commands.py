"""The command table: every command of the addon's command line.

Both command lines are built from :data:`COMMANDS`, so a command or an
option exists in both or in neither, with the same choices and defaults:
``ayon addon applications ...`` (``addon_cli``, ayon-core's click_wrap)
and ``python -m ayon_applications ...`` (``__main__``, argparse).

A :class:`Command` names its body in ``cli``; both fronts call it as
``body(manager, **values)``, ``values`` keyed by each :class:`Param`'s
``dest``, and exit with the code it returns. To add a command: write its
body in ``cli.py`` (it calls the addon's API and prints; it parses
nothing), then add a ``Command`` here. ``tests/test_commands.py`` checks
that both fronts show it alike.

The names and arguments of Ynput's Applications addon are kept as they
are (Deadline's worker runs ``extractenvironments``, web actions run
``launch-by-id``).
"""
from dataclasses import dataclass
from typing import Any, Callable, Dict, Tuple

from . import cli
from .constants import LaunchTypes


@dataclass(frozen=True)
class Param:
    """One argument or option of a command.

    Attributes:
        decls: Option flags (``("--bundle-name", "--bundle")``), or the
            one name of a positional argument.
        dest: Keyword the body receives the value as.
        help: One line for ``--help``.
        required: The option must be given.
        default: Value when not given.
        choices: Allowed values (empty: any).
        ignore_case: Choices match in any case; the body gets the value
            in lower case.
        is_flag: An option without a value (True when given).
        multiple: An option given any number of times; the body gets
            the values as a list (empty or None when not given).
    """

    decls: Tuple[str, ...]
    dest: str
    help: str = ""
    required: bool = False
    default: Any = None
    choices: Tuple[str, ...] = ()
    ignore_case: bool = False
    is_flag: bool = False
    multiple: bool = False

    @property
    def is_argument(self) -> bool:
        """A positional argument, not an option."""
        return not self.decls[0].startswith("-")


@dataclass(frozen=True)
class Command:
    """One command: its name, help, parameters and body.

    Attributes:
        name: The command's name on the command line.
        help: One line for ``--help``.
        params: Arguments and options, in order.
        body: ``body(manager, **values) -> exit code``.
        needs_settings: Standalone, ``--settings`` is required (else the
            body may get None as manager).
        prepares_process: In AYON, addons prepare the process first
            (``ApplicationsAddon.ensure_process_ready``), as before a
            launch of Ynput's addon.
    """

    name: str
    help: str
    params: Tuple[Param, ...]
    body: Callable[..., int]
    needs_settings: bool = True
    prepares_process: bool = False

    def values(self, source: Any) -> Dict[str, Any]:
        """The body's keyword values, read from a parsed namespace."""
        return {
            param.dest: getattr(source, param.dest) for param in self.params
        }


def option(*decls: str, dest: str, **kwargs: Any) -> Param:
    """An option (``--name VALUE``, or a flag with ``is_flag=True``)."""
    if kwargs.get("is_flag"):
        kwargs.setdefault("default", False)
    return Param(tuple(decls), dest, **kwargs)


def argument(name: str, help: str = "") -> Param:
    """A required positional argument; ``name`` is also its dest."""
    return Param((name,), name, help=help, required=True)


def _app(required: bool = True) -> Param:
    return option(
        "--app", dest="app_name", required=required,
        help="Application full name (group/variant)",
    )


def _project(required: bool) -> Param:
    return option(
        "--project", dest="project_name", required=required,
        help="Project name",
    )


def _context(required: bool) -> Tuple[Param, ...]:
    """Project, folder and task by name, and the task type."""
    return (
        _project(required),
        option("--folder", dest="folder_path", required=required,
               help="Folder path"),
        option("--task", dest="task_name", required=required,
               help="Task name"),
        option("--task-type", dest="task_type",
               help="Task type (chooses tools by profile; read from the"
               " task in AYON)"),
    )


_TASK_ID = option("--task-id", dest="task_id", required=True, help="Task id")
_WORKFILE_OPTIONS = (
    option("--workfile-path", dest="workfile_path", help="Workfile to open"),
    # Ynput's addon reads the value as ayon-core's env_value_to_bool does
    option("--use-last-workfile", dest="use_last_workfile",
           choices=cli.WORKFILE_CHOICES, ignore_case=True,
           help="1 or 0 (true/false, yes/no, on/off): open the last"
           " workfile"),
)
_JSON = option(
    "--json", dest="as_json", is_flag=True, help="Machine-readable output"
)
_WAIT = option(
    "--wait", dest="wait", is_flag=True,
    help="Wait for the application and exit with its exit code",
)

COMMANDS: Tuple[Command, ...] = (
    Command(
        "extractenvironments",
        "Write the environment of a task's application as JSON",
        (
            argument("output_json_path", help="The JSON file to write"),
            _project(False),
            option("--folder", dest="folder_path", help="Folder path"),
            option("--task", dest="task_name", help="Task name"),
            _app(False),
            option("--envgroup", dest="env_group",
                   help="Environment group of the JSON environments,"
                   " e.g. farm (standard by default)"),
            option("--launch-type", dest="launch_type",
                   default=LaunchTypes.farm_publish,
                   choices=(LaunchTypes.farm_render,
                            LaunchTypes.farm_publish),
                   help="Launch type whose hooks run"),
        ),
        cli.extract_environments_command,
    ),
    Command(
        "launch", "Launch an application",
        (_app(), *_context(True), *_WORKFILE_OPTIONS, _WAIT),
        cli.launch_command,
        prepares_process=True,
    ),
    Command(
        "launch-by-id", "Launch in a task given by id",
        (_app(), _project(True), _TASK_ID, *_WORKFILE_OPTIONS, _WAIT),
        cli.launch_by_id_command,
        prepares_process=True,
    ),
    Command(
        "launch-by-workfile-id", "Open a workfile given by id",
        (
            _app(), _project(True),
            option("--workfile-id", dest="workfile_id", required=True,
                   help="Workfile id"),
            _WAIT,
        ),
        cli.launch_by_workfile_id_command,
        prepares_process=True,
    ),
    Command(
        "resolve",
        "Dry run of launch: request, resolve, command line, environment"
        " with origins",
        (
            _app(), *_context(False),
            _JSON,
            option("--graph", dest="graph_path",
                   help="Write rez's resolve graph to FILE (.dot; .svg,"
                   " .png, .pdf with Graphviz)"),
            option("--no-hooks", dest="no_hooks", is_flag=True,
                   help="Run no launch hook, only this addon's rez step and"
                   " environment layers (some addons' hooks create the"
                   " work folder)"),
        ),
        cli.resolve_command,
    ),
    Command(
        "doctor",
        "Check that every enabled application and tool of projects"
        " resolves and finds its command here",
        (
            option("--project", dest="project_names", multiple=True,
                   help="Project to check (repeat for more; default: every"
                   " project)"),
            _JSON,
        ),
        cli.doctor_command,
    ),
    Command(
        "cache",
        "List the local payload cache (size, last use, in use); prune it",
        (
            option("--prune", dest="prune", is_flag=True,
                   help="Remove least recently used payloads (never one in"
                   " use) down to the size limit"),
            option("--max-size", dest="max_size",
                   help="Size limit for --prune, e.g. 20G or 500M"
                   " (default: settings rez/cache_size_limit_gb)"),
            _JSON,
        ),
        cli.cache_command,
    ),
    Command(
        "launch-debug-terminal", "Terminal in an application's environment",
        (
            _project(True), _TASK_ID,
            option("--app", dest="app_name",
                   help="group/variant (default: the terminal's own)"),
        ),
        cli.open_terminal_command,
    ),
    Command(
        "rezify-bundle", "Write an AYON bundle as rez packages",
        (
            option("--output", dest="output", required=True,
                   help="rez repository folder"),
            option("--bundle-name", "--bundle", dest="bundle_name",
                   help="Studio bundle (default: the running one)"),
            option("--project", dest="project_name",
                   help="Lay this project's bundle over it"),
            option("--force", dest="force", is_flag=True,
                   help="Rebuild package versions that already exist"),
            option("--platform", dest="platform_name",
                   choices=("windows", "linux", "darwin"),
                   help="Write that platform's variants (default: this"
                        " machine's)"),
        ),
        cli.rezify_bundle_command,
        needs_settings=False,
    ),
    Command(
        "processes", "List launched processes (the Process Monitor's)",
        (
            option("--json", dest="as_json", is_flag=True,
                   help="Machine-readable output"),
            option("--clean", dest="clean", is_flag=True,
                   help="First delete records of ended processes"),
        ),
        cli.processes_command,
        needs_settings=False,
    ),
    Command(
        "wrap-installations",
        "Write a rez package per application of Ynput's Applications"
        " settings, putting its installed program on PATH",
        (
            option("--settings-json", dest="settings_json", required=True,
                   help="Ynput's studio settings: a JSON file, 'server' or"
                   " a server URL"),
            option("--output", dest="output", required=True,
                   help="rez repository folder"),
            option("--source-version", dest="source_version",
                   help="Version of Ynput's addon to read from a server"),
            option("--force", dest="force", is_flag=True,
                   help="Rewrite package versions that already exist"),
        ),
        cli.wrap_installations_command,
        needs_settings=False,
    ),
)


def get_command(name: str) -> Command:
    """The command of a name.

    Raises:
        KeyError: No command has that name.
    """
    for command in COMMANDS:
        if command.name == name:
            return command
    raise KeyError(name)
