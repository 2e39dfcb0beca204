"""Capture a host addon's ``add_implementation_envs`` as rez commands.

Before launch hooks run, the launch calls the host addon's
``add_implementation_envs(env, app)`` (``utils.prepare_app_environments``
does it as ayon-core does): it puts the host's start-up folder on
``PYTHONPATH`` and sets the host's variables. A plain ``rez env`` never
runs it, so ``rezify-bundle`` runs it once, when the addon's package is
written, and writes what it did into the package's ``commands()``.

How: the addon's client code is imported from its unpacked folder
(``<package>/python``; the running ``ayon_core`` provides the base
classes, or, in a process without one, the bundle's own rezified
``ayon_core`` and dependency package) when one of its files mentions
``add_implementation_envs`` (other addons are not imported at all);
each addon class with a ``host_name`` and an
``add_implementation_envs`` is created without ``initialize`` (no
manager, no settings) and called twice with an application of its
host's group (group and host named after the host):

1. with ``PYTHONPATH`` and ``PATH`` holding a marker;
2. with a marker in every variable call 1 set as well.

A marker that stays in a path list shows what was put before and after
the existing value (``prepend``/``append``); a value without it was set
outright; a marker left alone means "set only when unset". Paths inside
the package become ``{root}`` paths. ``AYON_SERVER_URL``,
``AYON_API_KEY`` and anything holding the API key are never written.

What cannot be captured is listed by :attr:`Capture.notes` (the package
description repeats it): launch hooks, ``modify_application_launch_
arguments``, values that depend on the real application, project, task
or machine, and anything the call does besides changing ``env``.
"""
import contextlib
import importlib
import importlib.util
import inspect
import logging
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence

log = logging.getLogger(__name__)

#: Variables never written into a package.
SECRET_VARIABLES = ("AYON_SERVER_URL", "AYON_API_KEY")
_SEEDED = ("PYTHONPATH", "PATH")
_SKIPPED_ENTRIES = ("setup.py", "start.py", "__pycache__")

NOT_CAPTURED = (
    "Not captured from the host addon: its launch hooks (pre/post launch"
    " hooks of ayon-core and of the addons: AYON context variables,"
    " workfile, start-up arguments), modify_application_launch_arguments,"
    " environments from the Applications settings, values that depend on"
    " the real application, project, task or machine. AYON_SERVER_URL and"
    " AYON_API_KEY come from the user's environment."
)


@dataclass
class Capture:
    """What a host addon's implementation envs do, as rex lines.

    Attributes:
        host_names: Hosts whose environment was captured.
        commands: Lines of a ``commands()`` body.
        notes: What could not be captured, for the description.
    """

    host_names: List[str] = field(default_factory=list)
    commands: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)


def capture_implementation_envs(
    package_root: str, support_paths: Sequence[str] = ()
) -> Capture:
    """Capture the host addons in ``<package_root>/python``.

    Args:
        package_root: The package (variant) root being written.
        support_paths: Folders with the bundle's ``ayon_core`` and its
            dependencies, used when this process has no ``ayon_core``.

    Returns:
        The capture; empty when the addon is no host.
    """
    python_dir = os.path.join(package_root, "python")
    capture = Capture()
    if not os.path.isdir(python_dir):
        return capture
    names = [
        name for name in _module_names(python_dir)
        if _mentions_hook(os.path.join(python_dir, name))
    ]
    if not names:
        return capture
    folders = [python_dir]
    if importlib.util.find_spec("ayon_core") is None:
        folders += [path for path in support_paths if os.path.isdir(path)]
        names = names + ["ayon_core"]
    with _isolated_import(folders, names):
        for name in names:
            try:
                module = importlib.import_module(name)
            except Exception as exc:  # noqa: BLE001 - addon code
                capture.notes.append(
                    f"module {name} could not be imported here"
                    f" ({type(exc).__name__}: {exc})"
                )
                continue
            for addon_class in _host_addon_classes(module):
                _capture_one(addon_class, package_root, capture)
    return capture


def _module_names(python_dir: str) -> List[str]:
    """Top-level modules the AYON launcher would import from the folder."""
    names = []
    for entry in sorted(os.listdir(python_dir)):
        if entry in _SKIPPED_ENTRIES:
            continue
        base, ext = os.path.splitext(entry)
        path = os.path.join(python_dir, entry)
        if "." in base or not base.isidentifier():
            continue
        if os.path.isdir(path) or ext.lower() == ".py":
            names.append(base)
    return names


def _mentions_hook(path: str) -> bool:
    """Whether a module (folder or ``.py``) has the word in its code."""
    files = [path + ".py"] if not os.path.isdir(path) else [
        os.path.join(root, name)
        for root, _dirs, names in os.walk(path)
        for name in names if name.endswith(".py")
    ]
    for file_path in files:
        try:
            with open(file_path, "rb") as stream:
                if b"add_implementation_envs" in stream.read():
                    return True
        except OSError:
            continue
    return False


