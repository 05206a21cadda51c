"""Small dialogs: go to a date, and the options of a timeline image export."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .qt import (QDate, QDateEdit, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
                 QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QRadioButton, QSpinBox,
                 QVBoxLayout, QWidget)

IMAGE_FILTER = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"



def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons

class GoToDateDialog(QDialog):
    def __init__(self, initial: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Go to date")
        self.edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self.edit.setAccessibleName("Date to show")
        layout = QFormLayout(self)
        layout.addRow("Date:", self.edit)
        layout.addRow(ok_cancel(self))

    def chosen(self) -> date:
        return self.edit.date().toPython()


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
