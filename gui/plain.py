"""Article text on screen as plain text, never as markup.

Qt guesses whether a tooltip, a message box or a label is rich text; a page titled
``<img src='/dev/zero'>`` would then be rendered (and Qt would read /dev/zero until memory
runs out). Tooltips go through ``tip`` (escaped inside an explicit rich-text envelope),
labels and message boxes are set to Qt.PlainText.
"""
from __future__ import annotations

import html

from .qt import QLabel, QMessageBox, Qt, QWidget


def tip(*lines: str) -> str:
    """A tooltip showing ``lines`` literally, whatever characters they hold."""
    body = "<br>".join(html.escape(str(line)).replace("\n", "<br>") for line in lines)
    return f"<qt>{body}</qt>"


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.PlainText)
    label.setText(text)
    return label


def warn(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A warning whose text (file names, error messages) is shown as written."""
    box = QMessageBox(QMessageBox.Warning, title, "", QMessageBox.Ok, parent)
    box.setTextFormat(Qt.PlainText)
    box.setText(text)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.setModal(False)  # the window stays usable; the status bar says the same
    box.show()
    return box
