"""A date typed as text ("3 Jan 2014", "Jan 2014", "1066", "44 BC"), read by model.typed_dates.

Replaces QDateEdit, which starts at 14 September 1752 and knows no year BC. The field says
why a text is not a date (tooltip and a red frame) and keeps its last good value.
"""
from __future__ import annotations

from model.typed_dates import EXAMPLES, DateTextError, TypedDate, parse_date

from .plain import tip
from .qt import QLineEdit, QWidget, Signal


class DateField(QLineEdit):
    """Emits ``dateChanged`` when the text becomes another valid date."""

    dateChanged = Signal()

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._name = name
        self.value: TypedDate | None = None
        self.error = ""
        self.setPlaceholderText("e.g. 3 Jan 2014")
        self.setAccessibleName(name)
        self.setToolTip(tip(name, f"Type a date: {EXAMPLES}"))
        self.setMinimumWidth(96)
        self.setMaximumWidth(130)
        self.textChanged.connect(self._check)

    def set_value(self, value: TypedDate | None, text: str | None = None) -> None:
        """Show ``value`` (without emitting ``dateChanged``)."""
        self.blockSignals(True)
        self.value = value
        self.setText(text if text is not None else (value.label() if value else ""))
        self.blockSignals(False)
        self._show_error("")

    def _check(self, text: str) -> None:
        try:
            value = parse_date(text)
        except DateTextError as error:
            self._show_error(str(error))
            return
        self._show_error("")
        if value != self.value:
            self.value = value
            self.dateChanged.emit()

    def _show_error(self, message: str) -> None:
        self.error = message
        self.setStyleSheet("QLineEdit { border: 1px solid #d0413e; }" if message else "")
        self.setToolTip(tip(message) if message else tip(self._name, f"Type a date: {EXAMPLES}"))
