"""The Process Monitor window, its tray action and the launch failure
dialog, driven with a real Qt (PySide6 through qtpy, offscreen: see
``conftest.py``) and pytest-qt."""
import os
import time
from pathlib import Path

import pytest
from qtpy import QtCore, QtWidgets

from ayon_applications.process import ProcessInfo, ProcessManager
from ayon_applications.process_liveness import process_create_time
from ayon_applications.process_report import COLUMNS
from ayon_applications.ui.launch_failed_dialog import build_dialog
from ayon_applications.ui.process_monitor import (
    NO_OUTPUT_TEXT,
    ProcessMonitorWindow,
)

STATUS = COLUMNS.index("Status")
APP = COLUMNS.index("Application")


@pytest.fixture
def records(tmp_path, monkeypatch):
    """Three records: a running process, one that exited 2 with a log,
    one gone unseen. Newest first: running, exited, ended."""
    monkeypatch.setenv("AYON_LAUNCHER_LOCAL_DIR", str(tmp_path / "local"))
    manager = ProcessManager()
    log = manager.new_output_path("nuke/15")
    with open(log, "w", encoding="utf-8") as stream:
        stream.write("Nuke 15\n\x1b[31mERROR: no license\x1b[0m\n")
    now = time.time()
    manager.store_process_info(ProcessInfo(
        name="houdini/20-5", executable="houdini", pid=None,
        start_time=now - 300, project_name="show", task_name="fx",
    ))
    manager.store_process_info(ProcessInfo(
        name="nuke/15", executable="nuke", pid=None, start_time=now - 200,
        output=Path(log), exit_code=2, ended=True,
        project_name="show", folder_path="/shots/sh010", task_name="comp",
    ))
    manager.store_process_info(ProcessInfo(
        name="maya/2025", executable="maya", pid=os.getpid(),
        start_time=process_create_time(os.getpid()) or now,
        project_name="show", folder_path="/shots/sh020", task_name="anim",
    ))
    return manager


def _column(window, column):
    model = window._view.model()
    return [
        model.index(row, column).data() for row in range(model.rowCount())
    ]


def _answer(monkeypatch, button):
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "question", lambda *args, **kwargs: button
    )


def test_window_lists_recorded_processes_with_status(qtbot, records):
    window = ProcessMonitorWindow(manager=records, refresh_interval_ms=0)
    qtbot.addWidget(window)
    window.show()

    assert window.windowTitle() == "AYON Process Monitor"
    headers = [
        window._view.model().headerData(i, QtCore.Qt.Horizontal)
        for i in range(len(COLUMNS))
    ]
    assert headers == list(COLUMNS)
    assert _column(window, APP) == ["maya/2025", "nuke/15", "houdini/20-5"]
    assert _column(window, STATUS) == [
        "running", "exited 2", "ended (exit code unknown)",
    ]
    assert _column(window, COLUMNS.index("Folder"))[:2] == [
        "/shots/sh020", "/shots/sh010",
    ]
    assert window._status_label.text() == "3 processes, 1 running"


def test_selecting_a_row_shows_its_output(qtbot, records):
    window = ProcessMonitorWindow(manager=records, refresh_interval_ms=0)
    qtbot.addWidget(window)
    window.show()

    window.select_row(1)
    assert window.selected_process().name == "nuke/15"
    # the log, colour codes taken out
    assert window.output_text() == "Nuke 15\nERROR: no license\n"
    window.select_row(0)
    assert window.output_text() == NO_OUTPUT_TEXT


def test_refresh_button_shows_new_launches_and_keeps_selection(
    qtbot, records
):
    window = ProcessMonitorWindow(manager=records, refresh_interval_ms=0)
    qtbot.addWidget(window)
    window.show()
    window.select_row(1)

    records.store_process_info(ProcessInfo(
        name="blender/4-2", executable="blender", start_time=time.time(),
        exit_code=0, ended=True,
    ))
    assert window._view.model().rowCount() == 3
    qtbot.mouseClick(window._refresh_btn, QtCore.Qt.LeftButton)

    assert _column(window, APP)[0] == "blender/4-2"
    assert window._view.model().rowCount() == 4
    assert window.selected_process().name == "nuke/15"


def test_window_refreshes_by_itself_while_shown(qtbot, records):
    window = ProcessMonitorWindow(manager=records, refresh_interval_ms=20)
    qtbot.addWidget(window)
    window.show()
    records.store_process_info(ProcessInfo(
        name="blender/4-2", executable="blender", start_time=time.time(),
    ))
    qtbot.waitUntil(lambda: window._view.model().rowCount() == 4)
    window.hide()
    assert not window._timer.isActive()


