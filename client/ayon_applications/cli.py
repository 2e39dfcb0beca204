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
from typing import Any, Dict, Optional, TextIO

from .constants import LaunchTypes
from .environment import environment_difference
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
    out: Optional[TextIO] = None,
) -> int:
    """Show a launch's request, resolve and environment difference."""
    from .launch_pipeline import LaunchPipeline
    from .rez_report import describe_launch_report, launch_report

    out = out or sys.stdout
    manager = manager.for_project(project_name)
    pipeline = LaunchPipeline(manager.get_application(app_name), {
        "project_name": project_name,
        "folder_path": folder_path,
        "task_name": task_name,
        "task_type": task_type,
    })
    report: Dict[str, Any] = {
        "app": pipeline.app.full_name,
        "project": project_name,
        "tools": pipeline.tool_names,
        "request": pipeline.request.to_data(),
    }
    try:
        resolution = pipeline.resolution
        env = pipeline.env
    except ApplicationLaunchFailed as exc:
        if not as_json:
            raise
        report["error"] = str(exc)
        out.write(json.dumps(report, indent=4) + "\n")
        return 1
    report["packages"] = resolution.packages
    report["timestamp"] = resolution.timestamp
    report["from_cache"] = resolution.from_cache
    report.update(launch_report(pipeline.app, resolution, env))
    report["environment"] = environment_difference(os.environ, env)
    if as_json:
        out.write(json.dumps(report, indent=4) + "\n")
        return 0
    out.write(f"Application: {pipeline.app.full_name}\n")
    if project_name:
        out.write(f"Project: {project_name}\n")
    out.write(f"Request:\n{pipeline.request.describe()}\n")
    out.write("Resolved packages:\n")
    for package in resolution.packages:
        out.write(f"  {package}\n")
    for line in describe_launch_report(report):
        out.write(f"{line}\n")
    out.write("Environment (changes):\n")
    for key, value in report["environment"].items():
        shown = "(removed)" if value is None else value
        out.write(f"  {key}={shown}\n")
    return 0


def launch_data_options(
    workfile_path: Optional[str] = None,
    use_last_workfile: Optional[str] = None,
) -> Dict[str, Any]:
    """Launch data from the CLI's workfile options."""
    data: Dict[str, Any] = {}
    if workfile_path:
        # ayon-core's hooks open "last_workfile_path" at start; a workfile
        #   given explicitly is opened whatever "use last workfile" says
        data["workfile_path"] = workfile_path
        data["last_workfile_path"] = workfile_path
        data["start_last_workfile"] = True
    elif use_last_workfile is not None:
        data["start_last_workfile"] = str(use_last_workfile) == "1"
    return data


def launch_command(
    manager: Any,
    app_name: str,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
    task_type: Optional[str] = None,
    workfile_path: Optional[str] = None,
    use_last_workfile: Optional[str] = None,
    wait: bool = False,
    **data: Any,
) -> int:
    """Launch an application in a context.

    Args:
        task_type: The task's type, when no entity gives it.
        workfile_path: Workfile to open.
        use_last_workfile: ``"1"`` or ``"0"``: open the last workfile.
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
