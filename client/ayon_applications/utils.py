"""Functions ayon-core's launch hooks and other addons import.

ayon-core's global host data hook calls :func:`prepare_app_environments`
and :func:`prepare_context_environments` with an
:class:`EnvironmentPrepData`; farm code calls
:func:`get_app_environments_for_context`. ayon-core is imported inside the
functions that need it, so this module imports without it.
"""
import copy
import json
import logging
import os
import warnings
from typing import Any, Dict, List, Optional

from .env_origins import AYON_CONTEXT, changed_variables, note
from .environment import (
    apply_app_environments,
    apply_json_environments,
    context_environment,
    parse_environment_values,
)
from .exceptions import ApplicationLaunchFailed, MissingRequiredKey
from .launch_pipeline import context_tools, launch_environment
from .manager import ApplicationManager
from .workdir import task_workdir


def parse_environments(
    env_data: Dict[str, Any],
    env_group: Optional[str] = None,
    platform_name: Optional[str] = None,
) -> Dict[str, str]:
    """One settings JSON environment flattened for an env group and a
    platform (Ynput's name; see
    :func:`~ayon_applications.environment.parse_environment_values`)."""
    return parse_environment_values(env_data, env_group, platform_name)


def get_app_icon_path(icon_filename: str) -> Optional[str]:
    """Deprecated (as in Ynput's addon): local path of an icon shipped
    with the client, or None. Icons are served by the server here."""
    from .addon import shipped_icon_path

    warnings.warn(
        "Used deprecated function 'get_app_icon_path'.",
        DeprecationWarning,
        stacklevel=2,
    )
    return shipped_icon_path(icon_filename)


class EnvironmentPrepData(dict):
    """Data shared while a launch environment is prepared.

    Requires ``project_entity``, ``folder_entity``, ``task_entity``,
    ``app`` and ``anatomy``; fills ``log``, ``env`` and
    ``project_settings`` when missing.

    Raises:
        MissingRequiredKey: A required key is missing.
    """

    required_keys = (
        "project_entity", "folder_entity", "task_entity", "app", "anatomy"
    )

    def __init__(self, data: Dict[str, Any]) -> None:
        for key in self.required_keys:
            if key not in data:
                raise MissingRequiredKey(key)
        if not data.get("log"):
            data["log"] = logging.getLogger("EnvironmentPrepData")
        if data.get("env") is None:
            data["env"] = os.environ.copy()
        if "project_settings" not in data:
            project_name = data["project_entity"]["name"]
            data["project_settings"] = (
                data["app"].manager.all_project_settings(project_name)
            )
        super().__init__(data)


def _addons_manager(addons_manager: Any) -> Any:
    if addons_manager is not None:
        return addons_manager
    from ayon_core.addon import AddonsManager

    return AddonsManager()


def _replace_env(target: Dict[str, str], new_env: Dict[str, str]) -> None:
    for key in set(target) - set(new_env):
        target.pop(key, None)
    target.update(new_env)


def prepare_app_environments(
    data: Dict[str, Any],
    env_group: Optional[str] = None,
    implementation_envs: bool = True,
    addons_manager: Any = None,
) -> None:
    """Apply the application's and tools' environments to ``data["env"]``.

    The tools are those of the rez resolve of this launch (the same
    profiles choose them), so environment and packages agree. Each enabled
    addon's ``modify_application_launch_arguments(app, env)`` runs, then
    the host addon's ``add_implementation_envs(env, app)``.
    """
    app = data["app"]
    addons_manager = _addons_manager(addons_manager)
    manager = app.manager
    tool_names = data.get("tools")
    if tool_names is None:
        tools = context_tools(manager, app, data)
    else:
        tools = [manager.tools[n] for n in tool_names if n in manager.tools]
    env = dict(data["env"])
    for addon in addons_manager.get_enabled_addons():
        modify = getattr(addon, "modify_application_launch_arguments", None)
        if modify is not None:
            before = dict(env)
            modify(app, env)
            note(
                f"addon {getattr(addon, 'name', addon)}"
                " (modify_application_launch_arguments)",
                changed_variables(before, env),
            )
    env = apply_app_environments(env, app, tools, env_group)
    if app.host_name and implementation_envs:
        host_addon = addons_manager.get_host_addon(app.host_name)
        add_envs = getattr(host_addon, "add_implementation_envs", None)
        if add_envs is not None:
            before = dict(env)
            result = add_envs(env, app)
            if isinstance(result, dict):
                env = result
            note(
                f"addon {getattr(host_addon, 'name', app.host_name)}"
                " (add_implementation_envs)",
                changed_variables(before, env),
            )
    data["log"].debug(
        "Environments of %s and tools %s applied",
        app.full_name, [tool.full_name for tool in tools],
    )
    _replace_env(data["env"], env)


