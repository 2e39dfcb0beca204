"""``ayon addon applications ...``: ayon-core's ``click_wrap`` front of the
command bodies in ``cli``.

Arguments are those of Ynput's Applications addon (Deadline's worker and
the web actions call them), plus ``resolve``, ``launch-debug-terminal`` and
``rezify-bundle``.

The AYON launcher takes the first ``--bundle NAME`` of its command line
for itself (it then runs that bundle, so ``rezify-bundle`` packages it
as the running one); ``--bundle-name`` reaches the command as given.
"""
import sys
from typing import Any, Callable, Optional

from . import cli
from .constants import LaunchTypes


def _finish(addon: Any, body: Callable[[Any], int]) -> None:
    """Run a body with the addon's manager; exit non-zero on failure."""
    from .addon import report_failure

    cli.ensure_log_output()
    code = cli.run_guarded(
        lambda: body(addon.get_applications_manager()), report_failure
    )
    if code:
        sys.exit(code)


def build_click_group(addon: Any) -> Any:
    """The ``applications`` click group of ``addon``."""
    from ayon_core.addon import click_wrap

    def main() -> None:
        """Launch applications through rez."""

    def extract_environments(
        output_json_path: str,
        project: Optional[str],
        folder: Optional[str],
        task: Optional[str],
        app: Optional[str],
        envgroup: Optional[str],
        launch_type: Optional[str] = None,
    ) -> None:
        _finish(addon, lambda manager: cli.extract_environments_command(
            manager, output_json_path, project, folder, task, app,
            envgroup, launch_type or LaunchTypes.farm_publish,
        ))

    def launch(
        app: str,
        project: str,
        folder: str,
        task: str,
        workfile_path: Optional[str] = None,
        use_last_workfile: Optional[str] = None,
    ) -> None:
        _finish(addon, lambda manager: cli.launch_command(
            manager, app, project, folder, task,
            **cli.launch_data_options(workfile_path, use_last_workfile),
        ))

    def launch_by_id(
        app: str,
        project: str,
        task_id: str,
        workfile_path: Optional[str] = None,
        use_last_workfile: Optional[str] = None,
    ) -> None:
        _finish(addon, lambda manager: cli.launch_by_id_command(
            manager, app, project, task_id, workfile_path,
            use_last_workfile,
        ))

    def launch_by_workfile_id(
        app: str, project: str, workfile_id: str
    ) -> None:
        _finish(addon, lambda manager: cli.launch_by_workfile_id_command(
            manager, app, project, workfile_id,
        ))

    def resolve(
        app: str,
        project: Optional[str] = None,
        folder: Optional[str] = None,
        task: Optional[str] = None,
        as_json: bool = False,
    ) -> None:
        _finish(addon, lambda manager: cli.resolve_command(
            manager, app, project, folder, task, as_json=as_json,
        ))

    def launch_debug_terminal(
        project: str, task_id: str, app: Optional[str] = None
    ) -> None:
        _finish(addon, lambda manager: cli.open_terminal_command(
            manager, app, project, task_id,
        ))

    def rezify_bundle(
        output: str,
        bundle_name: Optional[str] = None,
        project: Optional[str] = None,
        force: bool = False,
    ) -> None:
        _finish(addon, lambda manager: cli.rezify_bundle_command(
            manager, output, bundle_name, project, force=force,
        ))

    group = click_wrap.group(main, name=addon.name, help=main.__doc__)
    (
        group.command(
            extract_environments, name="extractenvironments",
            help="Write the environment of a task's application as JSON",
        )
        .argument("output_json_path")
        .option("--project", help="Project name", default=None)
        .option("--folder", help="Folder path", default=None)
        .option("--task", help="Task name", default=None)
        .option("--app", help="Application name", default=None)
        .option("--envgroup", help="Environment group", default=None)
        .option("--launch-type", help="farm-render or farm-publish",
                default=None)
    )
    (
        group.command(launch, name="launch", help="Launch an application")
        .option("--app", required=True, help="group/variant")
        .option("--project", required=True, help="Project name")
        .option("--folder", required=True, help="Folder path")
        .option("--task", required=True, help="Task name")
        .option("--workfile-path", default=None, help="Workfile to open")
        .option("--use-last-workfile", default=None,
                help="1 or 0: open the last workfile")
    )
    (
        group.command(launch_by_id, name="launch-by-id",
                      help="Launch in a task given by id")
        .option("--app", required=True, help="group/variant")
        .option("--project", required=True, help="Project name")
        .option("--task-id", required=True, help="Task id")
        .option("--workfile-path", default=None, help="Workfile to open")
        .option("--use-last-workfile", default=None,
                help="1 or 0: open the last workfile")
    )
    (
        group.command(launch_by_workfile_id, name="launch-by-workfile-id",
                      help="Open a workfile given by id")
        .option("--app", required=True, help="group/variant")
        .option("--project", required=True, help="Project name")
        .option("--workfile-id", required=True, help="Workfile id")
    )
    (
        group.command(resolve, name="resolve",
                      help="Show a launch's rez request and resolve")
        .option("--app", required=True, help="group/variant")
        .option("--project", default=None, help="Project name")
        .option("--folder", default=None, help="Folder path")
        .option("--task", default=None, help="Task name")
        .option("--json", "as_json", is_flag=True, default=False,
                help="Machine-readable output")
    )
    (
        group.command(launch_debug_terminal, name="launch-debug-terminal",
                      help="Terminal in an application's environment")
        .option("--project", required=True, help="Project name")
        .option("--task-id", required=True, help="Task id")
        .option("--app", default=None,
                help="group/variant (default: the terminal's own)")
    )
    (
        group.command(rezify_bundle, name="rezify-bundle",
                      help="Write an AYON bundle as rez packages")
        .option("--output", required=True, help="rez repository folder")
        .option("--bundle-name", "--bundle", "bundle_name", default=None,
                help="Studio bundle (default: the running one)")
        .option("--project", default=None,
                help="Lay this project's bundle over it")
        .option("--force", is_flag=True, default=False,
                help="Rebuild package versions that already exist")
    )
    return group.to_click_obj()
