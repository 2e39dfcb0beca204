"""One click (or one farm extraction) in this new process, as a benchmark.

    python -m benchmarks.click_worker MODE --report FILE -- ARGS...

``MODE``:

* ``addon``: the addon's own command line, ``python -m
  ayon_applications ARGS`` (``launch`` or ``extractenvironments``);
* ``subprocess``: the same command line, but the resolve goes through a
  ``python -c`` child per launch that imports rez, resolves and prints
  the environment as JSON (the approach the addon replaces);
* ``rez``: plain rez, no addon: ``ARGS`` are ``launch|extract OUTPUT
  PACKAGES_PATH REQUEST...``; resolve, environment, then start the
  program (``maya`` on the resolved ``PATH``) or write the environment
  as JSON.

Every mode counts the ``package.py`` files this process opens (an audit
hook; the subprocess approach's child is not counted) and writes a JSON
report to ``--report``: opens, whether rez was imported, and where the
resolve came from. Nothing here is timed: the parent times the process.
"""
import json
import os
import subprocess
import sys
from typing import Any, Dict, List, Optional, Sequence

_OPENS = {"package.py": 0}


def _audit(event: str, args: Any) -> None:
    if event == "open" and isinstance(args[0], str) and args[0].endswith(
        ("package.py", "package.yaml")
    ):
        _OPENS["package.py"] += 1


#: The subprocess approach's child: resolve, print the context's
#:   environment and its serialised form as JSON.
SUBPROCESS_CODE = (
    "import json, os, sys\n"
    "from rez.config import config\n"
    "from rez.resolved_context import ResolvedContext\n"
    "args = json.loads(sys.argv[1])\n"
    "config.override('parent_variables', args['parent_variables'])\n"
    "ctx = ResolvedContext(args['requests'],"
    " package_paths=args['paths'], add_implicit_packages=False,"
    " timestamp=args['timestamp'])\n"
    "json.dump({'environ': ctx.get_environ(parent_environ=os.environ),"
    " 'context': ctx.to_dict()}, sys.stdout)\n"
)


class SubprocessResolution:
    """What the launch pipeline needs of a resolution, from a child
    process run when the environment is first asked for."""

    from_cache = False
    cache_source = ""
    reused_from = None
    solve_time = 0.0

    dev_packages: List[Any] = []

    def __init__(self, request: Any, rez_settings: Any, subject: str,
                 timestamp: Optional[int]) -> None:
        self.request = request
        self.rez_settings = rez_settings
        self.subject = subject
        self.requested_timestamp = timestamp
        self.data: Dict[str, Any] = {}

    def aliases(self) -> Dict[str, str]:
        """None: the child printed only the environment."""
        return {}

    def variable_origins(self) -> Dict[str, List[str]]:
        """None known (only ``resolve`` asks)."""
        return {}

    def environ(self, parent: Dict[str, str],
                parent_variables: Sequence[str] = ()) -> Dict[str, str]:
        """Run the child with ``parent`` as its environment (once)."""
        self._run(parent, parent_variables)
        env = dict(parent)
        env.update(self.data["environ"])
        return env

    def _run(self, parent: Dict[str, str],
             parent_variables: Sequence[str] = ("PATH", "PYTHONPATH")) -> None:
        """The one child of this launch (with the first parent asked)."""
        if self.data:
            return
        args = {
            "requests": list(self.request.requests),
            "paths": list(self.rez_settings.packages_path),
            "timestamp": self.requested_timestamp,
            "parent_variables": [
                name for name in parent_variables if parent.get(name)
            ],
        }
        completed = subprocess.run(
            [sys.executable, "-c", SUBPROCESS_CODE, json.dumps(args)],
            env=parent, capture_output=True, text=True, check=True,
        )
        self.data = json.loads(completed.stdout)

    def _variables(self) -> List[Dict[str, Any]]:
        self._run(dict(os.environ))  # asked before the environment
        return [
            handle["variables"]
            for handle in self.data["context"]["resolved_packages"]
        ]

    @property
    def packages(self) -> List[str]:
        """Resolved ``name-version``."""
        return [f"{v['name']}-{v['version']}" for v in self._variables()]

    @property
    def package_versions(self) -> Dict[str, str]:
        """Name to version."""
        return {v["name"]: v["version"] for v in self._variables()}

    @property
    def timestamp(self) -> int:
        """The resolve's time."""
        self._run(dict(os.environ))
        context = self.data["context"]
        return int(context["requested_timestamp"] or context["timestamp"])

    def fingerprint(self) -> str:
        """A digest of the resolve (names the saved ``.rxt``)."""
        import hashlib

        text = json.dumps(self.packages) + json.dumps(self.request.requests)
        return hashlib.sha1(text.encode()).hexdigest()

    def save(self, path: str) -> str:
        """Write the ``.rxt`` as rez does."""
        self._run(dict(os.environ))
        with open(path, "w", encoding="utf-8") as stream:
            json.dump(self.data["context"], stream, indent=4,
                      separators=(",", ": "), sort_keys=True)
        return path


def _replace_resolve(make: Any) -> None:
    """Put ``make(original)`` in the place of the addon's resolve,
    also where modules imported the name before (the launch pipeline).
    """
    from ayon_applications import resolver

    original = resolver.resolve
    replacement = make(original)
    for name, module in list(sys.modules.items()):
        if name.startswith("ayon_applications") and getattr(
            module, "resolve", None
        ) is original:
            module.resolve = replacement


def _subprocess_resolve(_original: Any) -> Any:
    def resolve(request: Any, rez_settings: Any, subject: str,
                timestamp: Optional[int] = None) -> SubprocessResolution:
        return SubprocessResolution(
            request, rez_settings, subject, timestamp
        )

    return resolve


def _watched_resolve(report: Dict[str, Any]) -> Any:
    def make(original: Any) -> Any:
        def resolve(*args: Any, **kwargs: Any) -> Any:
            resolution = original(*args, **kwargs)
            report["cache_source"] = resolution.cache_source
            return resolution

        return resolve

    return make


def _addon(mode: str, args: List[str], report: Dict[str, Any]) -> int:
    if mode == "subprocess":
        _replace_resolve(_subprocess_resolve)
    else:
        _replace_resolve(_watched_resolve(report))
    from ayon_applications.__main__ import main

    return main(args)


def _plain_rez(args: List[str], report: Dict[str, Any]) -> int:
    import shutil

    from rez.config import config
    from rez.resolved_context import ResolvedContext

    action, output, path, *request = args
    config.override("parent_variables", ["PATH", "PYTHONPATH"])
    context = ResolvedContext(
        request, package_paths=[path], add_implicit_packages=False
    )
    report["cache_source"] = "memcached" if context.from_cache else ""
    env = dict(os.environ)
    env.update(context.get_environ(parent_environ=os.environ))
    if action == "extract":
        with open(output, "w", encoding="utf-8") as stream:
            json.dump(env, stream, indent=4, sort_keys=True)
        return 0
    program = shutil.which("maya", path=env["PATH"])
    subprocess.Popen([program], env=env)
    return 0


def main(argv: List[str]) -> int:
    """Entry point."""
    mode, _flag, report_path, _sep, *args = argv
    sys.addaudithook(_audit)
    report: Dict[str, Any] = {"cache_source": ""}
    if mode == "rez":
        code = _plain_rez(args, report)
    else:
        code = _addon(mode, args, report)
    report["package_py_opens"] = _OPENS["package.py"]
    report["rez_imported"] = "rez" in sys.modules
    with open(report_path, "w", encoding="utf-8") as stream:
        json.dump(report, stream)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
