"""Benchmarks of the Applications (rez) addon, side by side with plain rez.

Speed is measured here, never in timed tests. Every figure is a median of
repeats and is shown as a ratio against a baseline measured in the same
run: plain rez, the subprocess approach (one new process per launch that
resolves and prints its environment), a memcached miss, a fresh solve.

Run everything (about 3-4 minutes on 2 cores)::

    .venv/bin/python -m benchmarks.run            # or benchmarks/run.py
    .venv/bin/python -m benchmarks.run --quick    # seconds
    .venv/bin/python -m benchmarks.run --json out.json

or one section: ``python -m benchmarks.resolve`` (a: resolve and
environment), ``benchmarks.memcached`` (b), ``benchmarks.farm`` (c: farm
reuse of a saved ``.rxt``), ``benchmarks.launch_env`` (d: the whole launch
environment). Results and their reading are in
``docs/benchmarks.md``.

Standard library and rez only (plus the addon's client code); the
synthetic rez repository is built in a temp dir by :mod:`benchmarks.repo`.
"""
