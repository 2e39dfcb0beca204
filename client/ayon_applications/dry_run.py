"""A launch up to the start of its process: what ``resolve`` shows.

:func:`dry_run` takes the path ``launch`` takes (the launch context, the
disabled check, every pre-launch hook, the command check) and stops
where ``launch`` would start the process. It keeps what a launch would
have run: the command line, the whole environment and, from the
context's :class:`~ayon_applications.env_origins.EnvironmentTrace`, the
origin of every variable that differs from the launcher's. A failure is
kept with the same exception ``launch`` raises.

Some addons' pre-launch hooks do things (ayon-core's creates the work
folder); ``run_hooks=False`` runs only this addon's own steps instead:
the rez step and the JSON environments and AYON context.
"""
import json
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, TextIO

from .env_origins import VariableOrigin
from .environment import apply_addon_layers
from .failures import USER_ERRORS
from .launch_context import flatten_args
from .launch_pipeline import LaunchPipeline, apply_launch_pipeline
from .manager import require_command
from .rez_report import describe_launch_report, resolve_details

if TYPE_CHECKING:
    from .command_lookup import FoundCommand
    from .launch_context import ApplicationLaunchContext
    from .requests import ComposedRequest
    from .resolver import Resolution

#: Step names of a dry run without hooks.
OWN_REZ_STEP = "rez step of this addon"
OWN_LAYERS_STEP = "environment layers of this addon"


@dataclass
class DryRun:
    """What a launch would run, or why it would fail.

    Attributes:
        app_name: The application asked for.
        project_name: The project, if any.
        request: The composed rez request (None when not composed).
        tools: Full names of the tools of the context.
        resolution: The resolve (None when it failed).
        command: The command line the process would start with.
        environment: Its whole environment.
        changes: Variables that differ from the launcher's, with origins.
        hooks: Pre-launch hooks (or own steps) that ran, in order.
        found_command: How the command was found (an alias or the
            resolved ``PATH``).
        error: The exception ``launch`` would raise; None when it would
            start.
    """

    app_name: str
    project_name: Optional[str] = None
    request: Optional["ComposedRequest"] = None
    tools: List[str] = field(default_factory=list)
    resolution: Optional["Resolution"] = None
    command: List[str] = field(default_factory=list)
    environment: Dict[str, str] = field(default_factory=dict)
    changes: Dict[str, VariableOrigin] = field(default_factory=dict)
    hooks: List[str] = field(default_factory=list)
    error: Optional[BaseException] = None
    found_command: Optional["FoundCommand"] = None

    @property
    def ok(self) -> bool:
        """Whether ``launch`` would start the process."""
        return self.error is None

    def to_data(self) -> Dict[str, Any]:
        """JSON-ready report."""
        data: Dict[str, Any] = {
            "app": self.app_name,
            "project": self.project_name,
            "tools": list(self.tools),
            "request": self.request.to_data() if self.request else [],
        }
        if self.error is not None:
            data["error"] = str(self.error)
            return data
        resolution = self.resolution
        if resolution is not None:
            data["packages"] = resolution.packages
            data["timestamp"] = resolution.timestamp
            data["from_cache"] = resolution.from_cache
            data["cache"] = resolution.cache_source
            data["solve_time"] = round(resolution.solve_time, 4)
            data.update(resolve_details(resolution))
        if self.found_command is not None:
            data["command_source"] = self.found_command.to_data()
        data["command"] = list(self.command)
        data["hooks"] = list(self.hooks)
        data["changes"] = {
            name: change.to_data() for name, change in self.changes.items()
        }
        data["environment"] = dict(sorted(self.environment.items()))
        return data

    def write_json(self, out: TextIO) -> None:
        """Write :meth:`to_data` as JSON."""
        out.write(json.dumps(self.to_data(), indent=4) + "\n")

    def write_text(self, out: TextIO) -> None:
        """Write the report for a person (a successful dry run)."""
        out.write(f"Application: {self.app_name}\n")
        if self.project_name:
            out.write(f"Project: {self.project_name}\n")
        if self.request is not None:
            out.write(f"Request:\n{self.request.describe()}\n")
        if self.resolution is not None:
            # rez's solve alone: loading package definitions is not in it
            cache = self.resolution.cache_source
            source = f", from {cache}" if cache else ""
            out.write(
                "Resolved packages (rez solver:"
                f" {self.resolution.solve_time:.3f} s{source}):\n"
            )
            for package in self.resolution.packages:
                out.write(f"  {package}\n")
            details = resolve_details(self.resolution)
            if self.found_command is not None:
                details["command"] = self.found_command.to_data()
            for line in describe_launch_report(details):
                out.write(f"{line}\n")
        out.write("Command line:\n")
        out.write(f"  {_command_line(self.command)}\n")
        out.write("Pre-launch hooks run:\n")
        for hook in self.hooks:
            out.write(f"  {hook}\n")
        out.write(
            "Environment (what differs from the launcher's, and where it"
            " came from):\n"
        )
        rez_own = 0
        for name, change in self.changes.items():
            if _is_rez_own(name):
                rez_own += 1
                continue
            shown = "(removed)" if change.value is None else change.value
            out.write(f"  {name}={shown}\n")
            out.write(f"      <- {'; '.join(change.origins)}\n")
        unchanged = len(self.environment) - sum(
            1 for change in self.changes.values() if change.value is not None
        )
        out.write(
            f"  ... and {rez_own} variables rez sets for itself (REZ_*),"
            f" {unchanged} of the launcher's environment passed on as they"
            " are: --json lists the whole environment\n"
        )


