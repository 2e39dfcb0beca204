"""The rules the server shares with the client, as ``rules``.

They live once, in the client package (``client/ayon_applications/
rules/``: profile choice, timestamps, the rez request grammar).
``create_package.py`` copies that folder into the server package as
``server/rules/``; in the source tree (tests, a server that mounts the
repository) this module loads the same folder from the client under the
name the copy would have, ``<server package>.rules``. Server modules
import it from here: ``from .shared_rules import rules``.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType

__all__ = ["rules", "RULES_SOURCE_DIR"]

_SERVER_DIR = os.path.dirname(os.path.abspath(__file__))
#: The rules in the source tree (the client package's ``rules``).
RULES_SOURCE_DIR = os.path.join(
    os.path.dirname(_SERVER_DIR), "client", "ayon_applications", "rules"
)


def _load() -> ModuleType:
    name = f"{__package__}.rules"
    if os.path.isfile(os.path.join(_SERVER_DIR, "rules", "__init__.py")):
        # A built package: create_package.py put the copy here.
        return importlib.import_module(name)
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name,
        os.path.join(RULES_SOURCE_DIR, "__init__.py"),
        submodule_search_locations=[RULES_SOURCE_DIR],
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"shared rules not found in {RULES_SOURCE_DIR}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    sys.modules[__package__].rules = module
    return module


rules = _load()
