"""Shows why a launch failed, in the launcher's own Qt.

Run by the AYON launcher as a separate process with the path of a JSON
file ``{"title", "message"}``; the message is shown as is, selectable so
artists can paste it into a ticket.
"""
import json
import sys


def main(path: str) -> int:
    """Show the dialog described by the JSON file at ``path``."""
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    from ayon_core.style import load_stylesheet
    from ayon_core.tools.utils import get_ayon_qt_app
    from qtpy import QtCore, QtWidgets

    app = get_ayon_qt_app()
    dialog = QtWidgets.QMessageBox()
    dialog.setWindowTitle(data.get("title") or "Application launch failed")
    dialog.setIcon(QtWidgets.QMessageBox.Critical)
    lines = (data.get("message") or "").splitlines() or [""]
    dialog.setText(lines[0])
    if len(lines) > 1:
        dialog.setDetailedText("\n".join(lines))
    dialog.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
    dialog.setStyleSheet(load_stylesheet())
    dialog.show()
    return app.exec_()


if __name__ == "__main__":
    sys.exit(main(sys.argv[-1]))
