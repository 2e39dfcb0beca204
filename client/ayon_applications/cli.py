"""Command bodies, shared by ``ayon addon applications`` and
``python -m ayon_applications``.

Each body takes a ready :class:`ApplicationManager` and the values of its
command's parameters (see ``commands.COMMANDS``), calls the addon's API
and prints what the command reports; it returns an exit code. The work is
done elsewhere: a launch's steps in ``launch_pipeline``, OUT.json in
``extract_environments``, the terminal in ``terminal``, and failures are
reported by ``failures.run_guarded`` around a body.
"""
import json
import logging
import os
import sys
from typing import Any, Dict, List, Optional, TextIO, Union

from .constants import LaunchTypes
from .exceptions import ApplicationLaunchFailed

log = logging.getLogger(__name__)


def ensure_log_output() -> None:
    """Show this addon's log on stderr when no handler would show it.

    The AYON launcher gives handlers only to the loggers ayon-core makes;
    without one, the farm log would not say whether the artist's context
    was reused, resolved as of their time, or resolved fresh. The level
    is ``AYON_LOG_LEVEL`` (INFO by default), as ayon-core's.
    """
    addon_log = logging.getLogger(__package__)
    if addon_log.handlers or logging.getLogger().handlers:
        return
    try:
        level = int(os.environ.get("AYON_LOG_LEVEL") or logging.INFO)
    except ValueError:
        level = logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(levelname)s %(name)s: %(message)s")
    )
    addon_log.addHandler(handler)
    addon_log.setLevel(level)


def resolve_command(
    manager: Any,
    app_name: str,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    task_type: Optional[str] = None,
    as_json: bool = False,
    graph_path: Optional[str] = None,
    no_hooks: bool = False,
    out: Optional[TextIO] = None,
) -> int:
    """A dry run of ``launch``: request, resolve, command line and the
    whole environment with the origin of each variable.

    Exits 1, with ``launch``'s message, exactly when ``launch`` would
    fail; 2 when the launch is fine but the graph could not be written.
    """
    from .dry_run import dry_run

    out = out or sys.stdout
    data: Dict[str, Any] = {
        "project_name": project_name,
        "folder_path": folder_path,
        "task_name": task_name,
    }
    if task_type is not None:
        data["task_type"] = task_type
    result = dry_run(manager, app_name, data, run_hooks=not no_hooks)
    graph_written = True
    if graph_path:
        graph_written = _write_resolve_graph(result, graph_path)
    if as_json:
        result.write_json(out)
    elif result.error is not None:
        raise result.error
    else:
        result.write_text(out)
    if result.error is not None:
        return 1
    return 0 if graph_written else 2


def _write_resolve_graph(result: Any, path: str) -> bool:
    """Write the resolve graph of a dry run; reports on stderr."""
    from .graph import GraphNotWritten, write_graph
    from .resolver import failure_graph_dot

    if result.resolution is not None:
        dot_text = result.resolution.graph_dot()
    elif result.error is not None:
        dot_text = failure_graph_dot(result.error)
    else:
        dot_text = None
    if dot_text is None:
        sys.stderr.write(
            "No resolve graph: rez stopped before solving (see the error)\n"
        )
        return False
    try:
        write_graph(dot_text, path)
    except GraphNotWritten as exc:
        sys.stderr.write(f"ERROR: {exc}\n")
        return False
    sys.stderr.write(f"Resolve graph written to {path}\n")
    return True


def doctor_command(
    manager: Any,
    project_names: Optional[List[str]] = None,
    as_json: bool = False,
    out: Optional[TextIO] = None,
) -> int:
    """Check every enabled application and tool of projects; exit 1
    when any check failed."""
    from .doctor import run_doctor

    out = out or sys.stdout
    report = run_doctor(manager, project_names)
    if as_json:
        out.write(json.dumps(report.to_data(), indent=4) + "\n")
    else:
        report.write_table(out)
    return 1 if report.failed else 0


