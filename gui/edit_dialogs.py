"""Dialogs for the researcher's edits: an event's label and dates, its category."""
from __future__ import annotations

from model.day import Day
from model.typed_dates import TypedDate
from model.types import GRANULARITIES, Interval

from .colours import CATEGORIES
from .date_field import DateField
from .dates import as_day
from .dialogs import ok_cancel, show_errors
from .plain import plain_label
from .qt import (QCheckBox, QColor, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QIcon,
                 QLineEdit, QPixmap, QWidget)


def interval_day(day: Day):
    """A Day for the model's Interval (a ``date`` where the model still stores those)."""
    if "Day" in str(Interval.__annotations__.get("start", "")):
        return day
    return day.to_date() or day


class EventDialog(QDialog):
    """Start, end, granularity and 'approximate'; with a label field when ``label`` is given."""

    def __init__(self, title: str, interval: Interval, label: str | None = None,
                 context: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        if context:
            quoted = plain_label(context)
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
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #d0413e")
        self.message.hide()
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
        form.addRow(self.message)
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)
        for field in (self.start, self.end):
            field.textChanged.connect(self._check)
        if self.label is not None:
            self.label.textChanged.connect(self._check)
        self._check()

    @staticmethod
    def _date(d, name: str) -> DateField:
        field = DateField(name)
        day = as_day(d)
        field.set_value(TypedDate(day, day, "day"))
        field.setMaximumWidth(400)
        field.setMinimumWidth(200)
        return field

    def _check(self, *_args) -> None:
        show_errors(self.buttons, self.message, [self.start, self.end])
        ok = self.buttons.button(QDialogButtonBox.Ok).isEnabled()
        if ok and self.end.value.end < self.start.value.start:
            self.message.setText("The end comes before the start")
            self.message.show()
            ok = False
        if self.label is not None and not self.label.text().strip():
            ok = False
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def interval(self) -> Interval:
        """Typed "Jan 2014" as the start means its first day; as the end, its last."""
        start, end = self.start.value.start, self.end.value.end
        return Interval(interval_day(start), interval_day(max(start, end)),
                        self.granularity.currentText(), self.approximate.isChecked())

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
