"""The launch environment, built here layer by layer.

The order, each layer applied on the one before:

1. the launcher's environment, cleaned of what belongs to the launcher
   (:func:`clean_parent_environment`);
2. the rez context (:func:`resolved_environment`, through
   ``resolver.Resolution.environ``);
3. the JSON environments of the group, the variant and the tools
   (:func:`apply_app_environments`), in the syntax admins know from the
   old addon (``{VAR}`` references, platform keys, ``standard``/``farm``
   groups, lists joined with ``os.pathsep``);
4. the AYON context variables (:func:`context_environment`);
5. whatever launch hooks change.

``launch_pipeline`` applies layers 1-2 (its rez hook runs first); in AYON
ayon-core's global host data hook applies 3-4 through ``utils``, without
it this addon's standalone hook does.
"""
import os
import re
import sys
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
)

from .constants import DEFAULT_ENV_SUBGROUP, PLATFORM_NAMES, TIMESTAMP_ENV
from .definitions import Application, EnvironmentTool, current_platform
from .env_origins import (
    AYON_CONTEXT,
    LAUNCHER_CLEANUP,
    changed_variables,
    note,
    note_lazy,
)
from .settings_views import RequestMode

if TYPE_CHECKING:
    from .launch_context import ApplicationLaunchContext
    from .resolver import Resolution

#: Variables the launcher sets for itself that must not reach an app.
LAUNCHER_ONLY_VARIABLES = (
    "QT_API",
    "PYTHONHOME",
    "AYON_WA_INTERNAL_EVENT_ID",
)

#: Variables packages extend rather than replace (``weak`` mode).
EXTENDED_VARIABLES = ("PATH", "PYTHONPATH")

_REFERENCE_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def launcher_directories() -> List[str]:
    """Folders of the running AYON launcher, kept out of an app's PATH.

    Only a frozen launcher (the AYON executable) has such folders; a
    Python interpreter running the addon from source has none.
    """
    if not getattr(sys, "frozen", False):
        return []
    return [os.path.dirname(os.path.abspath(sys.executable))]


def clean_parent_environment(
    env: Mapping[str, str],
    launcher_dirs: Optional[Iterable[str]] = None,
    keep_pythonpath: bool = True,
) -> Dict[str, str]:
    """The launcher's environment without what belongs to the launcher.

    Args:
        env: The launcher's environment.
        launcher_dirs: Folders to drop from ``PATH``; default
            :func:`launcher_directories`.
        keep_pythonpath: False drops ``PYTHONPATH`` (``strict`` mode: AYON
            comes from rez packages, not from the launcher).
    """
    if launcher_dirs is None:
        launcher_dirs = launcher_directories()
    dropped = {os.path.normcase(os.path.abspath(d)) for d in launcher_dirs}
    cleaned = {
        key: str(value)
        for key, value in env.items()
        if key not in LAUNCHER_ONLY_VARIABLES
    }
    if not keep_pythonpath:
        cleaned.pop("PYTHONPATH", None)
    if dropped and cleaned.get("PATH"):
        cleaned["PATH"] = os.pathsep.join(
            entry
            for entry in cleaned["PATH"].split(os.pathsep)
            if entry
            and os.path.normcase(os.path.abspath(entry)) not in dropped
        )
    return cleaned


def resolved_environment(
    resolution: "Resolution",
    source_env: Mapping[str, str],
    ayon_request_mode: RequestMode,
) -> Dict[str, str]:
    """Launcher environment (cleaned) with the rez context applied.

    In ``strict`` mode AYON comes from rez packages, so the launcher's
    ``PYTHONPATH`` is not passed on; otherwise ``PATH`` and
    ``PYTHONPATH`` from the launcher are extended by packages.
    """
    strict = ayon_request_mode == RequestMode.STRICT
    parent = clean_parent_environment(source_env, keep_pythonpath=not strict)
    extended = [
        name for name in EXTENDED_VARIABLES
        if not (strict and name == "PYTHONPATH")
    ]
    note(LAUNCHER_CLEANUP, changed_variables(source_env, parent))
    env = resolution.environ(parent, parent_variables=extended)
    note_lazy(resolution.variable_origins)
    env[TIMESTAMP_ENV] = str(resolution.timestamp)
    note("rez resolve (the time it resolved as of)", [TIMESTAMP_ENV])
    return env