def test_delete_selected_asks_then_removes_record_and_log(
    qtbot, records, monkeypatch
):
    window = ProcessMonitorWindow(manager=records, refresh_interval_ms=0)
    qtbot.addWidget(window)
    window.show()
    window.select_row(1)
    log = window.selected_process().output
    assert log.exists()

    _answer(monkeypatch, QtWidgets.QMessageBox.No)
    qtbot.mouseClick(window._delete_btn, QtCore.Qt.LeftButton)
    assert window._view.model().rowCount() == 3

    _answer(monkeypatch, QtWidgets.QMessageBox.Yes)
    qtbot.mouseClick(window._delete_btn, QtCore.Qt.LeftButton)
    assert _column(window, APP) == ["maya/2025", "houdini/20-5"]
    assert not log.exists()
    assert not window._delete_btn.isEnabled()  # nothing selected now


def test_clean_inactive_keeps_only_running_processes(
    qtbot, records, monkeypatch
):
    window = ProcessMonitorWindow(manager=records, refresh_interval_ms=0)
    qtbot.addWidget(window)
    window.show()
    assert window._clean_btn.isEnabled()

    _answer(monkeypatch, QtWidgets.QMessageBox.Yes)
    qtbot.mouseClick(window._clean_btn, QtCore.Qt.LeftButton)

    assert _column(window, APP) == ["maya/2025"]
    assert window._status_label.text().startswith("Deleted 2 records.")
    assert not window._clean_btn.isEnabled()
    assert [p.name for p in records.get_all_process_info()] == ["maya/2025"]


def test_storage_error_is_shown_in_the_window(qtbot, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    window = ProcessMonitorWindow(
        manager=ProcessManager(str(not_a_folder)), refresh_interval_ms=0
    )
    qtbot.addWidget(window)
    window.show()
    assert window._status_label.text().startswith("Error: ")
    assert window._view.model().rowCount() == 0


def test_tray_action_opens_one_process_monitor(
    qtbot, records, applications_addon_class
):
    import inspect

    from ayon_core.addon import AddonsManager, ITrayAction

    assert issubclass(applications_addon_class, ITrayAction)
    assert not inspect.isabstract(applications_addon_class)
    addon = applications_addon_class(AddonsManager(addons=[]), {})
    addon.tray_init()
    tray_menu = QtWidgets.QMenu()
    qtbot.addWidget(tray_menu)
    addon.tray_menu(tray_menu)

    admin = addon.admin_submenu(tray_menu)
    assert admin.title() == "Admin"
    assert admin.menuAction().isVisible()
    [action] = admin.actions()
    assert action.text() == "Process Monitor"

    action.trigger()
    window = addon._process_monitor_window
    qtbot.addWidget(window)
    assert window.isVisible()
    assert _column(window, APP) == ["maya/2025", "nuke/15", "houdini/20-5"]
    window.close()
    action.trigger()
    assert addon._process_monitor_window is window
    assert window.isVisible()


def test_addon_without_ayon_core_has_the_tray_names():
    from ayon_applications import ApplicationsAddon

    assert ApplicationsAddon.label == "Process Monitor"
    assert ApplicationsAddon.admin_action is True


def test_failure_dialog_shows_summary_and_whole_message(qtbot):
    message = (
        "Could not resolve maya/2025 in project show\n"
        "request: maya-2025 ~ayon_core==1.4.0\nconflict: python-2 <--!--> "
        "python-3"
    )
    dialog = build_dialog({"title": "Launch failed", "message": message})
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.windowTitle() == "Launch failed"
    assert dialog.text() == "Could not resolve maya/2025 in project show"
    assert dialog.detailedText() == message
    assert dialog.textInteractionFlags() & QtCore.Qt.TextSelectableByMouse
    details = dialog.findChild(QtWidgets.QTextEdit)
    assert not details.isVisible()
    show = next(
        button for button in dialog.buttons()
        if dialog.buttonRole(button) == QtWidgets.QMessageBox.ActionRole
    )
    qtbot.mouseClick(show, QtCore.Qt.LeftButton)
    assert details.isVisible()
    assert details.toPlainText() == message


def test_failure_dialog_reads_ynput_payload(qtbot):
    dialog = build_dialog({"message": "Unexpected error", "detail": "Trace"})
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Application launch failed"
    assert dialog.text() == "Unexpected error"
    assert dialog.detailedText() == "Trace"
    close = dialog.button(QtWidgets.QMessageBox.Close)
    qtbot.mouseClick(close, QtCore.Qt.LeftButton)
    assert not dialog.isVisible()