@contextlib.contextmanager
def _isolated_import(
    folders: List[str], names: List[str]
) -> Iterator[None]:
    """Import ``names`` from ``folders`` first; restore ``sys`` after.

    A running launcher may have imported the same addon from elsewhere:
    its modules are set aside and put back.
    """

    def ours(module_name: str) -> bool:
        return any(
            module_name == name or module_name.startswith(name + ".")
            for name in names
        )

    saved = {key: mod for key, mod in sys.modules.items() if ours(key)}
    for key in saved:
        del sys.modules[key]
    sys.path[0:0] = folders
    importlib.invalidate_caches()
    # No __pycache__ inside the package being written.
    write_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        yield
    finally:
        sys.dont_write_bytecode = write_bytecode
        for folder in folders:
            with contextlib.suppress(ValueError):
                sys.path.remove(folder)
        for key in [key for key in sys.modules if ours(key)]:
            del sys.modules[key]
        sys.modules.update(saved)


def _host_addon_classes(module: Any) -> List[type]:
    from ayon_core.addon import AYONAddon

    found = []
    for attr_name in dir(module):
        item = getattr(module, attr_name, None)
        if (
            inspect.isclass(item)
            and item is not AYONAddon
            and issubclass(item, AYONAddon)
            and not inspect.isabstract(item)
            and isinstance(getattr(item, "host_name", None), str)
            and callable(getattr(item, "add_implementation_envs", None))
            and item not in found
        ):
            found.append(item)
    return found


def _application(host_name: str) -> Any:
    """An application of the host's group, as the launch passes it."""
    from .definitions import ApplicationGroup

    group = ApplicationGroup(
        {
            "name": host_name,
            "label": host_name,
            "host_name": host_name,
            "variants": [{"name": "rez", "label": "rez"}],
        },
        manager=None,
    )
    return group.variants["rez"]


def _marker(name: str) -> str:
    return f"__AYON_REZIFY_EXISTING_{name}__"


def _call(addon_class: type, env: Dict[str, str]) -> Dict[str, str]:
    addon = addon_class.__new__(addon_class)
    addon.manager = None
    addon.log = logging.getLogger(f"ayon.{addon_class.__name__}")
    host_name = addon_class.host_name
    result = addon.add_implementation_envs(env, _application(host_name))
    return result if isinstance(result, dict) else env


def _capture_one(
    addon_class: type, package_root: str, capture: Capture
) -> None:
    host_name = addon_class.host_name
    first_input = {name: _marker(name) for name in _SEEDED}
    try:
        first = _call(addon_class, dict(first_input))
        second_input = dict(first_input)
        second_input.update({
            name: _marker(name) for name in first if name not in first_input
        })
        second = _call(addon_class, dict(second_input))
    except Exception as exc:  # noqa: BLE001 - addon code
        capture.notes.append(
            f"{addon_class.__name__}.add_implementation_envs failed here"
            f" ({type(exc).__name__}: {exc}); nothing captured"
        )
        return
    secret = os.environ.get("AYON_API_KEY") or None
    lines: List[str] = []
    for name in sorted(set(first) | set(first_input)):
        if name in SECRET_VARIABLES or (
            secret and secret in str(first.get(name, ""))
        ):
            capture.notes.append(f"{name} is not written (secret)")
            continue
        lines += _variable_lines(
            name,
            first.get(name),
            second.get(name),
            name in first_input,
            package_root,
        )
    capture.host_names.append(host_name)
    if lines:
        capture.commands.append(f"if {host_name!r} in resolve:")
        capture.commands += [f"    {line}" for line in lines]


def _variable_lines(
    name: str,
    first: Optional[str],
    second: Optional[str],
    seeded: bool,
    root: str,
) -> List[str]:
    """rex lines for one variable, from its two captured values."""
    marker = _marker(name)
    if seeded:
        if first is None:
            return [f"unsetenv({name!r})"]
        if first == marker:
            return []
        value = first
    else:
        if first is None:
            return []
        if second == marker:
            return [
                f"if undefined({name!r}):",
                f"    env[{name!r}] = {_expression(first, root)}",
            ]
        value = second if second is not None else first
    parts = str(value).split(os.pathsep)
    if marker not in parts:
        return [f"env[{name!r}] = {_expression(first, root)}"]
    at = parts.index(marker)
    lines = [
        f"env[{name!r}].prepend({_expression(part, root)})"
        for part in reversed(parts[:at]) if part
    ]
    lines += [
        f"env[{name!r}].append({_expression(part, root)})"
        for part in parts[at + 1:] if part and part != marker
    ]
    return lines


def _expression(value: str, root: str) -> str:
    """A rex expression for ``value``: the package root as ``{root}``,
    everything else literal."""
    text = str(value)
    roots = {os.path.normpath(root), os.path.realpath(root)}
    pieces = [text]
    for folder in sorted(roots, key=len, reverse=True):
        split = []
        for piece in pieces:
            if isinstance(piece, str):
                chunks = piece.split(folder)
                for index, chunk in enumerate(chunks):
                    if index:
                        split.append(None)  # the root
                    split.append(chunk)
            else:
                split.append(piece)
        pieces = split
    parts = []
    after_root = False
    for piece in pieces:
        if piece is None:
            parts.append("expandable('{root}')")
            after_root = True
            continue
        if piece:
            if after_root:
                # A path inside the package: rez takes "/" everywhere.
                piece = piece.replace(os.sep, "/")
            parts.append(f"literal({piece!r})")
        after_root = False
    if not parts:
        return "literal('')"
    return " + ".join(parts)
