"""A synthetic rez repository, and addon settings that launch from it.

Layout (``families`` plug-in families x ``versions`` versions each)::

    maya/<2020.0 ...>/package.py, bin/maya      the application
    lib_<k>/<1.0.0 ...>/package.py              shared libraries
    plug_<i>/<1.0.0 ...>/package.py             plug-ins requiring maya

Plug-in version ``1.k.0`` requires ``maya-<year of maya version k>+`` and
one library, so the newest plug-in versions need a newer maya than the one
requested and the solver has to step back: a resolve does real work.
Every ``package.py`` has a ``timestamp`` (resolve caching needs release
times; a project timestamp filters on them).

Run ``python -m benchmarks.repo DIR`` to build one and look at it.
"""
import json
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, List

#: Release time of the first version of every family (2020-09-13).
BASE_TIMESTAMP = 1_600_000_000
DAY_S = 86_400
LIBRARIES = 10
#: Seconds before now the repository counts as released: the resolve cache
#:   does not store a solve that touches a family released in the last
#:   seconds, and a benchmark is about packages released long ago.
RELEASED_AGO_S = 86_400
#: The application: says it started (with ``BENCH_STARTED_FILE`` set, the
#:   time it started, for the click benchmark) and exits.
MAYA_SCRIPT = (
    "#!/bin/sh\n"
    'if [ -n "$BENCH_STARTED_FILE" ]; then'
    ' date +%s.%N > "$BENCH_STARTED_FILE"; fi\n'
    'echo "maya $MAYA_VERSION" "$@"\n'
)
APP_NAME = "maya/2023"
PROJECT = "bench"
FOLDER = "/shots/sq01/sh010"
TASK = "animation"
TASK_TYPE = "Animation"


@dataclass
class SyntheticRepo:
    """A built repository.

    Attributes:
        path: The packages path.
        families: Plug-in families.
        versions: Versions per family.
        plugins: Plug-in family names, in order.
        maya_request: What the application requests (``maya-2023``).
        package_files: ``package.py`` files written.
    """

    path: str
    families: int
    versions: int
    plugins: List[str] = field(default_factory=list)
    maya_request: str = ""
    package_files: int = 0

    def request(self, plugin_count: int, rotate: int = 0) -> List[str]:
        """maya plus the first ``plugin_count`` plug-ins.

        Args:
            rotate: Rotate the plug-in order by this much: the same
                packages, another request string (another cache key).
        """
        plugins = self.plugins[:plugin_count]
        if plugins and rotate:
            shift = rotate % len(plugins)
            plugins = plugins[shift:] + plugins[:shift]
        return [self.maya_request, *plugins]


def maya_version(index: int) -> str:
    """Version of the ``index``-th maya package (four a year)."""
    return f"{2020 + index // 4}.{index % 4}"


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)


def _package_py(
    name: str,
    version: str,
    index: int,
    requires: List[str],
    commands: List[str],
) -> str:
    body = "\n".join(f"    {line}" for line in commands) or "    pass"
    return (
        f"name = {name!r}\n"
        f"version = {version!r}\n"
        f"description = 'Synthetic {name} for the addon benchmarks.'\n"
        f"authors = ['benchmarks']\n"
        f"requires = {requires!r}\n"
        f"timestamp = {BASE_TIMESTAMP + index * DAY_S}\n"
        "\n"
        "\n"
        "def commands():\n"
        f"{body}\n"
    )


def build(root: str, families: int = 200, versions: int = 20) -> SyntheticRepo:
    """Write the repository under ``root`` (created if missing)."""
    path = os.path.join(root, "packages")
    repo = SyntheticRepo(path=path, families=families, versions=versions)
    written = 0
    for index in range(versions):
        version = maya_version(index)
        folder = os.path.join(path, "maya", version)
        _write(
            os.path.join(folder, "package.py"),
            _package_py(
                "maya",
                version,
                index,
                [],
                [
                    'env.PATH.prepend("{root}/bin")',
                    'env.MAYA_LOCATION = "{root}"',
                    'env.MAYA_VERSION = "{version}"',
                ],
            ),
        )
        script = os.path.join(folder, "bin", "maya")
        _write(script, MAYA_SCRIPT)
        os.chmod(script, os.stat(script).st_mode | stat.S_IEXEC)
        written += 1
    for lib in range(LIBRARIES):
        name = f"lib_{lib:02d}"
        for index in range(versions):
            version = f"1.{index}.0"
            _write(
                os.path.join(path, name, version, "package.py"),
                _package_py(
                    name,
                    version,
                    index,
                    [],
                    ['env.LD_LIBRARY_PATH.append("{root}/lib")'],
                ),
            )
            written += 1
    for plugin in range(families):
        name = f"plug_{plugin:03d}"
        repo.plugins.append(name)
        upper = name.upper()
        for index in range(versions):
            version = f"1.{index}.0"
            maya_year = maya_version(index).split(".")[0]
            _write(
                os.path.join(path, name, version, "package.py"),
                _package_py(
                    name,
                    version,
                    index,
                    [f"maya-{maya_year}+", f"lib_{plugin % LIBRARIES:02d}"],
                    [
                        'env.MAYA_MODULE_PATH.append("{root}/modules")',
                        'env.PYTHONPATH.append("{root}/python")',
                        f'env.{upper}_ROOT = "{{root}}"',
                    ],
                ),
            )
            written += 1
    years = sorted({maya_version(i).split(".")[0] for i in range(versions)})
    repo.maya_request = f"maya-{years[-2] if len(years) > 1 else years[0]}"
    repo.package_files = written
    backdate(path, RELEASED_AGO_S)
    return repo


