"""Run every benchmark section on one synthetic repository; one table.

    .venv/bin/python -m benchmarks.run [--quick] [--json PATH]
    .venv/bin/python benchmarks/run.py [--quick] [--json PATH]

Sections (``--sections``, default all): ``a`` resolve + environment
(plain rez, addon, subprocess approach), ``b`` memcached, ``c`` farm
reuse of a saved ``.rxt``, ``d`` the whole launch environment, ``e`` a
slow package repository: the time limit, and a fast resolve beside a slow
one, ``f`` the click path (a launch and a farm task as whole new
processes), ``g`` import cost. The default run takes about 15 minutes
on 2 cores (``f``: 8-10); ``--quick`` well under a minute (it only shows
that everything runs).
"""
import os
import sys
import time
from typing import Any, Dict, List, Optional

if __package__ in (None, ""):  # run as a file: benchmarks/run.py
    # The repository root, not benchmarks/, goes first on sys.path.
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    __package__ = "benchmarks"  # noqa: A001

from benchmarks import (  # noqa: E402
    click,
    common,
    concurrency,
    farm,
    imports,
    launch_env,
    memcached,
    resolve,
)

SECTIONS = {
    "a": resolve.measure,
    "b": memcached.measure,
    "c": farm.measure,
    "d": launch_env.measure,
    "e": concurrency.measure,
    "f": click.measure,
    "g": imports.measure,
}


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point; returns the exit code."""
    parser = common.parser(__doc__.splitlines()[0])
    parser.add_argument(
        "--sections",
        default="abcdefg",
        help="which sections, e.g. 'ad' (default: abcdefg)",
    )
    args = parser.parse_args(argv)
    common.isolate_rez()
    common.ensure_client_importable()
    options = common.options_from(args)
    sections = [name for name in args.sections if name in SECTIONS]
    if not sections:
        parser.error(f"--sections: choose from {''.join(SECTIONS)}")
    started = time.perf_counter()
    load_before = common.machine_facts()["load_average"]
    try:
        if "b" in sections or "f" in sections:
            memcached.check(options)
        rows: List[Dict[str, Any]] = []
        with common.workspace(options) as space:
            for name in sections:
                section_started = time.perf_counter()
                rows.extend(SECTIONS[name](space))
                sys.stderr.write(
                    f"section {name}: "
                    f"{time.perf_counter() - section_started:.1f} s\n"
                )
            space.extra["load_average_before"] = load_before
            space.extra["total_s"] = round(
                time.perf_counter() - started, 1
            )
            common.report(rows, options, {
                "build_s": round(space.build_s, 2), **space.extra
            })
    except common.BenchmarkError as exc:
        sys.stderr.write(f"ERROR: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
