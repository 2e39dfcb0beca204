"""Collect the host and application of the publishing process.

Runs first, before ayon-core's ``CollectHostName``. Fills the context's
``hostName``, ``appName`` and ``appLabel`` when they are missing:
``appName`` from ``AYON_APP_NAME``, host and label from that
application's settings (the project's, when the context has a project).
ayon-core's colorspace code reads ``appName`` to pick per-application
profiles.
"""
import os

import pyblish.api

from ayon_applications.manager import ApplicationManager


class CollectAppName(pyblish.api.ContextPlugin):
    """Collect the application name, label and host name."""

    label = "Collect App Name"
    order = pyblish.api.CollectorOrder - 0.499999

    def process(self, context: pyblish.api.Context) -> None:
        """Fill what is missing; values already set are kept."""
        host_name = context.data.get("hostName")
        app_name = context.data.get("appName")
        app_label = context.data.get("appLabel")
        if host_name and app_name and app_label:
            return
        if not app_name:
            app_name = os.environ.get("AYON_APP_NAME")

        if app_name and not (host_name and app_label):
            project_name = (
                context.data.get("projectName")
                or os.environ.get("AYON_PROJECT_NAME")
                or None
            )
            manager = ApplicationManager(project_name=project_name)
            app = manager.applications.get(app_name)
            if app is not None:
                host_name = host_name or app.host_name
                app_label = app_label or app.full_label

        context.data["hostName"] = host_name
        context.data["appName"] = app_name
        context.data["appLabel"] = app_label
