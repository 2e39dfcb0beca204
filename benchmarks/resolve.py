"""a. Resolve + environment: plain rez, the addon, the subprocess approach.

For each size N (maya + N plug-ins):

* same process, warm (rez's in-process caches filled, as in a launcher
  that has launched before): plain rez ``ResolvedContext(...)`` +
  ``get_environ()`` against the addon's ``resolver.resolve`` +
  ``Resolution.environ``, alternated repeat by repeat;
* first resolve in a new process (imports excluded), plain rez and addon;
* the subprocess approach: one new ``python -c`` per launch that imports
  rez, resolves, and prints the environment as JSON, which the parent
  reads (wall time, as the launcher would wait for it).

``python -m benchmarks.resolve [--quick] [--json PATH]``
"""
import json
import os
import sys
import time
from functools import partial
from typing import Any, Dict, List, Optional

from . import common

#: The subprocess approach, as a studio would write it with a pip rez:
#: the rez CLI (``rez env ... -c env``) works too but adds a shell and
#: prints text to parse; this is one process and JSON.
SUBPROCESS_CODE = (
    "import json, sys\n"
    "from rez.resolved_context import ResolvedContext\n"
    "ctx = ResolvedContext(sys.argv[2:], package_paths=[sys.argv[1]],"
    " add_implicit_packages=False)\n"
    "json.dump({'from_cache': bool(ctx.from_cache),"
    " 'environ': ctx.get_environ()}, sys.stdout)\n"
)
IMPORT_CODE = "import rez.resolved_context\n"


def subprocess_launch(
    space: common.Workspace,
    request: List[str],
    extra_env: Optional[Dict[str, str]] = None,
) -> Dict[str, Any]:
    """One launch the subprocess way; wall time and whether it hit the
    memcached resolve cache."""
    env = common.child_environ(**(extra_env or {}))
    started_args = [
        sys.executable, "-c", SUBPROCESS_CODE, space.repo.path, *request
    ]
    wall, out = common.run_child(started_args, env)
    # The launcher has to read the environment back before it launches.
    started = time.perf_counter()
    data = json.loads(out)
    wall += time.perf_counter() - started
    if "PATH" not in data["environ"]:
        raise RuntimeError("the subprocess printed no PATH")
    return {"wall_s": wall, "from_cache": data["from_cache"]}


def measure(space: common.Workspace) -> List[Dict[str, Any]]:
    """Section a rows."""
    from rez.resolved_context import ResolvedContext

    from ayon_applications import resolver
    from ayon_applications.requests import ComposedRequest

    samples = common.Samples("a")
    samples.describe(
        "python_import", "new python + import rez, nothing else (wall)"
    )
    samples.describe(
        "rez_warm", "plain rez ResolvedContext+get_environ, warm process"
    )
    samples.describe(
        "addon_warm", "addon resolve+Resolution.environ, warm process",
        "rez_warm",
    )
    samples.describe(
        "rez_first", "plain rez, first resolve+env in a new process",
        "rez_warm",
    )
    samples.describe(
        "addon_first", "addon, first resolve+env in a new process",
        "rez_first",
    )
    samples.describe(
        "subprocess", "subprocess per launch: python -c resolve, env JSON",
        "addon_warm",
    )
    options = space.options
    path = space.repo.path
    parent = dict(os.environ)
    # no time limit: no solver callback, as plain rez
    # As plain rez here: no time limit, no implicit packages.
    settings = resolver.RezSettings(
        packages_path=[path], time_limit_s=0, implicit_packages=[],
        resolve_cache=False,
    )

    def plain(request: List[str]) -> None:
        context = ResolvedContext(
            request, package_paths=[path], add_implicit_packages=False
        )
        context.get_environ(parent_environ=parent)

    def addon(request: List[str]) -> None:
        composed = ComposedRequest()
        composed.add(request, "benchmark")
        resolver.resolve(composed, settings, "benchmark").environ(
            parent, ("PATH", "PYTHONPATH")
        )

    for _ in range(options.repeats):
        wall, _out = common.run_child(
            [sys.executable, "-c", IMPORT_CODE], common.child_environ()
        )
        samples.add("python_import", "-", wall)

    for n in options.sizes:
        request = space.repo.request(n)
        # Warm-up: the first resolve of this size fills rez's caches.
        plain(request)
        addon(request)
        for _ in range(options.repeats):
            samples.add("rez_warm", n, common.timed(partial(plain, request)))
            samples.add("addon_warm", n, common.timed(partial(addon, request)))
        for _ in range(options.repeats):
            result = common.worker("rez", space, request)
            samples.add("rez_first", n, result["first_s"])
            result = common.fresh_addon_run(space, n)
            samples.add("addon_first", n, result["first_s"])
            samples.add(
                "subprocess", n, subprocess_launch(space, request)["wall_s"]
            )
    return samples.rows()


def main(argv: Optional[List[str]] = None) -> int:
    """Run section a alone."""
    return common.section_main(__doc__.splitlines()[0], measure, argv)


if __name__ == "__main__":
    sys.exit(main())
