"""What the ``resolve`` command shows of rez beside the packages.

The rez config values the resolve used (the studio settings over rez's own
defaults), the developer packages it took from the site's
``dev_packages_path``, and what the app's command starts: a rez alias of
the resolved packages or a program on the resolved ``PATH``.
"""
import json
from typing import Any, Dict, List, Mapping

from .definitions import Application
from .exceptions import ApplicationExecutableNotFound, ApplicationLaunchFailed
from .launch_pipeline import find_command
from .resolver import Resolution


def resolve_details(resolution: Resolution) -> Dict[str, Any]:
    """JSON-ready rez details of one resolve.

    Keys: ``variants`` (package, variant index, repository),
    ``rez_config`` (effective values), ``dev_packages_path`` and
    ``dev_packages``.
    """
    return {
        "variants": resolution.variants,
        "rez_config": resolution.effective_config,
        "dev_packages_path": resolution.rez_settings.dev_packages_path,
        "dev_packages": [
            {"package": package, "repository": repository}
            for package, repository in resolution.dev_packages
        ],
    }


def launch_report(
    app: Application, resolution: Resolution, env: Mapping[str, str]
) -> Dict[str, Any]:
    """JSON-ready rez details of one resolved launch: those of
    :func:`resolve_details` and ``command`` (how the command was found,
    or ``error``)."""
    report = resolve_details(resolution)
    if app.command:
        try:
            report["command"] = find_command(app, resolution, env).to_data()
        except ApplicationExecutableNotFound as exc:
            report["command"] = {"error": f"{exc.msg} {exc.details}".strip()}
        except ApplicationLaunchFailed as exc:
            report["command"] = {"error": str(exc)}
    return report


def describe_launch_report(report: Dict[str, Any]) -> List[str]:
    """The lines ``resolve`` prints for :func:`launch_report`."""
    lines = ["rez config (studio settings over rez's defaults):"]
    for key, value in report["rez_config"].items():
        lines.append(f"  {key} = {json.dumps(value)}")
    if report["dev_packages_path"]:
        lines.append(
            f"Developer packages path: {report['dev_packages_path']}"
        )
        used = report["dev_packages"]
        if used:
            lines.append("  used by this launch (never on the farm):")
            lines.extend(f"    {item['package']}" for item in used)
        else:
            lines.append("  no package of this launch comes from it")
    command = report.get("command")
    if command is None:
        return lines
    if "error" in command:
        lines.append(f"Command: not found: {command['error']}")
    elif command["source"] == "alias":
        lines.append(
            f"Command: rez alias \"{command['alias']}\""
            f" = \"{command['alias_text']}\""
        )
        lines.append(
            "  runs: " + " ".join([command["program"], *command["arguments"]])
        )
    else:
        lines.append(f"Command: {command['program']} (resolved PATH)")
    return lines
