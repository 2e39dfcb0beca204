"""d. The whole launch environment vs the resolve alone.

``launch_pipeline.launch_environment`` builds what a launch would get, without
starting a process: settings, tools by profile, the composed request
(with the bundle's weak AYON requests), the resolve, the cleaned parent
environment, the JSON environment layers (group, variant and one per
plug-in tool), the AYON context variables, every launch hook (found and
imported for each launch) and the ``.rxt`` save hook. For each size N,
in one process with rez's caches warm (a launcher that has launched
before), alternated repeat by repeat:

* the resolve alone: ``resolver.resolve`` + ``Resolution.environ`` of
  the very request the launch composes (the baseline);
* ``launch_pipeline.launch_environment`` (local launch, all hooks);
* its parts without a resolve: launch context + hook discovery, the
  JSON environment layers, ``Resolution.save`` of the ``.rxt``.

``python -m benchmarks.launch_env [--quick] [--json PATH]``
"""
import os
import sys
from typing import Any, Dict, List, Optional

from . import common
from . import repo as synthetic


def measure(space: common.Workspace) -> List[Dict[str, Any]]:
    """Section d rows."""
    samples = common.Samples("d")
    samples.describe(
        "resolve", "resolve+environ of the launch's request (warm)"
    )
    samples.describe(
        "launch_env", "launch_environment: all layers and hooks (warm)",
        "resolve",
    )
    samples.describe(
        "hooks", "launch context + hook discovery only (no resolve)",
        "resolve",
    )
    samples.describe(
        "layers", "JSON environment layers only (N+3 layers)", "resolve"
    )
    samples.describe(
        "save_rxt", "Resolution.save of the .rxt only", "resolve"
    )
    for n in space.options.sizes:
        _measure_size(space, samples, n)
    return samples.rows()


def _measure_size(
    space: common.Workspace, samples: common.Samples, n: int
) -> None:
    from ayon_applications import resolver
    from ayon_applications.environment import (
        EXTENDED_VARIABLES,
        apply_app_environments,
        clean_parent_environment,
    )
    from ayon_applications.launch_pipeline import (
        context_tools,
        launch_environment,
    )
    from ayon_applications.manager import ApplicationManager
    from ayon_applications.settings import FileSettingsSource

    data = {
        "project_name": synthetic.PROJECT,
        "folder_path": synthetic.FOLDER,
        "task_name": synthetic.TASK,
    }
    manager = ApplicationManager(
        settings_source=FileSettingsSource(space.settings_file(n))
    )
    project = manager.for_project(synthetic.PROJECT)
    app = project.get_application(synthetic.APP_NAME)
    tools = context_tools(project, app, data)
    request = project.compose_request(app, tools)
    settings = project.rez_settings()
    workdir = os.path.join(space.root, "work", f"d{n}")
    os.makedirs(workdir, exist_ok=True)
    source_env = dict(os.environ, AYON_WORKDIR=workdir)
    parent = clean_parent_environment(source_env)
    rxt = os.path.join(workdir, "saved.rxt")

    def resolve_alone() -> Any:
        resolution = resolver.resolve(request, settings, "benchmark")
        resolution.environ(parent, EXTENDED_VARIABLES)
        return resolution

    def launch_env() -> Dict[str, str]:
        return launch_environment(
            manager, synthetic.APP_NAME, env=dict(source_env), **data
        )

    def hooks() -> None:
        context = manager.create_launch_context(
            synthetic.APP_NAME, env=dict(source_env), **data
        )
        context.discover_launch_hooks()

    def layers() -> None:
        apply_app_environments(source_env, app, tools)

    resolution = resolve_alone()  # warm-up; also the one saved below
    env = launch_env()
    if env.get("REZ_USED_RESOLVE") is None or len(tools) != n:
        raise RuntimeError("the launch did not resolve the plug-ins")
    for _ in range(space.options.repeats):
        samples.add("resolve", n, common.timed(resolve_alone))
        samples.add("launch_env", n, common.timed(launch_env))
        samples.add("hooks", n, common.timed(hooks))
        samples.add("layers", n, common.timed(layers))
        samples.add("save_rxt", n, common.timed(
            lambda: resolution.save(rxt)
        ))


def main(argv: Optional[List[str]] = None) -> int:
    """Run section d alone."""
    return common.section_main(__doc__.splitlines()[0], measure, argv)


if __name__ == "__main__":
    sys.exit(main())
