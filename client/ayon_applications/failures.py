"""How a failure reaches the user: one readable message, exit code 1.

Every command body and launch from the AYON launcher runs through
:func:`run_guarded`. A failure the user can fix (bad settings, unknown
package, conflict, command not found...) is shown as its message; an
unexpected one as one line too, its traceback only in the debug log
(``-v``). The message goes to stderr (:func:`print_failure`), and in the
AYON launcher outside headless mode also to a dialog
(:func:`report_failure`).
"""
import json
import logging
import os
import sys
import tempfile
from typing import Callable

from .constants import APPLICATIONS_ADDON_ROOT
from .exceptions import (
    ApplicationExecutableNotFound,
    ApplicationLaunchFailed,
    ApplicationNotFound,
)

log = logging.getLogger(__name__)

USER_ERRORS = (
    ApplicationLaunchFailed,
    ApplicationNotFound,
    ApplicationExecutableNotFound,
    TimeoutError,
)

FAILED_DIALOG_SCRIPT = os.path.join(
    APPLICATIONS_ADDON_ROOT, "ui", "launch_failed_dialog.py"
)

#: Shows a failure to the user; replaced by a dialog in the AYON UI.
FailureReporter = Callable[[str], None]


def print_failure(message: str) -> None:
    """Report a failure on stderr."""
    sys.stderr.write(f"ERROR: {message}\n")


def report_failure(message: str) -> None:
    """Show a failed launch to the user.

    The message always goes to stderr. Outside headless mode
    (``AYON_HEADLESS_MODE=1``) it is also shown in a dialog, run in its own
    launcher process as the old addon did, so no Qt is imported here.
    """
    print_failure(message)
    if os.environ.get("AYON_HEADLESS_MODE") == "1":
        return
    try:
        from ayon_core.lib import run_ayon_launcher_process
    except ImportError:
        return
    fd, path = tempfile.mkstemp(prefix="ayon_launch_failed_", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(
                {"title": "Application launch failed", "message": message},
                stream,
            )
        run_ayon_launcher_process(
            "--skip-bootstrap", FAILED_DIALOG_SCRIPT, path,
            add_sys_paths=True, creationflags=0,
        )
    finally:
        os.remove(path)


def run_guarded(
    body: Callable[[], int], report: FailureReporter = print_failure
) -> int:
    """Run a command body; a failure is reported and gives exit 1."""
    try:
        return body()
    except USER_ERRORS as exc:
        message = str(exc)
        if isinstance(exc, KeyError):
            message = exc.args[0] if exc.args else message
        report(message)
        return 1
    except Exception as exc:  # noqa: BLE001 - still one message, exit 1
        log.debug("Unexpected error", exc_info=True)
        # the traceback only in the debug log (-v): one line for users
        report(
            f"An unexpected error happened: {exc.__class__.__name__}:"
            f" {exc} (the log at debug level, -v, shows where)"
        )
        return 1
