"""c. Farm reuse: loading the artist's saved ``.rxt`` vs a fresh solve.

The artist's launch saves its resolved context (``.rxt``, the addon's
save hook) and exports ``AYON_REZ_CONTEXT_FILE``; a farm job reuses it
without solving. For each size N, in new processes:

* ``resolver.resolve`` + ``environ`` (a fresh solve; the new-process
  runs of section a when it ran before, else made here) against
  ``resolver.load_resolution`` + ``environ`` of the same request's
  ``.rxt``;
* the farm's real command, ``python -m ayon_applications
  extractenvironments`` (farm-render), without the saved context (it
  solves) against with it (it reuses; the log is checked, ``reused k/n``).
  The ``.rxt`` comes from a real local launch
  (``launch_pipeline.launch_environment`` with its save hook), repeat by
  repeat alternated.

``python -m benchmarks.farm [--quick] [--json PATH]``
"""
import os
import sys
from typing import Any, Dict, List, Optional

from . import common
from . import repo as synthetic

REUSED_LOG = "Reused the saved context"


def artist_launch(space: common.Workspace, n: int) -> Dict[str, str]:
    """The environment of a local launch (it saves the ``.rxt``)."""
    from ayon_applications.launch_pipeline import launch_environment
    from ayon_applications.manager import ApplicationManager
    from ayon_applications.settings import FileSettingsSource

    manager = ApplicationManager(
        settings_source=FileSettingsSource(space.settings_file(n))
    )
    workdir = os.path.join(space.root, "work", f"n{n}")
    os.makedirs(workdir, exist_ok=True)
    return launch_environment(
        manager,
        synthetic.APP_NAME,
        synthetic.PROJECT,
        synthetic.FOLDER,
        synthetic.TASK,
        env=dict(os.environ, AYON_WORKDIR=workdir),
    )


def save_resolution(space: common.Workspace, n: int) -> str:
    """Resolve ``request(n)`` through the addon and save its ``.rxt``."""
    from ayon_applications import resolver
    from ayon_applications.requests import ComposedRequest

    request = ComposedRequest()
    request.add(space.repo.request(n), "benchmark")
    settings = resolver.RezSettings(
        packages_path=[space.repo.path], time_limit_s=0,
        implicit_packages=[],  # as plain rez here: none
        resolve_cache=False,  # resolves are measured
    )
    resolution = resolver.resolve(request, settings, "benchmark")
    return resolution.save(space.path("farm", f"request_{n}.rxt"))


def extract_environments(
    space: common.Workspace, n: int, context_file: str = ""
) -> Dict[str, Any]:
    """One farm job's ``extractenvironments``: wall time, reused or not."""
    output = space.path("farm", f"env_{n}.json")
    args = [
        sys.executable, "-m", "ayon_applications",
        "--settings", space.settings_file(n), "--verbose",
        "extractenvironments", output,
        "--project", synthetic.PROJECT,
        "--folder", synthetic.FOLDER,
        "--task", synthetic.TASK,
        "--app", synthetic.APP_NAME,
    ]
    extra = {"AYON_REZ_CONTEXT_FILE": context_file} if context_file else {}
    wall, _out, err = common.run_child_full(
        args, common.child_environ(**extra)
    )
    if not os.path.isfile(output):
        raise RuntimeError("extractenvironments wrote no file")
    return {"wall_s": wall, "reused": REUSED_LOG in err}


def measure(space: common.Workspace) -> List[Dict[str, Any]]:
    """Section c rows."""
    samples = common.Samples("c")
    samples.describe(
        "solve", "addon resolve+env, new process (fresh solve)"
    )
    samples.describe(
        "load", "addon load_resolution(.rxt)+env, new process", "solve"
    )
    samples.describe(
        "cli_solve", "extractenvironments CLI, no saved context (wall)",
        None, "reused",
    )
    samples.describe(
        "cli_reuse", "extractenvironments CLI reusing the .rxt (wall)",
        "cli_solve", "reused",
    )
    for n in space.options.sizes:
        for solve in common.fresh_addon_runs(
            space, n, samples, "solve"
        ):
            samples.add("solve", n, solve["first_s"])
        request = space.repo.request(n)
        saved = save_resolution(space, n)
        for _ in range(space.options.repeats):
            load = common.worker("load", space, request, rxt=saved)
            samples.add("load", n, load["first_s"])
        env = artist_launch(space, n)
        launch_rxt = env["AYON_REZ_CONTEXT_FILE"]
        for _ in range(space.options.repeats):
            fresh = extract_environments(space, n)
            reused = extract_environments(space, n, launch_rxt)
            samples.add("cli_solve", n, fresh["wall_s"])
            samples.flag("cli_solve", n, fresh["reused"])
            samples.add("cli_reuse", n, reused["wall_s"])
            samples.flag("cli_reuse", n, reused["reused"])
    return samples.rows()


def main(argv: Optional[List[str]] = None) -> int:
    """Run section c alone."""
    return common.section_main(__doc__.splitlines()[0], measure, argv)


if __name__ == "__main__":
    sys.exit(main())
