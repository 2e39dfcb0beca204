"""Facts of Ynput's 1.x settings model, and how its names and executables
map to rez (the rules are described in the package docstring)."""
from __future__ import annotations

import ntpath
import posixpath
import re
import string
from typing import Any, Dict, List, Optional, Tuple, Union

PLATFORMS = ("windows", "linux", "darwin")

#: Fixed application groups of the 1.x model: label, host name.
FIXED_GROUPS: Dict[str, Tuple[str, str]] = {
    "maya": ("Maya", "maya"),
    "adsk_3dsmax": ("3ds Max", "max"),
    "flame": ("Flame", "flame"),
    "gaffer": ("Gaffer", "gaffer"),
    "nuke": ("Nuke", "nuke"),
    "nukeassist": ("Nuke Assist", "nuke"),
    "nukex": ("Nuke X", "nuke"),
    "nukestudio": ("Nuke Studio", "hiero"),
    "hiero": ("Hiero", "hiero"),
    "fusion": ("Fusion", "fusion"),
    "resolve": ("Resolve", "resolve"),
    "houdini": ("Houdini", "houdini"),
    "blender": ("Blender", "blender"),
    "harmony": ("Harmony", "harmony"),
    "tvpaint": ("TVPaint", "tvpaint"),
    "photoshop": ("Photoshop", "photoshop"),
    "aftereffects": ("After Effects", "aftereffects"),
    "premiere": ("Premiere", "premiere"),
    "celaction": ("Celaction 2D", "celaction"),
    "substancepainter": ("Substance Painter", "substancepainter"),
    "substancedesigner": ("Substance Designer", "substancedesigner"),
    "speedtree": ("Speedtree", "speedtree"),
    "unreal": ("Unreal Editor", "unreal"),
    "wrap": ("Wrap", "wrap"),
    "openrv": ("OpenRV", "openrv"),
    "marvelousdesigner": ("Marvelous Designer", "marvelousdesigner"),
    "clo": ("CLO", "marvelousdesigner"),
    "zbrush": ("Zbrush", "zbrush"),
    "equalizer": ("3DEqualizer", "equalizer"),
    "motionbuilder": ("Motion Builder", "motionbuilder"),
    "cinema4d": ("Cinema4D", "cinema4d"),
    "mochapro": ("Mocha Pro", "mochapro"),
    "silhouette": ("BorisFX Silhouette", "silhouette"),
    "marmoset": ("Marmoset Toolbag", "marmoset"),
    "loki": ("ShapeFX Loki", "loki"),
    "terminal": ("Terminal", ""),
}

# Keys of the 1.x model per part. Those in the UNUSED_* tables have no
#   place in this addon: a value other than the one given (what this
#   addon does; mostly the 1.x default) is reported as not converted.
UNUSED_VARIANT = {"group_label": "", "show_grouped": True}
VARIANT_KEYS = {"name", "label", "executables", "arguments",
                "environment", "redirect_output", *UNUSED_VARIANT}
# 1.x default of a variant's "redirect_output" (Process Monitor output).
REDIRECT_OUTPUT_DEFAULT = True
GROUP_KEYS = {"enabled", "host_name", "environment", "variants"}
ADDITIONAL_GROUP_KEYS = GROUP_KEYS | {"name", "label", "icon"}
TOOL_GROUP_KEYS = {"name", "label", "environment", "variants"}
TOOL_KEYS = {"name", "label", "host_names", "app_variants", "environment"}
PROFILE_KEYS = {
    "project_applications": {"task_types", "folder_paths", "task_names",
                             "allow_type", "applications"},
    "project_tools": {"task_types", "folder_paths", "task_names", "tools"},
}
# 1.0-1.2; True hid apps whose executable is missing on the machine.
UNUSED_TOP = {"only_available": False}
UNUSED_PROFILES_MODEL = {"enabled": True}  # 1.0-1.3: profiles or attribs
#: Top-level keys of this addon's own model.
OWN_KEYS = ("rez", "ayon_request", "applications", "tools",
            "project_applications", "project_tools", "project_overrides")

_NOT_NAME_CHAR = re.compile(r"[^A-Za-z0-9_]")
_NOT_VERSION_CHAR = re.compile(r"[^A-Za-z0-9_.]")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def is_ynput_shape(overrides: Any) -> bool:
    """Whether overrides hold anything only the 1.x model has.

    Markers: ``applications`` as a mapping of groups (this addon has a
    list), ``tool_groups``, ``only_available``, or ``enabled`` in a
    profiles model. Profiles alone are the same in both shapes.
    """
    if not isinstance(overrides, dict):
        return False
    if isinstance(overrides.get("applications"), dict):
        return True
    if "tool_groups" in overrides or "only_available" in overrides:
        return True
    return any(
        isinstance(overrides.get(key), dict) and "enabled" in overrides[key]
        for key in PROFILE_KEYS
    )


def rez_package_name(name: str) -> str:
    """rez package name of a 1.x group or tool name."""
    return _NOT_NAME_CHAR.sub("_", name) or "_"


def rez_version(name: str) -> str:
    """rez version of a 1.x variant name."""
    text = _NOT_VERSION_CHAR.sub("_", name.replace("-", "."))
    return ".".join(part for part in text.split(".") if part) or "_"


def split_references(text: str) -> Optional[List[Tuple[str, bool]]]:
    """Split a 1.x path into text and ``{VAR}`` environment references.

    1.x runs ``path.format(**os.environ)`` and keeps the path as it is
    when that fails, so a path with any other field is plain text.

    Returns:
        ``(text, False)`` and ``(variable name, True)`` parts in order,
        or None when the path has no reference.
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    parts: List[Tuple[str, bool]] = []
    for literal_text, field_name, spec, conversion in parsed:
        if literal_text:
            parts.append((literal_text, False))
        if field_name is None:
            continue
        if spec or conversion or not _ENV_NAME.match(field_name):
            return None
        parts.append((field_name, True))
    if not any(is_reference for _text, is_reference in parts):
        return None
    return parts


def locate(
    platform_name: str, executable: str
) -> Union[str, Tuple[str, str, str]]:
    """``(folder, program, note)`` of a 1.x executable, or why not.

    ``folder`` is "" for a bare program name (found on the system
    ``PATH``, as 1.x did); ``note`` is "" unless the program name is an
    assumption (a macOS ``.app`` bundle runs ``Contents/MacOS/<name>``).
    """
    paths = ntpath if platform_name == "windows" else posixpath
    path = executable.strip()
    folder, program = paths.split(path)
    note = ""
    if platform_name == "darwin" and program.endswith(".app") and folder:
        folder = posixpath.join(path, "Contents", "MacOS")
        program = program[:-len(".app")]
        note = (f"runs {program!r} inside the bundle (assumed: the"
                " CFBundleExecutable of its Contents/Info.plist; check)")
    if split_references(program) is not None:
        return ("the program name holds an environment reference: not"
                " converted")
    if folder and not (paths.isabs(folder) or folder.startswith("{")):
        return "relative folder: not converted"
    return folder, program, note
