"""Process Monitor: the launched processes of this user and their output.

Opened from the tray (the addon's tray action) or on its own with
``python -m ayon_applications.ui.process_monitor``. It reads the records
of ``ayon_applications.process``; the records are small and local, so
reading them on the UI thread every few seconds is cheap.
"""
import re
import sys
from typing import List, Optional

from qtpy import QtCore, QtGui, QtWidgets

from ayon_applications.process import (
    STATUS_EXITED,
    STATUS_RUNNING,
    ProcessInfo,
    ProcessManager,
    ProcessStorageError,
)
from ayon_applications.process_report import COLUMNS, row_values

REFRESH_INTERVAL_MS = 2000
HASH_ROLE = QtCore.Qt.UserRole + 1
NO_OUTPUT_TEXT = (
    "No output kept for this process. Turn on \"Redirect output to"
    " Process Monitor\" on the application variant to keep it."
)
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def _status_color(process: ProcessInfo) -> QtGui.QColor:
    if process.status == STATUS_RUNNING:
        return QtGui.QColor(90, 200, 120)
    if process.status == STATUS_EXITED and process.exit_code == 0:
        return QtGui.QColor(150, 150, 150)
    if process.status == STATUS_EXITED:
        return QtGui.QColor(230, 100, 90)
    return QtGui.QColor(200, 170, 90)


