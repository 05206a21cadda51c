"""The main window: timeline on top; articles, chronology table and source panes below."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from model.chronology import Chronology
from model.project import Project

from . import recovery
from .colours import source_colour
from .dates import from_days, to_days
from .dialogs import ExportImageDialog, GoToDateDialog
from .editing import EditingMixin
from .filter_bar import FilterBar
from .paths import ICON_SVG
from .qt import (QAbstractItemView, QAction, QDockWidget, QFileDialog, QHeaderView, QIcon,
                 QKeySequence, QLabel, QListWidget, QMainWindow, QMessageBox, QProgressBar,
                 QSettings, QSplitter, QStackedWidget, QTableView, QTabWidget, QToolButton,
                 QUndoStack, QVBoxLayout, QWidget, Qt, Signal)
from .project_files import ProjectFilesMixin, problem_text, shown_path
from .search_panel import SearchPanel
from .selection import Selection
from .source_pane import CertaintyLegend, SourcePane
from .tables import ID_ROLE, ArticlesTableModel, EventsFilterProxy, EventsTableModel
from .timeline_widget import TimelineWidget
from .workers import TaskRunner

MAX_RECENT = 8
CHRONOLOGY_FILTER = ("CSV table (*.csv);;JSON (*.json);;TimelineJS (*.json);;"
                     "TimeML folder (*)")


class MainWindow(ProjectFilesMixin, EditingMixin, QMainWindow):
    """Thin adapter over model/: a Project on screen, edited through an undo stack."""

    loaded = Signal()
    busyChanged = Signal(bool)

    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings("TimelineExplorer", "Timeline Explorer")
        self.project: Project | None = None
        self.chronology: Chronology | None = None
        self.frame = None
        self.undo_stack = QUndoStack(self)
        self._init_undo()
        self._text_index = None
        self.paths: list[str] = []
        self.published: dict[str, date] = {}
        self.panes: dict[str, SourcePane] = {}
        self.selection = Selection(self)
        self.runner = TaskRunner(self)
        self._task = None
        self._generation = 0
        self.setWindowTitle("Timeline Explorer")
        self.setWindowIcon(QIcon(str(ICON_SVG)))
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._build_status()
        self._init_project_files()
        self.selection.eventSelected.connect(self._on_event_selected)
        self.selection.eventSelected.connect(self._on_selection_for_edits)
        self._update_edit_actions()
        self.resize(1400, 900)
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _on_selection_for_edits(self, _event_id: str) -> None:
        self._update_edit_actions()

    # layout ------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.timeline = TimelineWidget(self.selection)
        self.filters = FilterBar()
        self.filters.changed.connect(self._apply_filters)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(0)
        top_layout.addWidget(self.filters)
        top_layout.addWidget(self.timeline, 1)

        self.articles_model = ArticlesTableModel(self)
        self.articles_model.dateEdited.connect(self.set_publication_date)
        self.articles_view = self._table(self.articles_model, "Articles", 0)
        self.articles_view.setEditTriggers(QAbstractItemView.DoubleClicked
                                           | QAbstractItemView.EditKeyPressed)
        self.articles_view.clicked.connect(self._on_article_clicked)

        self.events_model = EventsTableModel(self)
        self.events_proxy = EventsFilterProxy(self)
        self.events_proxy.setSourceModel(self.events_model)
        self.events_view = self._table(self.events_proxy, "Chronology", 1)
        for column, width in ((0, 112), (2, 150)):
            self.events_view.horizontalHeader().setSectionResizeMode(column,
                                                                     QHeaderView.Interactive)
            self.events_view.setColumnWidth(column, width)
        self.events_view.setSortingEnabled(True)
        self.events_view.sortByColumn(0, Qt.AscendingOrder)
        self.events_view.selectionModel().currentRowChanged.connect(self._on_table_row)
        self.events_view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.events_view.setToolTip("Ctrl+click a second event to merge the two")
        self.events_view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.events_view.customContextMenuRequested.connect(self._on_table_menu)
        self.timeline.eventMenuRequested.connect(self._on_timeline_menu)

        left = QSplitter(Qt.Vertical)
        left.addWidget(self._titled("Articles", self.articles_view))
        left.addWidget(self._titled("Chronology", self.events_view))
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 2)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Source articles")
        self.side_by_side = QSplitter(Qt.Horizontal)
        self.side_by_side.setChildrenCollapsible(False)
        self.panes_stack = QStackedWidget()
        self.panes_stack.addWidget(self.tabs)
        self.panes_stack.addWidget(self.side_by_side)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.panes_stack, 1)
        right_layout.addWidget(CertaintyLegend())

        self.bottom = QSplitter(Qt.Horizontal)
        self.bottom.addWidget(left)
        self.bottom.addWidget(right)
        self._sized = False
        self.main_split = QSplitter(Qt.Vertical)
        self.main_split.addWidget(top)
        self.main_split.addWidget(self.bottom)
        self.setCentralWidget(self.main_split)

        self.problems = QListWidget()
        self.problems.setAccessibleName("Skipped files")
        self.unapplied = QListWidget()
        self.unapplied.setAccessibleName("Edits that no longer apply")
        self.unapplied.setToolTip("Your edits whose text the articles no longer contain")
        self._problems_shown = None
        self.problems_tabs = QTabWidget()
        self.problems_tabs.setDocumentMode(True)
        self.problems_tabs.addTab(self.problems, "Skipped files")
        self.problems_tabs.addTab(self.unapplied, "Edits not applied")
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("skipped-files")
        self.problems_dock.setWidget(self.problems_tabs)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()

        self.search_panel = SearchPanel(self.text_index, lambda: {
            a.id: a.source for a in (self.chronology.articles if self.chronology else [])})
        self.search_panel.hitActivated.connect(self.show_text)
        self.search_dock = QDockWidget("Search", self)
        self.search_dock.setObjectName("search")
        self.search_dock.setWidget(self.search_panel)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.search_dock)
        self.search_dock.hide()

    @staticmethod
    def _table(model, name: str, stretch: int) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setShowGrid(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(24)
        view.horizontalHeader().setHighlightSections(False)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)
        return view

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        label = QLabel(f"<b>{title}</b>")
        label.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(widget, 1)
        return box

    def _action(self, text: str, slot, shortcut=None, tip: str = "", checkable=False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text.replace("…", ""))
        action.setStatusTip(tip or text.replace("…", ""))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.open_files_action = a("&Open files…", self.open_files, QKeySequence.Open,
                                   "Open article files (replaces the current set)")
        self.open_folder_action = a("Open &folder…", self.open_folder, "Ctrl+Shift+O",
                                    "Open every article in a folder")
        self.export_image_action = a("&Export timeline image…", self.export_image, "Ctrl+E",
                                     "Save the timeline as PNG, SVG or PDF")
        self.export_chron_action = a("Export &chronology…", self.export_chronology,
                                     "Ctrl+Shift+E", "Save the events as CSV, JSON or TimelineJS")
        quit_action = a("&Quit", self.close, QKeySequence.Quit)
        self.fit_action = a("&Fit all", self.timeline.fit_all, "F", "Show every event (F)")
        self.zoom_in_action = a("Zoom &in", lambda: self.timeline.zoom(1.5),
                                QKeySequence.ZoomIn, "Zoom in (Ctrl+=)")
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = a("Zoom &out", lambda: self.timeline.zoom(1 / 1.5),
                                 QKeySequence("Ctrl+-"), "Zoom out (Ctrl+-)")
        self.goto_action = a("&Go to date…", self.go_to_date, "Ctrl+G", "Centre the timeline on a date")
        self.lanes_action = a("&Lanes per source", self.timeline.set_lanes_by_source, "Ctrl+L",
                              "One lane per source article, or a single lane", checkable=True)
        self.side_action = a("&Side by side", self._set_side_by_side, "Ctrl+B",
                             "Show the articles of the selected event side by side",
                             checkable=True)
        self.fullscreen_action = a("F&ull screen", self._toggle_full_screen, "F11",
                                   checkable=True)
        focus_filter = a("Filter events", self._focus_filter, QKeySequence.Find)
        self.search_action = a("&Search articles…", self.focus_search, "Ctrl+Shift+F",
                               "Find words in the articles' text")
        self.show_rejected_action = a("Show &rejected events", self._set_show_rejected,
                                      tip="Show the events you rejected, struck out, so that "
                                          "you can accept them back", checkable=True)
        self.open_project_action = a("Open &project…", self.open_project, "Ctrl+Alt+O",
                                     "Open a Timeline Explorer project (.tlx)")
        self.save_action = a("&Save", self.save_project, QKeySequence("Ctrl+S"),
                             "Save the project with your edits (Ctrl+S)")
        self.save_as_action = a("Save &as…", self.save_project_as, QKeySequence("Ctrl+Shift+S"),
                                "Save the project to a new file")
        self.fit_action.setShortcutContext(Qt.WindowShortcut)
        self._build_edit_actions()

        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_project_action)
        self.recent_projects_menu = file_menu.addMenu("Recent pro&jects")
        self.recent_projects_menu.aboutToShow.connect(self._fill_recent_projects)
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addActions([self.open_files_action, self.open_folder_action])
        self.recent_menu = file_menu.addMenu("Recent &articles")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addActions([self.export_image_action, self.export_chron_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.aboutToShow.connect(self._update_edit_actions)
        self._fill_edit_menu(edit_menu)
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.fit_action, self.zoom_in_action, self.zoom_out_action,
                              self.goto_action])
        view_menu.addSeparator()
        view_menu.addActions([self.lanes_action, self.side_action, self.show_rejected_action])
        view_menu.addAction(self.problems_dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addActions([focus_filter, self.search_action, self.fullscreen_action])

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        toolbar.addActions([self.open_files_action, self.open_folder_action, self.save_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_tool, self.redo_tool])
        toolbar.addSeparator()
        toolbar.addActions([self.fit_action, self.zoom_in_action, self.zoom_out_action,
                            self.goto_action])
        toolbar.addSeparator()
        toolbar.addActions([self.lanes_action, self.side_action])
        toolbar.addSeparator()
        toolbar.addActions([self.export_image_action, self.export_chron_action])

    def _build_status(self) -> None:
        self.status_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setAccessibleName("Progress")
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the running job; the current chronology stays")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        status = self.statusBar()
        status.addWidget(self.status_label, 1)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        self._set_busy(False)

    # loading -------------------------------------------------------------------
    def load(self, paths, add: bool = False) -> None:
        """A new project of ``paths`` (or these added to the current one if ``add``), built
        off-thread; the project on screen stays until the new one is ready."""
        paths = [str(Path(p)) for p in paths]
        add = add and self.project is not None
        self._remember(self.paths + [p for p in paths if p not in self.paths] if add else paths)
        from model.cache import default_cache
        project = self.project.copy() if add else Project()
        base = list(project.decisions)
        published = dict(self.published)

        def update(progress, cancelled):
            report = project.update(paths, published, progress, cancelled,
                                    cache=default_cache(), workers=None)
            return project, report

        self._start("Adding" if add else "Loading", update,
                    lambda result: self._updated(*result, base=base, fresh=not add))

    def _updated(self, project: Project, report, base: list, fresh: bool) -> None:
        if not fresh and self.project is not None:
            self._carry_edits(project, base)
        self.set_project(project, fresh=fresh)
        added = len(report.added) + len(report.changed)
        if not fresh and added:
            self.status_label.setText(f"Added {added} article{'s' * (added != 1)} · "
                                      + self.status_label.text())
        self.loaded.emit()

    def _carry_edits(self, project: Project, base: list) -> None:
        """Edits made on screen while ``project`` (a copy) was being updated off-thread."""
        now = self.project.decisions
        common = 0
        while common < min(len(base), len(now)) and base[common] is now[common]:
            common += 1
        while len(project.decisions) > common:
            project.undo_last()
        for decision in now[common:]:
            project.apply(decision)
        project.path = self.project.path
        project.saved_revision, project.saved_edit_revision = (
            self.project.saved_revision, self.project.saved_edit_revision)
        project.edit_revision = self.project.edit_revision

    def _start(self, what: str, fn, on_success) -> None:
        if self._task is not None:
            self._task.cancel()
        self._generation += 1
        generation = self._generation

        def success(result):
            if generation == self._generation:
                self._task = None
                self._set_busy(False)
                on_success(result)

        def failure(message):
            if generation == self._generation:
                self._task = None
                self._set_busy(False)
                self.status_label.setText(f"{what} failed: {message}")
                QMessageBox.warning(self, "Timeline Explorer", f"{what} failed:\n{message}")

        def progress(done, total, text):
            if generation == self._generation:
                self.progress.setRange(0, max(total, 1))
                self.progress.setValue(done)
                self.status_label.setText(f"{what}: {text}")

        self._set_busy(True, f"{what}…")
        self._task = self.runner.start(fn, what, success, failure, progress)

    def cancel(self) -> None:
        """Stop waiting for the running job; its result, if any, is dropped."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
            self._generation += 1
            self._set_busy(False)
            self.status_label.setText("Cancelled – the previous chronology is unchanged")

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.status_label.setText(text)
        self.busyChanged.emit(busy)

    def is_busy(self) -> bool:
        return self._task is not None

    def set_chronology(self, chron: Chronology, fit: bool = True) -> None:
        """Show a chronology built outside a project (it becomes a new, unsaved project)."""
        if not all(a.id in chron.analyses for a in chron.articles):
            from model.types import ArticleAnalysis
            analyses = {a.id: ArticleAnalysis(list(chron.expressions.get(a.id, [])), [], [])
                        for a in chron.articles}
            for e in chron.events:
                for m in e.mentions:
                    analyses[m.article_id].mentions.append(m)
            chron = Chronology(chron.articles, chron.expressions, chron.events, chron.problems,
                               analyses)
        self.set_project(Project.from_chronology(chron, self.paths), fresh=True, fit=fit)

    def set_project(self, project: Project, fresh: bool = True, fit: bool = True) -> None:
        """Show ``project`` everywhere. ``fresh``: another project (its own undo history)."""
        if fresh:
            self.clear_undo()
            if self.project is not None and self.project is not project:
                recovery.remove(self.recovery_file)
                self.recovery_file = recovery.new_recovery_file()
                self._autosaved_edits = -1
        self.project = project
        self.paths = list(project.sources)
        self._display(self._project_chronology(), fit=fit, full=True)
        self._update_title()

    def _project_chronology(self) -> Chronology:
        return self.project.chronology(include_rejected=self.show_rejected_action.isChecked())

    def _display(self, chron: Chronology, fit: bool, full: bool, select: str | None = None):
        """Show ``chron``; ``full`` rebuilds the panes, else only their highlights change.

        Keeps the selection on ``select`` (or on the current event) if it is still shown.
        """
        old = self.chronology
        if not full and (old is None or len(old.articles) != len(chron.articles) or any(
                a is not b for a, b in zip(old.articles, chron.articles))):
            full = True
        was_at_extent = self.filters.at_extent()
        self.chronology = chron
        self.frame = self._events_frame(chron)
        self.article_order = [(a.id, a.source) for a in chron.articles]
        self.events_model.set_frame(self.frame)
        if full:
            self.articles_model.set_articles(chron.articles)
            self.filters.set_articles(chron.articles)
            self._text_index = None
            self.search_panel.clear()
        if len(self.frame):
            self.filters.blockSignals(True)
            self.filters.set_extent(self.frame["start"].min().date(),
                                    self.frame["end"].max().date(),
                                    reset=full or was_at_extent)
            self.filters.blockSignals(False)
        if full:
            self._build_panes()
        else:
            self._update_panes()
        self._apply_filters()
        if fit:
            self.timeline.fit_all()
        self._show_problems()
        n_flag = int((self.frame["flags"].astype(str) != "").sum()) if len(self.frame) else 0
        self.status_label.setText(
            f"{len(chron.articles)} articles · {len(self.frame)} events"
            + (f" · {n_flag} where sources disagree" if n_flag else "")
            + (f" · {len(chron.problems)} files skipped" if chron.problems else ""))
        ids = set(self.frame["id"])
        current = select if select is not None else self.selection.event_id
        if current and current in ids:
            if current == self.selection.event_id:
                self._on_event_selected(current)
                self.timeline.update()
            else:
                self.selection.select(current)
        else:
            self.selection.clear()
        self._update_edit_actions()

    @staticmethod
    def _events_frame(chron: Chronology):
        """The chronology's events frame plus what the views show of the researcher's edits."""
        frame = chron.events_frame()
        by_id = {e.id: e for e in chron.events}
        frame["status"] = [by_id[i].status for i in frame["id"]]
        frame["manual"] = [by_id[i].manual for i in frame["id"]]
        frame["note"] = [by_id[i].note for i in frame["id"]]
        return frame

    def _edited(self, change, select: str | None, prefer_added: bool) -> None:
        """After a command's redo or undo: redraw what the change touched, keep the selection."""
        chron = self._project_chronology()
        shown = {e.id for e in chron.events}
        added = sorted(i for i in change.added if i in shown)
        if prefer_added and added:
            select = added[0]
        if select is None or select not in shown:
            select = self.selection.event_id if self.selection.event_id in shown else ""
        self._display(chron, fit=False, full=False, select=select)
        self._update_title()

    def _by_article(self, chron: Chronology) -> dict[str, list]:
        by_article: dict[str, list] = {a.id: [] for a in chron.articles}
        for e in chron.events:
            for m in e.mentions:
                by_article.setdefault(m.article_id, []).append((e.id, m))
        return by_article

    def _update_panes(self) -> None:
        chron = self.chronology
        by_article = self._by_article(chron)
        for aid, pane in self.panes.items():
            pane.set_mentions(by_article.get(aid, []),
                              lambda offset, aid=aid: chron.events_at(aid, offset))

    def _build_panes(self) -> None:
        for pane in self.panes.values():
            pane.setParent(None)
            pane.deleteLater()
        self.tabs.clear()
        self.panes = {}
        chron = self.chronology
        by_article = self._by_article(chron)
        for i, a in enumerate(chron.articles):
            pane = SourcePane(a, chron.expressions.get(a.id, []), by_article.get(a.id, []),
                              lambda offset, aid=a.id: chron.events_at(aid, offset),
                              source_colour(i))
            pane.eventClicked.connect(self.selection.select)
            pane.menuRequested.connect(self._on_pane_menu)
            self.panes[a.id] = pane
            self.tabs.addTab(pane, a.source)
            self.tabs.setTabToolTip(i, a.title)
        if self.side_action.isChecked():
            self._fill_side_by_side(self.selection.event_id)

    def _show_problems(self) -> None:
        """Files that could not be read, and edits whose text is no longer found."""
        self.problems.clear()
        problems = self.chronology.problems
        for problem in problems:
            self.problems.addItem(problem_text(problem))
            self.problems.item(self.problems.count() - 1).setToolTip(shown_path(problem))
        unapplied = list(self.project.unapplied) if self.project is not None else []
        shown = [self.unapplied.item(i).text() for i in range(self.unapplied.count())]
        lines = [str(u) for u in unapplied]
        if lines != shown:
            self.unapplied.clear()
            self.unapplied.addItems(lines)
        self.problems_tabs.setTabText(0, f"Skipped files ({len(problems)})")
        self.problems_tabs.setTabText(1, f"Edits not applied ({len(lines)})")
        if lines and not problems:
            self.problems_tabs.setCurrentWidget(self.unapplied)
        elif problems:
            self.problems_tabs.setCurrentWidget(self.problems)
        shown_now = ([str(p) for p in problems], lines)
        if shown_now != self._problems_shown:  # unchanged: leave the dock as the user left it
            self._problems_shown = shown_now
            self.problems_dock.setVisible(bool(problems or lines))

    # filters ---------------------------------------------------------------------
    def _apply_filters(self) -> None:
        if self.frame is None:
            return
        mask = self.filters.mask(self.frame)
        self.visible_mask = mask
        self.timeline.set_events(self.frame, self.article_order, mask)
        self.events_proxy.set_allowed(set(self.frame["id"][mask]))
        checked = self.filters.checked_articles()
        for i, aid in enumerate(self.panes):
            self.tabs.setTabVisible(i, aid in checked)

    def visible_chronology(self) -> Chronology:
        """The chronology restricted to what the filters show (what exports write)."""
        chron = self.chronology
        ids = set(self.frame["id"][self.visible_mask])
        return Chronology(chron.articles, chron.expressions,
                          [e for e in chron.events if e.id in ids], chron.problems)

    def _set_show_rejected(self, on: bool) -> None:
        if self.project is not None:
            self._display(self._project_chronology(), fit=False, full=False)

    # search --------------------------------------------------------------------------
    def text_index(self):
        """The full-text index of the articles shown (built at the first search)."""
        if self.chronology is None:
            return None
        if self._text_index is None:
            from model.search import TextIndex
            self._text_index = TextIndex(self.chronology.articles)
        return self._text_index

    def focus_search(self) -> None:
        if not self.search_dock.isVisible():
            self.search_dock.show()
            self.resizeDocks([self.search_dock], [170], Qt.Vertical)
        self.search_dock.raise_()
        self.search_panel.field.setFocus()
        self.search_panel.field.selectAll()

    def show_text(self, article_id: str, start: int, end: int) -> None:
        """Bring the article's pane forward and select ``text[start:end]`` in it."""
        pane = self.panes.get(article_id)
        if pane is None:
            return
        if self.side_action.isChecked() and self.side_by_side.indexOf(pane) < 0:
            self.side_action.setChecked(False)
            self._set_side_by_side(False)
        if not self.side_action.isChecked():
            index = self.tabs.indexOf(pane)
            self.tabs.setTabVisible(index, True)
            self.tabs.setCurrentWidget(pane)
        pane.select_span(start, end)

    def _focus_filter(self) -> None:
        self.filters.text.setFocus()
        self.filters.text.selectAll()

    # selection ---------------------------------------------------------------------
    def _on_event_selected(self, event_id: str) -> None:
        row = self.events_model.row_of(event_id) if event_id else -1
        if row >= 0:
            index = self.events_proxy.mapFromSource(self.events_model.index(row, 0))
            if index.isValid() and self.events_view.currentIndex().row() != index.row():
                self.events_view.selectRow(index.row())
                self.events_view.scrollTo(index)
        else:
            self.events_view.clearSelection()
        first = None
        for aid, pane in self.panes.items():
            if pane.show_event(event_id) and first is None:
                first = pane
        if first is not None and not self.side_action.isChecked():
            self.tabs.setCurrentWidget(first)
        if self.side_action.isChecked():
            self._fill_side_by_side(event_id)

    def _on_table_row(self, current, _previous) -> None:
        if current.isValid():
            self.selection.select(self.events_proxy.data(current, ID_ROLE))

    def _on_article_clicked(self, index) -> None:
        pane = self.panes.get(self.articles_model.data(index, ID_ROLE))
        if pane is not None and not self.side_action.isChecked():
            self.tabs.setCurrentWidget(pane)

    # side by side ---------------------------------------------------------------------
    def _set_side_by_side(self, on: bool) -> None:
        if on:
            self._fill_side_by_side(self.selection.event_id)
            self.panes_stack.setCurrentWidget(self.side_by_side)
        else:
            self._return_panes_to_tabs()
            self.panes_stack.setCurrentWidget(self.tabs)

    def _fill_side_by_side(self, event_id: str) -> None:
        """The articles that mention the selected event, next to each other."""
        self._return_panes_to_tabs()
        chosen = [p for p in self.panes.values() if p.mentions_of(event_id)] if event_id else []
        if len(chosen) < 2:
            current = self.tabs.currentWidget()
            others = [p for p in self.panes.values() if p not in chosen and p is not current]
            chosen = (chosen + ([current] if current and current not in chosen else []) + others)[:2]
        for pane in chosen:
            self.side_by_side.addWidget(pane)
            pane.show()
        self.side_by_side.setSizes([1000] * len(chosen))

    def _return_panes_to_tabs(self) -> None:
        if self.side_by_side.count() == 0:
            return
        current = self.tabs.currentWidget()
        self.tabs.clear()
        for i, (aid, pane) in enumerate(self.panes.items()):
            self.tabs.addTab(pane, pane.article.source)
            self.tabs.setTabToolTip(i, pane.article.title)
        if current is not None:
            self.tabs.setCurrentWidget(current)
        checked = self.filters.checked_articles()
        for i, aid in enumerate(self.panes):
            self.tabs.setTabVisible(i, aid in checked)

    # files ---------------------------------------------------------------------------
    def open_files(self) -> None:
        if not self.may_discard():
            return
        files, _ = QFileDialog.getOpenFileNames(
            self, "Open articles", self._last_dir(),
            "Articles (*.txt *.html *.htm *.pdf *.docx *.md);;All files (*)")
        if files:
            self.load(files)

    def open_folder(self) -> None:
        if not self.may_discard():
            return
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of articles",
                                                  self._last_dir())
        if folder:
            self.load([folder])

    def _last_dir(self) -> str:
        recent = self.recent_paths()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def recent_paths(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return list(value or [])

    def _remember(self, paths: list[str]) -> None:
        recent = [p for p in self.recent_paths() if p not in paths]
        self.settings.setValue("recentFiles", (list(paths) + recent)[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_paths():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.may_discard() and self.load([p]))
        if not self.recent_paths():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.load(paths, add=True)

    # export ----------------------------------------------------------------------------
    def export_image(self) -> None:
        if self.chronology is None:
            return
        dialog = ExportImageDialog(str(Path(self._last_dir()) / "timeline.png"), self)
        if dialog.exec():
            self.export_image_to(dialog.options())

    def export_image_to(self, options) -> None:
        """Render with model.render off-thread: the whole chronology or the current view."""
        from model.render import render_timeline
        kwargs = {"width_in": options.width_in, "height_in": options.height_in,
                  "dpi": options.dpi, "title": "Chronology",
                  "lanes": "source" if self.lanes_action.isChecked() else "single"}
        if options.current_view:
            kwargs["start"] = from_days(self.timeline.viewport.t0).date()
            kwargs["end"] = from_days(self.timeline.viewport.t1).date()
        chron = self.visible_chronology()
        self._start("Exporting image", lambda progress, cancelled: render_timeline(
            chron, options.path, **kwargs), lambda _: self._exported(options.path))

    def export_chronology(self) -> None:
        if self.chronology is None:
            return
        path, chosen = QFileDialog.getSaveFileName(self, "Export chronology",
                                                   str(Path(self._last_dir()) / "chronology.csv"),
                                                   CHRONOLOGY_FILTER)
        if path:
            self.export_chronology_to(path, chosen)

    def export_chronology_to(self, path: str, kind: str) -> None:
        from model import exporters
        writer = {"CSV": exporters.write_csv, "JSON": exporters.write_json,
                  "TimelineJS": exporters.write_timelinejs, "TimeML": exporters.write_timeml}
        name = next((k for k in writer if kind.startswith(k)), "CSV")
        chron = self.visible_chronology()
        self._start("Exporting", lambda progress, cancelled: writer[name](chron, path),
                    lambda _: self._exported(path))

    def _exported(self, path: str) -> None:
        self.status_label.setText(f"Saved {path}")

    # view ------------------------------------------------------------------------------
    def go_to_date(self) -> None:
        centre = from_days((self.timeline.viewport.t0 + self.timeline.viewport.t1) / 2).date()
        dialog = GoToDateDialog(centre, self)
        if dialog.exec():
            self.timeline.go_to(to_days(dialog.chosen()) + 0.5)

    def _toggle_full_screen(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    def showEvent(self, event) -> None:
        """Split the space once the window has its real size (splitters need it)."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width, height = self.width(), self.centralWidget().height()
            self.bottom.setSizes([int(width * 0.44), int(width * 0.56)])
            self.main_split.setSizes([int(height * 0.44), int(height * 0.56)])

    def closeEvent(self, event) -> None:
        if not self._close_project():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.autosave_timer.stop()
        if self._task is not None:
            self._task.cancel()
        self.runner.wait(3000)
        recovery.remove(self.recovery_file)  # a clean close: nothing to recover
        super().closeEvent(event)
