"""Filters shared by timeline, table and panes: words, outlets, dates.

Outlets are chosen in a compact pop-up list (searchable, with the number of articles of
each), so the bar keeps one size whether the folder holds 5 articles or 5,000.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from model.day import FIRST_DAY, LAST_DAY, Day
from model.typed_dates import TypedDate

from .colours import category_colour, source_colour
from .date_field import DateField
from .plain import tip
from .qt import (QHBoxLayout, QIcon, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu,
                 QPixmap, QPushButton, Qt, QToolButton, QVBoxLayout, QWidget, QWidgetAction,
                 Signal)
from .timeline_data import day_numbers

OUTLET_ROLE = Qt.UserRole + 10
#: How articles whose outlet could not be found are listed.
NO_OUTLET = "(outlet not found)"


class OutletList(QWidget):
    """Checkable outlets with their article counts, a search field and All / None."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find an outlet…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find an outlet")
        self.search.textChanged.connect(self._search)
        self.list = QListWidget()
        self.list.setAccessibleName("Outlets")
        self.list.setUniformItemSizes(True)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.list.setMinimumSize(260, 240)
        every, none = QPushButton("All"), QPushButton("None")
        every.clicked.connect(lambda: self.set_all(True))
        none.clicked.connect(lambda: self.set_all(False))
        buttons = QHBoxLayout()
        buttons.addWidget(every)
        buttons.addWidget(none)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def set_outlets(self, counts: list[tuple[str, int, int]], unchecked: set[str]) -> None:
        """[(outlet, colour index, number of articles)] in colour order."""
        self.list.blockSignals(True)
        self.list.clear()
        for outlet, colour, n in sorted(counts, key=lambda c: c[0].lower()):
            item = QListWidgetItem(f"{outlet or NO_OUTLET}  ({n})")
            pix = QPixmap(12, 12)
            pix.fill(source_colour(colour))
            item.setIcon(QIcon(pix))
            item.setData(OUTLET_ROLE, outlet)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked if outlet in unchecked else Qt.Checked)
            item.setToolTip(tip(f"{outlet or NO_OUTLET}: {n} article{'s' * (n != 1)}"))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._search(self.search.text())

    def _search(self, text: str) -> None:
        words = text.lower().split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            name = str(item.data(OUTLET_ROLE)).lower()
            item.setHidden(not all(w in name for w in words))

    def set_all(self, on: bool) -> None:
        """Check (or uncheck) every outlet the search shows."""
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            if not item.isHidden():
                item.setCheckState(Qt.Checked if on else Qt.Unchecked)
        self.list.blockSignals(False)
        self.changed.emit()

    def set_checked(self, outlet: str, on: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(OUTLET_ROLE) == outlet:
                item.setCheckState(Qt.Checked if on else Qt.Unchecked)

    def unchecked(self) -> set[str]:
        return {self.list.item(i).data(OUTLET_ROLE) for i in range(self.list.count())
                if self.list.item(i).checkState() != Qt.Checked}

    def outlets(self) -> list[str]:
        return [self.list.item(i).data(OUTLET_ROLE) for i in range(self.list.count())]


class FilterBar(QWidget):
    changed = Signal()
    #: The researcher asked to stop filtering by entity (the chip's ✕).
    entitiesCleared = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Filter events…  (Ctrl+F)")
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName("Filter events by words")
        self.text.setToolTip("Show only events whose label, date or sources contain all words")
        self.text.setMinimumWidth(150)
        self.text.setMaximumWidth(300)
        self.text.textChanged.connect(self.changed)
        self.outlets = OutletList()
        self.outlets.changed.connect(self._outlets_changed)
        self.outlet_button = QToolButton()
        self.outlet_button.setPopupMode(QToolButton.InstantPopup)
        self.outlet_button.setAccessibleName("Outlets shown")
        self.outlet_button.setToolTip("Choose which outlets' events are shown")
        menu = QMenu(self.outlet_button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.outlets)
        menu.addAction(holder)
        menu.aboutToShow.connect(self.outlets.search.setFocus)
        self.outlet_button.setMenu(menu)
        self.category_menu = QMenu(self)
        self.category_button = QToolButton()
        self.category_button.setText("Categories ▾")
        self.category_button.setPopupMode(QToolButton.InstantPopup)
        self.category_button.setToolTip("Show or hide the events of each category")
        self.category_button.setAccessibleName("Categories shown")
        self.category_button.setMenu(self.category_menu)
        self.category_button.hide()
        self.category_actions: dict[str, object] = {}
        self.entity_button = QToolButton()
        self.entity_button.setAccessibleName("Entities shown")
        self.entity_button.setToolTip("Only these entities' events are shown; click to show "
                                      "every event")
        self.entity_button.clicked.connect(self.entitiesCleared)
        self.entity_button.hide()
        self.date_from = DateField("Show events from this date")
        self.date_to = DateField("Show events up to this date")
        self.date_from.dateChanged.connect(self.changed)
        self.date_to.dateChanged.connect(self.changed)
        reset = QToolButton()
        reset.setText("All dates")
        reset.setToolTip("Reset the date range to the whole chronology")
        reset.clicked.connect(self.reset_dates)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.outlet_button)
        layout.addWidget(self.category_button)
        layout.addWidget(self.entity_button)
        layout.addStretch(0)
        layout.addWidget(QLabel("From"))
        layout.addWidget(self.date_from)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.date_to)
        layout.addWidget(reset)
        self._outlet_of: dict[str, str] = {}
        self._extent = (FIRST_DAY, LAST_DAY)
        self._update_button()

    def show_entities(self, names: list[str]) -> None:
        """Name the chosen entities on the bar (hidden when none is chosen), so that the
        filter stays in sight when the Entities panel is closed."""
        shown = ", ".join(names)
        if len(shown) > 40:
            shown = shown[:39] + "…"
        self.entity_button.setText(f"Entities: {shown}  ✕")
        self.entity_button.setVisible(bool(names))

    def set_articles(self, articles, colour_of: dict[str, int] | None = None) -> None:
        """The outlets of ``articles``, each with its colour and number of articles."""
        unchecked = self.outlets.unchecked()
        self._outlet_of = {a.id: a.source for a in articles}
        counts = Counter(a.source for a in articles)
        if colour_of is None:
            colour_of = {}
            for a in articles:
                colour_of.setdefault(a.source, len(colour_of))
        self.outlets.set_outlets([(o, colour_of.get(o, 0), n) for o, n in counts.items()],
                                 unchecked & set(counts))
        self._update_button()

    def set_categories(self, categories) -> None:
        """A checkable entry per category in use (with its colour); hidden ones stay hidden."""
        hidden = self.hidden_categories()
        self.category_menu.clear()
        self.category_actions = {}
        for name in sorted(set(categories), key=str.lower):
            label = name or "(no category)"
            action = self.category_menu.addAction(label)
            colour = category_colour(name)
            if colour is not None:
                pix = QPixmap(12, 12)
                pix.fill(colour)
                action.setIcon(QIcon(pix))
            action.setCheckable(True)
            action.setChecked(name not in hidden)
            action.toggled.connect(self.changed)
            self.category_actions[name] = action
        self.category_button.setVisible(len(self.category_actions) > 1)

    def hidden_categories(self) -> set[str]:
        return {name for name, action in self.category_actions.items()
                if not action.isChecked()}

    def _outlets_changed(self) -> None:
        self._update_button()
        self.changed.emit()

    def _update_button(self) -> None:
        total = len(self.outlets.outlets())
        shown = total - len(self.outlets.unchecked())
        self.outlet_button.setText("All outlets ▾" if shown == total
                                   else f"Outlets {shown}/{total} ▾")

    def set_extent(self, first: Day, last: Day, reset: bool = True) -> None:
        """The chronology's date range; ``reset`` shows all of it (else the range stays)."""
        self._extent = (first, last)
        if reset:
            self.reset_dates()

    def date_range(self) -> tuple[int, int]:
        """The first and last day number shown."""
        lo = self.date_from.value.start.ordinal if self.date_from.value else FIRST_DAY.ordinal
        hi = self.date_to.value.end.ordinal if self.date_to.value else LAST_DAY.ordinal
        return lo, hi

    def at_extent(self) -> bool:
        """True unless the researcher narrowed the date range."""
        first, last = self._extent
        lo, hi = self.date_range()
        return lo <= first.ordinal and hi >= last.ordinal

    def reset_dates(self) -> None:
        first, last = self._extent
        self.date_from.set_value(TypedDate(first, first, "day"))
        self.date_to.set_value(TypedDate(last, last, "day"))
        self.changed.emit()

    def checked_articles(self) -> set[str]:
        hidden = self.outlets.unchecked()
        return {aid for aid, outlet in self._outlet_of.items() if outlet not in hidden}

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
        hidden = self.outlets.unchecked()
        if hidden:
            outlet_of = self._outlet_of
            keep &= np.array([any(outlet_of.get(a, "") not in hidden for a in arts)
                              for arts in frame["articles"]], dtype=bool)
        hidden_categories = self.hidden_categories()
        if hidden_categories and "category" in frame:
            keep &= ~frame["category"].fillna("").isin(hidden_categories).to_numpy()
        lo, hi = self.date_range()
        keep &= (day_numbers(frame["end"]) >= lo) & (day_numbers(frame["start"]) <= hi)
        return keep
