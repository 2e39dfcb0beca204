"""STAND-IN for ``ayon_core.settings.lib`` (cannot be installed from the
package index).

Like ayon-core, settings come from the AYON server through ayon-python-api
(``ayon_api.get_addons_settings``, i.e. ``GET /api/settings`` with
``bundle_name``, ``project_bundle_name``, ``project_name`` and ``variant``)
and are ``{addon_name: settings}``. The bundle is ``AYON_BUNDLE_NAME``; when
the launcher runs a project bundle, ``AYON_STUDIO_BUNDLE_NAME`` holds the
studio bundle and ``AYON_BUNDLE_NAME`` the project bundle.

Stand-in differences: no 10 second cache (every call asks the server), and
``ayon_core._standin.STUDIO_SETTINGS`` / ``PROJECT_SETTINGS``, when set,
are returned instead of asking a server.
"""
import copy
import os

import ayon_api


def _get_value_by_project(project_name):
    from ayon_core import _standin
    from ayon_core.lib import get_settings_variant

    if _standin.STUDIO_SETTINGS is not None:
        value = _standin.STUDIO_SETTINGS
        if project_name is not None:
            value = _standin.PROJECT_SETTINGS.get(project_name, value)
        return copy.deepcopy(value)

    bundle_name = os.environ.get("AYON_BUNDLE_NAME") or None
    studio_bundle_name = os.environ.get("AYON_STUDIO_BUNDLE_NAME") or None
    project_bundle_name = None
    if studio_bundle_name and studio_bundle_name != bundle_name:
        project_bundle_name = bundle_name
        bundle_name = studio_bundle_name
    kwargs = {}
    if project_name is not None and project_bundle_name:
        kwargs["project_bundle_name"] = project_bundle_name
    return ayon_api.get_addons_settings(
        bundle_name=bundle_name,
        project_name=project_name,
        variant=get_settings_variant(),
        **kwargs
    )


def get_ayon_settings(project_name=None):
    return _get_value_by_project(project_name)


def get_studio_settings(*args, **kwargs):
    """Studio settings of the running bundle, ``{addon_name: settings}``."""
    return _get_value_by_project(None)


def get_project_settings(project_name, *args, **kwargs):
    """Project settings, ``{addon_name: settings}``."""
    return _get_value_by_project(project_name)


def get_current_project_settings():
    project_name = os.environ.get("AYON_PROJECT_NAME")
    if not project_name:
        raise ValueError(
            "Missing context project in environment"
            " variable `AYON_PROJECT_NAME`."
        )
    return get_project_settings(project_name)
