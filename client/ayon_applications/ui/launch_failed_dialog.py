"""Shows why a launch failed, in the launcher's own Qt.

Run by the AYON launcher as a separate process with the path of a JSON
file ``{"title", "message"}`` (``"detail"`` too, as Ynput's addon writes
it); the message is shown as is, selectable so artists can paste it into
a ticket. The first line is the summary, the whole text the details.
"""
import json
import sys
from typing import Any, Dict

from qtpy import QtCore, QtWidgets

DEFAULT_TITLE = "Application launch failed"


def build_dialog(data: Dict[str, Any]) -> QtWidgets.QMessageBox:
    """The dialog for a failure description (not shown yet)."""
    dialog = QtWidgets.QMessageBox()
    dialog.setWindowTitle(data.get("title") or DEFAULT_TITLE)
    dialog.setIcon(QtWidgets.QMessageBox.Critical)
    message = data.get("message") or ""
    lines = message.splitlines() or [""]
    dialog.setText(lines[0])
    details = "\n".join(
        part for part in (
            message if len(lines) > 1 else "", data.get("detail") or "",
        ) if part
    )
    if details:
        dialog.setDetailedText(details)
    dialog.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
    dialog.setStandardButtons(QtWidgets.QMessageBox.Close)
    return dialog


def main(path: str) -> int:
    """Show the dialog described by the JSON file at ``path``."""
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    from ayon_core.style import load_stylesheet
    from ayon_core.tools.utils import get_ayon_qt_app

    app = get_ayon_qt_app()
    dialog = build_dialog(data)
    dialog.setStyleSheet(load_stylesheet())
    dialog.show()
    return app.exec_()


if __name__ == "__main__":
    sys.exit(main(sys.argv[-1]))