def cache_command(
    manager: Any,
    prune: bool = False,
    max_size: Optional[str] = None,
    as_json: bool = False,
    out: Optional[TextIO] = None,
) -> int:
    """List the local payload cache; with ``prune``, shrink it to its
    size limit first (least recently used, never a payload in use)."""
    from . import payload_cache

    out = out or sys.stdout
    settings = manager.rez_settings()
    path = settings.local_cache_path
    if not path:
        raise ApplicationLaunchFailed(
            "No local payload cache is set for this platform (settings"
            " rez/local_cache_path)"
        )
    limit = settings.cache_size_limit_bytes
    if max_size:
        try:
            limit = payload_cache.parse_size(max_size)
        except ValueError as exc:
            raise ApplicationLaunchFailed(f"--max-size: {exc}") from None
    pruned = None
    if prune:
        if not limit:
            raise ApplicationLaunchFailed(
                "No size to prune to: set rez/cache_size_limit_gb or give"
                " --max-size (e.g. 20G)"
            )
        pruned = payload_cache.prune(path, limit)
    entries = payload_cache.cache_entries(path)
    if as_json:
        data = payload_cache.cache_report_data(path, entries, limit, pruned)
        out.write(json.dumps(data, indent=4) + "\n")
    else:
        payload_cache.write_cache_report(out, path, entries, limit, pruned)
    return 0


#: ``--use-last-workfile`` values, as ayon-core's ``env_value_to_bool``
#: reads them for Ynput's addon (any case): true ones, then false ones.
WORKFILE_TRUE = ("1", "true", "yes", "on")
WORKFILE_FALSE = ("0", "false", "no", "off")
WORKFILE_CHOICES = WORKFILE_TRUE + WORKFILE_FALSE


def launch_data_options(
    workfile_path: Optional[str] = None,
    use_last_workfile: Union[bool, str, None] = None,
) -> Dict[str, Any]:
    """Launch data from the workfile options.

    Args:
        workfile_path: Workfile to open.
        use_last_workfile: A bool, or a value of :data:`WORKFILE_CHOICES`
            in any case (the command line's); None lets the project
            settings decide.
    """
    data: Dict[str, Any] = {}
    if workfile_path:
        # ayon-core's hooks open "last_workfile_path" at start; a workfile
        #   given explicitly is opened whatever "use last workfile" says
        data["workfile_path"] = workfile_path
        data["last_workfile_path"] = workfile_path
        data["start_last_workfile"] = True
    elif isinstance(use_last_workfile, bool):
        data["start_last_workfile"] = use_last_workfile
    elif use_last_workfile is not None:
        value = str(use_last_workfile).lower()
        if value not in WORKFILE_CHOICES:
            raise ApplicationLaunchFailed(
                f"--use-last-workfile \"{use_last_workfile}\" is not one"
                f" of {', '.join(WORKFILE_CHOICES)}"
            )
        data["start_last_workfile"] = value in WORKFILE_TRUE
    return data


def launch_command(
    manager: Any,
    app_name: str,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    task_type: Optional[str] = None,
    workfile_path: Optional[str] = None,
    use_last_workfile: Union[bool, str, None] = None,
    wait: bool = False,
    **data: Any,
) -> int:
    """Launch an application in a context.

    Args:
        task_type: The task's type, when no entity gives it.
        workfile_path: Workfile to open.
        use_last_workfile: Open the last workfile: a bool or a value of
            :data:`WORKFILE_CHOICES`; None lets the settings decide.
        wait: Wait for the application and return its exit code.
        **data: More launch data (entities...).
    """
    if task_type is not None:
        data["task_type"] = task_type
    data.update(launch_data_options(workfile_path, use_last_workfile))
    process = manager.launch(
        app_name,
        project_name=project_name,
        folder_path=folder_path,
        task_name=task_name,
        **data,
    )
    if wait and process is not None:
        return process.wait()
    return 0


def launch_by_id_command(
    manager: Any,
    app_name: str,
    project_name: str,
    task_id: str,
    workfile_path: Optional[str] = None,
    use_last_workfile: Optional[str] = None,
    wait: bool = False,
) -> int:
    """Launch in the context of a task given by id (AYON server)."""
    from .entities import get_task_launch_context

    context = get_task_launch_context(project_name, task_id)
    return launch_command(
        manager, app_name, workfile_path=workfile_path,
        use_last_workfile=use_last_workfile, wait=wait, **context,
    )


def launch_by_workfile_id_command(
    manager: Any,
    app_name: str,
    project_name: str,
    workfile_id: str,
    wait: bool = False,
) -> int:
    """Launch a workfile given by id, in its task's context."""
    from .entities import get_workfile_launch_context

    context = get_workfile_launch_context(project_name, workfile_id)
    return launch_command(manager, app_name, wait=wait, **context)