def _is_rez_own(name: str) -> bool:
    """rez's bookkeeping variables (``REZ_USED_*``, ``REZ_<PKG>_ROOT``)."""
    return name.startswith("REZ_")


def _command_line(args: List[str]) -> str:
    """A command line to read (quoted where a part has spaces)."""
    return " ".join(json.dumps(arg) if " " in arg else arg for arg in args)


def dry_run(
    manager: Any,
    app_name: str,
    data: Optional[Dict[str, Any]] = None,
    run_hooks: bool = True,
    source_env: Optional[Mapping[str, str]] = None,
) -> DryRun:
    """Prepare a launch as ``launch`` does, without starting it.

    Args:
        manager: Any manager; the project's is used.
        app_name: Full name (``group/variant``).
        data: Launch data (``project_name``, ``folder_path``,
            ``task_name``, ``task_type``...).
        run_hooks: False runs only this addon's own steps.
        source_env: The launcher's environment; ``os.environ`` when None.

    Returns:
        The dry run; its ``error`` is what ``launch`` would raise (an
        unknown application too).
    """
    data = dict(data or {})
    project_name = data.get("project_name")
    result = DryRun(app_name, project_name)
    env = dict(os.environ if source_env is None else source_env)
    context: Optional[ApplicationLaunchContext] = None
    try:
        context = manager.create_launch_context(app_name, env=env, **data)
        context.starts_process = True  # fails where a launch fails
        if run_hooks:
            context.run_prelaunch_hooks()
        else:
            _run_own_steps(context)
        require_command(context.application)
        context.raise_missing_command()
    except USER_ERRORS as exc:
        result.error = exc
    if context is not None:
        _fill(result, context)
    if result.request is None:
        result.request = _request_of(manager, app_name, data)
    return result


def _run_own_steps(context: "ApplicationLaunchContext") -> None:
    """This addon's rez step and layers, traced as the hooks are."""
    trace = context.env_trace
    with trace.step(OWN_REZ_STEP, lambda: context.env):
        apply_launch_pipeline(context)
    with trace.step(OWN_LAYERS_STEP, lambda: context.env):
        apply_addon_layers(context)


def _fill(result: DryRun, context: "ApplicationLaunchContext") -> None:
    result.request = context.data.get("rez_request")
    result.tools = list(context.data.get("tools") or [])
    result.resolution = context.data.get("rez_resolution")
    result.found_command = context.data.get("rez_command")
    result.hooks = [step.origin for step in context.env_trace.steps]
    if result.error is None:
        result.command = flatten_args(context.launch_args)
        result.environment = dict(context.env)
        result.changes = context.env_trace.report(context.env)


def _request_of(
    manager: Any, app_name: str, data: Dict[str, Any]
) -> Optional["ComposedRequest"]:
    """The request of a launch that failed before composing it."""
    try:
        app = manager.for_project(data.get("project_name")).get_application(
            app_name
        )
        return LaunchPipeline(app, dict(data)).request
    except USER_ERRORS:
        return None
