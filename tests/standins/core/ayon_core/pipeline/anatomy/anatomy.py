"""STAND-IN for ``ayon_core.pipeline.anatomy.anatomy`` (cannot be installed
from the package index).

``Anatomy(project_name=None, site_name=None, project_entity=None)``: the
project entity is fetched with ``ayon_api.get_project`` when not passed.
Roots come from ``project_entity["config"]["roots"]`` (``{name:
{platform: path}}``) or, stand-in only, ``ayon_core._standin.ANATOMY_ROOTS``
(``{name: path}``). Templates come from
``project_entity["config"]["templates"]`` or the stand-in defaults in
``DEFAULT_TEMPLATES``: work directory ``<root>/<project><folder path>/work/
<task>``, work file ``<code>_<folder>_<task>_v001[_<comment>].<ext>``.
"""
import copy
import os
import platform

import ayon_api

from .exceptions import ProjectNotSet
from .templates import AnatomyStringTemplate

DEFAULT_TEMPLATES = {
    "work": {
        "default": {
            "directory": (
                "{root[work]}/{project[name]}{folder[path]}/work/{task[name]}"
            ),
            "file": (
                "{project[code]}_{folder[name]}_{task[name]}"
                "_v{version:0>3}<_{comment}>.{ext}"
            ),
        },
    },
}
_PLACEHOLDER = object()


class Anatomy:
    def __init__(self, project_name=None, site_name=None, project_entity=None):
        if not project_name:
            project_name = os.environ.get("AYON_PROJECT_NAME")
        if not project_name:
            raise ProjectNotSet(
                "Implementation bug: Project name is not set. Anatomy"
                " requires to load data for specific project."
            )
        if not project_entity:
            project_entity = ayon_api.get_project(project_name)
        self.project_name = project_name
        self._project_entity = project_entity or {}
        config = self._project_entity.get("config") or {}
        self._roots = self._prepare_roots(config.get("roots"))
        templates = copy.deepcopy(DEFAULT_TEMPLATES)
        for category, items in (config.get("templates") or {}).items():
            if isinstance(items, dict):
                templates.setdefault(category, {}).update(items)
        self._templates = templates

    @staticmethod
    def _prepare_roots(config_roots):
        from ayon_core import _standin

        if not config_roots:
            return dict(_standin.ANATOMY_ROOTS)
        platform_name = platform.system().lower()
        roots = {}
        for name, value in config_roots.items():
            if isinstance(value, dict):
                value = value.get(platform_name)
            roots[name] = value
        return roots

    @property
    def project_code(self):
        return self._project_entity.get("code")

    @property
    def roots(self):
        """Root name -> path on this platform."""
        return dict(self._roots)

    @property
    def templates(self):
        return copy.deepcopy(self._templates)

    def fill_root(self, text):
        """Fill ``{root[...]}`` in ``text``."""
        return str(AnatomyStringTemplate(self, text).format_strict({}))

    def get_template_item(
        self, category_name, template_name, subkey=None, default=_PLACEHOLDER
    ):
        """Template of ``category_name/template_name[/subkey]``.

        ``template_name`` equal to the category name means ``default``.
        """
        category = self._templates.get(category_name) or {}
        if template_name not in category and template_name == category_name:
            template_name = "default"
        item = category.get(template_name)
        if item is not None and subkey is not None:
            item = item.get(subkey)
        if item is None:
            if default is not _PLACEHOLDER:
                return default
            raise KeyError(
                f"Template '{category_name}/{template_name}/{subkey}'"
                " not found."
            )
        if isinstance(item, str):
            return AnatomyStringTemplate(self, item)
        return {
            key: AnatomyStringTemplate(self, value)
            for key, value in item.items()
            if isinstance(value, str)
        }
