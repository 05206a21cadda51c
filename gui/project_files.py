"""Project files in the window: open, save, save as, recent projects, autosave, recovery.

Saving takes a snapshot on the GUI thread and writes it on a worker thread (the write is
atomic and locked, see model.project.write_project), so a slow disk never freezes the
window and a failed save loses nothing: the project stays in memory, marked unsaved, the
window stays open, and the researcher is offered to save it elsewhere. A project whose
file another window or program saved meanwhile is never written over blindly: the
window says so and offers to reload it with its own edits replayed, or to save elsewhere.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from model.filenames import shown
from model.project import (SUFFIX, Project, ProjectChangedError, ProjectError, read_origin,
                           read_stored_view, write_project)

from . import recovery
from .qt import QFileDialog, QMessageBox, Qt, QTimer

MAX_RECENT_PROJECTS = 8
AUTOSAVE_MS = 60_000
#: Seconds opening a project waits for its stored timeline to be painted (at most).
STORED_VIEW_WAIT = 10.0
PROJECT_FILTER = f"Timeline Explorer project (*{SUFFIX});;All files (*)"


class _Superseded(Exception):
    """A newer snapshot of the same project reached the file first."""


def _write(data, path, project: Project | None = None, revision: int = 0,
           written_revisions: dict[str, int] | None = None):
    """Worker-thread body of a save: (error or None, the new file's stamp, whether this
    snapshot was written). No error escapes: a save that fails must leave the window, and
    the edits, where they were.

    With ``project``, the file must still be the one it was read from or last saved to,
    checked under the file's lock, and the new stamp is recorded under the lock too, so
    two saves of one window in quick succession never take each other for a stranger;
    and an older snapshot never overwrites a newer one that was written first."""
    key = f"{project.lineage if project is not None else ''}:{path}"
    revisions = written_revisions if written_revisions is not None else {}

    def expect():
        if revisions.get(key, -1) > revision:
            raise _Superseded()
        return project.expected_stamp(path)

    def written(stamp):
        revisions[key] = revision
        if project.expected_stamp(path) is not None:
            project.disk_stamp = stamp

    try:
        if project is None:
            return None, write_project(data, path), True
        return None, write_project(data, path, expect=expect, written=written), True
    except _Superseded:
        return None, None, False
    except ProjectError as exc:
        return exc, None, False
    except Exception as exc:
        return ProjectError(f"cannot save {path}: {type(exc).__name__}: {exc}"), None, False


def problem_text(problem) -> str:
    """A file that could not be read, as listed in the window: its name escaped, so a
    newline or a bidi override in a name cannot forge or reorder the list."""
    return shown(f"{Path(problem.path).name}: {problem.message}")


def shown_path(problem) -> str:
    return shown(problem.path)


class ProjectFilesMixin:
    """Mixed into MainWindow; expects ``self.project``, ``self.runner``, ``self.settings``."""

    def _init_project_files(self) -> None:
        self.recovery_file: Path = recovery.new_recovery_file()
        self._autosaving = False
        self._autosaved_edits = -1
        self._saving = 0
        #: The newest revision written to each file by each line of edits, so an older
        #: snapshot never follows a newer one onto the disk.
        self._written_revisions: dict[str, int] = {}
        self.last_error = ""
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()

    # asking (tests replace these) -----------------------------------------------------------
    def ask_close(self) -> str:
        """'save', 'discard' or 'cancel' for a project with unsaved edits."""
        box = QMessageBox(QMessageBox.Warning, "Timeline Explorer",
                          f"Save the changes to {self.project_name()}?",
                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, self)
        box.setTextFormat(Qt.PlainText)
        box.setInformativeText("Your edits will be lost if you don't save them.")
        box.setDefaultButton(QMessageBox.Save)
        answer = box.exec()
        return {QMessageBox.Save: "save", QMessageBox.Discard: "discard"}.get(answer, "cancel")

    def ask_recover(self, path: Path, origin: str) -> bool:
        what = f"the project {Path(origin).name}" if origin else "an unsaved project"
        box = QMessageBox(QMessageBox.Question, "Recover unsaved edits",
                          f"Timeline Explorer did not close normally. Recover the unsaved "
                          f"edits to {what}?", QMessageBox.Yes | QMessageBox.No, self)
        box.setTextFormat(Qt.PlainText)  # the file name comes from the disk
        box.setDefaultButton(QMessageBox.Yes)
        return box.exec() == QMessageBox.Yes

    def ask_save_path(self) -> str | None:
        start = str(self.project.path) if self.project and self.project.path else \
            str(Path(self._last_dir()) / f"chronology{SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Save project", start, PROJECT_FILTER)
        if not path:
            return None
        return path if path.endswith(SUFFIX) else path + SUFFIX

    def ask_changed_on_disk(self, path: str) -> str:
        """'reload', 'save_as' or 'cancel' when the file changed on disk since it was read."""
        box = QMessageBox(QMessageBox.Warning, "Timeline Explorer",
                          f"{shown(Path(path).name)} was changed on disk since you opened it "
                          f"(by another window or program).", QMessageBox.Cancel, self)
        box.setTextFormat(Qt.PlainText)
        box.setInformativeText("Saving now would drop those changes. Reload it and replay "
                               "your edits on top, or save your version elsewhere?")
        reload = box.addButton("Reload and Keep My Edits", QMessageBox.AcceptRole)
        save_as = box.addButton("Save As…", QMessageBox.ActionRole)
        box.setDefaultButton(reload)
        box.exec()
        return {reload: "reload", save_as: "save_as"}.get(box.clickedButton(), "cancel")

    def ask_save_failed(self, message: str) -> bool:
        """True to save elsewhere after a save failed (the edits are still here)."""
        box = QMessageBox(QMessageBox.Warning, "Timeline Explorer", shown(message),
                          QMessageBox.Cancel, self)
        box.setTextFormat(Qt.PlainText)
        box.setInformativeText("Your edits are still here. Save the project somewhere else?")
        save_as = box.addButton("Save As…", QMessageBox.AcceptRole)
        box.setDefaultButton(save_as)
        box.exec()
        return box.clickedButton() is save_as

    def ask_open_path(self) -> str | None:
        recent = self.recent_projects()
        start = str(Path(recent[0]).parent) if recent else self._last_dir()
        path, _ = QFileDialog.getOpenFileName(self, "Open project", start, PROJECT_FILTER)
        return path or None

    def show_error(self, message: str) -> None:
        """A one-line message in the status bar and a warning that does not block."""
        message = shown(message)
        self.last_error = message
        self.status_label.setText(message)
        box = QMessageBox(QMessageBox.Warning, "Timeline Explorer", message, QMessageBox.Ok, self)
        box.setTextFormat(Qt.PlainText)
        box.setModal(False)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.show()
        self._error_box = box

    # names ------------------------------------------------------------------------------------
    def project_name(self) -> str:
        if self.project is not None and self.project.path is not None:
            return Path(self.project.path).stem
        return "Untitled"

    def _update_title(self) -> None:
        if self.project is None:
            self.setWindowTitle("Timeline Explorer")
            return
        star = "*" if self.project.unsaved_edits else ""
        self.setWindowTitle(f"{self.project_name()}{star} – Timeline Explorer")

    # guarding unsaved edits ---------------------------------------------------------------------
    def may_discard(self) -> bool:
        """True when the current project may be replaced (saved or discarded if need be)."""
        if self.project is None or not self.project.unsaved_edits:
            return True
        answer = self.ask_close()
        if answer == "save":
            return self.save_project(wait=True)
        if answer == "discard":
            recovery.remove(self.recovery_file)
            return True
        return False

    # opening ------------------------------------------------------------------------------------
    def open_project(self) -> None:
        if self.may_discard():
            path = self.ask_open_path()
            if path:
                self.open_project_path(path)

    def open_project_path(self, path: str, stored=None) -> None:
        """Read a project off-thread; a damaged file leaves the current project as it is.
        ``stored``: a read of its stored view already under way (read_stored_view_soon)."""
        path = str(path)

        def read(progress, cancelled, partial):
            view = stored() if stored is not None else read_stored_view(path)
            if view is not None:
                # The long read waits for the stored timeline to be painted: both share
                # one interpreter, and the window would paint only at half speed.
                painted = threading.Event()
                partial((view, painted))
                painted.wait(STORED_VIEW_WAIT)
            try:
                return Project.open(path)
            except ProjectError as exc:
                return exc
            except Exception as exc:  # whatever the file holds, the window stays usable
                return ProjectError(f"{path}: cannot be opened ({type(exc).__name__}: {exc})")

        previewed = []

        def show_stored(arrived) -> None:
            view, painted = arrived
            try:
                previewed.append(True)
                self._show_stored(view)
                self.repaint()
            finally:
                painted.set()

        self._start("Opening project", read,
                    lambda result: self._project_opened(result, path, bool(previewed)),
                    on_partial=show_stored)

    def _project_opened(self, result, path: str, previewed: bool = False) -> None:
        if isinstance(result, ProjectError):
            if previewed:
                self._show_project_again()
            if not Path(path).exists():
                self.forget_project(path)
            self.show_error(str(result))
            return
        self._remember_project(path)
        self.set_project(result, fresh=True, fit=not previewed)
        self.status_label.setText(f"Opened {path}")
        self.loaded.emit()

    # saving -------------------------------------------------------------------------------------
    def save_project(self, wait: bool = False) -> bool:
        """Save to the project's file (asks for one the first time). With ``wait``, now."""
        if self.project is None:
            return False
        if self.project.path is None:
            return self.save_project_as(wait=wait)
        return self.save_project_to(str(self.project.path), wait=wait)

    def save_project_as(self, wait: bool = False) -> bool:
        if self.project is None:
            return False
        path = self.ask_save_path()
        return self.save_project_to(path, wait=wait) if path else False

    def save_project_to(self, path: str, wait: bool = False) -> bool:
        """Write the project to ``path``; off-thread unless ``wait``. False if it failed
        (or, with ``wait``, if the researcher cancelled what the failure offered)."""
        project = self.project
        if not self.is_saving() and project.expected_stamp(path) is not None \
                and project.changed_on_disk():
            return self._changed_on_disk(project, path, wait)
        data = replace(project.snapshot(), origin=str(path))
        revision, edits = project.revision, project.edit_revision
        if wait:
            result = _write(data, path, project, revision, self._written_revisions)
            return self._saved(project, path, revision, edits, data, result, wait=True)
        self._saving += 1
        self.status_label.setText(shown(f"Saving {path}…"))

        def failed(message: str) -> None:
            self._saving -= 1
            self.show_error(f"cannot save {path}: {message}")

        def done(result) -> None:
            self._saving -= 1
            self._saved(project, path, revision, edits, data, result)

        self.runner.start(lambda progress, cancelled: _write(
            data, path, project, revision, self._written_revisions), "Saving", done, failed)
        return True

    def is_saving(self) -> bool:
        return self._saving > 0

    def _saved(self, project: Project, path: str, revision: int, edits: int, data, result,
               wait: bool = False) -> bool:
        error, stamp, wrote = result
        if error is not None:
            return self._save_failed(project, path, error, wait)
        if not wrote:
            return True  # a later save of newer edits got there first
        project.mark_saved(path, revision, edits, stamp, data)
        if project is self.project:
            if not project.unsaved_edits:
                recovery.remove(self.recovery_file)
            self._remember_project(path)
            self._update_title()
            self.status_label.setText(shown(f"Saved {path}"))
        return True

    def _save_failed(self, project: Project, path: str, error: ProjectError,
                     wait: bool) -> bool:
        """Keep the edits and the window; name the cause; offer another way to keep them."""
        if project is not self.project:
            self.show_error(str(error))
            return False
        if isinstance(error, ProjectChangedError):
            return self._changed_on_disk(project, path, wait)
        self.last_error = shown(str(error))
        self.status_label.setText(self.last_error)
        if self.ask_save_failed(str(error)):
            return self.save_project_as(wait=wait)
        return False

    def _changed_on_disk(self, project: Project, path: str, wait: bool) -> bool:
        """The file was saved by someone else since this window read it: never write over
        it blindly. Reload it with this window's work replayed (then save), or save
        elsewhere."""
        self.last_error = shown(f"{path} was changed on disk since it was opened")
        self.status_label.setText(self.last_error)
        answer = self.ask_changed_on_disk(path)
        if answer == "save_as":
            return self.save_project_as(wait=wait)
        if answer != "reload" or not self.reload_keeping_edits():
            return False
        return self.save_project_to(path, wait=wait)

    def reload_keeping_edits(self) -> bool:
        """Replace the project with its file as it now is, this window's own decisions
        and articles replayed on top; False (nothing changed) if the file cannot be read."""
        try:
            fresh, report = self.project.reloaded()
        except ProjectError as exc:
            self.show_error(str(exc))
            return False
        self.set_project(fresh, fresh=True, fit=False)
        kept = len(report.decisions) - len(report.unapplied)
        message = (f"Reloaded {self.project_name()} from disk: {kept} of your "
                   f"{len(report.decisions)} edits replayed")
        if report.articles:
            message += f", {len(report.articles)} added articles kept"
        if report.unapplied:
            self.show_error(message + "; no longer applicable: " +
                            "; ".join(str(u) for u in report.unapplied))
        else:
            self.status_label.setText(shown(message))
        return True

    # autosave and recovery ------------------------------------------------------------------------
    def autosave(self) -> None:
        """Write unsaved edits to this window's recovery file, off the GUI thread."""
        project = self.project
        if project is None or not project.unsaved_edits or self._autosaving \
                or project.edit_revision == self._autosaved_edits:
            return
        data = replace(project.snapshot(), origin=str(project.path or ""))
        target, edits = self.recovery_file, project.edit_revision
        recovery.claim(target)

        def write(progress, cancelled):
            target.parent.mkdir(parents=True, exist_ok=True)
            return _write(data, target)

        def done(result) -> None:
            self._autosaving = False
            error = result[0]
            if error is not None:
                self.status_label.setText(f"Autosave failed: {error}")
                return
            self._autosaved_edits = edits
            if self.project is not project or not project.unsaved_edits:
                recovery.remove(target)  # saved or replaced while the autosave ran

        def failed(message: str) -> None:
            self._autosaving = False
            self.status_label.setText(f"Autosave failed: {message}")

        self._autosaving = True
        self.runner.start(write, "Autosaving", done, failed)

    def offer_recovery(self) -> bool:
        """At startup: offer the edits an earlier session autosaved but never saved."""
        for path in recovery.recovery_files():
            if path == self.recovery_file or not recovery.claim(path):
                continue  # ours, or another window starting now took it first
            if not self.ask_recover(path, read_origin(path)):
                recovery.remove(path)
                continue
            try:
                project = Project.recover(path)
            except ProjectError as exc:
                self.show_error(str(exc))
                continue
            self.recovery_file = path
            self.set_project(project, fresh=True)
            self.status_label.setText("Recovered the unsaved edits – save them to keep them")
            return True
        return False

    # recent projects ------------------------------------------------------------------------------
    def recent_projects(self) -> list[str]:
        value = self.settings.value("recentProjects", [])
        if isinstance(value, str):
            value = [value]
        return list(value or [])

    def _remember_project(self, path: str) -> None:
        path = str(Path(path))
        recent = [p for p in self.recent_projects() if p != path]
        self.settings.setValue("recentProjects", ([path] + recent)[:MAX_RECENT_PROJECTS])

    def forget_project(self, path: str) -> None:
        self.settings.setValue("recentProjects",
                               [p for p in self.recent_projects() if p != str(Path(path))])

    def _fill_recent_projects(self) -> None:
        self.recent_projects_menu.clear()
        for path in self.recent_projects():
            action = self.recent_projects_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self._open_recent_project(p))
        if not self.recent_projects():
            self.recent_projects_menu.addAction("(none)").setEnabled(False)

    def _open_recent_project(self, path: str) -> None:
        if self.may_discard():
            self.open_project_path(path)

    # closing ----------------------------------------------------------------------------------
    def _close_project(self) -> bool:
        """Ask about unsaved edits; False to keep the window open."""
        if self.project is None or not self.project.unsaved_edits:
            return True
        answer = self.ask_close()
        if answer == "cancel":
            return False
        if answer == "save":
            return self.save_project(wait=True)
        return True
