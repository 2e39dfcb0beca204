"""``doctor``: does every application of a project launch on this machine?

For each project, every enabled application variant is checked as a
launch without a task would be (its request, the resolve, its command on
the resolved ``PATH``), and every tool with each enabled application it
is valid for (the resolve). Checks run in this one process, so rez's
caches stay warm, and a resolve of the same request with the same rez
settings is done once and shared between projects.

A check's failure is the exception a launch would raise, told in one
line (:func:`one_line_reason`).
"""
import json
import time
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any, Dict, List, Optional, Sequence, TextIO, Tuple, Union

from .definitions import Application, EnvironmentTool
from .exceptions import ApplicationExecutableNotFound
from .failures import USER_ERRORS
from .launch_pipeline import LaunchPipeline
from .manager import require_command
from .resolve_errors import HINT_PREFIX
from .resolver import Resolution

#: How rez starts the line naming the conflicts.
CONFLICTS_PREFIX = "The following package conflicts occurred: "

OK = "ok"
FAILED = "FAILED"
UNUSED = "unused"

#: A resolve done once, or the failure it raised.
_Outcome = Union[Resolution, BaseException]


@dataclass
class Check:
    """One checked application or tool of one project.

    Attributes:
        project: The project (None: studio settings).
        name: ``group/variant``; a tool as ``tool/x + group/variant``.
        result: :data:`OK`, :data:`FAILED` or :data:`UNUSED` (a tool
            valid for no enabled application).
        packages: How many packages resolved.
        seconds: Time the check took.
        shared: The resolve was another check's (same request and rez
            settings).
        command: The command found, for an application.
        reason: Why it failed, in one line.
    """

    project: Optional[str]
    name: str
    result: str
    packages: int = 0
    seconds: float = 0.0
    shared: bool = False
    command: str = ""
    reason: str = ""


class SharedResolves:
    """Resolves by request and rez settings, kept for the whole run."""

    def __init__(self) -> None:
        self.outcomes: Dict[Tuple[Any, ...], _Outcome] = {}
        self.shared = 0

    def key(self, pipeline: LaunchPipeline) -> Tuple[Any, ...]:
        """What makes two resolves the same."""
        manager = pipeline.manager
        settings = json.dumps(asdict(manager.rez_settings()), sort_keys=True)
        return (
            tuple(pipeline.request.requests),
            settings,
            manager.project_timestamp(),
        )


class CheckPipeline(LaunchPipeline):
    """A launch pipeline with given tools and shared resolves."""

    def __init__(
        self,
        app: Application,
        project_name: Optional[str],
        tools: Sequence[EnvironmentTool],
        resolves: SharedResolves,
    ) -> None:
        super().__init__(app, {"project_name": project_name})
        self._given_tools = list(tools)
        self._resolves = resolves
        self.shared = False

    @cached_property
    def tools(self) -> List[EnvironmentTool]:
        """The tools given (a check has no task to choose them)."""
        return list(self._given_tools)

    @cached_property
    def resolution(self) -> Resolution:
        """The resolve, done once per request and rez settings."""
        key = self._resolves.key(self)
        outcome = self._resolves.outcomes.get(key)
        if outcome is None:
            try:
                outcome = LaunchPipeline.resolution.func(self)  # type: ignore[attr-defined]
            except USER_ERRORS as exc:
                outcome = exc
            self._resolves.outcomes[key] = outcome
        else:
            self.shared = True
            self._resolves.shared += 1
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


def one_line_reason(exc: BaseException) -> str:
    """A launch failure told in one line."""
    if isinstance(exc, ApplicationExecutableNotFound):
        if not exc.application.command:
            return "no command in the settings"
        return (
            f"command \"{exc.application.command[0]}\" not found on the"
            " resolved PATH"
        )
    reason = getattr(exc, "reason", "")
    details = [
        line.strip()
        for line in (getattr(exc, "rez_details", "") or "").splitlines()
        if line.strip()
    ]
    if reason:
        conflicts = [line for line in details if "<--!-->" in line]
        key = (conflicts or details or [""])[:1]
        hints = [line[len(HINT_PREFIX):] for line in details
                 if line.startswith(HINT_PREFIX)]
        text = "; ".join(
            line.replace(CONFLICTS_PREFIX, "") for line in key + hints
        )
        return f"{reason}: {text}" if text else reason
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else exc.__class__.__name__


