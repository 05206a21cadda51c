"""Starting the application: the QApplication, the window, the first load, screenshots."""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .paths import SAMPLES

SCREENSHOT_SIZE = (1400, 900)
SCREENSHOT_TIMEOUT_MS = 180_000


def create_app(argv: Sequence[str] | None = None):
    """The QApplication with the names QSettings and desktops use."""
    os.environ.setdefault("MPLBACKEND", "Agg")  # matplotlib only renders exports off-thread
    from .icons import app_icon
    from .qt import QApplication
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setOrganizationName("TimelineExplorer")
    app.setApplicationName("Timeline Explorer")
    app.setApplicationDisplayName("Timeline Explorer")
    app.setDesktopFileName("timeline-explorer")
    app.setWindowIcon(app_icon())
    return app


def run(files: Sequence[str], screenshot: str | None = None,
        exit_after_first_paint: bool = False, select: str | None = None,
        entities: Sequence[str] = (), lanes: str | None = None) -> int:
    """Open ``files`` (the sample articles when none) and run until the window closes.

    With ``exit_after_first_paint``, print ``first-paint <unix time> events=<n>`` as soon
    as the timeline has painted the loaded chronology, and quit (benchmarks/startup.py)."""
    projects = [f for f in files if str(f).endswith(".tlx")]
    stored = None
    if projects:
        from model.project import read_stored_view_soon
        stored = read_stored_view_soon(projects[0])  # while the window is built
    app = create_app()
    from .main_window import MainWindow
    from .qt import QTimer
    window = MainWindow()
    if screenshot:
        window.resize(*SCREENSHOT_SIZE)
    window.show()
    # A screenshot or a timing run never waits for a question; otherwise offer what a
    # crash left unsaved.
    if screenshot or exit_after_first_paint or not window.offer_recovery():
        if projects:
            window.open_project_path(projects[0], stored=stored)
        else:
            window.load(list(files) or [str(SAMPLES)])
    if exit_after_first_paint:
        report = _report_first_paint(window, app)  # noqa: F841 (lives until the loop ends)
        return app.exec()
    if not screenshot:
        return app.exec()
    outcome = {"code": 1}

    def save() -> None:
        if entities and window.chronology is not None:
            choose_entities(window, entities)
        if lanes:
            window.session.set_lanes(lanes)
        if select and window.chronology is not None:
            choose_event(window, select)
            app.processEvents()
        window.repaint()
        outcome["code"] = 0 if window.grab().save(screenshot) and window.chronology else 1
        app.quit()

    def when_idle(busy: bool) -> None:
        if not busy:
            QTimer.singleShot(50, save)

    window.busyChanged.connect(when_idle)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, save)
    app.exec()
    return outcome["code"]


def choose_event(window, words: str) -> None:
    """Select the first event whose label holds ``words``; 'auto': the one most told."""
    events = window.chronology.events
    if words == "auto":
        chosen = max(events, key=lambda e: (len(e.article_ids), bool(e.claims)), default=None)
    else:
        chosen = next((e for e in events if words.lower() in e.label.lower()), None)
    if chosen is not None:
        window.selection.select(chosen.id)


def choose_entities(window, names: Sequence[str]) -> None:
    """Choose the entities called ``names`` in the Entities panel, and show the panel."""
    chron = window.chronology
    window.entities_dock.show()
    window.session.set_filters(entities=[e.id for name in names
                                         for e in chron.entities_named([name])])


def _report_first_paint(window, app):
    """Watch the timeline for its first paint after a chronology was shown: a project's
    stored timeline (``previewed``) or a loaded one. Prints ``first-paint <unix time>
    events=<n>``, then, once the project is loaded, ``loaded-paint <unix time> events=<n>``,
    and quits."""
    import time

    from .qt import QEvent, QObject, QTimer

    class Watcher(QObject):
        def __init__(self):
            super().__init__(window)
            self.armed = False
            self.painted = False
            self.loaded = False
            window.previewed.connect(self.arm)
            window.loaded.connect(self.load)

        def load(self) -> None:
            self.loaded = True
            self.arm()

        def arm(self) -> None:
            self.armed = True
            window.timeline.installEventFilter(self)
            window.timeline.update()

        def eventFilter(self, obj, event) -> bool:
            if self.armed and event.type() == QEvent.Paint:
                self.armed = False
                QTimer.singleShot(0, self.done)  # after this paint has finished
            return False

        def done(self) -> None:
            events = len(window.frame) if window.frame is not None else 0
            if not self.painted:
                self.painted = True
                print(f"first-paint {time.time():.6f} events={events}", flush=True)
            if self.loaded:
                print(f"loaded-paint {time.time():.6f} events={events}", flush=True)
                app.quit()

    return Watcher()
