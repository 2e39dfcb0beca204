"""g. Import cost: what ``import ayon_applications`` adds to a process.

An AYON process (the launcher, a click, a farm task) imports this addon
after ayon-core, so the standard library modules ayon-core imports are
loaded already. Each repeat is a new process
``python -X importtime -c "PRELOAD; import X"``; the figure is the sum of
the import times of the modules ``import X`` loaded (self times, as
``-X importtime`` reports them), bytecode caches on:

* ``import ayon_applications`` (the target: under 10 ms);
* ``ayon_applications.ApplicationsAddon``, the class ayon-core's addon
  discovery looks up;
* ``ayon_applications.__main__``, the whole command line and launch
  pipeline (what a click imports, rez excepted);
* ``rez.resolved_context``, for scale: what a resolve imports.

``PRELOAD`` is the standard library modules that ayon-core's
``ayon_core.lib`` and ``ayon_core.addon`` import (read from ayon-core
at commit e671f73fb8) and this project's ``ayon_core.addon`` stand-in
(the real one is imported by then; the stand-in only defines the names).

``python -m benchmarks.imports [--quick] [--json PATH]``
"""
import os
import statistics
import subprocess
import sys
from typing import Any, Dict, List, Optional

from . import common

#: Standard library modules ayon-core imports before any addon.
AYON_CORE_STDLIB = (
    "abc", "collections", "concurrent.futures", "configparser",
    "contextlib", "copy", "dataclasses", "datetime", "enum", "errno",
    "functools", "getpass", "importlib", "inspect", "io", "json",
    "logging", "numbers", "os", "platform", "re", "shutil", "socket",
    "string", "subprocess", "sys", "tempfile", "threading", "time",
    "traceback", "types", "typing", "urllib.parse", "uuid", "warnings",
    "weakref", "xml.etree.ElementTree",
)
STANDINS = os.path.join(common.REPO_ROOT, "tests", "standins", "core")
CASES = (
    ("import_addon", "import ayon_applications (ms of its modules)",
     "import ayon_applications"),
    ("addon_class", "+ ayon_applications.ApplicationsAddon (discovery)",
     "import ayon_applications\nayon_applications.ApplicationsAddon"),
    ("click_modules", "import ayon_applications.__main__ (launch path)",
     "import ayon_applications.__main__"),
    ("rez_modules", "import rez.resolved_context (for scale)",
     "import rez.resolved_context"),
)


def import_cost(statement: str) -> float:
    """Seconds the modules ``statement`` imports took, in a new process
    with :data:`AYON_CORE_STDLIB` loaded first."""
    preload = "import " + ", ".join(AYON_CORE_STDLIB) + ", ayon_core.addon"
    marker = "import _ayon_benchmark_marker_"
    env = common.child_environ()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([STANDINS, env["PYTHONPATH"]])
    code = f"{preload}\ntry:\n    {marker}\nexcept ImportError:\n" \
           f"    pass\n{statement}\n"
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        env=env, capture_output=True, text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-2000:])
    total_us = 0
    counting = False
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        if line.rstrip().endswith("_ayon_benchmark_marker_"):
            counting = True  # everything after the marker is ``statement``
            continue
        if counting:
            total_us += int(line.split(":", 1)[1].split("|")[0])
    return total_us / 1e6


def measure(space: common.Workspace) -> List[Dict[str, Any]]:
    """Section g rows (the repository is not used)."""
    samples = common.Samples("g")
    for case, label, _statement in CASES:
        samples.describe(case, label)
    repeats = max(space.options.repeats, 1) * 2
    # Bytecode caches written first, not counted.
    for _case, _label, statement in CASES:
        import_cost(statement)
    for _ in range(repeats):
        for case, _label, statement in CASES:
            samples.add(case, "-", import_cost(statement))
    for case, _label, _statement in CASES:
        values = samples.values[(case, "-")]
        samples.note(case, "-", f"min {min(values) * 1000:.1f} ms,"
                     f" mean {statistics.mean(values) * 1000:.1f} ms")
    return samples.rows()


def main(argv: Optional[List[str]] = None) -> int:
    """Run section g alone."""
    return common.section_main(__doc__.splitlines()[0], measure, argv)


if __name__ == "__main__":
    sys.exit(main())