def extract_environments_command(
    manager: Any,
    output_json_path: str,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    app_name: Optional[str] = None,
    env_group: Optional[str] = None,
    launch_type: str = LaunchTypes.farm_publish,
) -> int:
    """Write the whole environment of a farm task as JSON (OUT.json)."""
    from .extract_environments import extract_environments

    extract_environments(
        manager, output_json_path, project_name=project_name,
        folder_path=folder_path, task_name=task_name, app_name=app_name,
        env_group=env_group, launch_type=launch_type,
    )
    return 0


def open_terminal_command(
    manager: Any,
    app_name: Optional[str],
    project_name: str,
    task_id: str,
    wait: bool = False,
) -> int:
    """Open the studio terminal in an application's resolved environment."""
    from .terminal import open_terminal

    process = open_terminal(manager, app_name, project_name, task_id)
    if wait:
        return process.wait()
    return 0


def rezify_bundle_command(
    manager: Any,
    output: str,
    bundle_name: Optional[str] = None,
    project_name: Optional[str] = None,
    force: bool = False,
    out: Optional[TextIO] = None,
    platform_name: Optional[str] = None,
) -> int:
    """Write the bundle's AYON packages into a rez repository.

    Prints one line per package: created, already there or rebuilt.

    Args:
        manager: Application manager whose ``ayon_request`` settings
            name the packages; None for the default names.
        output: The rez repository folder.
        bundle_name: Studio bundle; the running one when None.
        project_name: Lay this project's bundle over it.
        force: Rebuild package versions that already exist.
        platform_name: Platform whose variants to write (``--platform``);
            this machine's when None.
    """
    from .rezify import rezify_bundle
    from .settings_views import AyonRequestSettings

    options = AyonRequestSettings()
    if manager is not None:
        options = manager.for_project(project_name).ayon_request_settings()
    report = _package_reporter(out or sys.stdout)
    results = rezify_bundle(
        output,
        bundle_name=bundle_name,
        project_name=project_name,
        force=force,
        package_name_template=options.package_name_template,
        launcher_package_name=options.launcher_package_name,
        include_launcher=options.include_launcher,
        report=report,
        platform_name=platform_name,
    )
    _packages_written(results)
    return 0


def wrap_installations_command(
    manager: Any,
    settings_json: str,
    output: str,
    source_version: Optional[str] = None,
    force: bool = False,
    out: Optional[TextIO] = None,
) -> int:
    """Write a rez package per application variant of Ynput's settings.

    Prints one line per package (created, already there or rebuilt),
    then what the settings conversion could not carry over.

    Args:
        manager: Unused (the settings are Ynput's addon's, not ours).
        settings_json: A JSON file, ``server`` or a server URL.
        output: The rez repository folder.
        source_version: Version of Ynput's addon to read from a server.
        force: Rewrite package versions that already exist.
    """
    from .wrap import read_ynput_settings, wrap_installations

    out = out or sys.stdout
    settings, source = read_ynput_settings(settings_json, source_version)
    out.write(f"Wrapping the applications of {source}\n")
    result = wrap_installations(
        settings, output, source=source, force=force,
        report=_package_reporter(out),
    )
    _packages_written(result.packages)
    if result.notes:
        out.write(f"Not converted or to check ({len(result.notes)}):\n")
        for note in result.notes:
            out.write(f"  {note}\n")
    out.write(
        f"Add {os.path.abspath(output)} to rez/packages_path in this"
        " addon's studio settings.\n"
    )
    return 0


def _package_reporter(out: TextIO) -> Any:
    """Prints each package written, as soon as it is."""

    def report(result: Any) -> None:
        out.write(result.describe() + "\n")
        out.flush()

    return report


def _packages_written(results: Any) -> None:
    """A launch from this process sees new packages at once."""
    from .rez_package_files import ALREADY_THERE

    if any(result.status != ALREADY_THERE for result in results):
        from .resolver import clear_caches

        clear_caches()


def processes_command(
    manager: Any,
    as_json: bool = False,
    clean: bool = False,
    out: Optional[TextIO] = None,
) -> int:
    """List this user's launched processes (the Process Monitor's records).

    Args:
        manager: Unused: the records are local files, not settings.
        as_json: Print a JSON list instead of a table.
        clean: First delete the records of processes no longer running.
    """
    from .process_report import print_processes

    print_processes(as_json, clean, out)
    return 0
