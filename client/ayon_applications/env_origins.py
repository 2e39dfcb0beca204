"""Where each variable of a launch environment came from.

A launch builds its environment in steps: every pre-launch hook is one
(``ApplicationLaunchContext.run_prelaunch_hooks`` runs each inside
:meth:`EnvironmentTrace.step`), and the trace compares the environment
before and after each. Code that knows better than "this hook did it"
notes finer origins while a step runs (:func:`note`): the rez layer
names the package of each variable, the JSON layers the group, variant
or tool, the context layer "AYON context". A variable a step changed
without a note is the step's (the hook's) own.

Notes cost nothing when no trace runs; a note may be lazy (a function
called only when the origins are read), so a launch that never reads
them does no extra work.
"""
import contextlib
import contextvars
import os
from dataclasses import dataclass, field
from typing import (
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
)

#: Origins of variables: ``{variable: [origin, ...]}``, first one first.
Origins = Dict[str, List[str]]

#: Origin of what the launcher's environment lost (``QT_API``, ...).
LAUNCHER_CLEANUP = "launcher environment (cleaned for the application)"
#: Origin of the AYON context variables.
AYON_CONTEXT = "AYON context"

_ACTIVE: "contextvars.ContextVar[Optional[EnvironmentTrace]]" = (
    contextvars.ContextVar("ayon_applications_env_trace", default=None)
)


@dataclass
class _Step:
    """One traced step: what it changed and the finer notes it took."""

    origin: str
    changed: List[str]
    notes: List[Callable[[], Origins]] = field(default_factory=list)


@dataclass
class VariableOrigin:
    """A changed variable of the final environment.

    Attributes:
        value: Its final value; None when it was removed.
        origins: What changed it, in order.
    """

    value: Optional[str]
    origins: List[str]

    def to_data(self) -> Dict[str, object]:
        """JSON-ready ``{"value", "origins"}``."""
        return {"value": self.value, "origins": list(self.origins)}


class EnvironmentTrace:
    """The steps that changed an environment, and their origins.

    Args:
        source_env: The environment the launch started from.
    """

    def __init__(self, source_env: Mapping[str, str]) -> None:
        self.source: Dict[str, str] = dict(source_env)
        self.steps: List[_Step] = []
        self._current: Optional[_Step] = None

    @contextlib.contextmanager
    def step(
        self, origin: str, get_env: Callable[[], Mapping[str, str]]
    ) -> Iterator[None]:
        """Trace one step; ``get_env`` reads the environment (a hook may
        replace the dict, so it is read again afterwards)."""
        before = dict(get_env())
        current = _Step(origin, [])
        outer = self._current
        self._current = current
        token = _ACTIVE.set(self)
        try:
            yield
        finally:
            _ACTIVE.reset(token)
            self._current = outer
            after = get_env()
            current.changed = changed_variables(before, after)
            self.steps.append(current)

    def note(self, notes: Callable[[], Origins]) -> None:
        """Add finer origins to the running step (read lazily)."""
        if self._current is not None:
            self._current.notes.append(notes)

    def origins(self) -> Origins:
        """Every variable the steps changed, with its origins."""
        result: Origins = {}
        for step in self.steps:
            finer: Origins = {}
            for notes in step.notes:
                for name, origins in notes().items():
                    _extend(finer.setdefault(name, []), origins)
            for name in step.changed:
                _extend(
                    result.setdefault(name, []),
                    finer.get(name) or [step.origin],
                )
        return result

    def report(
        self, final_env: Mapping[str, str]
    ) -> Dict[str, VariableOrigin]:
        """Variables of ``final_env`` that differ from the source, sorted.

        A variable changed and then set back to its source value is not
        listed; one removed has the value None.
        """
        origins = self.origins()
        names = changed_variables(self.source, final_env)
        return {
            name: VariableOrigin(
                final_env.get(name), origins.get(name) or ["(unknown)"]
            )
            for name in sorted(names)
        }


def _extend(target: List[str], origins: Iterable[str]) -> None:
    for origin in origins:
        if origin not in target:
            target.append(origin)


def changed_variables(
    before: Mapping[str, str], after: Mapping[str, str]
) -> List[str]:
    """Names set, changed or removed from ``before`` to ``after``."""
    names = [name for name, value in after.items()
             if before.get(name) != value]
    names.extend(name for name in before if name not in after)
    return names


def note(origin: str, names: Iterable[str]) -> None:
    """Note that ``origin`` set ``names`` in the running step, if any."""
    trace = _ACTIVE.get()
    if trace is not None:
        names = list(names)
        trace.note(lambda: {name: [origin] for name in names})


def note_lazy(notes: Callable[[], Origins]) -> None:
    """Note origins computed only when read (see :func:`note`)."""
    trace = _ACTIVE.get()
    if trace is not None:
        trace.note(notes)


def hook_origin(hook: object) -> str:
    """How a launch hook is named as an origin: class and file."""
    klass = type(hook)
    # Hook files are loaded as anonymous modules: their code knows the file.
    code = getattr(getattr(klass, "execute", None), "__code__", None)
    filename = getattr(code, "co_filename", "") or ""
    where = f" ({os.path.basename(filename)})" if filename else ""
    return f"launch hook {klass.__name__}{where}"
