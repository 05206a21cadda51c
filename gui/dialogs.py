"""Small dialogs: go to a date, and the options of a timeline image export."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from model.day import Day
from model.typed_dates import TypedDate

from .date_field import DateField
from .plain import plain_label
from .qt import (QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout,
                 QHBoxLayout, QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout,
                 QWidget)

IMAGE_FILTER = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"



def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons

def show_errors(buttons: QDialogButtonBox, message, fields: list[DateField]) -> None:
    """OK only while every date field holds a date; the first problem is said in words."""
    errors = [f.error for f in fields if f.error] + \
        [f"{f.accessibleName()}: type a date" for f in fields if f.value is None and not f.error]
    message.setText(errors[0] if errors else "")
    message.setVisible(bool(errors))
    buttons.button(QDialogButtonBox.Ok).setEnabled(not errors)


class GoToDateDialog(QDialog):
    """A typed day, month or year: the timeline centres on it."""

    def __init__(self, initial: Day, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Go to date")
        self.edit = DateField("Date to show")
        self.edit.set_value(TypedDate(initial, initial, "day"))
        self.edit.setMaximumWidth(400)
        self.edit.setMinimumWidth(200)
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #d0413e")
        self.message.hide()
        self.buttons = ok_cancel(self)
        layout = QFormLayout(self)
        layout.addRow("Date:", self.edit)
        layout.addRow(self.message)
        layout.addRow(self.buttons)
        self.edit.textChanged.connect(
            lambda _t: show_errors(self.buttons, self.message, [self.edit]))

    def chosen(self) -> TypedDate:
        return self.edit.value


@dataclass
class ImageOptions:
    path: str
    current_view: bool
    width_in: float
    height_in: float
    dpi: int


class ExportImageDialog(QDialog):
    """Where to write the image, which range, and how big."""

    def __init__(self, suggested: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export timeline image")
        self.path = QLineEdit(suggested)
        self.path.setAccessibleName("Image file")
        self.path.setToolTip("The extension chooses the format: .png, .svg or .pdf")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.whole = QRadioButton("Whole chronology")
        self.current = QRadioButton("Current view")
        self.whole.setChecked(True)
        ranges = QVBoxLayout()
        ranges.addWidget(self.whole)
        ranges.addWidget(self.current)
        self.width_in = self._inches(12.0, "Width in inches")
        self.height_in = self._inches(5.0, "Height in inches")
        self.dpi = QSpinBox()
        self.dpi.setRange(50, 1200)
        self.dpi.setValue(150)
        self.dpi.setAccessibleName("Resolution in dots per inch")
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("File:", row)
        form.addRow("Range:", ranges)
        form.addRow("Width (in):", self.width_in)
        form.addRow("Height (in):", self.height_in)
        form.addRow("DPI:", self.dpi)
        form.addRow(buttons)

    @staticmethod
    def _inches(value: float, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(2.0, 60.0)
        box.setSingleStep(0.5)
        box.setValue(value)
        box.setAccessibleName(name)
        return box

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export timeline image", self.path.text(),
                                              IMAGE_FILTER)
        if path:
            self.path.setText(path)

    def options(self) -> ImageOptions:
        path = self.path.text().strip()
        if Path(path).suffix.lower() not in (".png", ".svg", ".pdf"):
            path += ".png"
        return ImageOptions(path, self.current.isChecked(), self.width_in.value(),
                            self.height_in.value(), self.dpi.value())
