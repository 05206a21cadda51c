"""Full-text search over the articles (model.search.TextIndex): a field and a result list."""
from __future__ import annotations

from collections.abc import Callable

from .plain import tip
from .qt import (QLabel, QLineEdit, QListWidget, QListWidgetItem, Qt, QTimer, QVBoxLayout,
                 QWidget, Signal)

HIT_ROLE = Qt.UserRole + 1


class SearchPanel(QWidget):
    """Type words (or a "quoted phrase"); activating a result emits (article id, start, end)."""

    hitActivated = Signal(str, int, int)

    def __init__(self, index: Callable[[], object | None], sources: Callable[[], dict],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._index, self._sources = index, sources
        self.field = QLineEdit()
        self.field.setPlaceholderText("Search the articles…  (Ctrl+Shift+F)")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search the articles' text")
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setUniformItemSizes(True)
        self.results.setTextElideMode(Qt.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.summary = QLabel()
        self.summary.setContentsMargins(4, 0, 4, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _: self._timer.start())
        self.field.returnPressed.connect(self._enter)
        self.results.itemActivated.connect(self._activate)
        self.results.itemClicked.connect(self._activate)

    def search(self, query: str) -> None:
        self.field.setText(query)
        self.run()

    def run(self) -> None:
        self._timer.stop()
        self.results.clear()
        query = self.field.text().strip()
        index = self._index()
        if not query or index is None:
            self.summary.setText("")
            return
        hits = index.search(query)
        sources = self._sources()
        for hit in hits:
            item = QListWidgetItem(f"{sources.get(hit.article_id, hit.article_id)}: {hit.context}")
            item.setData(HIT_ROLE, (hit.article_id, hit.start, hit.end))
            item.setToolTip(tip(hit.context))
            self.results.addItem(item)
        n_articles = len({h.article_id for h in hits})
        self.summary.setText(f"{len(hits)} matches in {n_articles} articles" if hits
                             else "No matches")

    def clear(self) -> None:
        self.results.clear()
        self.summary.setText("")

    def _enter(self) -> None:
        self.run()
        if self.results.count():
            self.results.setCurrentRow(0)
            self._activate(self.results.item(0))

    def _activate(self, item: QListWidgetItem) -> None:
        article_id, start, end = item.data(HIT_ROLE)
        self.hitActivated.emit(article_id, start, end)