def parse_environment_values(
    env_data: Mapping[str, Any],
    env_group: Optional[str] = None,
    platform_name: Optional[str] = None,
) -> Dict[str, str]:
    """Flatten one JSON environment for an env group and platform.

    A value is a string, a list (joined with ``os.pathsep``), a dict of
    platform names, or a dict of env groups (``standard``, ``farm``) whose
    values may again be per platform. A variable with no value for this
    env group or platform is left out.
    """
    env_group = env_group or DEFAULT_ENV_SUBGROUP
    platform_name = platform_name or current_platform()
    output: Dict[str, str] = {}
    for key, value in (env_data or {}).items():
        if isinstance(value, dict) and not PLATFORM_NAMES & set(value):
            if env_group not in value:
                continue
            value = value[env_group]
        if isinstance(value, dict):
            value = value.get(platform_name)
        if isinstance(value, (list, tuple)):
            value = os.pathsep.join(str(item) for item in value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            output[key] = value
    return output


def fill_references(value: str, values: Mapping[str, str]) -> str:
    """Replace ``{VAR}`` with ``values[VAR]``; unknown references stay."""

    def replace(match: "re.Match[str]") -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        return match.group(0)

    return _REFERENCE_RE.sub(replace, value)


def _compute(env: Dict[str, str], keys: Sequence[str]) -> None:
    """Resolve references between ``keys`` of ``env`` in place."""
    for _ in range(len(keys) + 1):
        changed = False
        for key in keys:
            value = env[key]
            names = set(_REFERENCE_RE.findall(value))
            lookup = {
                name: env[name]
                for name in names
                if name in env
                and name != key
                and not _REFERENCE_RE.search(env[name])
            }
            if lookup:
                filled = fill_references(value, lookup)
                if filled != value:
                    env[key] = filled
                    changed = True
        if not changed:
            return


def apply_json_environments(
    env: Mapping[str, str],
    environments: Iterable[Mapping[str, Any]],
    env_group: Optional[str] = None,
    platform_name: Optional[str] = None,
) -> Dict[str, str]:
    """Apply JSON environments, in order, on ``env``.

    Within the layers a ``{VAR}`` reference means the value set by an
    earlier layer, or else the one in ``env``; a variable referring to
    itself (``"PATH": ["/x", "{PATH}"]``) extends the value it had.

    Returns:
        A new environment dict.
    """
    layered: Dict[str, str] = {}
    for data in environments:
        parsed = parse_environment_values(data, env_group, platform_name)
        for key, value in parsed.items():
            layered[key] = fill_references(value, layered)
    result = dict(env)
    for key, value in layered.items():
        # A layered name means its new value (filled by _compute below),
        # except in its own value, where it means the value it extends.
        outer = {
            name: env_value
            for name, env_value in env.items()
            if name == key or name not in layered
        }
        result[key] = fill_references(value, outer)
    _compute(result, list(layered))
    return result


def apply_app_environments(
    env: Mapping[str, str],
    app: Application,
    tools: Sequence[EnvironmentTool],
    env_group: Optional[str] = None,
) -> Dict[str, str]:
    """Apply the group, variant and tool JSON environments on ``env``.

    Tools apply after the application in Ynput's order: by tool group
    name, each group's environment before its tools', those by name (a
    later one wins a variable both set). ``AYON_APP_TOOLS`` lists the
    tools used, in the order given.

    Returns:
        A new environment dict.
    """
    layers = [
        (f"environment of application group \"{app.group.name}\"",
         app.group.environment),
        (f"environment of application \"{app.full_name}\"",
         app.environment),
    ]
    applied_groups = set()
    for tool in sorted(tools, key=lambda t: (t.group.name, t.name)):
        if tool.group.name not in applied_groups:
            layers.append((
                f"environment of tool group \"{tool.group.name}\"",
                tool.group.environment,
            ))
            applied_groups.add(tool.group.name)
        layers.append(
            (f"environment of tool \"{tool.full_name}\"", tool.environment)
        )
    note_lazy(lambda: _layer_origins(layers, env_group))
    result = apply_json_environments(
        env, [data for _origin, data in layers], env_group
    )
    result["AYON_APP_TOOLS"] = ";".join(tool.full_name for tool in tools)
    note(f"{AYON_CONTEXT} (tools)", ["AYON_APP_TOOLS"])
    return result


def _layer_origins(
    layers: Sequence[Tuple[str, Mapping[str, Any]]],
    env_group: Optional[str],
) -> Dict[str, List[str]]:
    """Which JSON layers set each variable, in order."""
    origins: Dict[str, List[str]] = {}
    for origin, data in layers:
        for name in parse_environment_values(data, env_group):
            origins.setdefault(name, []).append(origin)
    return origins


def context_environment(
    app: Application,
    project_name: Optional[str] = None,
    folder_path: Optional[str] = None,
    task_name: Optional[str] = None,
) -> Dict[str, str]:
    """The AYON context variables of a launch."""
    env = {"AYON_APP_NAME": app.full_name}
    if project_name:
        env["AYON_PROJECT_NAME"] = project_name
    if folder_path:
        env["AYON_FOLDER_PATH"] = folder_path
        if task_name:
            env["AYON_TASK_NAME"] = task_name
    if app.host_name:
        env["AYON_HOST_NAME"] = app.host_name
    note(AYON_CONTEXT, env)
    return env


def apply_addon_layers(context: "ApplicationLaunchContext") -> None:
    """Apply the JSON environments and the AYON context on a launch.

    What ayon-core's global host data hook applies through ``utils`` in
    AYON; without ayon-core this addon's standalone hook calls it. The
    tools are those the rez step chose (``data["tools"]``).
    """
    app = context.application
    data = context.data
    tools = [
        app.manager.tools[name]
        for name in data.get("tools") or []
        if name in app.manager.tools
    ]
    env = apply_app_environments(context.env, app, tools, context.env_group)
    env.update(
        context_environment(
            app,
            project_name=data.get("project_name"),
            folder_path=data.get("folder_path"),
            task_name=data.get("task_name"),
        )
    )
    workfile = data.get("workfile_path")
    if workfile:
        env["AYON_LAST_WORKFILE"] = workfile
        note(AYON_CONTEXT, ["AYON_LAST_WORKFILE"])
    context.env = env

