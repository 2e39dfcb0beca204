"""Loader action "Open Source Workfile": open the workfile a product came
from, in an application of its host.

As the action of Ynput's addon (develop): offered in the loader without
a host (the tray's browser) for selected versions whose ``source``
attribute names a workfile (rooted ``{root[...]}`` or an existing path).
It picks the applications that can open the file: host addons whose
workfile extensions include the file's, among the applications the
project's profiles allow in the version's task. With several, a form
asks which one (the action runs again with the answer); then the
launcher starts ``addon applications launch`` in the version's folder and
task with that workfile, without the last-workfile logic.

Discovered by ayon-core's loader (``get_loader_action_plugin_paths``),
so ayon-core is imported here at module level.
"""
import os
from typing import Any, Dict, List, Optional

from ayon_core.addon import IHostAddon
from ayon_core.lib import run_ayon_launcher_process
from ayon_core.lib.attribute_definitions import EnumDef
from ayon_core.pipeline.actions import (
    ActionForm,
    LoaderActionResult,
    LoaderActionSelection,
    LoaderSimpleActionPlugin,
)

APP_FIELD = "app_name"


def _source(version: Dict[str, Any]) -> str:
    return (version.get("attrib") or {}).get("source") or ""


def _usable_source(source: str) -> bool:
    return source.startswith("{root") or os.path.exists(source)


class OpenSourceWorkfileAction(LoaderSimpleActionPlugin):
    """Open the source workfile of a version in its host application."""

    label = "Open Source Workfile"
    order = 5
    group_label = None
    icon = {
        "type": "material-symbols",
        "name": "rocket_launch",
        "color": "#d8d8d8",
    }

    def is_compatible(self, selection: LoaderActionSelection) -> bool:
        """Versions selected outside a host, one with a usable source."""
        if self.host_name or not selection.versions_selected():
            return False
        return any(
            _usable_source(_source(version))
            for version in selection.get_selected_version_entities()
        )

    def execute_simple_action(
        self,
        selection: LoaderActionSelection,
        form_values: Dict[str, Any],
    ) -> Optional[LoaderActionResult]:
        """Ask for the application if needed, then launch it."""
        version = next(
            (
                version
                for version in selection.get_selected_version_entities()
                if _usable_source(_source(version))
            ),
            None,
        )
        if version is None:
            return _failed("No selected version names its source workfile.")
        source = _source(version)
        workfile_name = os.path.basename(source)
        extension = os.path.splitext(workfile_name)[1].lower()
        if not extension:
            return _failed(f"Source '{workfile_name}' has no extension.")
        workfile_path = selection.get_project_anatomy().fill_root(source)
        if not os.path.exists(workfile_path):
            return _failed(
                f"Source workfile does not exist at '{workfile_path}'"
            )

        version_ids = {version["id"]}
        entities = selection.entities
        tasks = entities.get_versions_tasks(version_ids)
        if not tasks:
            return _failed(
                f"The version of '{workfile_name}' has no task to open it in."
            )
        task = tasks[0]
        folders = entities.get_products_folders({version["productId"]})
        if not folders:
            return _failed(f"The folder of '{workfile_name}' is not found.")
        folder = folders[0]
        apps = self._compatible_apps(
            selection.project_name, extension, task, folder["path"]
        )
        if not apps:
            return _failed(
                f"No application of this task can open '{extension}' files."
            )

        app_name = (form_values or {}).get(APP_FIELD)
        if app_name is None and len(apps) == 1:
            app_name = apps[0].full_name
        if app_name is None:
            return self._choose_app_form(apps, workfile_name)
        app = next((a for a in apps if a.full_name == app_name), None)
        if app is None:
            return _failed(f"'{app_name}' cannot open '{workfile_name}'.")

        run_ayon_launcher_process(
            "addon", "applications", "launch",
            "--project", selection.project_name,
            "--folder", folder["path"],
            "--task", task["name"],
            "--app", app.full_name,
            "--workfile-path", workfile_path,
            "--use-last-workfile", "0",
        )
        return LoaderActionResult(
            f"<b>{app.full_label}</b> launched with <b>{workfile_name}</b>",
            success=True,
        )

    def _host_names_for(self, extension: str) -> set:
        host_names = set()
        for addon in self._context.get_addons_manager().addons:
            if not isinstance(addon, IHostAddon):
                continue
            try:
                extensions = addon.get_workfile_extensions()
            except Exception:  # noqa: BLE001 - one broken addon is skipped
                self.log.warning(
                    "Failed to get workfile extensions of %s", addon,
                    exc_info=True,
                )
                continue
            if extension in {ext.lower() for ext in extensions}:
                host_names.add(addon.host_name)
        return host_names

    def _compatible_apps(
        self,
        project_name: str,
        extension: str,
        task: Dict[str, Any],
        folder_path: str,
    ) -> List[Any]:
        host_names = self._host_names_for(extension)
        addons_manager = self._context.get_addons_manager()
        apps_addon = addons_manager.get("applications")
        if not host_names or apps_addon is None:
            return []
        manager = apps_addon.get_applications_manager().for_project(
            project_name
        )
        return [
            app
            for app in manager.applications_for_context(
                task["taskType"], task["name"], folder_path
            )
            if app.host_name in host_names
        ]

    def _choose_app_form(
        self, apps: List[Any], workfile_name: str
    ) -> LoaderActionResult:
        field = EnumDef(
            APP_FIELD,
            items=[
                {"value": app.full_name, "label": app.full_label}
                for app in apps
            ],
            default=apps[0].full_name,
            label="Application",
        )
        return LoaderActionResult(
            form=ActionForm(
                title=f"Open {workfile_name} in",
                fields=[field],
                submit_label="Open",
            ),
        )


def _failed(message: str) -> LoaderActionResult:
    return LoaderActionResult(message, success=False)