def backdate(root: str, seconds: float) -> None:
    """Set the times of everything under ``root`` ``seconds`` back, as a
    repository released that long ago."""
    when = time.time() - seconds
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (when, when))
        os.utime(folder, (when, when))


def addon_settings(repo: SyntheticRepo, plugin_count: int) -> Dict:
    """Settings of the addon (standalone file shape) for ``APP_NAME``.

    The application requests maya; each plug-in is a tool with its own
    JSON environment, all given to the task by one ``project_tools``
    profile, so a launch composes maya + ``plugin_count`` plug-ins and
    applies ``plugin_count + 3`` JSON environment layers (group,
    variant, tool group, one per tool).
    """
    group, variant = APP_NAME.split("/")
    plugins = repo.plugins[:plugin_count]
    platforms = ("windows", "linux", "darwin")
    tools = [
        {
            "name": name,
            "label": name,
            "rez_request": [name],
            "host_names": [],
            "app_variants": [],
            "environment": json.dumps(
                {f"{name.upper()}_LICENSE": "5053@license-server"}
            ),
        }
        for name in plugins
    ]
    studio = {
        "rez": {
            "packages_path": {name: [repo.path] for name in platforms},
            "local_cache_path": {name: "" for name in platforms},
            "memcached_uri": [],
            # Resolves are measured; the click section turns it on.
            "resolve_cache": {
                "enabled": False,
                "path": {name: "" for name in platforms},
            },
            "resolve_time_limit_s": 0,
            "implicit_packages": [],
            "extra_config": "{}",
        },
        "ayon_request": {
            "mode": "weak",
            "package_name_template": "ayon_{addon_name}",
            "include_launcher": True,
            "launcher_package_name": "ayon_launcher",
            "extra": [],
        },
        "applications": [
            {
                "name": group,
                "label": "Maya",
                "icon": "",
                "host_name": "maya",
                "enabled": True,
                "rez_request": ["maya"],
                "environment": json.dumps(
                    {
                        "MAYA_DISABLE_CLIC_IPM": "Yes",
                        "MAYA_SCRIPT_PATH": [
                            "{MAYA_LOCATION}/scripts",
                            "{MAYA_SCRIPT_PATH}",
                        ],
                    }
                ),
                "variants": [
                    {
                        "name": variant,
                        "label": variant,
                        "enabled": True,
                        "rez_request": [repo.maya_request],
                        "command": ["maya"],
                        "command_per_platform": {
                            name: [] for name in platforms
                        },
                        "arguments": {name: [] for name in platforms},
                        "environment": json.dumps(
                            {"MAYA_RENDER_SETUP_INCLUDE_ALL_LIGHTS": "0"}
                        ),
                    }
                ],
            }
        ],
        "tools": [
            {
                "name": "plugins",
                "label": "Plug-ins",
                "environment": "{}",
                "variants": tools,
            }
        ],
        "project_applications": {
            "profiles": [
                {
                    "task_types": [],
                    "folder_paths": [],
                    "task_names": [],
                    "allow_type": "all_applications",
                    "applications": [],
                }
            ]
        },
        "project_tools": {
            "profiles": [
                {
                    "task_types": [],
                    "folder_paths": [],
                    "task_names": [],
                    "tools": [f"plugins/{name}" for name in plugins],
                }
            ]
        },
        "project_overrides": {"extra_requests": [], "timestamp": ""},
    }
    return {
        "studio": studio,
        "projects": {PROJECT: {}},
        "bundle": {
            "name": "Bench-Production",
            "launcher_version": "1.3.2",
            "addons": {"core": "1.4.4", "applications": "2.0.0+rez"},
        },
    }


def write_settings(repo: SyntheticRepo, plugin_count: int, path: str) -> str:
    """Write :func:`addon_settings` as a settings file; returns ``path``."""
    _write(path, json.dumps(addon_settings(repo, plugin_count), indent=2))
    return path


def main(argv: List[str]) -> int:
    """Build a repository in the folder given (for a look at it)."""
    if len(argv) != 1:
        sys.stderr.write("usage: python -m benchmarks.repo DIR\n")
        return 2
    repo = build(argv[0])
    print(
        f"{repo.package_files} package.py files in {repo.path};"
        f" request: {' '.join(repo.request(3))} ..."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
