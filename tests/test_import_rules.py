"""The client's import rules, read from its source (no import happens).

- Only the resolver package (``resolver/``) imports rez, anywhere in a
  module (also inside a function, also through
  ``importlib.import_module("rez...")``): the rest of the client runs,
  and is read, without rez. Inside the package rez is imported where it
  is used, never when a module is imported (a disk-cache hit and
  ``import ayon_applications.resolver`` need no rez).
- ayon-core and Qt (``qtpy``, ``PySide*``, ``PyQt*``, ``shiboken*``) are
  not imported when a module is imported (module body, class bodies,
  ``if``/``try``/``with`` blocks at module level), except:
  ``ui/``, ``launch_hooks/`` and ``plugins/`` (loaded only inside AYON:
  by the launcher, ayon-core's hook discovery, pyblish); and ``addon.py``
  inside a ``try`` whose handler catches ``ImportError``, so the class
  stays importable without ayon-core. Imports under ``if TYPE_CHECKING:``
  never run and are allowed. Elsewhere they belong inside the function
  that needs them.
- ``rules/`` is copied into the server package, so it imports only a
  few standard modules and its own modules.
"""
import ast
import os
from pathlib import Path
from typing import Iterator, List, NamedTuple

import pytest

CLIENT = Path(__file__).resolve().parents[1] / "client" / "ayon_applications"
#: The resolver package, the only part of the client that imports rez.
REZ_PACKAGE = "resolver"
AYON_ONLY_DIRS = {"ui", "launch_hooks", "plugins"}
GUARDED_MODULES = {"addon.py"}
RULES_DIR = "rules"
RULES_MAY_IMPORT = {
    "__future__", "copy", "dataclasses", "datetime", "ipaddress", "json",
    "math", "ntpath", "posixpath", "re", "string", "typing",
}
QT_NAMES = {"qtpy", "Qt"}
QT_PREFIXES = ("PySide", "PyQt", "shiboken")
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


class Found(NamedTuple):
    """One import in a module."""

    module: str  # dotted name; relative ones start with dots
    line: int
    at_import: bool  # runs when the module is imported
    guarded: bool  # inside a try whose handler catches ImportError


def _catches_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        types = handler.type
        names = types.elts if isinstance(types, ast.Tuple) else [types]
        if any(getattr(name, "id", None) in IMPORT_ERRORS for name in names):
            return True
    return False


def _is_type_checking(test: ast.expr) -> bool:
    return getattr(test, "id", None) == "TYPE_CHECKING" or getattr(
        test, "attr", None
    ) == "TYPE_CHECKING"


def _dynamic_import(node: ast.Call) -> str:
    """The module of ``importlib.import_module("x")`` / ``__import__``."""
    func = node.func
    name = getattr(func, "attr", None) or getattr(func, "id", None)
    if name not in ("import_module", "__import__") or not node.args:
        return ""
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return ""


def find_imports(source: str, filename: str = "<source>") -> List[Found]:
    """Every import of a module's source, with where it runs."""
    found: List[Found] = []

    def visit(node: ast.AST, at_import: bool, guarded: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Found(alias.name, node.lineno, at_import,
                                   guarded))
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found.append(Found(module, node.lineno, at_import, guarded))
        elif isinstance(node, ast.Call) and _dynamic_import(node):
            found.append(Found(_dynamic_import(node), node.lineno,
                               at_import, guarded))
        if isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        ):
            at_import = False
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, False, guarded)
            for child in node.orelse:
                visit(child, at_import, guarded)
            return
        if isinstance(node, ast.Try) and _catches_import_error(node):
            for child in node.body:
                visit(child, at_import, True)
            for child in (*node.handlers, *node.orelse, *node.finalbody):
                visit(child, at_import, guarded)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, at_import, guarded)

    visit(ast.parse(source, filename), True, False)
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def _is_qt(module: str) -> bool:
    top = _top(module)
    return top in QT_NAMES or top.startswith(QT_PREFIXES)


def violations(relpath: str, source: str) -> List[str]:
    """Broken import rules of one client module.

    Args:
        relpath: Path inside ``client/ayon_applications``, "/" separated.
        source: The module's source.
    """
    parts = relpath.split("/")
    broken = []
    for item in find_imports(source, relpath):
        where = f"{relpath}:{item.line} imports {item.module}"
        top = _top(item.module)
        in_resolver = parts[0] == REZ_PACKAGE and len(parts) > 1
        if top == "rez" and not in_resolver:
            broken.append(
                f"{where}: only the resolver package (resolver/) may"
                " import rez"
            )
        elif top == "rez" and item.at_import:
            broken.append(
                f"{where} at import time: the resolver imports rez where"
                " it is used"
            )
        if (top == "ayon_core" or _is_qt(item.module)) and item.at_import:
            allowed = parts[0] in AYON_ONLY_DIRS or (
                relpath in GUARDED_MODULES and item.guarded
            )
            if not allowed:
                broken.append(
                    f"{where} at import time: import it where it is used"
                )
        if parts[0] == RULES_DIR:
            relative_inside = item.module.startswith(".") and not (
                item.module.startswith("..")
            )
            if not relative_inside and top not in RULES_MAY_IMPORT:
                broken.append(
                    f"{where}: rules/ is shared with the server; it may"
                    f" import only {sorted(RULES_MAY_IMPORT)} and its own"
                    " modules"
                )
    return broken


def _client_modules() -> Iterator[str]:
    for root, _dirs, files in os.walk(CLIENT):
        for name in files:
            if name.endswith(".py"):
                path = Path(root, name)
                yield path.relative_to(CLIENT).as_posix()