def apply_project_environments_value(
    project_name: str,
    env: Dict[str, str],
    project_settings: Optional[Dict[str, Any]] = None,
    env_group: Optional[str] = None,
) -> Dict[str, str]:
    """Apply ayon-core's project environments on ``env`` (in place)."""
    if project_settings is None:
        from ayon_core.settings import get_project_settings

        project_settings = get_project_settings(project_name)
    value = (project_settings.get("core") or {}).get("project_environments")
    if value:
        parsed = json.loads(value) if isinstance(value, str) else value
        before = dict(env)
        env.update(apply_json_environments(env, [parsed], env_group))
        note(
            "ayon-core project environments (core/project_environments)",
            changed_variables(before, env),
        )
    return env


def prepare_context_environments(
    data: Dict[str, Any],
    env_group: Optional[str] = None,
    addons_manager: Any = None,
) -> None:
    """Add the AYON context, work directory and last workfile to the env.

    Raises:
        ApplicationLaunchFailed: A host is launched without folder and
            task, or its work directory cannot be made.
    """
    log = data["log"]
    project_entity = data["project_entity"]
    folder_entity = data["folder_entity"]
    task_entity = data["task_entity"]
    if not project_entity:
        log.info("No project in the launch context: no context variables")
        return
    app = data["app"]
    project_name = project_entity["name"]
    project_settings = data.get("project_settings")
    if project_settings is None:
        from ayon_core.settings import get_project_settings

        project_settings = get_project_settings(project_name)
        data["project_settings"] = project_settings

    context_env = context_environment(
        app,
        project_name=project_name,
        folder_path=(folder_entity or {}).get("path"),
        task_name=(task_entity or {}).get("name"),
    )
    data["env"].update(context_env)
    apply_project_environments_value(
        project_name, data["env"], project_settings, env_group
    )
    if not app.is_host:
        return
    if not folder_entity or not task_entity:
        raise ApplicationLaunchFailed(
            f"Cannot launch \"{app.full_name}\" in project"
            f" \"{project_name}\": a host needs a folder and a task"
        )
    _prepare_workdir(data, project_settings, addons_manager)


def _prepare_workdir(
    data: Dict[str, Any],
    project_settings: Dict[str, Any],
    addons_manager: Any,
) -> None:
    app = data["app"]
    try:
        workdir, workdir_data = task_workdir(
            data["project_entity"],
            data["folder_entity"],
            data["task_entity"],
            app.host_name,
            data["anatomy"],
            project_settings,
        )
    except Exception as exc:  # noqa: BLE001 - anatomy errors vary
        raise ApplicationLaunchFailed(
            f"Cannot fill the work directory of \"{app.full_name}\": {exc}"
        ) from None
    data["workdir_data"] = workdir_data
    data["task_type"] = workdir_data["task"]["type"]
    try:
        os.makedirs(workdir, exist_ok=True)
    except OSError as exc:
        raise ApplicationLaunchFailed(
            f"Cannot create the work directory \"{workdir}\": {exc}"
        ) from None
    data["env"]["AYON_WORKDIR"] = workdir
    note(f"{AYON_CONTEXT} (work directory)", ["AYON_WORKDIR"])
    _prepare_last_workfile(data, workdir, addons_manager)


