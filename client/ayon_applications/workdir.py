"""The work directory of a task, filled as ayon-core fills it.

One place for the launch (``utils.prepare_context_environments`` sets
``AYON_WORKDIR`` from it) and for the farm, which looks there for the
artist's saved contexts: both must arrive at the same folder. ayon-core
is imported at call time.
"""
from typing import Any, Dict, Optional, Tuple


def task_workdir(
    project_entity: Dict[str, Any],
    folder_entity: Dict[str, Any],
    task_entity: Dict[str, Any],
    host_name: str,
    anatomy: Any = None,
    project_settings: Optional[Dict[str, Any]] = None,
) -> Tuple[str, Dict[str, Any]]:
    """The task's work directory and the template data that filled it.

    ayon-core's ``get_template_data`` and
    ``get_workdir_with_workdir_data`` with the project's anatomy and
    settings (read when not given).

    Raises:
        Exception: Whatever ayon-core raises for an unfillable template.
    """
    from ayon_core.pipeline.template_data import get_template_data
    from ayon_core.pipeline.workfile import get_workdir_with_workdir_data

    project_name = project_entity["name"]
    if anatomy is None:
        from ayon_core.pipeline import Anatomy

        anatomy = Anatomy(project_name, project_entity=project_entity)
    if project_settings is None:
        from ayon_core.settings import get_project_settings

        project_settings = get_project_settings(project_name)
    workdir_data = get_template_data(
        project_entity, folder_entity, task_entity, host_name,
        project_settings,
    )
    workdir = get_workdir_with_workdir_data(
        workdir_data, anatomy.project_name, anatomy,
        project_settings=project_settings,
    )
    return str(workdir), workdir_data