def _source(relpath: str) -> str:
    return (CLIENT / relpath).read_text(encoding="utf-8")


def test_the_client_keeps_its_import_rules():
    modules = sorted(_client_modules())
    assert "resolver/__init__.py" in modules
    assert "rules/__init__.py" in modules
    broken = [line for relpath in modules
              for line in violations(relpath, _source(relpath))]
    assert broken == []


def test_the_rules_see_guarded_imports_in_the_real_tree():
    # Not vacuous: the guarded places do import ayon-core / Qt / rez.
    addon = find_imports(_source("addon.py"))
    assert any(f.module.startswith("ayon_core") and f.at_import
               and f.guarded for f in addon)
    resolver = [f for relpath in _client_modules()
                if relpath.startswith("resolver/")
                for f in find_imports(_source(relpath))]
    assert any(_top(f.module) == "rez" for f in resolver)
    ui = find_imports(_source("ui/launch_failed_dialog.py"))
    assert any(_is_qt(f.module) for f in ui)


# --- the rules catch what they should (synthetic sources) ---------------

MANAGER = "manager.py"


@pytest.mark.parametrize("addition", [
    "import rez\n",
    "from rez.config import config\n",
    "import rez.resolved_context as rc\n",
    "def later():\n    from rez.system import system\n",
    "if TYPE_CHECKING:\n    from rez.resolved_context import X\n",
    "import importlib\nimportlib.import_module('rez.config')\n",
    "def later():\n    return __import__('rez')\n",
])
def test_rez_in_manager_is_caught(addition):
    source = _source(MANAGER) + "\n" + addition
    broken = violations(MANAGER, source)
    assert len(broken) == 1
    assert "manager.py" in broken[0]
    assert "only the resolver package" in broken[0]


@pytest.mark.parametrize("relpath", [
    "resolver/__init__.py", "resolver/solve.py", "resolver/new_part.py",
])
def test_rez_in_the_resolver_package_is_fine(relpath):
    source = "def f():\n    import rez\n    from rez import x\n"
    assert violations(relpath, source) == []


@pytest.mark.parametrize("relpath", [
    "resolver.py", "rezolver/x.py", "ui/resolver/x.py", "resolver_x.py",
])
def test_rez_beside_the_resolver_package_is_caught(relpath):
    broken = violations(relpath, "def f():\n    import rez\n")
    assert len(broken) == 1 and "only the resolver package" in broken[0]


@pytest.mark.parametrize("source", [
    "import rez\n",
    "from rez.config import config\n",
    "try:\n    import rez\nexcept ImportError:\n    pass\n",
])
def test_rez_at_import_time_in_the_resolver_package_is_caught(source):
    broken = violations("resolver/solve.py", source)
    assert len(broken) == 1 and "at import time" in broken[0]


@pytest.mark.parametrize("addition", [
    "import ayon_core\n",
    "from ayon_core.lib import filter_profiles\n",
    "from qtpy import QtWidgets\n",
    "import PySide6.QtCore\n",
    "from PySide2 import QtGui\n",
    "from PyQt5 import QtCore\n",
    "import PyQt6\n",
    "class Late:\n    from ayon_core.addon import AYONAddon\n",
    "if True:\n    import qtpy\n",
    "try:\n    import ayon_core\nexcept ImportError:\n    pass\n",
    "try:\n    pass\nexcept ImportError:\n    import ayon_core\n",
    "with open(__file__):\n    import ayon_core.lib\n",
])
def test_ayon_core_or_qt_at_import_is_caught(addition):
    broken = violations(MANAGER, _source(MANAGER) + "\n" + addition)
    assert len(broken) == 1 and "at import time" in broken[0]


@pytest.mark.parametrize("relpath, source", [
    (MANAGER, "def f():\n    import ayon_core\n    from qtpy import Qt\n"),
    (MANAGER, "class A:\n    def f(self):\n        import ayon_core\n"),
    (MANAGER, "f = lambda: __import__('ayon_core')\n"),
    (MANAGER, "if TYPE_CHECKING:\n    from ayon_core.addon import X\n"),
    ("addon.py", "try:\n    from ayon_core.addon import A\n"
                 "except ImportError:\n    A = object\n"),
    ("addon.py", "try:\n    import ayon_core\n"
                 "except (ModuleNotFoundError, OSError):\n    pass\n"),
    ("ui/window.py", "from qtpy import QtWidgets\nimport ayon_core.style\n"),
    ("launch_hooks/pre_x.py", "from ayon_core.lib import get_ayon_username\n"),
    ("plugins/publish/x.py", "from ayon_core.pipeline import publish\n"),
])
def test_guarded_and_call_time_imports_are_fine(relpath, source):
    assert violations(relpath, source) == []


def test_addon_without_its_guard_is_caught():
    broken = violations("addon.py", "from ayon_core.addon import AYONAddon\n")
    assert len(broken) == 1
    broken = violations(
        "addon.py", "try:\n    import ayon_core\nexcept KeyError:\n    pass\n"
    )
    assert len(broken) == 1


@pytest.mark.parametrize("source, ok", [
    ("import re\nfrom typing import Any\nfrom .timestamps import x\n", True),
    ("from . import profiles\n", True),
    ("import os\n", False),
    ("from ..constants import LaunchTypes\n", False),
    ("from ayon_applications.exceptions import X\n", False),
    ("def f():\n    import ayon_server\n", False),
])
def test_rules_import_only_the_standard_library_and_themselves(source, ok):
    assert (violations("rules/x.py", source) == []) is ok
