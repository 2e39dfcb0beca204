"""One measured launch in a new process (run by the other modules).

``python -m benchmarks.worker MODE --repo PATH --request "A B" [options]``
prints one JSON line: ``import_s`` (importing what the mode needs),
``first_s`` (the first resolve and environment of this process, imports
excluded), ``packages``, ``from_cache`` (a memcached hit) and
``package_py_opens`` (package definition files this process opened).
The addon's on-disk resolve cache is off: these are resolves.

Modes:

* ``rez``: plain rez, ``ResolvedContext(...)`` + ``get_environ()``
  (``--memcached URI`` sets rez's own ``memcached_uri``, as
  ``REZ_MEMCACHED_URI`` does);
* ``addon``: ``resolver.resolve`` + ``Resolution.environ``
  (``--memcached URI`` sets the addon's ``memcached_uri`` setting);
* ``load``: ``resolver.load_resolution`` of ``--rxt`` + ``environ``.
"""
import argparse
import json
import os
import sys
import time
from typing import Any, Dict, List, Optional

#: Variables packages extend rather than replace, as the addon does.
EXTENDED = ("PATH", "PYTHONPATH")
_OPENS = [0]


def _count_opens(event: str, args: Any) -> None:
    if event == "open" and isinstance(args[0], str) and args[0].endswith(
        ("package.py", "package.yaml")
    ):
        _OPENS[0] += 1


def _import(mode: str) -> None:
    import rez.resolved_context  # noqa: F401

    if mode != "rez":
        import rez.exceptions  # noqa: F401
        import rez.solver  # noqa: F401
        import rez.version  # noqa: F401

        import ayon_applications.requests  # noqa: F401
        import ayon_applications.resolver  # noqa: F401


def _measure(args: argparse.Namespace) -> Dict[str, Any]:
    parent = dict(os.environ)
    if args.mode == "rez":
        from rez.resolved_context import ResolvedContext

        context = ResolvedContext(
            args.request,
            package_paths=[args.repo],
            add_implicit_packages=False,
        )
        context.get_environ(parent_environ=parent)
        return {
            "packages": len(context.resolved_packages or []),
            "from_cache": bool(context.from_cache),
        }

    from ayon_applications import resolver
    from ayon_applications.requests import ComposedRequest

    request = ComposedRequest()
    request.add(args.request, "benchmark")
    settings = resolver.RezSettings(
        packages_path=[args.repo],
        memcached_uri=[args.memcached] if args.memcached else [],
        time_limit_s=0,  # as plain rez: no solver callback
        implicit_packages=[],  # as plain rez here: none
        resolve_cache=False,
    )
    if args.mode == "load":
        resolution = resolver.load_resolution(
            args.rxt, request, settings, "benchmark"
        )
    else:
        resolution = resolver.resolve(request, settings, "benchmark")
    resolution.environ(parent, EXTENDED)
    return {
        "packages": len(resolution.packages),
        "from_cache": bool(getattr(resolution.context, "from_cache", False)),
    }


def main(argv: Optional[List[str]] = None) -> int:
    """Measure one mode; print the JSON report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    parser.add_argument("mode", choices=("rez", "addon", "load"))
    parser.add_argument("--repo", required=True)
    parser.add_argument("--memcached", default="")
    parser.add_argument("--rxt", default="")
    parser.add_argument("--request", required=True, help="space-separated")
    args = parser.parse_args(argv)
    args.request = args.request.split()
    os.environ["REZ_DISABLE_HOME_CONFIG"] = "1"
    if args.mode == "rez" and args.memcached:
        os.environ["REZ_MEMCACHED_URI"] = args.memcached
    sys.addaudithook(_count_opens)
    started = time.perf_counter()
    _import(args.mode)
    imported = time.perf_counter()
    result = _measure(args)
    finished = time.perf_counter()
    result.update(
        import_s=imported - started,
        first_s=finished - imported,
        package_py_opens=_OPENS[0],
    )
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
