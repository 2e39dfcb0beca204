"""f. The click path: what a launch and a farm task cost in a new process.

The AYON launcher runs every launch as a new process, and every farm
task runs ``extractenvironments`` in one, so the figure that matters is
a whole process: Python start, imports, settings, resolve, environment,
hooks, up to the moment the program starts (a launch; the program
writes the time it started) or the environment file is written (a farm
task, the process's wall time). For each size N, repeat by repeat
interleaved, in new processes:

* plain rez (``benchmarks.click_worker rez``: import rez, resolve,
  environment, start ``maya`` / write the JSON) - the baseline;
* the addon's command line, nothing cached (a new, empty resolve cache);
* the subprocess approach: the addon's command line resolving through
  one ``python -c`` child per launch (import rez, resolve, print the
  environment as JSON);
* the addon again with the cache the first run filled (a repeat click);
* memcached (the server flushed, one addon run fills it): plain rez with
  ``REZ_MEMCACHED_URI`` against the addon with ``memcached_uri`` (its
  disk cache off), alternating which goes first.

Every run counts the ``package.py`` files its process opened and says
where its resolve came from (``disk``, ``memcached``); the rows note
both. Needs the ``memcached`` binary (see section b).

``python -m benchmarks.click [--quick] [--json PATH]``
"""
import json
import os
import statistics
import sys
import time
from typing import Any, Dict, List, Optional

from . import common
from . import memcached as mc
from . import repo as synthetic

PLATFORMS = ("windows", "linux", "darwin")
LAUNCH_CASES = (
    ("rez_cold", "plain rez click, nothing cached (to program start)",
     None),
    ("addon_cold", "addon click, nothing cached (to program start)",
     "rez_cold"),
    ("subprocess", "subprocess approach click (to program start)",
     "rez_cold"),
    ("addon_disk", "addon click, resolve cache hit (to program start)",
     "subprocess"),
    ("addon_mc_miss", "addon click, memcached miss (to program start)",
     "rez_cold"),
    ("rez_mc", "plain rez click, memcached hit (to program start)", None),
    ("addon_mc", "addon click, memcached hit (to program start)",
     "rez_mc"),
)
FARM_CASES = (
    ("farm_rez", "plain rez farm task, nothing cached (wall)", None),
    ("farm_addon_cold", "extractenvironments, nothing cached (wall)",
     "farm_rez"),
    ("farm_subprocess", "extractenvironments, subprocess approach (wall)",
     "farm_rez"),
    ("farm_addon_disk", "extractenvironments, resolve cache hit (wall)",
     "farm_subprocess"),
    ("farm_rez_mc", "plain rez farm task, memcached hit (wall)", None),
    ("farm_addon_mc", "extractenvironments, memcached hit (wall)",
     "farm_rez_mc"),
)


