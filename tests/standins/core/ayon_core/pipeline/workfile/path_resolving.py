"""STAND-IN for ``ayon_core.pipeline.workfile.path_resolving`` (cannot be
installed from the package index).

Real signatures, simple bodies: the workdir is the anatomy ``work``
directory template (stand-in default ``<root>/<project><folder path>/work/
<task>``); the last workfile is the highest ``{version}`` among files in
the workdir matching the ``work`` file template, else the version 1 path.
Stand-in difference: the first version is always 1 (real ayon-core reads
it from settings).
"""
import copy
import os
import re

import ayon_api

from ayon_core.lib import StringTemplate, filter_profiles
from ayon_core.settings import get_project_settings


def get_workfile_template_key_from_context(
    project_name, folder_path, task_name, host_name, project_settings=None,
):
    folder_entity = ayon_api.get_folder_by_path(
        project_name, folder_path, fields={"id"}
    )
    task_entity = ayon_api.get_task_by_name(
        project_name, folder_entity["id"], task_name, fields={"taskType"}
    )
    return get_workfile_template_key(
        project_name, task_entity.get("taskType"), host_name,
        project_settings,
    )


def get_workfile_template_key(
    project_name, task_type, host_name, project_settings=None
):
    """Anatomy ``work`` template name for task type and host.

    ``work`` unless a ``core/tools/Workfiles/workfile_template_profiles``
    profile (by ``task_types``, ``hosts``) names another.
    """
    default = "work"
    if not task_type or not host_name:
        return default
    if not project_settings:
        project_settings = get_project_settings(project_name)
    try:
        profiles = (
            project_settings["core"]["tools"]["Workfiles"]
            ["workfile_template_profiles"]
        )
    except Exception:
        profiles = []
    if not profiles:
        return default
    profile = filter_profiles(
        profiles, {"task_types": task_type, "hosts": host_name}
    )
    if profile:
        return profile["workfile_template"] or default
    return default


def get_workdir_with_workdir_data(
    workdir_data,
    project_name,
    anatomy=None,
    template_key=None,
    project_settings=None,
):
    """Fill the work directory template; returns a str-like result."""
    if not anatomy:
        from ayon_core.pipeline import Anatomy

        anatomy = Anatomy(project_name)
    if not template_key:
        template_key = get_workfile_template_key(
            workdir_data["project"]["name"],
            workdir_data["task"]["type"],
            workdir_data["app"],
            project_settings,
        )
    template = anatomy.get_template_item("work", template_key, "directory")
    output = template.format_strict(workdir_data)
    if output:
        return output.normalized()
    return output


def get_workdir(
    project_entity,
    folder_entity,
    task_entity,
    host_name,
    anatomy=None,
    template_key=None,
    project_settings=None,
):
    from ayon_core.pipeline import Anatomy
    from ayon_core.pipeline.template_data import get_template_data

    if not anatomy:
        anatomy = Anatomy(
            project_entity["name"], project_entity=project_entity
        )
    workdir_data = get_template_data(
        project_entity, folder_entity, task_entity, host_name,
    )
    return get_workdir_with_workdir_data(
        workdir_data, anatomy.project_name, anatomy, template_key,
        project_settings,
    )


class _Token(str):
    """Fills a template field with a marker, whatever its format spec."""

    def __format__(self, spec):
        return str(self)


_VERSION = _Token("AYONSTANDINVERSION")
_COMMENT = _Token("AYONSTANDINCOMMENT")
_EXT = _Token("AYONSTANDINEXT")


def _file_regexes(file_template, template_data, extensions):
    exts = sorted({ext.lstrip(".") for ext in extensions if ext})
    ext_group = "(?:{})".format("|".join(re.escape(e) for e in exts))
    regexes = []
    for with_comment in (True, False):
        data = copy.deepcopy(template_data)
        data["version"] = _VERSION
        data["ext"] = _EXT
        data.pop("comment", None)
        if with_comment:
            data["comment"] = _COMMENT
        filled = StringTemplate(file_template).format(data)
        if not filled.solved:
            continue
        pattern = re.escape(str(filled))
        pattern = pattern.replace(_VERSION, r"(?P<version>[0-9]+)")
        pattern = pattern.replace(_COMMENT, r".+?")
        pattern = pattern.replace(_EXT, ext_group)
        flags = re.IGNORECASE if os.name == "nt" else 0
        regexes.append(re.compile(f"^{pattern}$", flags))
    return regexes


def get_last_workfile_with_version(
    workdir, file_template, template_data, extensions,
):
    """(path of the highest version, version) or (None, None)."""
    if not os.path.isdir(workdir):
        return None, None
    regexes = _file_regexes(str(file_template), template_data, extensions)
    best = None
    for filename in sorted(os.listdir(workdir)):
        for regex in regexes:
            match = regex.match(filename)
            if not match:
                continue
            version = int(match.group("version"))
            path = os.path.join(workdir, filename)
            key = (version, os.path.getmtime(path))
            if best is None or key > best[0]:
                best = (key, path)
            break
    if best is None:
        return None, None
    return best[1], best[0][0]


def get_last_workfile(
    workdir, file_template, template_data, extensions, full_path=False,
):
    """Last workfile name (or path), or the version 1 one if none exists."""
    filepath, _ = get_last_workfile_with_version(
        workdir, file_template, template_data, extensions
    )
    if filepath is None:
        data = copy.deepcopy(template_data)
        data["version"] = 1
        data.pop("comment", None)
        if data.get("ext") is None:
            data["ext"] = next(iter(extensions), "")
        data["ext"] = data["ext"].lstrip(".")
        filename = StringTemplate.format_strict_template(
            str(file_template), data
        )
        filepath = os.path.join(workdir, filename)
    if full_path:
        return os.path.normpath(filepath)
    return os.path.basename(filepath)
