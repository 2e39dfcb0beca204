"""Launch contexts from entity ids, read through ayon-python-api.

``launch-by-id`` knows a task id and ``launch-by-workfile-id`` a workfile
id; both need the project, folder and task entities and names a launch
uses. An id the server does not know ends as ``ApplicationLaunchFailed``
with a message naming the id and the project.
"""
import os
import re
from typing import Any, Dict

from .exceptions import ApplicationLaunchFailed
from .server_connection import require_server

_ROOT_KEY_RE = re.compile(r"\{root\[([^\]\{\}]+)\]\}")


def _get_project(project_name: str) -> Dict[str, Any]:
    import ayon_api

    require_server(f"read project \"{project_name}\"")
    project = ayon_api.get_project(project_name)
    if not project:
        raise ApplicationLaunchFailed(
            f"Project \"{project_name}\" was not found on the AYON server"
        )
    return project


def _context_from_task(
    project_entity: Dict[str, Any], task_entity: Dict[str, Any]
) -> Dict[str, Any]:
    import ayon_api

    project_name = project_entity["name"]
    folder_id = task_entity.get("folderId")
    folder_entity = None
    if folder_id:
        folder_entity = ayon_api.get_folder_by_id(project_name, folder_id)
    if not folder_entity:
        raise ApplicationLaunchFailed(
            f"Folder \"{folder_id}\" of task \"{task_entity['name']}\""
            f" ({task_entity['id']}) was not found in project"
            f" \"{project_name}\""
        )
    return {
        "project_name": project_name,
        "folder_path": folder_entity["path"],
        "task_name": task_entity["name"],
        "task_type": task_entity.get("taskType"),
        "project_entity": project_entity,
        "folder_entity": folder_entity,
        "task_entity": task_entity,
    }


def get_task_launch_context(
    project_name: str, task_id: str
) -> Dict[str, Any]:
    """Launch context of a task given by id.

    Args:
        project_name: Project the task is in.
        task_id: Task id.

    Returns:
        ``project_name``, ``folder_path``, ``task_name``, ``task_type``,
        ``project_entity``, ``folder_entity``, ``task_entity``.

    Raises:
        ApplicationLaunchFailed: Project, task or folder not found.
    """
    import ayon_api

    project_entity = _get_project(project_name)
    task_entity = None
    if task_id:
        task_entity = ayon_api.get_task_by_id(project_name, task_id)
    if not task_entity:
        raise ApplicationLaunchFailed(
            f"Task \"{task_id}\" was not found in project"
            f" \"{project_name}\""
        )
    return _context_from_task(project_entity, task_entity)


def fill_root_path(path: str, roots: Dict[str, str]) -> str:
    """Replace ``{root[name]}`` in a rootless path by the root's value.

    Args:
        path: Rootless path, e.g. ``"{root[work]}/demo/sh010/a.ma"``.
        roots: Root name to path on this machine.

    Returns:
        The path, normalized for this platform.

    Raises:
        KeyError: The path uses a root the project does not define.
    """

    def _replace(match: "re.Match[str]") -> str:
        value = roots[match.group(1)]
        return value.rstrip("/\\")

    return os.path.normpath(_ROOT_KEY_RE.sub(_replace, path))


def get_workfile_launch_context(
    project_name: str, workfile_id: str
) -> Dict[str, Any]:
    """Launch context of a workfile given by id.

    Args:
        project_name: Project the workfile is in.
        workfile_id: Workfile (info) id.

    Returns:
        The keys of :func:`get_task_launch_context` plus
        ``workfile_entity`` and ``workfile_path`` (the workfile's path
        with the project's roots of this machine filled in).

    Raises:
        ApplicationLaunchFailed: Project, workfile, its task or folder
            not found, or the path uses a root the project lacks.
    """
    import ayon_api

    project_entity = _get_project(project_name)
    workfile_entity = None
    if workfile_id:
        workfile_entity = ayon_api.get_workfile_info_by_id(
            project_name, workfile_id
        )
    if not workfile_entity:
        raise ApplicationLaunchFailed(
            f"Workfile \"{workfile_id}\" was not found in project"
            f" \"{project_name}\""
        )
    task_id = workfile_entity.get("taskId")
    task_entity = None
    if task_id:
        task_entity = ayon_api.get_task_by_id(project_name, task_id)
    if not task_entity:
        raise ApplicationLaunchFailed(
            f"Workfile \"{workfile_entity.get('path')}\" ({workfile_id})"
            f" in project \"{project_name}\" has no task"
            + (f" (task \"{task_id}\" was not found)" if task_id else "")
        )
    context = _context_from_task(project_entity, task_entity)

    rootless_path = workfile_entity.get("path") or ""
    roots = ayon_api.get_project_roots_by_site_id(project_name)
    try:
        workfile_path = fill_root_path(rootless_path, roots)
    except KeyError as exc:
        raise ApplicationLaunchFailed(
            f"Workfile \"{rootless_path}\" uses root {exc} that project"
            f" \"{project_name}\" does not define (roots:"
            f" {', '.join(sorted(roots)) or 'none'})"
        ) from None
    context["workfile_entity"] = workfile_entity
    context["workfile_path"] = workfile_path
    return context


def fill_context_entities(data: Dict[str, Any]) -> None:
    """Add the entities of the names in launch ``data`` when missing.

    A launch by names (``launch``, Deadline's ``extractenvironments``)
    carries project, folder path and task name only; the tools of a task
    are chosen by its type and attributes, which the rez resolve needs
    before ayon-core's hooks fetch the entities. Names not found leave
    their entity out (ayon-core's hooks then report the context).
    """
    import ayon_api

    project_name = data.get("project_name")
    if not project_name:
        return
    if data.get("project_entity") is None:
        data["project_entity"] = ayon_api.get_project(project_name)
    folder_path = data.get("folder_path")
    if folder_path and data.get("folder_entity") is None:
        data["folder_entity"] = ayon_api.get_folder_by_path(
            project_name, folder_path
        )
    folder_entity = data.get("folder_entity")
    task_name = data.get("task_name")
    if task_name and folder_entity and data.get("task_entity") is None:
        data["task_entity"] = ayon_api.get_task_by_name(
            project_name, folder_entity["id"], task_name
        )
