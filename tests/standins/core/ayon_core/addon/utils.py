"""STAND-IN for ``ayon_core.addon.utils`` (cannot be installed from the
package index).

Each enabled addon's ``ensure_is_process_ready(process_context)`` runs; on
failure the message is printed (headless) or shown in a dialog process
(recorded by the stand-in ``run_ayon_launcher_process``), then the process
exits with 1 when ``exit_on_failure``. When every addon is ready and the
process is not headless, the tray is made sure to run
(``ayon_core.tools.tray.make_sure_tray_is_running``, which the stand-in
records instead of starting one). Returns whether all addons are ready.
"""
import json
import os
import sys
import tempfile
import traceback

from ayon_core.lib import run_ayon_launcher_process

from .base import AddonsManager, ProcessContext, ProcessPreparationError


def _handle_error(process_context, message, detail):
    if process_context.headless:
        if detail:
            print(detail)
        print(f"{10 * '*'}\n{message}\n{10 * '*'}")
        return
    script_path = os.path.join(
        os.path.dirname(os.path.abspath(__file__)),
        "ui", "process_ready_error.py",
    )
    with tempfile.NamedTemporaryFile("w", delete=False) as tmp:
        json.dump({"message": message, "detail": detail}, tmp)
    try:
        run_ayon_launcher_process(
            "--skip-bootstrap", script_path, tmp.name,
            add_sys_paths=True, creationflags=0,
        )
    finally:
        os.remove(tmp.name)


def ensure_addons_are_process_context_ready(
    process_context, addons_manager=None, exit_on_failure=True,
):
    if addons_manager is None:
        addons_manager = AddonsManager()
    exception = message = detail = None
    for addon in addons_manager.get_enabled_addons():
        try:
            addon.ensure_is_process_ready(process_context)
        except ProcessPreparationError as exc:
            exception, message = exc, str(exc)
        except BaseException as exc:
            exception = exc
            message = "An unexpected error occurred."
            detail = "".join(traceback.format_exception(*sys.exc_info()))
        if exception is not None:
            break
    process_context.set_prepared()
    process_context.set_exception(exception)
    if exception is None:
        if not process_context.headless:
            from ayon_core.tools.tray import make_sure_tray_is_running

            make_sure_tray_is_running()
        return True
    _handle_error(process_context, message, detail)
    if exit_on_failure:
        sys.exit(1)
    return False


def ensure_addons_are_process_ready(
    addon_name,
    addon_version,
    project_name=None,
    headless=None,
    *,
    addons_manager=None,
    exit_on_failure=True,
    **kwargs,
):
    context = ProcessContext(
        addon_name, addon_version, project_name, headless, **kwargs
    )
    return ensure_addons_are_process_context_ready(
        context, addons_manager, exit_on_failure
    )
