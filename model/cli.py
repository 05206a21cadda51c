"""Command line: build a chronology from files and export it, or tag TimeML files.

    python -m model build PATH... [--published NAME=YYYY-MM-DD]... [--json F] [--csv F]
                                  [--timelinejs F] [--timeml DIR] [--image F.png|.svg|.pdf]
    python -m model build PATH... --project F.tlx   (create or update a project)
    python -m model build PATH... --engine dask [--scheduler tcp://HOST:PORT]
    python -m model export F.tlx [--json F] [--csv F] [--timelinejs F] [--timeml DIR] [--image F]
    python -m model tag IN_DIR OUT_DIR

Every failure the user can meet ends in one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from .chronology import Chronology
from .exporters import (ExportError, iso_date, sorted_events, write_csv, write_json,
                        write_timelinejs, write_timeml)
from .filenames import path_text, shown

#: Events listed in the summary; the exports hold all of them.
SUMMARY_EVENTS = 20
IMAGE_FORMATS = (".png", ".svg", ".pdf")
_PUBLISHED = re.compile(r"^(?P<name>.+)=(?P<date>\d{4}-\d{2}-\d{2})$")


# -- argument types -----------------------------------------------------------------------

def published_date(text: str) -> tuple[str, date]:
    """NAME=YYYY-MM-DD, as given to --published."""
    match = _PUBLISHED.match(text.strip())
    if not match or not match["name"].strip():
        raise argparse.ArgumentTypeError(f"expected NAME=YYYY-MM-DD, got {text!r}")
    try:
        day = date.fromisoformat(match["date"])
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a valid date in {text!r}") from None
    return path_text(match["name"].strip()), day


def image_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in IMAGE_FORMATS:
        raise argparse.ArgumentTypeError(f"{text!r} must end in .png, .svg or .pdf")
    return path


def positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m model",
                                     description="Timeline Explorer without the window.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="build a chronology from article files",
                                description="Load articles, find dated events, merge them "
                                            "into a chronology and export it.")
    build.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to load")
    build.add_argument("--published", action="append", type=published_date, default=[],
                       metavar="NAME=YYYY-MM-DD",
                        help="publication date of the file NAME (repeatable)")
    build.add_argument("--project", type=Path, metavar="F.tlx",
                       help="create or update this project: new articles are added, changed "
                            "ones extracted again, the researcher's decisions kept")
    build.add_argument("--workers", type=int, metavar="N",
                       help="worker processes for large folders (default: one per core)")
    build.add_argument("--no-cache", action="store_true",
                       help="analyse every article again instead of reusing earlier results")
    build.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="analyse articles in local processes (default) or as Dask tasks")
    build.add_argument("--scheduler", metavar="ADDR",
                       help="Dask scheduler, tcp://HOST:PORT (implies --engine dask; "
                            "default: a local cluster of --workers workers)")
    _add_export_options(build)
    export = commands.add_parser("export", help="export the chronology of a project",
                                 description="Write a project's chronology (with the "
                                             "researcher's edits) to files.")
    export.add_argument("project", type=Path, metavar="F.tlx")
    _add_export_options(export)
    tag = commands.add_parser("tag", help="tag TimeML files with TIMEX3 expressions",
                              description="Tag every .tml / .TE3input file under IN_DIR "
                                          "into OUT_DIR.")
    tag.add_argument("in_dir", type=Path, metavar="IN_DIR")
    tag.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    return parser


def _add_export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the chronology as JSON")
    parser.add_argument("--csv", type=Path, metavar="FILE", help="write one row per event")
    parser.add_argument("--timelinejs", type=Path, metavar="FILE",
                        help="write a TimelineJS 3 JSON file")
    parser.add_argument("--timeml", type=Path, metavar="DIR",
                        help="write one TimeML file per article into DIR")
    parser.add_argument("--image", type=image_path, metavar="FILE",
                        help="draw the timeline as .png, .svg or .pdf")
    parser.add_argument("--entity", action="append", default=[], metavar="NAME",
                        help="export only the events of this person, organisation, place or "
                             "group (a name or alias; repeat for several)")
    parser.add_argument("--title", help="title of the image and the TimelineJS file")
    parser.add_argument("--lanes", choices=("source", "single", "entity"), default="source",
                        help="one lane per source (default), a single lane, or one lane per "
                             "--entity (else per entity in most events)")
    parser.add_argument("--width", type=positive, default=12.0, metavar="INCHES")
    parser.add_argument("--height", type=positive, default=6.75, metavar="INCHES")
    parser.add_argument("--dpi", type=positive, default=150.0)


# -- build --------------------------------------------------------------------------------

def _err(message: str) -> None:
    print(_printable(message), file=sys.stderr)


def _terminal_progress():
    """Stage lines (model.progress) rewritten in place on a terminal; nothing in a log."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, line: str) -> None:
        print("\r\033[K" + _printable(line), end="", file=sys.stderr, flush=True)
    return show