def _run(
    project: Optional[str],
    name: str,
    pipeline: CheckPipeline,
    is_application: bool,
) -> Check:
    started = time.perf_counter()
    check = Check(project, name, OK)
    try:
        check.packages = len(pipeline.resolution.packages)
        if is_application:
            require_command(pipeline.app)
            check.command = pipeline.executable or ""
    except USER_ERRORS as exc:
        check.result = FAILED
        check.reason = one_line_reason(exc)
    check.shared = pipeline.shared
    check.seconds = time.perf_counter() - started
    return check


def check_project(
    manager: Any, project: Optional[str], resolves: SharedResolves
) -> List[Check]:
    """Check every enabled application and tool of one project."""
    project_manager = manager.for_project(project)
    apps = [
        app for app in project_manager.applications.values() if app.enabled
    ]
    checks = [
        _run(project, app.full_name,
             CheckPipeline(app, project, [], resolves), True)
        for app in apps
    ]
    for tool in project_manager.tools.values():
        valid = [app for app in apps if tool.is_valid_for_app(app)]
        if not valid:
            checks.append(Check(
                project, f"tool {tool.full_name}", UNUSED,
                reason="valid for no enabled application",
            ))
        for app in valid:
            checks.append(_run(
                project, f"tool {tool.full_name} + {app.full_name}",
                CheckPipeline(app, project, [tool], resolves), False,
            ))
    return checks


@dataclass
class DoctorReport:
    """Every check of a doctor run."""

    projects: List[Optional[str]]
    checks: List[Check]
    resolves: int
    shared: int
    seconds: float
    unknown_projects: List[str] = field(default_factory=list)

    @property
    def failed(self) -> List[Check]:
        """The checks that failed."""
        return [check for check in self.checks if check.result == FAILED]

    def to_data(self) -> Dict[str, Any]:
        """JSON-ready report."""
        return {
            "projects": self.projects,
            "checks": [asdict(check) for check in self.checks],
            "failed": len(self.failed),
            "resolves": self.resolves,
            "shared": self.shared,
            "seconds": round(self.seconds, 3),
            "unknown_projects": list(self.unknown_projects),
        }

    def rows(self) -> List[List[str]]:
        """The table: a header, then one row per check."""
        rows = [["PROJECT", "CHECK", "RESULT", "PACKAGES", "TIME", "DETAIL"]]
        for check in self.checks:
            time_text = f"{check.seconds:.3f} s"
            if check.shared:
                time_text += " (shared)"
            rows.append([
                check.project or "(studio)",
                check.name,
                check.result,
                str(check.packages) if check.result != UNUSED else "-",
                time_text if check.result != UNUSED else "-",
                check.reason or check.command,
            ])
        return rows

    def write_table(self, out: TextIO) -> None:
        """Write the table and a summary line."""
        rows = self.rows()
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths)]
            out.write("  ".join(cells + [row[5]]).rstrip() + "\n")
        out.write(
            f"{len(self.checks)} checks, {len(self.failed)} failed;"
            f" {self.resolves} resolves ({self.shared} shared between"
            f" checks) in {self.seconds:.2f} s\n"
        )
        for name in self.unknown_projects:
            # a typo'd project checks the studio settings, and passes
            out.write(
                f"Note: the settings know no project \"{name}\"; it was"
                " checked with the studio settings\n"
            )


def run_doctor(
    manager: Any, project_names: Optional[Sequence[str]] = None
) -> DoctorReport:
    """Check the projects named, or every project of the settings.

    Without projects in the settings, the studio settings are checked.
    """
    projects: List[Optional[str]] = list(project_names or [])
    known = list(manager.settings_source.project_names())
    unknown = [name for name in projects if name not in known]
    if not projects:
        projects = known or [None]
    started = time.perf_counter()
    resolves = SharedResolves()
    checks: List[Check] = []
    for project in projects:
        checks.extend(check_project(manager, project, resolves))
    return DoctorReport(
        projects, checks, len(resolves.outcomes), resolves.shared,
        time.perf_counter() - started, unknown,
    )
