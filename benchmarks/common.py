"""Shared pieces: options, the repository of a run, timing, rows, table.

A result row is a plain dict::

    {"section": "a", "case": "addon_warm", "label": "...", "n": 10,
     "median_s": 0.012, "min_s": 0.011, "repeats": 5,
     "baseline": "rez_warm", "ratio": 1.02, "note": ""}

``ratio`` is this row's median over the median of its ``baseline`` row
(same section and ``n`` unless the baseline names another section as
``"<section>:<case>"``); a baseline row has ratio 1.0 and no baseline.
"""
import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence

from . import repo as synthetic

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLIENT_DIR = os.path.join(REPO_ROOT, "client")

#: Default sizes: plug-ins requested besides maya.
DEFAULT_SIZES = (10, 50, 200)
QUICK_SIZES = (2,)


def isolate_rez(env: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """``env`` (default ``os.environ``, changed in place) without the
    machine's rez configuration."""
    env = os.environ if env is None else env
    env["REZ_DISABLE_HOME_CONFIG"] = "1"
    for name in ("REZ_CONFIG_FILE", "REZ_PACKAGES_PATH", "REZ_MEMCACHED_URI"):
        env.pop(name, None)
    return env  # type: ignore[return-value]


def ensure_client_importable() -> None:
    """Make the addon's client code importable in this process."""
    try:
        import ayon_applications  # noqa: F401
    except ImportError:
        sys.path.insert(0, CLIENT_DIR)


def child_environ(**extra: str) -> Dict[str, str]:
    """Environment of a benchmark child process.

    The addon's client code and this package are importable and rez is
    isolated from the machine's configuration.
    """
    env = isolate_rez(dict(os.environ))
    paths = [REPO_ROOT, CLIENT_DIR]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update(extra)
    return env


class BenchmarkError(RuntimeError):
    """A benchmark cannot run here (the message says why and what to do)."""


@dataclass
class Options:
    """What one run measures.

    Attributes:
        sizes: Plug-in counts requested besides maya.
        families: Plug-in families in the synthetic repository.
        versions: Versions of each family.
        repeats: Repeats of every measurement (the median is shown).
        json_path: Also write the rows as JSON here ("-": stdout).
        keep: Keep the temp dir (repository, settings, contexts).
        memcached_bin: The memcached executable.
    """

    sizes: Sequence[int] = DEFAULT_SIZES
    families: int = 200
    versions: int = 20
    repeats: int = 5
    json_path: Optional[str] = None
    keep: bool = False
    memcached_bin: Optional[str] = None
    quick: bool = False


def parser(description: str) -> argparse.ArgumentParser:
    """The options every benchmark entry takes."""
    result = argparse.ArgumentParser(description=description)
    result.add_argument(
        "--quick",
        action="store_true",
        help="smallest sizes, 1 repeat: a check that it runs, in seconds",
    )
    result.add_argument(
        "--sizes",
        help="comma-separated plug-in counts (default 10,50,200)",
    )
    result.add_argument("--families", type=int, help="default 200")
    result.add_argument("--versions", type=int, help="default 20")
    result.add_argument("--repeats", type=int, help="default 5")
    result.add_argument(
        "--json",
        dest="json_path",
        metavar="PATH",
        help="also write the rows as JSON to PATH ('-' for stdout)",
    )
    result.add_argument(
        "--keep", action="store_true", help="keep the temp directory"
    )
    result.add_argument(
        "--memcached-bin",
        help="memcached executable (default: memcached on PATH)",
    )
    return result


def options_from(args: argparse.Namespace) -> Options:
    """Options from parsed arguments, ``--quick`` giving the defaults."""
    if args.quick:
        sizes: Sequence[int] = QUICK_SIZES
        families, versions, repeats = 4, 4, 1
    else:
        sizes = DEFAULT_SIZES
        families, versions, repeats = 200, 20, 5
    if args.sizes:
        sizes = tuple(int(item) for item in args.sizes.split(",") if item)
    families = args.families or max(families, max(sizes))
    if families < max(sizes):
        raise SystemExit(
            f"--families {families} is less than the largest size"
            f" {max(sizes)}"
        )
    return Options(
        sizes=sizes,
        families=families,
        versions=args.versions or versions,
        repeats=args.repeats or repeats,
        json_path=args.json_path,
        keep=args.keep,
        memcached_bin=args.memcached_bin,
        quick=args.quick,
    )


@dataclass
class Workspace:
    """The temp dir of a run: the repository and files derived from it."""

    root: str
    repo: synthetic.SyntheticRepo
    options: Options
    build_s: float = 0.0
    extra: Dict[str, Any] = field(default_factory=dict)
    #: Runs of ``worker("addon", request(n))`` by n, shared by sections.
    addon_runs: Dict[int, List[Dict[str, Any]]] = field(
        default_factory=dict
    )
    _settings: Dict[int, str] = field(default_factory=dict)

    def settings_file(self, plugin_count: int) -> str:
        """Addon settings launching maya with ``plugin_count`` plug-ins."""
        path = self._settings.get(plugin_count)
        if path is None:
            path = synthetic.write_settings(
                self.repo,
                plugin_count,
                os.path.join(self.root, f"settings_{plugin_count}.json"),
            )
            self._settings[plugin_count] = path
        return path

    def path(self, *parts: str) -> str:
        """A path inside the temp dir (its folder is created)."""
        result = os.path.join(self.root, *parts)
        os.makedirs(os.path.dirname(result), exist_ok=True)
        return result


class workspace:  # noqa: N801 - used as a context manager
    """Build the synthetic repository in a temp dir; remove it after."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.root = ""

    def __enter__(self) -> Workspace:
        self.root = tempfile.mkdtemp(prefix="ayon-apps-bench-")
        started = time.perf_counter()
        repo = synthetic.build(
            self.root, self.options.families, self.options.versions
        )
        return Workspace(
            self.root, repo, self.options, time.perf_counter() - started
        )

    def __exit__(self, *exc_info: Any) -> None:
        if self.options.keep:
            sys.stderr.write(f"Kept {self.root}\n")
        else:
            shutil.rmtree(self.root, ignore_errors=True)


def timed(func: Callable[[], Any]) -> float:
    """Seconds ``func()`` took.

    Garbage left by earlier calls is collected first, so one case is not
    charged for another's.
    """
    gc.collect()
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def run_child(
    args: Sequence[str], env: Dict[str, str], cwd: Optional[str] = None
) -> "tuple[float, str]":
    """Run a process to its end; returns (wall seconds, stdout).

    Raises:
        RuntimeError: It failed (its stderr is in the message).
    """
    wall, out, _err = run_child_full(args, env, cwd)
    return wall, out


def run_child_full(
    args: Sequence[str], env: Dict[str, str], cwd: Optional[str] = None
) -> "tuple[float, str, str]":
    """:func:`run_child`, also returning stderr."""
    started = time.perf_counter()
    completed = subprocess.run(
        list(args), env=env, cwd=cwd, capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args[:4])} ... failed ({completed.returncode}):\n"
            f"{completed.stderr[-3000:]}"
        )
    return wall, completed.stdout, completed.stderr


def worker(
    mode: str,
    workspace_: Workspace,
    request: Sequence[str],
    **options: str,
) -> Dict[str, Any]:
    """Run ``benchmarks.worker`` in a new process; its report plus
    ``wall_s`` (the whole process, as the parent saw it)."""
    args = [sys.executable, "-m", "benchmarks.worker", mode,
            "--repo", workspace_.repo.path]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    args += ["--request", " ".join(request)]
    wall, out = run_child(args, child_environ(), cwd=REPO_ROOT)
    report = json.loads(out)
    report["wall_s"] = wall
    return report


def fresh_addon_run(space: Workspace, n: int) -> Dict[str, Any]:
    """One new process resolving ``request(n)`` through the addon (no
    memcached); kept so later sections reuse it as their baseline."""
    result = worker("addon", space, space.repo.request(n))
    space.addon_runs.setdefault(n, []).append(result)
    return result


def fresh_addon_runs(
    space: Workspace, n: int, samples: "Optional[Samples]" = None,
    case: str = "",
) -> List[Dict[str, Any]]:
    """``options.repeats`` runs of :func:`fresh_addon_run`: those an
    earlier section made, topped up when there are too few. When they
    were made earlier, ``case`` of ``samples`` is noted so."""
    if samples is not None and space.addon_runs.get(n):
        samples.note(case, n, "runs of a")
    while len(space.addon_runs.get(n, [])) < space.options.repeats:
        fresh_addon_run(space, n)
    return space.addon_runs[n][: space.options.repeats]


class Samples:
    """Timings collected per (case, n), turned into rows at the end."""

    def __init__(self, section: str) -> None:
        self.section = section
        self.values: Dict[tuple, List[float]] = {}
        self.meta: Dict[tuple, Dict[str, Any]] = {}
        self.flags: Dict[tuple, List[bool]] = {}
        self.notes: Dict[tuple, str] = {}

    def add(self, case: str, n: Any, seconds: float) -> None:
        """Record one timing."""
        self.values.setdefault((case, n), []).append(seconds)

    def flag(self, case: str, n: Any, value: bool) -> None:
        """Record a yes/no fact of one repeat (e.g. a cache hit)."""
        self.flags.setdefault((case, n), []).append(bool(value))

    def note(self, case: str, n: Any, text: str) -> None:
        """A note shown with one row."""
        self.notes[(case, n)] = text

    def describe(
        self,
        case: str,
        label: str,
        baseline: Optional[str] = None,
        flag_name: str = "",
    ) -> None:
        """Say what a case is and what it is compared with."""
        self.meta[("case", case)] = {
            "label": label, "baseline": baseline, "flag_name": flag_name,
        }

    def rows(self) -> List[Dict[str, Any]]:
        """One row per (case, n), in the order cases were described."""
        rows: List[Dict[str, Any]] = []
        order = [key[1] for key in self.meta]
        sizes: List[Any] = []
        for _case, n in self.values:
            if n not in sizes:
                sizes.append(n)
        for n in sizes:
            for case in order:
                values = self.values.get((case, n))
                if not values:
                    continue
                meta = self.meta[("case", case)]
                note = self.notes.get((case, n), "")
                flags = self.flags.get((case, n))
                if flags is not None:
                    counted = f"{meta['flag_name']} {sum(flags)}/{len(flags)}"
                    note = f"{counted}; {note}" if note else counted
                rows.append({
                    "section": self.section,
                    "case": case,
                    "label": meta["label"],
                    "n": n,
                    "median_s": statistics.median(values),
                    "min_s": min(values),
                    "repeats": len(values),
                    "baseline": meta["baseline"],
                    "ratio": None,
                    "note": note,
                })
        return rows


def add_ratios(rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Fill ``ratio`` of every row from its baseline row (in place)."""
    index = {(row["section"], row["case"], row["n"]): row for row in rows}
    for row in rows:
        baseline = row["baseline"]
        if not baseline:
            row["ratio"] = 1.0
            continue
        section, _, case = baseline.rpartition(":")
        base = index.get((section or row["section"], case, row["n"]))
        if base is None:
            base = index.get((section or row["section"], case, "-"))
        if base is None or not base["median_s"]:
            row["ratio"] = None
        else:
            row["ratio"] = row["median_s"] / base["median_s"]
    return rows


def format_table(rows: List[Dict[str, Any]]) -> str:
    """The rows as a plain text table (``vs``: the baseline case)."""
    header = ("sec", "N", "case", "median ms", "min ms", "ratio", "vs",
              "note", "what")
    lines = [header]
    for row in rows:
        ratio = row["ratio"]
        lines.append((
            row["section"],
            str(row["n"]),
            row["case"],
            f"{row['median_s'] * 1000:.1f}",
            f"{row['min_s'] * 1000:.1f}",
            "-" if ratio is None else f"{ratio:.2f}",
            row["baseline"] or "-",
            row["note"] or "",
            row["label"],
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {1, 3, 4, 5}
    out = []
    for number, line in enumerate(lines):
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        out.append("  ".join(cells).rstrip())
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def machine_facts() -> Dict[str, Any]:
    """CPU, cores, Python and rez versions of this machine."""
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        from rez import __version__ as rez_version
    except ImportError:  # pragma: no cover - rez is a requirement
        rez_version = "?"
    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        load = "?"
    return {
        "cpu": cpu or "unknown",
        "load_average": load,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "rez": rez_version,
        "platform": sys.platform,
    }


def report(
    rows: List[Dict[str, Any]],
    options: Options,
    extra: Optional[Dict[str, Any]] = None,
    out: Any = None,
) -> None:
    """Print the table (and the JSON when asked)."""
    out = out or sys.stdout
    add_ratios(rows)
    facts = machine_facts()
    data = {
        "machine": facts,
        "options": {
            "sizes": list(options.sizes),
            "families": options.families,
            "versions": options.versions,
            "repeats": options.repeats,
        },
        **(extra or {}),
        "rows": rows,
    }
    if options.json_path == "-":
        out.write(json.dumps(data, indent=2) + "\n")
        return
    out.write(
        f"# {facts['cpu']}, {facts['cores']} cores, Python"
        f" {facts['python']}, rez {facts['rez']}; load average"
        f" {facts['load_average']}; repository"
        f" {options.families} plug-in families x {options.versions}"
        f" versions; median of {options.repeats}\n"
    )
    for key, value in (extra or {}).items():
        out.write(f"# {key}: {value}\n")
    out.write(format_table(rows) + "\n")
    if options.json_path:
        with open(options.json_path, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2)
        out.write(f"# rows written to {options.json_path}\n")


def section_main(
    description: str,
    measure: Callable[[Workspace], List[Dict[str, Any]]],
    argv: Optional[List[str]] = None,
    check: Optional[Callable[[Options], None]] = None,
) -> int:
    """Entry of one section module: options, check, workspace, measure,
    report. A :class:`BenchmarkError` is printed and gives exit 2."""
    isolate_rez()
    ensure_client_importable()
    options = options_from(parser(description).parse_args(argv))
    try:
        if check is not None:
            check(options)
        with workspace(options) as space:
            rows = measure(space)
            report(rows, options, {
                "build_s": round(space.build_s, 2), **space.extra
            })
    except BenchmarkError as exc:
        sys.stderr.write(f"ERROR: {exc}\n")
        return 2
    return 0
