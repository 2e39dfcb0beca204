"""STAND-IN for ``ayon_core.pipeline.template_data`` (cannot be installed
from the package index).

Template data from entities: ``studio``, ``user``, ``project``, ``folder``,
``hierarchy``, ``parent``, ``task``, ``app``. Stand-in difference: the user
is not fetched from the server (``user_entity`` or the user name is used).
"""
import ayon_api

from ayon_core.lib import get_ayon_username
from ayon_core.settings import get_studio_settings


class _UserData(dict):
    """``{user}`` fills the name, ``{user[attrib][...]}`` works too."""

    def __format__(self, spec):
        return format(self.get("name") or "", spec)

    def __str__(self):
        return self.get("name") or ""


def get_general_template_data(settings=None, username=None, user_entity=None):
    if not settings:
        settings = get_studio_settings()
    if user_entity is None:
        user_entity = {
            "name": username or get_ayon_username(),
            "attrib": {},
            "data": {},
        }
    core_settings = settings.get("core") or {}
    return {
        "studio": {
            "name": core_settings.get("studio_name", ""),
            "code": core_settings.get("studio_code", ""),
        },
        "user": _UserData(
            name=user_entity["name"],
            attrib=user_entity.get("attrib") or {},
            data=user_entity.get("data") or {},
        ),
    }


def get_project_template_data(project_entity=None, project_name=None):
    if not project_name:
        project_name = project_entity["name"]
    elif not project_entity:
        project_entity = ayon_api.get_project(project_name, fields=["code"])
    return {
        "project": {
            "name": project_name,
            "code": project_entity.get("code"),
        }
    }


def get_folder_template_data(folder_entity, project_name):
    path = folder_entity["path"]
    parents = path.lstrip("/").split("/")
    folder_name = parents.pop(-1)
    return {
        "folder": {
            "name": folder_name,
            "type": folder_entity.get("folderType"),
            "path": path,
            "parents": parents,
        },
        "hierarchy": "/".join(parents),
        "parent": parents[-1] if parents else project_name,
    }


def get_task_template_data(project_entity, task_entity):
    task_type = task_entity.get("taskType")
    short_name = None
    for item in project_entity.get("taskTypes") or []:
        if item.get("name") == task_type:
            short_name = item.get("shortName")
            break
    return {
        "task": {
            "name": task_entity["name"],
            "type": task_type,
            "short": short_name,
        }
    }


def get_template_data(
    project_entity,
    folder_entity=None,
    task_entity=None,
    host_name=None,
    settings=None,
    username=None,
    user_entity=None,
):
    """Data to fill anatomy templates for the given entities."""
    template_data = get_general_template_data(
        settings, username=username, user_entity=user_entity,
    )
    template_data.update(get_project_template_data(project_entity))
    if folder_entity:
        template_data.update(
            get_folder_template_data(folder_entity, project_entity["name"])
        )
        if task_entity:
            template_data.update(
                get_task_template_data(project_entity, task_entity)
            )
    if host_name:
        template_data["app"] = host_name
    return template_data


def get_template_data_with_names(
    project_name,
    folder_path=None,
    task_name=None,
    host_name=None,
    settings=None,
):
    project_entity = ayon_api.get_project(project_name)
    folder_entity = task_entity = None
    if folder_path:
        folder_entity = ayon_api.get_folder_by_path(project_name, folder_path)
        if task_name and folder_entity:
            task_entity = ayon_api.get_task_by_name(
                project_name, folder_entity["id"], task_name
            )
    return get_template_data(
        project_entity, folder_entity, task_entity, host_name, settings
    )
