"""STAND-IN for ``ayon_core.pipeline.workfile.utils`` (cannot be installed
from the package index).

Both functions pick a profile from project settings
``core/tools/Workfiles/<profiles key>`` by ``tasks``, ``task_types`` and
``hosts`` with ``filter_profiles`` and return its ``enabled``, else
``default_output``. Stand-in difference: settings without those keys give
``default_output`` instead of a ``KeyError``.
"""
from ayon_core.lib import filter_profiles
from ayon_core.settings import get_project_settings


def _workfiles_profiles(project_settings, key):
    try:
        return project_settings["core"]["tools"]["Workfiles"][key]
    except (KeyError, TypeError):
        return None


def _profile_enabled(
    profiles_key, project_name, host_name, task_name, task_type,
    default_output, project_settings,
):
    if project_settings is None:
        project_settings = get_project_settings(project_name)
    profiles = _workfiles_profiles(project_settings, profiles_key)
    if not profiles:
        return default_output
    profile = filter_profiles(profiles, {
        "tasks": task_name,
        "task_types": task_type,
        "hosts": host_name,
    })
    output = None
    if profile:
        output = profile.get("enabled")
    if output is None:
        return default_output
    return output


def should_use_last_workfile_on_launch(
    project_name,
    host_name,
    task_name,
    task_type,
    default_output=False,
    project_settings=None,
):
    return _profile_enabled(
        "last_workfile_on_startup", project_name, host_name, task_name,
        task_type, default_output, project_settings,
    )


def should_open_workfiles_tool_on_launch(
    project_name,
    host_name,
    task_name,
    task_type,
    default_output=False,
    project_settings=None,
):
    return _profile_enabled(
        "open_workfile_tool_on_startup", project_name, host_name, task_name,
        task_type, default_output, project_settings,
    )
