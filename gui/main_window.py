"""The main window: timeline on top; articles, chronology table and source panes below."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from model.chronology import Chronology
from model.palette import outlet_indices
from model.project import Project
from model.summaries import StoredView
from model.session import Session

from . import recovery
from .colours import source_colour
from .dates import day_of, format_day
from .dialogs import ExportImageDialog, GoToDateDialog
from .editing import EditingMixin
from .entities_panel import EntitiesPanel
from .filter_bar import FilterBar
from .help import HelpMixin
from .inspector import Inspector
from .legend import TimelineLegend, never_widens
from .overview import OverviewStrip
from .paths import ICON_SVG
from .plain import plain_label, tip, warn
from .qt import (QAbstractItemView, QAction, QDockWidget, QFileDialog, QHeaderView, QIcon,
                 QItemSelectionModel, QKeySequence, QLabel, QLineEdit, QListWidget, QMainWindow,
                 QProgressBar, QSettings, QSplitter, QStackedWidget, QTableView, QTabWidget,
                 QToolButton, QUndoStack, QVBoxLayout, QWidget, Qt, Signal)
from .project_files import ProjectFilesMixin, problem_text, shown_path
from .search_panel import SearchPanel
from .selection import Selection
from .source_pane import CertaintyLegend, SourcePane
from .tables import (ID_ROLE, ArticlesFilterProxy, ArticlesTableModel, EventsFilterProxy,
                     EventsTableModel)
from .timeline_widget import TimelineWidget
from .view_state import ViewUpdate, prepare_stored_view, prepare_view
from .workers import TaskRunner

MAX_RECENT = 8
#: Source panes kept open at once; the least recently used one closes first.
MAX_OPEN_PANES = 8
ARTICLE_FILTER = ("Articles (*.txt *.text *.md *.html *.htm *.xhtml *.pdf *.docx *.tml *.xml);;"
                  "Plain text (*.txt *.text *.md);;Web pages (*.html *.htm *.xhtml);;"
                  "PDF (*.pdf);;Word (*.docx);;TimeML (*.tml *.xml);;All files (*)")
CHRONOLOGY_FILTER = ("CSV table (*.csv);;JSON (*.json);;TimelineJS (*.json);;"
                     "TimeML folder (*)")


class MainWindow(ProjectFilesMixin, EditingMixin, HelpMixin, QMainWindow):
    """Thin adapter over model/: a Project on screen, edited through an undo stack."""

    loaded = Signal()
    #: A project's stored timeline is on screen while its file is read (_show_stored).
    previewed = Signal()
    busyChanged = Signal(bool)

    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings("TimelineExplorer", "Timeline Explorer")
        self.project: Project | None = None
        self.chronology: Chronology | None = None
        self.frame = None
        #: Which rows of ``frame`` the filters show.
        self.visible_mask = None
        #: Where each article names each entity, and the analyses it was found in.
        self._entity_spans_cache: tuple | None = None
        self.undo_stack = QUndoStack(self)
        self._init_undo()
        self._text_index = None
        self.paths: list[str] = []
        self.published: dict[str, date] = {}
        #: The open source panes (at most MAX_OPEN_PANES), most recently used last.
        self.panes: dict[str, SourcePane] = {}
        self.colour_of: dict[str, int] = {}
        self.view: ViewUpdate | None = None
        #: The Qt-free state of the desk: project, history, selection, view and filters.
        self.session = Session()
        self.session.subscribe(self._on_session_change)
        self.selection = Selection(self, self.session)
        self.runner = TaskRunner(self)
        self._task = None
        self._generation = 0
        #: A build's partial result is on screen (MainWindow._show_partial).
        self._showing_partial = False
        self.setWindowTitle("Timeline Explorer")
        self.setWindowIcon(QIcon(str(ICON_SVG)))
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._build_status()
        self._init_project_files()
        self.selection.eventSelected.connect(self._on_event_selected)
        self.selection.eventSelected.connect(self._on_selection_for_edits)
        self.timeline.eventToggled.connect(self._toggle_in_table)
        self.timeline.eventsBoxed.connect(self._select_in_table)
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
        self.filters.changed.connect(self._filters_to_session)
        self.filters.entitiesCleared.connect(lambda: self.session.set_filters(entities=()))
        self.overview = OverviewStrip()
        self.overview.moveTo.connect(self.timeline.centre_on)
        self.timeline.viewChanged.connect(self.overview.set_view)
        self.timeline.viewChanged.connect(lambda t0, t1: self.session.set_view(t0, t1))
        self.legend = never_widens(TimelineLegend())
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(0)
        top_layout.addWidget(self.filters)
        top_layout.addWidget(self.timeline, 1)
        top_layout.addWidget(self.overview)
        top_layout.addWidget(self.legend)

        self.articles_model = ArticlesTableModel(self)
        self.articles_model.dateEdited.connect(self.set_publication_date)
        self.articles_model.dateRejected.connect(
            lambda _aid, why: self.status_label.setText(f"Publication date not changed: {why}"))
        self.articles_proxy = ArticlesFilterProxy(self)
        self.articles_proxy.setSourceModel(self.articles_model)
        self.articles_view = self._table(self.articles_proxy, "Articles", 0)
        self.articles_view.setSortingEnabled(True)
        self.articles_view.sortByColumn(2, Qt.AscendingOrder)
        self.articles_view.setEditTriggers(QAbstractItemView.DoubleClicked
                                           | QAbstractItemView.EditKeyPressed)
        self.articles_view.clicked.connect(self._on_article_clicked)
        self.articles_view.activated.connect(self._on_article_clicked)
        self.articles_search = QLineEdit()
        self.articles_search.setPlaceholderText("Find an article by title or outlet…")
        self.articles_search.setClearButtonEnabled(True)
        self.articles_search.setAccessibleName("Find an article")
        self.articles_search.textChanged.connect(self.articles_proxy.setFilterFixedString)
        articles_box = QWidget()
        articles_layout = QVBoxLayout(articles_box)
        articles_layout.setContentsMargins(0, 0, 0, 0)
        articles_layout.setSpacing(2)
        articles_layout.addWidget(self.articles_search)
        articles_layout.addWidget(self.articles_view, 1)

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
        left.addWidget(self._titled("Articles", articles_box))
        left.addWidget(self._titled("Chronology", self.events_view))
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 2)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Source articles")
        self.tabs.setTabsClosable(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
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
        right_layout.addWidget(never_widens(CertaintyLegend()))

        self.inspector = Inspector([])
        self.inspector.showText.connect(self.show_text)
        self.inspector_box = self._titled("Inspector", self.inspector)
        self.inspector_box.setMinimumWidth(200)
        self.bottom = QSplitter(Qt.Horizontal)
        self.bottom.setChildrenCollapsible(True)
        self.bottom.addWidget(left)
        self.bottom.addWidget(self.inspector_box)
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

        self.entities_panel = EntitiesPanel()
        self.entities_panel.entitiesChosen.connect(
            lambda ids: self.session.set_filters(entities=ids))
        self.entities_dock = QDockWidget("Entities", self)
        self.entities_dock.setObjectName("entities")
        self.entities_dock.setWidget(self.entities_panel)
        self.entities_panel.setMinimumWidth(300)
        self.addDockWidget(Qt.LeftDockWidgetArea, self.entities_dock)
        self.entities_dock.hide()

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
        header.setResizeContentsPrecision(0)  # size columns by the rows in view, not 1,000
        return view

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        label = plain_label(title)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
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
        self.lanes_action = a("&Lanes per source", lambda on: self.session.set_lanes(
                                  "outlet" if on else "single"), "Ctrl+L",
                              "One lane per source article, or a single lane", checkable=True)
        self.entity_lanes_action = a(
            "Lanes per &entity", lambda on: self.session.set_lanes("entity" if on else "single"),
            "Ctrl+Shift+L", "One lane per chosen entity (else per entity in most events), "
            "or a single lane", checkable=True)
        self.side_action = a("&Side by side", self._set_side_by_side, "Ctrl+B",
                             "Show the articles of the selected event side by side",
                             checkable=True)
        self.fullscreen_action = a("F&ull screen", self._toggle_full_screen, "F11",
                                   checkable=True)
        focus_filter = a("Filter events", self._focus_filter, QKeySequence.Find)
        self.search_action = a("&Search articles…", self.focus_search, "Ctrl+Shift+F",
                               "Find words in the articles' text")
        self.show_context_action = a("Show events dated by &context",
                                     lambda on: self.session.set_filters(show_context=on),
                                     "Ctrl+Shift+K",
                                     "Show the events dated only by their story or by the "
                                     "article's publication date (dotted hollow marks)",
                                     checkable=True)
        self.show_context_action.setChecked(True)
        self.inspector_action = a("&Inspector", self.inspector_box.setVisible, "Ctrl+I",
                                  "Show or hide the panel about the selected event",
                                  checkable=True)
        self.inspector_action.setChecked(True)
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
        view_menu.addActions([self.lanes_action, self.entity_lanes_action, self.side_action,
                              self.show_context_action, self.show_rejected_action])
        view_menu.addAction(self.inspector_action)
        entities_toggle = self.entities_dock.toggleViewAction()
        entities_toggle.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        entities_toggle.setStatusTip("People, organisations and places, with their events")
        view_menu.addAction(entities_toggle)
        view_menu.addAction(self.problems_dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addActions([focus_filter, self.search_action, self.fullscreen_action])

        self._build_help_menu(bar)
        self.inspector.set_actions(self.event_actions)

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
        toolbar.addActions([self.lanes_action, self.entity_lanes_action, self.side_action])
        toolbar.addSeparator()
        toolbar.addActions([self.export_image_action, self.export_chron_action])

    def _build_status(self) -> None:
        self.status_label = plain_label()
        self.status_label.setMinimumWidth(0)
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

        def update(progress, cancelled, partial):
            report = project.update(paths, published, progress, cancelled,
                                    cache=default_cache(), workers=None, partial=partial)
            return project, report

        self._start("Adding" if add else "Loading", update,
                    lambda result: self._updated(*result, base=base, fresh=not add),
                    on_partial=self._show_partial)

    def _show_partial(self, chron: Chronology) -> None:
        """The articles analysed so far, merged, while the build goes on. Edits wait for
        the finished project (the window is busy); a cancelled build puts the previous
        chronology back."""
        first = not self._showing_partial
        self._showing_partial = True
        progress = self.status_label.text().split(" · showing ")[0]
        if self._display(chron, fit=first or self.project is None, full=True):
            self.status_label.setText(f"{progress} · showing the {len(chron.articles):,} "
                                      f"articles read so far")

    def _show_stored(self, view: StoredView) -> None:
        """A project's timeline as its file last showed it, painted while the file is read
        (model.summaries); the opened project replaces it."""
        try:
            update = prepare_stored_view(view, self.show_rejected_action.isChecked())
        except Exception:
            return  # the full read shows the project, or names what is wrong with it
        first = not self._showing_partial
        for proxy in (self.events_proxy, self.articles_proxy):
            proxy.sort(-1)  # the stored events come in date order; sorting waits (_sorted)
        if self._show_update(update, fit=first, full=True, select=None):
            self._showing_partial = True
            self.status_label.setText(
                f"Opening · showing the timeline of {len(view.articles):,} articles as saved "
                f"while their events are read")
            self.previewed.emit()

    def _end_partial(self) -> None:
        """After a cancelled or failed build: the project's own chronology again."""
        if not self._showing_partial:
            return
        self._showing_partial = False
        self._show_project_again()

    def _show_project_again(self) -> None:
        chron = self._project_chronology() if self.project is not None \
            else Chronology([], {}, [])
        self._display(chron, fit=self.project is None, full=True)

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

    def _start(self, what: str, fn, on_success, on_partial=None) -> None:
        """Run ``fn`` off-thread; its progress lines (model.progress: stage, counts and
        an estimate) go to the status bar, and ``on_partial`` sees partial results."""
        if self._task is not None:
            self._task.cancel()
        self._generation += 1
        generation = self._generation

        def success(result):
            if generation == self._generation:
                self._task = None
                self._set_busy(False)
                self._showing_partial = False
                on_success(result)

        def failure(message):
            if generation == self._generation:
                self._task = None
                self._set_busy(False)
                self._end_partial()
                self.status_label.setText(f"{what} failed: {message}")
                warn(self, "Timeline Explorer", f"{what} failed:\n{message}")

        def progress(done, total, text):
            if generation == self._generation:
                self.progress.setRange(0, total)
                self.progress.setValue(done)
                self.status_label.setText(f"{what} · {text}")

        def partial(result):
            if generation == self._generation:
                on_partial(result)

        self._set_busy(True, f"{what}…")
        self._task = self.runner.start(fn, what, success, failure, progress,
                                       on_partial=partial if on_partial else None)

    def cancel(self) -> None:
        """Stop waiting for the running job; its result, if any, is dropped."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
            self._generation += 1
            self._set_busy(False)
            self._end_partial()
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
        """Show ``project`` everywhere, or (if it cannot be shown) keep the current one.
        ``fresh``: another project (its own undo history)."""
        previous, previous_paths = self.project, self.paths
        self.project = project
        self.paths = list(project.sources)
        if fresh or self.session.project is not project:
            self.session.set_project(project)
        try:
            chron = self._project_chronology()
        except Exception as error:
            chron = None
            self._view_failed(f"Could not build the chronology: {type(error).__name__}: "
                              f"{error}; the previous one is still shown")
        if chron is None or not self._display(chron, fit=fit, full=True):
            self.project, self.paths = previous, previous_paths
            if fresh or self.session.project is not previous:
                self.session.set_project(previous)
            return
        if fresh:
            self.clear_undo()
            if previous is not None and previous is not project:
                recovery.remove(self.recovery_file)
                self.recovery_file = recovery.new_recovery_file()
                self._autosaved_edits = -1
        self._update_title()

    def _project_chronology(self) -> Chronology:
        return self.project.chronology(include_rejected=self.show_rejected_action.isChecked())

    def _display(self, chron: Chronology, fit: bool, full: bool, select: str | None = None):
        """Show ``chron`` in every view or in none; ``full`` rebuilds the panes, else only
        their highlights change. Keeps the selection on ``select`` (or on the current
        event) if it is still shown.

        The views' data is prepared first (nothing changes if that fails); if applying it
        fails part way, every view goes back to the previous chronology. Either way the
        problem is named in one line and the window stays usable.
        """
        try:
            update = prepare_view(chron, self._edited_ids(chron))
        except Exception as error:
            self._view_failed(f"Could not show the new chronology ({error}); "
                              "the previous one is still shown")
            return False
        shown = self._show_update(update, fit, full, select)
        self._sorted()
        return shown

    def _sorted(self) -> None:
        """Sort the tables as their headers say again, after a stored view left them in
        the order they came (sorting thousands of rows takes seconds)."""
        for view, proxy in ((self.events_view, self.events_proxy),
                            (self.articles_view, self.articles_proxy)):
            header = view.horizontalHeader()
            if proxy.sortColumn() != header.sortIndicatorSection():
                proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _show_update(self, update: ViewUpdate, fit: bool, full: bool, select: str | None
                     ) -> bool:
        """Apply prepared views (see _display)."""
        chron = update.chronology
        old_view = self.view
        if not full and (old_view is None or len(old_view.chronology.articles) != len(
                chron.articles) or any(a is not b for a, b in zip(old_view.chronology.articles,
                                                                  chron.articles))):
            full = True
        try:
            self._commit_view(update, fit, full, select)
        except Exception as error:
            stage = update.stage or "views"
            if old_view is not None:
                try:
                    self._commit_view(old_view, False, True, self.selection.event_id)
                except Exception:
                    pass
            self._view_failed(f"Could not show the new chronology ({stage}: "
                              f"{type(error).__name__}: {error}); the previous one is still "
                              "shown")
            return False
        return True

    def _view_failed(self, message: str) -> None:
        self.status_label.setText(message)
        self._set_busy(False)

    def _edited_ids(self, chron: Chronology) -> set[str]:
        """Events a decision of the researcher acts on (drawn with the 'edited' mark)."""
        if self.project is None:
            return set()
        try:
            return self.project.edited_event_ids(chron.events)
        except Exception:
            return set()

    def _commit_view(self, update: ViewUpdate, fit: bool, full: bool, select: str | None):
        chron = update.chronology
        update.stage = "filters"
        was_at_extent = self.filters.at_extent()
        self.view = update
        self.chronology = chron
        self.frame = update.frame
        self.article_order = update.article_order
        self.colour_of = update.colour_of
        update.stage = "chronology table"
        self.events_model.set_frame(self.frame, update.dates)
        update.stage = "entities"
        self.entities_panel.set_events(chron.events)
        if full:
            update.stage = "article list"
            self.articles_model.set_articles(chron.articles, self.colour_of)
            self.filters.set_articles(chron.articles, self.colour_of)
            self._text_index = None
            self.search_panel.clear()
        self.filters.blockSignals(True)
        self.filters.set_categories(self.frame["category"].fillna("").astype(str).tolist()
                                    if len(self.frame) else [])
        self.filters.blockSignals(False)
        if len(self.frame):
            self.filters.blockSignals(True)
            self.filters.set_extent(day_of(self.frame["start"].min()),
                                    day_of(self.frame["end"].max()),
                                    reset=full or was_at_extent)
            self.filters.blockSignals(False)
        update.stage = "source panes"
        if full:
            self._build_panes()
        else:
            self._update_panes()
        update.stage = "timeline"
        self._apply_filters()
        if fit:
            self.opening_view()
        update.stage = "problems"
        self._show_problems()
        n_flag = int((self.frame["flags"].astype(str) != "").sum()) if len(self.frame) else 0
        n_outlets = len(set(self.colour_of))
        self.status_label.setText(
            f"{len(chron.articles)} articles from {n_outlets} outlet{'s' * (n_outlets != 1)}"
            f" · {len(self.frame)} events"
            + (f" · {n_flag} where sources disagree" if n_flag else "")
            + (f" · {len(chron.problems)} files skipped" if chron.problems else ""))
        update.stage = "selection"
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
            self._show_inspector("")
        self._update_edit_actions()
        update.stage = ""

    def opening_view(self) -> None:
        """The news first: the articles' publication dates and the weeks before them, when
        events lie there; else every event. The overview strip shows the rest."""
        chron = self.chronology
        published = sorted(a.published for a in chron.articles if a.published) if chron else []
        if published and self.timeline.data is not None and len(self.timeline.data):
            from .dates import day_number
            lo = day_number(published[0]) - 14
            hi = day_number(published[-1]) + 4
            data = self.timeline.data
            inside = ((data.end > lo) & (data.start < hi)).sum()
            if inside and inside < len(data):
                # room on the right for the labels of the last days' events
                self.timeline.show_range(lo - 2, hi + (hi - lo) * 0.3)
                return
        self.timeline.fit_all()

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
        cached = getattr(self, "_by_article_cache", None)
        if cached is not None and cached[0] is chron and cached[1] == len(chron.events):
            return cached[2]
        by_article: dict[str, list] = {a.id: [] for a in chron.articles}
        for e in chron.events:
            for m in e.mentions:
                by_article.setdefault(m.article_id, []).append((e.id, m))
        self._by_article_cache = (chron, len(chron.events), by_article)
        return by_article

    def _update_panes(self) -> None:
        chron = self.chronology
        by_article = self._by_article(chron)
        for aid, pane in self.panes.items():
            pane.set_mentions(by_article.get(aid, []),
                              lambda offset, aid=aid: chron.events_at(aid, offset))

    def _build_panes(self) -> None:
        """Close every pane; open the first articles (a few, however many are loaded)."""
        for pane in self.panes.values():
            pane.setParent(None)
            pane.deleteLater()
        self.tabs.clear()
        self.panes = {}
        for a in self.chronology.articles[:min(5, MAX_OPEN_PANES)]:
            self.open_pane(a.id, current=False)
        if self.tabs.count():
            self.tabs.setCurrentIndex(0)
        if self.side_action.isChecked():
            self._fill_side_by_side(self.selection.event_id)

    def open_pane(self, article_id: str, current: bool = True) -> SourcePane | None:
        """The article's pane, opened in a tab if it is not open (the least recently used
        pane closes when MAX_OPEN_PANES are open)."""
        chron = self.chronology
        if chron is None:
            return None
        pane = self.panes.pop(article_id, None)
        if pane is None:
            try:
                article = chron.article(article_id)
            except KeyError:
                return None
            by_article = self._by_article(chron)
            pane = SourcePane(article, chron.expressions.get(article.id, []),
                              by_article.get(article.id, []),
                              lambda offset, aid=article.id: chron.events_at(aid, offset),
                              source_colour(self.colour_of.get(article.source, 0)))
            pane.eventClicked.connect(self.selection.select)
            pane.menuRequested.connect(self._on_pane_menu)
            pane.setDateRequested.connect(self.ask_publication_date)
            mask = self.visible_mask
            if self.frame is not None and mask is not None and len(mask) == len(self.frame):
                chosen = self.session.filters.entities
                self._filter_pane(pane, self._shown_ids(), self._entity_spans() if chosen else {},
                                  self.view.entity_names if self.view is not None else {})
            if self.selection.event_id:
                pane.show_event(self.selection.event_id)
            self._add_tab(pane)
        self.panes[article_id] = pane  # most recently used last
        keep = set(self._pinned_panes())
        while len(self.panes) > MAX_OPEN_PANES:
            oldest = next((aid for aid in self.panes if aid != article_id and aid not in keep),
                          None)
            if oldest is None:
                break
            self._close_pane(oldest)
        if current and not self.side_action.isChecked():
            self.tabs.setCurrentWidget(pane)
        return pane

    def _pinned_panes(self) -> list[str]:
        """Panes that must stay open: those of the selected event."""
        eid = self.selection.event_id
        if not eid or self.chronology is None:
            return []
        try:
            return self.chronology.event(eid).article_ids
        except KeyError:
            return []

    def _add_tab(self, pane: SourcePane) -> None:
        index = self.tabs.addTab(pane, self._tab_text(pane))
        self.tabs.setTabToolTip(index, tip(pane.article.title, pane.article.path))

    def _tab_text(self, pane: SourcePane) -> str:
        marker = "● " if self.selection.event_id and pane.mentions_of(self.selection.event_id) \
            else ""
        source = pane.article.source or pane.article.title
        return marker + (source if len(source) <= 24 else source[:23] + "…")

    def _mark_tabs(self) -> None:
        for i in range(self.tabs.count()):
            pane = self.tabs.widget(i)
            self.tabs.setTabText(i, self._tab_text(pane))

    def _close_tab(self, index: int) -> None:
        pane = self.tabs.widget(index)
        if pane is not None:
            self._close_pane(pane.article.id)

    def _close_pane(self, article_id: str) -> None:
        pane = self.panes.pop(article_id, None)
        if pane is None:
            return
        index = self.tabs.indexOf(pane)
        if index >= 0:
            self.tabs.removeTab(index)
        pane.setParent(None)
        pane.deleteLater()

    def ask_publication_date(self, article_id: str) -> None:
        """From a pane's header: select the article's date in the list, ready to type."""
        row = self.articles_model.row_of(article_id)
        if row < 0:
            return
        index = self.articles_proxy.mapFromSource(self.articles_model.index(row, 2))
        if index.isValid():
            self.articles_view.scrollTo(index)
            self.articles_view.setCurrentIndex(index)
            self.articles_view.edit(index)

    def _show_problems(self) -> None:
        """Files that could not be read, and edits whose text is no longer found."""
        self.problems.clear()
        problems = self.chronology.problems
        for problem in problems:
            self.problems.addItem(problem_text(problem))
            self.problems.item(self.problems.count() - 1).setToolTip(tip(shown_path(problem)))
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
    # the session ---------------------------------------------------------------------------
    def _filters_to_session(self) -> None:
        """The filter bar's fields, as the Session's filters (which the views follow)."""
        lo, hi = self.filters.date_range()
        self.session.set_filters(words=self.filters.text.text(),
                                 hidden_outlets=self.filters.outlets.unchecked(),
                                 hidden_categories=self.filters.hidden_categories(),
                                 first_day=lo, last_day=hi)

    def _on_session_change(self, change) -> None:
        """The views follow the Session: filters and lanes redraw what they show."""
        lanes = self.session.view.lanes
        if "view" in change:
            self.lanes_action.setChecked(lanes == "outlet")
            self.entity_lanes_action.setChecked(lanes == "entity")
            if self.timeline.lanes != lanes:
                self.timeline.set_lanes(lanes)
        if "filters" in change:
            if self.entities_panel.chosen != self.session.filters.entities:
                self.entities_panel.show_choice(self.session.filters.entities)
            self._apply_filters()

    def _apply_filters(self) -> None:
        if self.frame is None:
            return
        mask = self.filters.mask(self.frame)
        if not self.show_context_action.isChecked() and len(self.frame):
            mask &= ~self.frame["context"].to_numpy(dtype=bool)
        chosen = self.session.filters.entities
        if chosen and len(self.frame):
            wanted = set(chosen)
            mask &= np.array([not wanted.isdisjoint(ids) for ids in self.frame["entities"]],
                             dtype=bool)
        self.visible_mask = mask
        names = self.view.entity_names if self.view is not None else {}
        self.filters.show_entities([names.get(e, e) for e in chosen])
        self.timeline.set_entities(chosen, names)
        self.timeline.set_events(self.frame, self.article_order, mask, colour_of=self.colour_of)
        data = self.timeline.data
        self.overview.set_events(data.start, data.end)
        self.overview.set_view(self.timeline.viewport.t0, self.timeline.viewport.t1)
        self.events_proxy.set_allowed(None if mask.all() else set(self.frame["id"][mask]))
        self._filter_panes(self._shown_ids())

    def _shown_ids(self) -> set[str] | None:
        """The ids of the events the filters show, or None when they show every event."""
        mask = self.visible_mask
        return None if bool(mask.all()) else set(self.frame["id"][mask])

    def _filter_panes(self, shown: set[str] | None) -> None:
        """The panes follow the filters: each marks only the events shown (``None``: all)
        and the chosen entities' names. A tab stays only for an article of a checked
        outlet that, when entities are chosen, tells one of the events shown or names one
        of the entities (an article that never names them is not about them; one that
        names them without a dated event is still evidence about them)."""
        chosen = self.session.filters.entities
        spans = self._entity_spans() if chosen else {}
        names = self.view.entity_names if self.view is not None else {}
        for pane in self.panes.values():
            self._filter_pane(pane, shown, spans, names)
        checked = self.filters.checked_articles()
        by_article = self._by_article(self.chronology) if chosen else {}
        for i in range(self.tabs.count()):
            aid = self.tabs.widget(i).article.id
            visible = aid in checked
            if visible and chosen:
                visible = any(s[2] in chosen for s in spans.get(aid, ())) or any(
                    shown is None or eid in shown for eid, _ in by_article.get(aid, ()))
            self.tabs.setTabVisible(i, visible)

    def _filter_pane(self, pane: SourcePane, shown: set[str] | None,
                     spans: dict[str, list], names: dict[str, str]) -> None:
        chosen = set(self.session.filters.entities)
        pane.set_shown(shown)
        pane.set_entity_spans([s for s in spans.get(pane.article.id, ()) if s[2] in chosen],
                              names)

    def _entity_spans(self) -> dict[str, list[tuple[int, int, str]]]:
        """Where each article names each entity; found again only when the articles'
        analyses change (an edit to the events does not change them)."""
        chron = self.chronology
        key = tuple((a.id, id(chron.analyses.get(a.id))) for a in chron.articles)
        cached = self._entity_spans_cache
        if cached is None or cached[0] != key:
            from model.entity_view import entity_spans
            cached = self._entity_spans_cache = (key, entity_spans(chron.articles,
                                                                   chron.analyses))
        return cached[1]

    def visible_chronology(self) -> Chronology:
        """The chronology restricted to what the filters show (what exports write)."""
        chron = self.chronology
        ids = set(self.frame["id"][self.visible_mask])
        return Chronology(chron.articles, chron.expressions,
                          [e for e in chron.events if e.id in ids], chron.problems,
                          chron.analyses, chron.entities)

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
        if self.side_action.isChecked() and (article_id not in self.panes or
                                             self.side_by_side.indexOf(self.panes[article_id]) < 0):
            self.side_action.setChecked(False)
            self._set_side_by_side(False)
        pane = self.open_pane(article_id)
        if pane is None:
            return
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
        self._show_inspector(event_id)
        supporting = self._pinned_panes()
        for aid in supporting[:MAX_OPEN_PANES]:
            if aid not in self.panes:
                self.open_pane(aid, current=False)
        first = None
        for aid, pane in self.panes.items():
            if pane.show_event(event_id) and first is None:
                first = pane
        self._mark_tabs()
        if first is not None and not self.side_action.isChecked():
            self.tabs.setCurrentWidget(first)
        if self.side_action.isChecked():
            self._fill_side_by_side(event_id)

    def _show_inspector(self, event_id: str) -> None:
        event = None
        if event_id and self.chronology is not None:
            try:
                event = self.chronology.event(event_id)
            except KeyError:
                event = None
        articles = {a.id: a for a in self.chronology.articles} if self.chronology else {}
        self.inspector.show_event(event, articles)

    def _toggle_in_table(self, event_id: str) -> None:
        """Ctrl/Shift+click on the timeline: add the event to the table's selection (or take
        it out), as Ctrl+click does in the table; two selected events can be merged."""
        row = self.events_model.row_of(event_id)
        index = self.events_proxy.mapFromSource(self.events_model.index(row, 0)) \
            if row >= 0 else None
        if index is None or not index.isValid():
            return
        model = self.events_view.selectionModel()
        model.select(index, QItemSelectionModel.Toggle | QItemSelectionModel.Rows)
        self._update_edit_actions()
        self.timeline.update()

    def _select_in_table(self, event_ids: list[str]) -> None:
        """Shift+drag on the timeline: these events become the table's selection (set on the
        selection model itself: the view's own commands would read the Shift key held)."""
        indexes = []
        for eid in event_ids:
            row = self.events_model.row_of(eid)
            index = self.events_proxy.mapFromSource(self.events_model.index(row, 0)) \
                if row >= 0 else None
            if index is not None and index.isValid():
                indexes.append(index)
        if not indexes:
            return
        model = self.events_view.selectionModel()
        for n, index in enumerate(indexes):
            model.select(index, (QItemSelectionModel.ClearAndSelect if n == 0 else
                                 QItemSelectionModel.Select) | QItemSelectionModel.Rows)
        model.setCurrentIndex(indexes[0], QItemSelectionModel.NoUpdate)
        self.session.select_many(event_ids[1:] + event_ids[:1])
        self._update_edit_actions()
        self.timeline.update()

    def _on_table_row(self, current, _previous) -> None:
        if current.isValid():
            self.selection.select(self.events_proxy.data(current, ID_ROLE))

    def _on_article_clicked(self, index) -> None:
        aid = self.articles_proxy.data(index, ID_ROLE)
        if aid:
            self.open_pane(aid, current=not self.side_action.isChecked())

    # side by side ---------------------------------------------------------------------
    def _set_side_by_side(self, on: bool) -> None:
        if on:
            self._fill_side_by_side(self.selection.event_id)
            self.panes_stack.setCurrentWidget(self.side_by_side)
        else:
            self._return_panes_to_tabs()
            self.panes_stack.setCurrentWidget(self.tabs)

    def _fill_side_by_side(self, event_id: str) -> None:
        """The articles that mention the selected event, next to each other (up to four)."""
        self._return_panes_to_tabs()
        chosen = [p for p in self.panes.values() if p.mentions_of(event_id)] if event_id else []
        if len(chosen) < 2:
            current = self.tabs.currentWidget()
            others = [p for p in self.panes.values() if p not in chosen and p is not current]
            chosen = (chosen + ([current] if current and current not in chosen else []) + others)[:2]
        for pane in chosen[:4]:
            self.side_by_side.addWidget(pane)
            pane.show()
        self.side_by_side.setSizes([1000] * len(chosen[:4]))

    def _return_panes_to_tabs(self) -> None:
        if self.side_by_side.count() == 0:
            return
        current = self.tabs.currentWidget()
        self.tabs.clear()
        for pane in self.panes.values():
            self._add_tab(pane)
        if current is not None and self.tabs.indexOf(current) >= 0:
            self.tabs.setCurrentWidget(current)
        checked = self.filters.checked_articles()
        for i in range(self.tabs.count()):
            self.tabs.setTabVisible(i, self.tabs.widget(i).article.id in checked)

    # files ---------------------------------------------------------------------------
    def open_files(self) -> None:
        if not self.may_discard():
            return
        files, _ = QFileDialog.getOpenFileNames(self, "Open articles", self._last_dir(),
                                                ARTICLE_FILTER)
        if files:
            self._remember_dir(files[0])
            self.load(files)

    def open_folder(self) -> None:
        if not self.may_discard():
            return
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of articles",
                                                  self._last_dir())
        if folder:
            self.settings.setValue("lastFolder", folder)
            self.load([folder])

    def _last_dir(self) -> str:
        """The folder a file dialog starts in: the last one used, else the home folder."""
        last = self.settings.value("lastFolder", "")
        if last and Path(str(last)).is_dir():
            return str(last)
        recent = [p for p in self.recent_paths() if Path(p).parent.is_dir()]
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def _remember_dir(self, path: str) -> None:
        """Remember the folder of a file chosen in a dialog (or the folder itself)."""
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        self.settings.setValue("lastFolder", str(folder))

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
            self._remember_dir(dialog.options().path)
            self.export_image_to(dialog.options())

    def export_image_to(self, options) -> None:
        """Render with model.render off-thread: the whole chronology or the current view."""
        from model.render import render_timeline
        kwargs = {"width_in": options.width_in, "height_in": options.height_in,
                  "dpi": options.dpi, "title": "Chronology",
                  "lanes": {"outlet": "source", "entity": "entity"}.get(
                      self.session.view.lanes, "single"),
                  "entities": self.session.filters.entities}
        if options.current_view:
            kwargs["start"] = day_of(self.timeline.viewport.t0)
            kwargs["end"] = day_of(self.timeline.viewport.t1)
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
            self._remember_dir(path)
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
        centre = day_of((self.timeline.viewport.t0 + self.timeline.viewport.t1) / 2)
        dialog = GoToDateDialog(centre, self)
        if dialog.exec() and dialog.chosen() is not None:
            self.go_to_typed(dialog.chosen())

    def go_to_typed(self, typed) -> None:
        """Show a typed day (about a month around it), month or year (all of it)."""
        if typed.granularity == "day":
            self.timeline.go_to(typed.start.ordinal + 0.5)
        else:
            span = typed.end.ordinal + 1 - typed.start.ordinal
            self.timeline.show_range(typed.start.ordinal - span * 0.05,
                                     typed.end.ordinal + 1 + span * 0.05)

    def _toggle_full_screen(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    def showEvent(self, event) -> None:
        """Split the space once the window has its real size (splitters need it)."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width, height = self.width(), self.centralWidget().height()
            self.bottom.setSizes([int(width * 0.36), int(width * 0.25), int(width * 0.39)])
            self.main_split.setSizes([int(height * 0.52), int(height * 0.48)])

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