def _end_progress(progress) -> None:
    if progress is not None:
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def _out(text: str) -> None:
    """Print to stdout; a reader that went away (`| head`) does not stop the exports."""
    try:
        print(_printable(text), flush=True)
    except BrokenPipeError:
        _silence_stdout()


def _printable(text: str) -> str:
    """One line, with what would act on the terminal (a newline inside a file name or a
    title, ANSI escapes, bidi overrides) escaped."""
    return shown(str(text))


def _tolerant_streams() -> None:
    """A character the terminal's encoding lacks is printed as an escape, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass


def summary_lines(chron: Chronology, limit: int = SUMMARY_EVENTS) -> list[str]:
    """Articles with their dates, then the first events, as printed by ``build``.

    Event dates are ISO 8601 at the precision the sources give (2004, 2013-12, 2014-01-03).
    """
    n = len(chron.articles)
    lines = [f"{n} article{'s' * (n != 1)} loaded:"]
    for a in chron.articles:
        published = a.published.isoformat() if a.published else "no date"
        basis = f"({a.published_basis})"
        lines.append(f"  {published:<10}  {basis:<10}  {a.source or '?'}: "
                     f"{a.title or Path(a.path).name}")
    events = sorted_events(chron)
    sources = {a.id: a.source or a.id for a in chron.articles}
    lines.append(f"{len(events)} event{'s' * (len(events) != 1)}:")
    for e in events[:limit]:
        names = ", ".join(dict.fromkeys(sources.get(i, i) for i in e.article_ids))
        lines.append(f"  {iso_date(e.interval):<10}  {e.label}  [{names}]")
    if len(events) > limit:
        lines.append(f"  ... and {len(events) - limit} more")
    return lines


def _exports(args) -> list[tuple[Path, Callable[[Chronology, Path], object]]]:
    def image(chron: Chronology, path: Path) -> None:
        from .render import render_timeline  # matplotlib loads only when an image is asked
        chosen = [e.id for name in getattr(args, "entity", None) or []
                  for e in chron.entities_named([name])]
        render_timeline(chron, path, width_in=args.width, height_in=args.height,
                        dpi=args.dpi, title=args.title, lanes=args.lanes,
                        entities=tuple(dict.fromkeys(chosen)))

    def timelinejs(chron: Chronology, path: Path) -> None:
        write_timelinejs(chron, path, title=args.title)

    wanted = [(args.json, write_json), (args.csv, write_csv),
              (args.timelinejs, timelinejs), (args.timeml, write_timeml),
              (args.image, image)]
    return [(path, write) for path, write in wanted if path is not None]


def _write_exports(chron: Chronology, args) -> bool:
    """Write every export asked for; one that fails does not stop the others."""
    ok = True
    if getattr(args, "entity", None):
        known = chron.entities_named(args.entity)
        for name in args.entity:
            if name.casefold() not in {n.casefold() for e in known for n in [e.name, e.id,
                                                                             *e.aliases]}:
                _err(f"warning: no entity is called {name!r}")
        chron = chron.only_entities({e.id for e in known})
    for path, write in _exports(args):
        try:
            write(chron, path)
        except ExportError as exc:
            _err(f"error: {exc}")
            ok = False
        except Exception as exc:  # a drawing bug must not become a traceback either
            _err(f"error: cannot write {path}: {type(exc).__name__}: {exc}")
            ok = False
        else:
            _out(f"wrote {path}")
    return ok


def run_build(args) -> int:
    if args.engine != "dask" and not args.scheduler:
        return _run_build(args, args.workers)
    from .cluster import ClusterError, dask_engine
    try:
        with dask_engine(args.scheduler, args.workers) as engine:
            return _run_build(args, engine)
    except ClusterError as exc:
        _err(f"error: {exc}")
        return 1


def _run_build(args, workers) -> int:
    published = dict(args.published)
    try:
        from . import pipeline  # imported late: `tag` and --help need none of the extractors
        from .cache import default_cache
        cache = None if args.no_cache else default_cache()
        if args.project is not None:
            chron = _build_project(args, published, cache, workers)
            if chron is None:
                return 1
        else:
            progress = _terminal_progress()
            try:
                chron = pipeline.build_chronology(args.paths, published=published,
                                                  cache=cache, progress=progress,
                                                  workers=workers)
            finally:
                _end_progress(progress)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as exc:  # a bug in a stage must not become a traceback
        _err(f"error: could not build the chronology: {type(exc).__name__}: {exc}")
        return 1
    for problem in chron.problems:
        _err(f"skipped {problem.path}: {problem.message}")
    if not chron.articles:
        _err("error: no article could be loaded")
        return 1
    for line in summary_lines(chron):
        _out(line)
    return 0 if _write_exports(chron, args) else 1


def _build_project(args, published, cache, workers) -> Chronology | None:
    """Create or update the project file; its chronology, or None after an error.

    The file's lock is held from reading it to saving it, so a second writer waits
    (briefly, then is refused) instead of one of the two silently losing its work."""
    from .locks import FileLock, LockedError
    from .project import Project, ProjectError, save_failure
    lock = FileLock(args.project)
    try:
        lock.acquire()
    except LockedError as exc:
        _err(f"error: {exc}")
        return None
    except OSError as exc:
        _err(f"error: cannot save {args.project}: {save_failure(exc, args.project)}")
        return None
    try:
        try:
            project = Project.open(args.project) if os.path.lexists(args.project) \
                else Project()
        except ProjectError as exc:
            _err(f"error: {exc}")
            return None
        progress = _terminal_progress()
        try:
            report = project.update(args.paths, published, progress, cache=cache,
                                    workers=workers)
        finally:
            _end_progress(progress)
        for unapplied in report.unapplied:
            _err(f"decision no longer applies: {unapplied}")
        if not project.articles:
            return project.chronology()
        try:
            project.save(args.project, lock=lock)
        except ProjectError as exc:
            _err(f"error: {exc}")
            return None
    finally:
        lock.release()
    _out(f"project {args.project}: {len(report.added)} added, {len(report.changed)} "
         f"extracted again, {len(report.unchanged)} unchanged")
    return project.chronology()


def run_export(args) -> int:
    from .project import Project, ProjectError
    try:
        project = Project.open(args.project)
    except ProjectError as exc:
        _err(f"error: {exc}")
        return 1
    for unapplied in project.unapplied:
        _err(f"decision no longer applies: {unapplied}")
    return 0 if _write_exports(project.chronology(), args) else 1


# -- tag ----------------------------------------------------------------------------------

def run_tag(args) -> int:
    try:
        from .timeml import tag_directory
    except ImportError as exc:
        _err(f"error: TimeML tagging is not available: {exc}")
        return 1
    if not args.in_dir.is_dir():
        _err(f"error: not a folder: {args.in_dir}")
        return 1
    overlap = folders_overlap(args.in_dir, args.out_dir)
    if overlap:
        _err(f"error: {overlap}; choose an output folder outside the input folder")
        return 1
    try:
        written = tag_directory(args.in_dir, args.out_dir)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as exc:
        _err(f"error: tagging failed: {type(exc).__name__}: {exc}")
        return 1
    _out(f"tagged {written} file{'s' * (written != 1)} into {args.out_dir}")
    return 0


def folders_overlap(in_dir: Path, out_dir: Path) -> str:
    """Why writing into ``out_dir`` could overwrite or mix with the files of ``in_dir``
    (the same folder, one inside the other, through links too), or ''."""
    try:
        source, target = in_dir.resolve(), out_dir.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop
        return f"cannot tell where {out_dir} is ({exc})"
    if source == target:
        return f"{out_dir} is the input folder: tagging would overwrite its files"
    if target.is_relative_to(source):
        return f"{out_dir} is inside the input folder {in_dir}"
    if source.is_relative_to(target):
        return f"the input folder {in_dir} is inside {out_dir}: tagging could overwrite its files"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (2 for a usage error, as argparse does)."""
    _tolerant_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    commands = {"build": run_build, "export": run_export, "tag": run_tag}
    return commands[args.command](args)


def _silence_stdout() -> None:
    """Output piped into `head` and cut short: stop writing, without a traceback at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