def _prepare_last_workfile(
    data: Dict[str, Any], workdir: str, addons_manager: Any
) -> None:
    from ayon_core.pipeline.workfile import (
        get_last_workfile,
        get_workfile_template_key,
        should_open_workfiles_tool_on_launch,
        should_use_last_workfile_on_launch,
    )

    app = data["app"]
    project_name = data["project_entity"]["name"]
    task_name = data["task_entity"]["name"]
    task_type = data["task_type"]
    start_last_workfile = data.get("start_last_workfile")
    if start_last_workfile is None:
        start_last_workfile = should_use_last_workfile_on_launch(
            project_name, app.host_name, task_name, task_type
        )
    data["start_last_workfile"] = start_last_workfile
    workfile_startup = should_open_workfiles_tool_on_launch(
        project_name, app.host_name, task_name, task_type
    )
    data["workfile_startup"] = workfile_startup
    data["env"]["AVALON_OPEN_LAST_WORKFILE"] = str(int(bool(
        start_last_workfile
    )))
    data["env"]["AYON_WORKFILE_TOOL_ON_START"] = str(int(bool(
        workfile_startup
    )))
    last_workfile_path = data.get("last_workfile_path") or ""
    if not last_workfile_path:
        host_addon = _addons_manager(addons_manager).get_host_addon(
            app.host_name
        )
        extensions = None
        if host_addon is not None:
            extensions = host_addon.get_workfile_extensions()
        if extensions:
            template_key = get_workfile_template_key(
                project_name, task_type, app.host_name,
                project_settings=data["project_settings"],
            )
            file_template = data["anatomy"].get_template_item(
                "work", template_key, "file"
            ).template
            workdir_data = copy.deepcopy(data["workdir_data"])
            workdir_data.update({"version": 1, "ext": extensions[0]})
            last_workfile_path = get_last_workfile(
                workdir, file_template, workdir_data, extensions, True
            )
    data["env"]["AYON_LAST_WORKFILE"] = last_workfile_path
    note(f"{AYON_CONTEXT} (workfile)", [
        "AVALON_OPEN_LAST_WORKFILE", "AYON_WORKFILE_TOOL_ON_START",
        "AYON_LAST_WORKFILE",
    ])
    data["last_workfile_path"] = last_workfile_path


def get_app_environments_for_context(
    project_name: str,
    folder_path: str,
    task_name: str,
    app_name: str,
    env_group: Optional[str] = None,
    launch_type: Optional[str] = None,
    env: Optional[Dict[str, str]] = None,
    addons_manager: Any = None,
) -> Dict[str, str]:
    """The whole environment of an application in a task context.

    Runs the rez resolve and every pre-launch hook of ``launch_type``
    without starting the application.
    """
    manager = ApplicationManager(addons_manager=_addons_manager(
        addons_manager
    ))
    return launch_environment(
        manager,
        app_name,
        project_name=project_name,
        folder_path=folder_path,
        task_name=task_name,
        env_group=env_group,
        launch_type=launch_type,
        env=env,
    )


def _context_manager(
    project_name: str, project_settings: Optional[Dict[str, Any]]
) -> ApplicationManager:
    if project_settings is not None:
        return ApplicationManager(project_settings)
    return ApplicationManager(project_name=project_name)


def get_applications_for_context(
    project_name: str,
    folder_entity: Optional[Dict[str, Any]],
    task_entity: Optional[Dict[str, Any]],
    project_settings: Optional[Dict[str, Any]] = None,
    project_entity: Optional[Dict[str, Any]] = None,
) -> List[str]:
    """Full names of the applications the project's profiles allow."""
    manager = _context_manager(project_name, project_settings)
    apps = manager.applications_for_context(
        task_type=(task_entity or {}).get("taskType"),
        task_name=(task_entity or {}).get("name"),
        folder_path=(folder_entity or {}).get("path"),
    )
    return [app.full_name for app in apps]


def get_tools_for_context(
    project_name: str,
    folder_entity: Optional[Dict[str, Any]],
    task_entity: Optional[Dict[str, Any]],
    project_settings: Optional[Dict[str, Any]] = None,
) -> List[str]:
    """Full names of the tools of a context (profiles, else attributes)."""
    manager = _context_manager(project_name, project_settings)
    tools = context_tools(manager, None, {
        "task_entity": task_entity,
        "folder_entity": folder_entity,
        "task_name": (task_entity or {}).get("name"),
        "folder_path": (folder_entity or {}).get("path"),
    })
    return [tool.full_name for tool in tools]
