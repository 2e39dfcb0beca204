"""STAND-IN for ayon-core's ``hooks/pre_global_host_data.py`` (ayon-core
cannot be installed from the package index).

Written the way ayon-core's hook is: it imports the contract names of
``ayon_applications`` and ``ayon_applications.utils`` and, before any
other hook (order -100, every launch type):

1. with ``project_name`` in the launch data, stores ``project_entity``
   (``ayon_api.get_project``) and ``anatomy``
   (``Anatomy(project_name, project_entity=...)``); then, with
   ``folder_path``, ``folder_entity`` (``get_folder_by_path``); then, with
   ``task_name`` and a folder found, ``task_entity`` (``get_task_by_name``);
2. with a folder entity, builds ``EnvironmentPrepData`` from those entities,
   the app, ``launch_context.env``, ``start_last_workfile``,
   ``last_workfile_path`` and its logger, runs
   ``prepare_app_environments(data, launch_context.env_group)`` and
   ``prepare_context_environments(data)``, drops ``log`` and merges the
   rest back into ``launch_context.data``.
"""
import ayon_api
from ayon_core.pipeline import Anatomy

from ayon_applications import LaunchTypes, PreLaunchHook  # noqa: F401
from ayon_applications.exceptions import ApplicationLaunchFailed
from ayon_applications.utils import (
    EnvironmentPrepData,
    prepare_app_environments,
    prepare_context_environments,
)


class GlobalHostDataHook(PreLaunchHook):
    order = -100
    launch_types = set()

    def execute(self):
        self._collect_context_entities()
        if not self.data.get("folder_entity"):
            return

        prep_data = EnvironmentPrepData({
            "project_name": self.data["project_name"],
            "folder_path": self.data["folder_path"],
            "task_name": self.data["task_name"],
            "app": self.launch_context.application,
            "project_entity": self.data["project_entity"],
            "folder_entity": self.data.get("folder_entity"),
            "task_entity": self.data.get("task_entity"),
            "anatomy": self.data["anatomy"],
            "env": self.launch_context.env,
            "start_last_workfile": self.data.get("start_last_workfile"),
            "last_workfile_path": self.data.get("last_workfile_path"),
            "log": self.log,
        })
        prepare_app_environments(prep_data, self.launch_context.env_group)
        prepare_context_environments(prep_data)
        prep_data.pop("log")
        self.data.update(prep_data)

    def _collect_context_entities(self):
        project_name = self.data.get("project_name")
        if not project_name:
            self.log.info(
                "No 'project_name' in launch context:"
                " skipping context data."
            )
            return
        project_entity = ayon_api.get_project(project_name)
        self.data["project_entity"] = project_entity
        self.data["anatomy"] = Anatomy(
            project_name, project_entity=project_entity
        )

        folder_path = self.data.get("folder_path")
        if not folder_path:
            self.log.warning("No folder path: skipping folder query.")
            return
        folder_entity = ayon_api.get_folder_by_path(
            project_name, folder_path
        )
        if not folder_entity:
            raise ApplicationLaunchFailed(
                f"Folder '{folder_path}' not found"
                f" in project '{project_name}'."
            )
        self.data["folder_entity"] = folder_entity

        task_name = self.data.get("task_name")
        if not task_name:
            self.log.warning("No task name: skipping task query.")
            return
        task_entity = ayon_api.get_task_by_name(
            project_name, folder_entity["id"], task_name
        )
        if not task_entity:
            raise ApplicationLaunchFailed(
                f"Task '{task_name}' not found"
                f" in '{project_name}' > '{folder_path}'."
            )
        self.data["task_entity"] = task_entity
