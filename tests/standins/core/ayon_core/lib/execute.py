"""STAND-IN for ``ayon_core.lib.execute`` (cannot be installed from the
package index).

``run_ayon_launcher_process`` does not start a process here: the call is
recorded in ``ayon_core._standin.LAUNCHER_PROCESSES`` (stand-in only). The
old Applications addon shows "launch failed" to artists by running its own
``ui/launch_failed_dialog.py`` this way, with a temporary JSON file holding
``{"message": ..., "detail": ...}`` that it deletes right after; so the
record also keeps the content of every argument that is a readable JSON
file, under ``"files"``.
"""
import json
import os
import sys


def get_ayon_launcher_args(*args):
    """Arguments to start the AYON launcher followed by ``args``.

    ``AYON_EXECUTABLE`` (set by the launcher) or the current Python.
    """
    executable = os.environ.get("AYON_EXECUTABLE") or sys.executable
    return [executable, *args]


def run_ayon_launcher_process(*args, add_sys_paths=False, **kwargs):
    from ayon_core import _standin

    files = {}
    for arg in args:
        if isinstance(arg, str) and os.path.isfile(arg):
            try:
                with open(arg) as stream:
                    files[arg] = json.load(stream)
            except (OSError, ValueError):
                pass
    _standin.LAUNCHER_PROCESSES.append({
        "args": get_ayon_launcher_args(*args),
        "add_sys_paths": add_sys_paths,
        "kwargs": dict(kwargs),
        "files": files,
    })
    return ""