class ProcessMonitorWindow(QtWidgets.QDialog):
    """Launched processes, newest first, with the selected one's output.

    Args:
        parent: Parent widget.
        manager: Records to show (this user's by default).
        refresh_interval_ms: Automatic refresh while shown; 0 turns it off.
    """

    def __init__(
        self,
        parent: Optional[QtWidgets.QWidget] = None,
        manager: Optional[ProcessManager] = None,
        refresh_interval_ms: int = REFRESH_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("AYON Process Monitor")
        self.resize(1000, 600)
        self._manager = manager or ProcessManager()
        self._processes: List[ProcessInfo] = []
        self._shown_output_hash: Optional[str] = None

        refresh_btn = QtWidgets.QPushButton("Refresh", self)
        clean_btn = QtWidgets.QPushButton("Clean Inactive", self)
        clean_btn.setToolTip(
            "Delete the records and logs of processes no longer running"
        )
        delete_btn = QtWidgets.QPushButton("Delete Selected", self)
        delete_btn.setToolTip("Delete the selected record and its log")

        toolbar = QtWidgets.QHBoxLayout()
        toolbar.addWidget(refresh_btn)
        toolbar.addWidget(clean_btn)
        toolbar.addWidget(delete_btn)
        toolbar.addStretch(1)

        model = QtGui.QStandardItemModel(0, len(COLUMNS), self)
        model.setHorizontalHeaderLabels(list(COLUMNS))
        view = QtWidgets.QTreeView(self)
        view.setModel(model)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
        view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        view.setSelectionMode(QtWidgets.QAbstractItemView.SingleSelection)

        output_view = QtWidgets.QPlainTextEdit(self)
        output_view.setReadOnly(True)
        output_view.setLineWrapMode(QtWidgets.QPlainTextEdit.NoWrap)
        output_view.setFont(
            QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.FixedFont)
        )
        output_view.setPlaceholderText(
            "Select a process to see its output."
        )

        splitter = QtWidgets.QSplitter(QtCore.Qt.Vertical, self)
        splitter.addWidget(view)
        splitter.addWidget(output_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        status_label = QtWidgets.QLabel(self)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(status_label)

        timer = QtCore.QTimer(self)
        timer.setInterval(refresh_interval_ms)

        refresh_btn.clicked.connect(self.refresh)
        clean_btn.clicked.connect(self._on_clean_clicked)
        delete_btn.clicked.connect(self._on_delete_clicked)
        view.selectionModel().selectionChanged.connect(
            self._on_selection_changed
        )
        timer.timeout.connect(self.refresh)

        self._refresh_btn = refresh_btn
        self._clean_btn = clean_btn
        self._delete_btn = delete_btn
        self._model = model
        self._view = view
        self._output_view = output_view
        self._status_label = status_label
        self._timer = timer
        self._refresh_interval_ms = refresh_interval_ms
        self._update_buttons()

    # --- Data -----------------------------------------------------------
    def refresh(self) -> None:
        """Read the records again; the selection is kept."""
        selected = self.selected_process()
        selected_hash = selected.hash if selected else None
        try:
            processes = self._manager.get_all_process_info()
        except (OSError, ProcessStorageError) as exc:
            self._status_label.setText(f"Error: {exc}")
            return
        self._processes = processes
        self._model.removeRows(0, self._model.rowCount())
        for process in processes:
            items = [QtGui.QStandardItem(text) for text in row_values(process)]
            items[0].setData(process.hash, HASH_ROLE)
            items[1].setForeground(_status_color(process))
            for item in items:
                item.setToolTip(item.text())
            self._model.appendRow(items)
        for column in range(len(COLUMNS) - 1):
            self._view.resizeColumnToContents(column)
        running = sum(1 for p in processes if p.status == STATUS_RUNNING)
        self._status_label.setText(
            f"{len(processes)} processes, {running} running"
        )
        row = self._row_of(selected_hash)
        if row is not None:
            self._view.selectionModel().select(
                self._model.index(row, 0),
                QtCore.QItemSelectionModel.ClearAndSelect
                | QtCore.QItemSelectionModel.Rows,
            )
        self._show_output(force=False)
        self._update_buttons()

    def processes(self) -> List[ProcessInfo]:
        """The records shown, in row order."""
        return list(self._processes)

    def selected_process(self) -> Optional[ProcessInfo]:
        """The record of the selected row, if any."""
        rows = self._view.selectionModel().selectedRows()
        if not rows:
            return None
        process_hash = self._model.item(rows[0].row(), 0).data(HASH_ROLE)
        for process in self._processes:
            if process.hash == process_hash:
                return process
        return None

    def select_row(self, row: int) -> None:
        """Select a row (the output below follows)."""
        self._view.setCurrentIndex(self._model.index(row, 0))

    def _row_of(self, process_hash: Optional[str]) -> Optional[int]:
        for row, process in enumerate(self._processes):
            if process.hash == process_hash:
                return row
        return None

    # --- Output ---------------------------------------------------------
    def _show_output(self, force: bool) -> None:
        process = self.selected_process()
        if process is None:
            self._shown_output_hash = None
            self._output_view.clear()
            return
        same = process.hash == self._shown_output_hash
        if same and not force and process.status != STATUS_RUNNING:
            return  # an ended process's log no longer changes
        self._shown_output_hash = process.hash
        try:
            text = self._manager.read_output(process)
        except OSError as exc:
            text = f"Cannot read the output file: {exc}"
        if text is None:
            text = NO_OUTPUT_TEXT
        text = _ANSI_ESCAPE.sub("", text)
        bar = self._output_view.verticalScrollBar()
        at_end = bar.value() == bar.maximum()
        position = bar.value()
        self._output_view.setPlainText(text)
        bar.setValue(bar.maximum() if at_end or not same else position)

    def output_text(self) -> str:
        """The output shown for the selected process."""
        return self._output_view.toPlainText()

    def _on_selection_changed(self, *_args: object) -> None:
        self._show_output(force=True)
        self._update_buttons()

    # --- Actions --------------------------------------------------------
    def _update_buttons(self) -> None:
        self._delete_btn.setEnabled(self.selected_process() is not None)
        self._clean_btn.setEnabled(
            any(p.status != STATUS_RUNNING for p in self._processes)
        )

    def _confirm(self, title: str, text: str) -> bool:
        answer = QtWidgets.QMessageBox.question(
            self, title, text,
            QtWidgets.QMessageBox.Yes | QtWidgets.QMessageBox.No,
            QtWidgets.QMessageBox.No,
        )
        return answer == QtWidgets.QMessageBox.Yes

    def _on_clean_clicked(self) -> None:
        if not self._confirm(
            "Clean inactive processes",
            "Delete the records and output logs of every process that is"
            " no longer running?",
        ):
            return
        try:
            count = self._manager.delete_inactive_processes()
        except (OSError, ProcessStorageError) as exc:
            self._status_label.setText(f"Error: {exc}")
            return
        self.refresh()
        self._status_label.setText(
            f"Deleted {count} records. {self._status_label.text()}"
        )

    def _on_delete_clicked(self) -> None:
        process = self.selected_process()
        if process is None:
            return
        if not self._confirm(
            "Delete process record",
            f"Delete the record of {process.name} (PID {process.pid})"
            " and its output log?",
        ):
            return
        try:
            self._manager.delete_process_info(process.hash)
        except (OSError, ProcessStorageError) as exc:
            self._status_label.setText(f"Error: {exc}")
            return
        self.refresh()

    # --- Qt events ------------------------------------------------------
    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802
        """Refresh, start the automatic refresh, use AYON's style."""
        try:
            from ayon_core.style import load_stylesheet
        except ImportError:  # outside AYON: Qt's own style
            pass
        else:
            self.setStyleSheet(load_stylesheet())
        super().showEvent(event)
        self.refresh()
        if self._refresh_interval_ms > 0:
            self._timer.start()

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # noqa: N802
        """No reading while nobody looks."""
        self._timer.stop()
        super().hideEvent(event)


def main() -> int:
    """Show the window on its own."""
    try:
        from ayon_core.tools.utils import get_ayon_qt_app
    except ImportError:
        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(
            sys.argv
        )
    else:
        app = get_ayon_qt_app()
    window = ProcessMonitorWindow()
    window.show()
    return app.exec_()


if __name__ == "__main__":
    sys.exit(main())
