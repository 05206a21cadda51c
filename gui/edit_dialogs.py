"""Dialogs for the researcher's edits: an event's label and dates, its category."""
from __future__ import annotations

from datetime import date

from model.types import GRANULARITIES, Interval

from .colours import CATEGORIES
from .dialogs import ok_cancel
from .qt import (QCheckBox, QColor, QComboBox, QDate, QDateEdit, QDialog, QDialogButtonBox,
                 QFormLayout, QIcon, QLabel, QLineEdit, QPixmap, QWidget)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class EventDialog(QDialog):
    """Start, end, granularity and 'approximate'; with a label field when ``label`` is given."""

    def __init__(self, title: str, interval: Interval, label: str | None = None,
                 context: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        if context:
            quoted = QLabel(context)
            quoted.setWordWrap(True)
            quoted.setMaximumWidth(460)
            quoted.setEnabled(False)
            form.addRow(quoted)
        self.label = None
        if label is not None:
            self.label = QLineEdit(label)
            self.label.setAccessibleName("Event label")
            self.label.setMinimumWidth(360)
            form.addRow("Event:", self.label)
        self.start = self._date(interval.start, "Start date")
        self.end = self._date(interval.end, "End date (inclusive)")
        self.start.dateChanged.connect(self._keep_order)
        self.granularity = QComboBox()
        self.granularity.addItems(list(GRANULARITIES))
        self.granularity.setCurrentText(interval.granularity)
        self.granularity.setAccessibleName("Granularity")
        self.granularity.setToolTip("How precisely the sources give the date")
        self.approximate = QCheckBox("Approximate (“about”, “early”, “late”…)")
        self.approximate.setChecked(interval.approximate)
        form.addRow("From:", self.start)
        form.addRow("To:", self.end)
        form.addRow("Precision:", self.granularity)
        form.addRow("", self.approximate)
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)
        if self.label is not None:
            self.label.textChanged.connect(self._check)
            self._check()

    @staticmethod
    def _date(d: date, name: str) -> QDateEdit:
        edit = QDateEdit(_qdate(d))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        return edit

    def _keep_order(self, start: QDate) -> None:
        if self.end.date() < start:
            self.end.setDate(start)

    def _check(self) -> None:
        ok = bool(self.label.text().strip())
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def interval(self) -> Interval:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        return Interval(start, max(start, end), self.granularity.currentText(),
                        self.approximate.isChecked())

    def event_label(self) -> str:
        return self.label.text().strip() if self.label is not None else ""


def category_items() -> list[tuple[QIcon, str]]:
    items = []
    for name, colour in CATEGORIES:
        pix = QPixmap(12, 12)
        pix.fill(QColor(colour))
        items.append((QIcon(pix), name))
    return items


class CategoryDialog(QDialog):
    """One of the usual categories, a name of the researcher's own, or none."""

    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Category")
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setAccessibleName("Category")
        self.combo.addItem("(none)")
        for icon, name in category_items():
            self.combo.addItem(icon, name)
        self.combo.setCurrentText(current or "(none)")
        form = QFormLayout(self)
        form.addRow("Category:", self.combo)
        form.addRow(ok_cancel(self))

    def category(self) -> str:
        text = self.combo.currentText().strip()
        return "" if text == "(none)" else text
