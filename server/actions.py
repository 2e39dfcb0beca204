"""Web actions: the launcher's application buttons.

Identifiers and the launcher arguments they produce:

- ``application.launch.<group>/<variant>`` (a task):
  ``addon applications launch-by-id --app APP --project P --task-id T``
- ``application.launch-workfile.<group>/<variant>`` (a workfile):
  ``addon applications launch-by-workfile-id --app APP --project P
  --workfile-id W``
- ``application.debug_terminal`` (a task; a form picks the application):
  ``addon applications launch-debug-terminal --project P --task-id T
  --app APP`` (the identifier and command of Ynput's addon)

``--bundle VARIANT`` follows when the settings variant is a dev bundle
(neither production nor staging), then ``--use-last-workfile 0`` when
the user ticked the "skip last workfile" option of a launch action.

As in Ynput's addon the option is kept per user, application, project
and task (:func:`launch_config_hash`, the same hash, so options saved
with Ynput's addon carry over), and unticking it removes it: the
project's settings decide again.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Optional

from ayon_server.actions import (
    ActionContext,
    ActionExecutor,
    DynamicActionManifest,
    ExecuteResponseModel,
    SimpleActionManifest,
)
from ayon_server.actions.config import set_action_config
from ayon_server.entities import (
    FolderEntity,
    ProjectEntity,
    TaskEntity,
    WorkfileEntity,
)
from ayon_server.forms import SimpleForm
from ayon_server.utils import hash_data

from .items import icon_url
from .profiles import allowed_apps, apps_by_task_type, enabled_apps

if TYPE_CHECKING:
    from ayon_server.addons import BaseServerAddon

__all__ = [
    "LAUNCH_PREFIX",
    "WORKFILE_PREFIX",
    "TERMINAL_ID",
    "get_simple_actions",
    "get_dynamic_actions",
    "execute_action",
    "icon_for",
    "launch_config_hash",
    "store_launch_config",
]

LAUNCH_PREFIX = "application.launch."
WORKFILE_PREFIX = "application.launch-workfile."
TERMINAL_ID = "application.debug_terminal"
CATEGORY = "Applications"
SKIP_LAST_WORKFILE = "skip_last_workfile"
RELEASE_VARIANTS = ("production", "staging")

# Host of a workfile without "host_name" in its data, by extension.
HOST_BY_EXTENSION = {
    ".ma": "maya", ".mb": "maya",
    ".hip": "houdini", ".hiplc": "houdini", ".hipnc": "houdini",
    ".nk": "nuke", ".blend": "blender", ".uproject": "unreal",
}


def icon_for(icon: str) -> Optional[dict[str, str]]:
    """Action icon of a group ``icon`` setting (file name or URL).

    A file name is served by the icons endpoint, so custom icons work.
    """
    url = icon_url(icon)
    return {"type": "url", "url": url} if url else None


def _skip_option() -> list[dict[str, Any]]:
    return list(SimpleForm().boolean(
        SKIP_LAST_WORKFILE, label="Skip last workfile", value=False,
    ))


def _labels(app: dict[str, Any]) -> dict[str, Any]:
    group, variant = app["group"], app["variant"]
    return {
        "label": variant["label"] or variant["name"],
        "group_label": group["label"] or group["name"],
        "icon": icon_for(group["icon"]),
    }


async def _settings(
    addon: BaseServerAddon, project_name: str, variant: str
) -> dict[str, Any]:
    model = await addon.get_project_settings(project_name, variant=variant)
    return model.dict()


async def get_simple_actions(
    addon: BaseServerAddon, project_name: Optional[str], variant: str
) -> list[SimpleActionManifest]:
    """One launch action per allowed application, for its task types."""
    if not project_name:
        return []
    settings = await _settings(addon, project_name, variant)
    project = await ProjectEntity.load(project_name)
    task_types = [task_type["name"] for task_type in project.task_types]
    by_type, _dependent = apps_by_task_type(settings, task_types)
    apps = enabled_apps(settings)

    subtypes: dict[str, list[str]] = {}
    for task_type in task_types:
        for app_name in by_type.get(task_type, []):
            subtypes.setdefault(app_name, []).append(task_type)

    actions: list[SimpleActionManifest] = [SimpleActionManifest(
        identifier=TERMINAL_ID,
        label="Open terminal",
        category=CATEGORY,
        order=1000,
        icon={"type": "material-symbols", "name": "terminal"},
        entity_type="task",
        allow_multiselection=False,
    )]
    for order, (app_name, types) in enumerate(subtypes.items()):
        actions.append(SimpleActionManifest(
            identifier=LAUNCH_PREFIX + app_name,
            category=CATEGORY,
            order=order,
            entity_type="task",
            entity_subtypes=types,
            allow_multiselection=False,
            config_fields=_skip_option(),
            **_labels(apps[app_name]),
        ))
    return actions


async def _task_context(
    project_name: str, task_id: str
) -> tuple[Any, str]:
    task = await TaskEntity.load(project_name, task_id)
    folder = await FolderEntity.load(project_name, task.folder_id)
    return task, folder.path


async def _task_apps(
    settings: dict[str, Any], project_name: str, task_id: str
) -> list[str]:
    task, folder_path = await _task_context(project_name, task_id)
    return allowed_apps(settings, task.task_type, task.name, folder_path)


async def get_dynamic_actions(
    addon: BaseServerAddon, context: ActionContext, variant: str
) -> list[DynamicActionManifest]:
    """Launch actions that depend on the selected task or workfile.

    A task whose type has profiles filtering on folder path or task name
    gets its launch actions here (simple actions cannot see the task);
    a workfile gets one action per allowed application of its host.
    """
    project_name = context.project_name
    ids = context.entity_ids or []
    if not project_name or len(ids) != 1:
        return []
    settings = await _settings(addon, project_name, variant)
    apps = enabled_apps(settings)
    if context.entity_type == "task":
        task, folder_path = await _task_context(project_name, ids[0])
        _by_type, dependent = apps_by_task_type(settings, [task.task_type])
        if task.task_type not in dependent:
            return []
        names = allowed_apps(settings, task.task_type, task.name,
                             folder_path)
        return [
            DynamicActionManifest(
                identifier=LAUNCH_PREFIX + app_name, category=CATEGORY,
                order=order, config_fields=_skip_option(),
                **_labels(apps[app_name]),
            )
            for order, app_name in enumerate(names)
        ]
    if context.entity_type == "workfile":
        workfile = await WorkfileEntity.load(project_name, ids[0])
        host_name = workfile.data.get("host_name") or HOST_BY_EXTENSION.get(
            os.path.splitext(workfile.name)[1].lower()
        )
        if not host_name:
            return []
        names = await _task_apps(settings, project_name, workfile.task_id)
        return [
            DynamicActionManifest(
                identifier=WORKFILE_PREFIX + app_name, category=CATEGORY,
                order=order, **_labels(apps[app_name]),
            )
            for order, app_name in enumerate(names)
            if apps[app_name]["group"]["host_name"] == host_name
        ]
    return []


def launch_config_hash(
    identifier: str, project_name: Optional[str], entity_id: str,
    user_name: str,
) -> Optional[str]:
    """Where a launch action's options are kept: per user, application,
    project and task, as Ynput's addon keeps them; None for other
    actions (the server's default applies)."""
    if not identifier.startswith(LAUNCH_PREFIX):
        return None
    app_name = identifier[len(LAUNCH_PREFIX):]
    return hash_data([user_name, app_name, project_name, entity_id])


async def store_launch_config(
    addon: BaseServerAddon,
    identifier: str,
    context: ActionContext,
    user_name: str,
    config: dict[str, Any],
) -> None:
    """Keep a launch action's options for each selected task.

    An unticked "skip last workfile" is removed (the project's settings
    decide), as Ynput's addon does.
    """
    config = dict(config)
    if config.get(SKIP_LAST_WORKFILE) is False:
        config.pop(SKIP_LAST_WORKFILE)
    for entity_id in context.entity_ids or []:
        config_hash = launch_config_hash(
            identifier, context.project_name, entity_id, user_name
        )
        await set_action_config(
            config_hash,
            config,
            addon_name=addon.name,
            addon_version=addon.version,
            identifier=identifier[len(LAUNCH_PREFIX):],
            project_name=context.project_name,
            user_name=user_name,
        )


def _bundle_args(variant: str) -> list[str]:
    if variant in RELEASE_VARIANTS:
        return []
    return ["--bundle", variant]


async def _terminal_response(
    addon: BaseServerAddon, executor: ActionExecutor, task_id: str
) -> ExecuteResponseModel:
    project_name = executor.context.project_name
    settings = await _settings(addon, project_name, executor.variant)
    names = await _task_apps(settings, project_name, task_id)
    if not names:
        return await executor.get_simple_response(
            message="No application is allowed for this task.",
            success=False,
        )
    chosen = (executor.context.form_data or {}).get("app")
    if chosen is None:
        apps = enabled_apps(settings)
        options = []
        for app_name in names:
            labels = _labels(apps[app_name])
            options.append({
                "value": app_name,
                "label": f"{labels['group_label']} {labels['label']}",
            })
        form = SimpleForm().select(
            "app", options, label="Environment of", value=names[0],
        )
        return await executor.get_form_response(
            title="Open terminal", fields=form, submit_label="Open",
            submit_icon="terminal",
        )
    if chosen not in names:
        return await executor.get_simple_response(
            message=f"{chosen!r} is not allowed for this task.",
            success=False,
        )
    args = [
        "addon", "applications", "launch-debug-terminal",
        "--project", project_name,
        "--task-id", task_id,
        "--app", chosen,
    ]
    return await executor.get_launcher_response(
        args=args + _bundle_args(executor.variant)
    )


async def execute_action(
    addon: BaseServerAddon, executor: ActionExecutor
) -> ExecuteResponseModel:
    """Answer an action with the launcher's argument list."""
    context = executor.context
    identifier = executor.identifier
    entity_id = (context.entity_ids or [None])[0]
    if not context.project_name or entity_id is None:
        return await executor.get_simple_response(
            message="Select one task or workfile.", success=False,
        )
    if identifier == TERMINAL_ID:
        return await _terminal_response(addon, executor, entity_id)

    if identifier.startswith(LAUNCH_PREFIX):
        app_name = identifier[len(LAUNCH_PREFIX):]
        command, id_arg = "launch-by-id", "--task-id"
    elif identifier.startswith(WORKFILE_PREFIX):
        app_name = identifier[len(WORKFILE_PREFIX):]
        command, id_arg = "launch-by-workfile-id", "--workfile-id"
    else:
        return await executor.get_simple_response(
            message=f"Unknown action {identifier!r}.", success=False,
        )

    args = [
        "addon", "applications", command,
        "--app", app_name,
        "--project", context.project_name,
        id_arg, entity_id,
    ]
    args += _bundle_args(executor.variant)
    if command == "launch-by-id":
        config = await addon.get_action_config(
            identifier, context, executor.user, executor.variant
        )
        skip = config.get(SKIP_LAST_WORKFILE)
        if skip is not None:
            args += ["--use-last-workfile", "0" if skip else "1"]
    return await executor.get_launcher_response(args=args)
