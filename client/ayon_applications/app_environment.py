"""The JSON environment and AYON context layers of a launch.

Shared by ``utils`` (called by ayon-core's hooks in AYON) and this addon's
standalone hook, so both apply the same layers the same way.
"""
from typing import Dict, Mapping, Optional, Sequence

from .definitions import Application, EnvironmentTool
from .environment import apply_json_environments


def apply_app_environments(
    env: Mapping[str, str],
    app: Application,
    tools: Sequence[EnvironmentTool],
    env_group: Optional[str] = None,
) -> Dict[str, str]:
    """Apply the group, variant and tool JSON environments on ``env``.

    Tools apply after the application, each tool group's environment
    before its tool's. ``AYON_APP_TOOLS`` lists the tools used.

    Returns:
        A new environment dict.
    """
    layers = [app.group.environment, app.environment]
    applied_groups = set()
    for tool in tools:
        if tool.group.name not in applied_groups:
            layers.append(tool.group.environment)
            applied_groups.add(tool.group.name)
        layers.append(tool.environment)
    result = apply_json_environments(env, layers, env_group)
    result["AYON_APP_TOOLS"] = ";".join(tool.full_name for tool in tools)
    return result


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
    return env
