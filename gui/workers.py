"""Running model work off the GUI thread, with progress, cancel and result callbacks.

A ``Task`` wraps a function ``fn(progress, cancelled)`` (``fn(progress, cancelled,
partial)`` when partial results are wanted); its signals arrive on the GUI thread through
queued connections, so callbacks may touch widgets.
"""
from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from .qt import QObject, QRunnable, QThreadPool, Signal, Slot


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    partial = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()


class Task(QRunnable):
    """One unit of background work; ``cancel()`` asks it to stop at the next check."""

    def __init__(self, fn: Callable, name: str, partial: bool = False):
        super().__init__()
        self.partial = partial
        self.setAutoDelete(False)
        self.fn = fn
        self.name = name
        self.signals = TaskSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            extra = (self.signals.partial.emit,) if self.partial else ()
            result = self.fn(self.signals.progress.emit, self._cancel.is_set, *extra)
        except Exception as exc:  # reported to the user, never swallowed
            if self._cancel.is_set():  # BuildCancelled, or a failure nobody waits for
                self.signals.cancelled.emit()
            else:
                traceback.print_exc()
                self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)
        finally:
            self.signals.done.emit()


class _Callbacks(QObject):
    """Lives on the GUI thread so that queued signals run the callbacks there."""

    def __init__(self, runner: "TaskRunner", task: Task, on_success, on_failure, on_progress,
                 on_cancel, on_partial=None):
        super().__init__(runner)
        self.runner, self.task = runner, task
        self.on_success, self.on_failure = on_success, on_failure
        self.on_progress, self.on_cancel = on_progress, on_cancel
        self.on_partial = on_partial
        task.signals.succeeded.connect(self.succeeded)
        task.signals.partial.connect(self.partial)
        task.signals.failed.connect(self.failed)
        task.signals.progress.connect(self.progress)
        task.signals.cancelled.connect(self.cancelled)
        task.signals.done.connect(self.done)

    @Slot(object)
    def succeeded(self, result) -> None:
        self.on_success(result)

    @Slot(str)
    def failed(self, message: str) -> None:
        self.on_failure(message)

    @Slot(int, int, str)
    def progress(self, done: int, total: int, what: str) -> None:
        if self.on_progress:
            self.on_progress(done, total, what)

    @Slot(object)
    def partial(self, result) -> None:
        if self.on_partial:
            self.on_partial(result)

    @Slot()
    def cancelled(self) -> None:
        if self.on_cancel:
            self.on_cancel()

    @Slot()
    def done(self) -> None:
        self.runner._finished(self)


class TaskRunner(QObject):
    """Starts tasks on a thread pool and keeps them alive until they finish."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._running: dict[Task, _Callbacks] = {}

    def start(self, fn: Callable, name: str, on_success: Callable, on_failure: Callable,
              on_progress: Callable | None = None, on_cancel: Callable | None = None,
              on_partial: Callable | None = None) -> Task:
        task = Task(fn, name, partial=on_partial is not None)
        self._running[task] = _Callbacks(self, task, on_success, on_failure, on_progress,
                                         on_cancel, on_partial)
        self.pool.start(task)
        return task

    def _finished(self, callbacks: _Callbacks) -> None:
        self._running.pop(callbacks.task, None)
        callbacks.deleteLater()

    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)