def click_environ(**extra: str) -> Dict[str, str]:
    """A click process's environment: the benchmark children's, with
    Python's bytecode cache on (as in a deployed launcher)."""
    env = common.child_environ(**extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Clicks:
    """Runs clicks of one size and collects their samples."""

    def __init__(self, space: common.Workspace, samples: common.Samples,
                 n: int, server: mc.MemcachedServer) -> None:
        self.space = space
        self.samples = samples
        self.n = n
        self.server = server
        self.started_file = space.path("click", "started")
        self.report_file = space.path("click", "report.json")
        self.output = space.path("click", f"env_{n}.json")
        self.request = launch_request(space, n)
        self.opens: Dict[str, List[int]] = {}
        self.sources: Dict[str, List[str]] = {}
        self.rez_imported: Dict[str, List[bool]] = {}

    def settings(self, name: str, cache: str = "",
                 memcached: str = "") -> str:
        """A settings file: resolve cache in ``cache`` (off when empty),
        ``memcached`` as the memcached URI."""
        data = synthetic.addon_settings(self.space.repo, self.n)
        rez = data["studio"]["rez"]
        rez["resolve_cache"] = {
            "enabled": bool(cache),
            "path": {name_: cache for name_ in PLATFORMS},
        }
        rez["memcached_uri"] = [memcached] if memcached else []
        path = self.space.path("click", f"settings_{self.n}_{name}.json")
        with open(path, "w", encoding="utf-8") as stream:
            json.dump(data, stream)
        return path

    def _run(self, case: str, args: List[str], env: Dict[str, str],
             launch: bool) -> None:
        for path in (self.started_file, self.report_file, self.output):
            if os.path.exists(path):
                os.remove(path)
        spawned = time.time()
        wall, _out = common.run_child(
            [sys.executable, "-m", "benchmarks.click_worker", *args[:1],
             "--report", self.report_file, "--", *args[1:]],
            env, cwd=common.REPO_ROOT,
        )
        with open(self.report_file, encoding="utf-8") as stream:
            report = json.load(stream)
        self.opens.setdefault(case, []).append(report["package_py_opens"])
        self.sources.setdefault(case, []).append(report["cache_source"])
        self.rez_imported.setdefault(case, []).append(report["rez_imported"])
        if launch:
            seconds = _program_started(self.started_file) - spawned
        else:
            if not os.path.isfile(self.output):
                raise RuntimeError(f"{case}: no environment file written")
            seconds = wall
        self.samples.add(case, self.n, seconds)

    def addon(self, case: str, settings: str, launch: bool = True,
              mode: str = "addon") -> None:
        """One addon (or subprocess approach) click or farm task."""
        context = [
            "--project", synthetic.PROJECT, "--folder", synthetic.FOLDER,
            "--task", synthetic.TASK,
        ]
        if launch:
            command = ["launch", "--app", synthetic.APP_NAME, *context]
        else:
            command = ["extractenvironments", self.output, *context,
                       "--app", synthetic.APP_NAME]
        self._run(case, [mode, "--settings", settings, *command],
                  click_environ(BENCH_STARTED_FILE=self.started_file),
                  launch)

    def rez(self, case: str, launch: bool = True,
            memcached: str = "") -> None:
        """One plain rez click or farm task."""
        extra = {"BENCH_STARTED_FILE": self.started_file}
        if memcached:
            extra["REZ_MEMCACHED_URI"] = memcached
        action = ["launch", "-"] if launch else ["extract", self.output]
        self._run(case, ["rez", *action, self.space.repo.path,
                         *self.request], click_environ(**extra), launch)

    def repeat(self, index: int, tag: str = "") -> None:
        """One of each case, interleaved (``tag`` names its caches)."""
        self.server.flush()
        root = self.space.path(
            "click", f"cache_{self.n}_{index}{tag}", "x"
        )
        launch_cache = os.path.join(os.path.dirname(root), "launch")
        farm_cache = os.path.join(os.path.dirname(root), "farm")
        cold = self.settings("cold", cache=launch_cache)
        farm_cold = self.settings("farm_cold", cache=farm_cache)
        no_cache = self.settings("plain")
        with_mc = self.settings("mc", memcached=self.server.uri)
        self.rez("rez_cold")
        self.addon("addon_cold", cold)
        self.addon("subprocess", no_cache, mode="subprocess")
        self.addon("addon_disk", cold)
        self.rez("farm_rez", launch=False)
        self.addon("farm_addon_cold", farm_cold, launch=False)
        self.addon("farm_subprocess", no_cache, launch=False,
                   mode="subprocess")
        self.addon("farm_addon_disk", farm_cold, launch=False)
        self.addon("addon_mc_miss", with_mc)
        hits = [
            lambda: self.rez("rez_mc", memcached=self.server.uri),
            lambda: self.addon("addon_mc", with_mc),
            lambda: self.rez("farm_rez_mc", launch=False,
                             memcached=self.server.uri),
            lambda: self.addon("farm_addon_mc", with_mc, launch=False),
        ]
        if index % 2:  # who goes first alternates
            hits = [hits[1], hits[0], hits[3], hits[2]]
        for run in hits:
            run()

    def annotate(self) -> None:
        """Note each case's package.py opens, cache sources, whether rez
        was imported, and the median of its ratios to its baseline
        repeat by repeat (the runs of one repeat ran back to back)."""
        baselines = {
            case: baseline
            for case, _label, baseline in (*LAUNCH_CASES, *FARM_CASES)
        }
        for case, opens in self.opens.items():
            sources = self.sources[case]
            hits = {source for source in sources if source}
            parts = [f"package.py {statistics.median(opens):g}"]
            if hits:
                count = sum(1 for source in sources if source)
                parts.append(
                    f"{'/'.join(sorted(hits))} {count}/{len(sources)}"
                )
            if not any(self.rez_imported[case]):
                parts.append("no rez import")
            baseline = baselines.get(case)
            if baseline:
                pairs = zip(self.samples.values[(case, self.n)],
                            self.samples.values[(baseline, self.n)])
                ratios = [value / base for value, base in pairs if base]
                parts.append(f"paired {statistics.median(ratios):.2f}")
            self.samples.note(case, self.n, "; ".join(parts))


def _program_started(path: str, wait_s: float = 10.0) -> float:
    """The time the launched program wrote to ``path``."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            with open(path, encoding="utf-8") as stream:
                text = stream.read().strip()
            if text:
                return float(text)
        except OSError:
            pass
        time.sleep(0.005)
    raise RuntimeError("the launched program did not start")


def launch_request(space: common.Workspace, n: int) -> List[str]:
    """The full request the addon composes for the benchmark launch."""
    from ayon_applications.launch_pipeline import context_tools
    from ayon_applications.manager import ApplicationManager
    from ayon_applications.settings import FileSettingsSource

    manager = ApplicationManager(
        settings_source=FileSettingsSource(space.settings_file(n))
    )
    project = manager.for_project(synthetic.PROJECT)
    app = project.get_application(synthetic.APP_NAME)
    data = {
        "project_name": synthetic.PROJECT,
        "folder_path": synthetic.FOLDER,
        "task_name": synthetic.TASK,
    }
    tools = context_tools(project, app, data)
    return project.compose_request(app, tools).requests


def measure(space: common.Workspace) -> List[Dict[str, Any]]:
    """Section f rows."""
    binary = mc.find_binary(space.options.memcached_bin)
    samples = common.Samples("f")
    for case, label, baseline in (*LAUNCH_CASES, *FARM_CASES):
        samples.describe(case, label, baseline)
    with mc.MemcachedServer(binary) as server:
        # Warm-up, not counted: bytecode caches written, files read once.
        Clicks(space, common.Samples("warm-up"), space.options.sizes[0],
               server).repeat(0, "_warm_up")
        for n in space.options.sizes:
            clicks = Clicks(space, samples, n, server)
            for index in range(space.options.repeats):
                clicks.repeat(index)
            clicks.annotate()
    return samples.rows()


def check(options: common.Options) -> None:
    """Fail before any work when memcached is missing."""
    mc.find_binary(options.memcached_bin)


def main(argv: Optional[List[str]] = None) -> int:
    """Run section f alone."""
    return common.section_main(
        __doc__.splitlines()[0], measure, argv, check
    )


if __name__ == "__main__":
    sys.exit(main())
