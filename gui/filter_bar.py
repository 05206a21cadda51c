"""Filters shared by timeline, table and panes: words, sources (also the colour legend), dates."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .colours import source_colour
from .qt import (QCheckBox, QDate, QDateEdit, QHBoxLayout, QIcon, QLabel, QLineEdit, QPixmap,
                 QToolButton, QWidget, Signal)


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Filter events…  (Ctrl+F)")
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName("Filter events by words")
        self.text.setToolTip("Show only events whose label, date or sources contain all words")
        self.text.setMinimumWidth(220)
        self.text.setMaximumWidth(300)
        self.text.textChanged.connect(self.changed)
        self.sources = QHBoxLayout()
        self.sources.setSpacing(10)
        self.boxes: dict[str, QCheckBox] = {}
        self.date_from = self._date_edit("Show events from this date")
        self.date_to = self._date_edit("Show events up to this date")
        reset = QToolButton()
        reset.setText("All dates")
        reset.setToolTip("Reset the date range to the whole chronology")
        reset.clicked.connect(self.reset_dates)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.text)
        layout.addSpacing(12)
        layout.addLayout(self.sources)
        layout.addStretch(1)
        layout.addWidget(QLabel("From"))
        layout.addWidget(self.date_from)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.date_to)
        layout.addWidget(reset)
        self._extent = (date(1, 1, 1), date(9999, 12, 31))

    def _date_edit(self, tip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setToolTip(tip)
        edit.setAccessibleName(tip)
        edit.dateChanged.connect(self.changed)
        return edit

    def set_articles(self, articles) -> None:
        """One checkbox per article, coloured like its lane: the legend of sources."""
        unchecked = {aid for aid, box in self.boxes.items() if not box.isChecked()}
        while self.sources.count():
            self.sources.takeAt(0).widget().deleteLater()
        self.boxes = {}
        for i, a in enumerate(articles):
            box = QCheckBox(a.source)
            pix = QPixmap(12, 12)
            pix.fill(source_colour(i))
            box.setIcon(QIcon(pix))
            box.setChecked(a.id not in unchecked)
            box.setToolTip(f"Show events from “{a.title}”")
            box.setAccessibleName(f"Source {a.source}: {a.title}")
            box.toggled.connect(self.changed)
            self.boxes[a.id] = box
            self.sources.addWidget(box)

    def set_extent(self, first: date, last: date, reset: bool = True) -> None:
        """The chronology's date range; ``reset`` shows all of it (else the range stays)."""
        self._extent = (first, last)
        if reset:
            self.reset_dates()

    def at_extent(self) -> bool:
        """True unless the researcher narrowed the date range."""
        first, last = self._extent
        return (self.date_from.date().toPython() <= first
                and self.date_to.date().toPython() >= last)

    def reset_dates(self) -> None:
        first, last = self._extent
        for edit, d in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(d.year, d.month, d.day))
            edit.blockSignals(False)
        self.changed.emit()

    def checked_articles(self) -> set[str]:
        return {aid for aid, box in self.boxes.items() if box.isChecked()}

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        """Which rows of the events frame pass every filter."""
        if not len(frame):
            return np.zeros(0, dtype=bool)
        keep = np.ones(len(frame), dtype=bool)
        words = self.text.text().lower().split()
        if words:
            hay = (frame["label"].astype(str) + " " + frame["value"].astype(str) + " "
                   + frame["sources"].astype(str) + " " + frame["category"].astype(str)).str.lower()
            for word in words:
                keep &= hay.str.contains(word, regex=False).to_numpy()
        checked = self.checked_articles()
        keep &= np.array([bool(checked.intersection(arts)) for arts in frame["articles"]])
        lo = self.date_from.date().toPython().toordinal()
        hi = self.date_to.date().toPython().toordinal()
        keep &= ((frame["end"] >= lo) & (frame["start"] <= hi)).to_numpy()
        return keep
