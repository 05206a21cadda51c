#!/usr/bin/env python3
"""Timeline Explorer: open news articles and explore their chronology.

    main.py [FILES...]                         open files or folders (samples when none)
    main.py PROJECT.tlx                        open a saved project
    main.py --screenshot OUT.png [FILES...]    save a picture of the window and exit
            [--select WORDS | --select auto]   ... with an event selected (auto: the event
                                               told by most sources)
            [--entity NAME ...] [--lanes KIND]  ... with these entities chosen, lanes
                                               single, per outlet or per entity
    main.py --install-desktop-entry [--desktop] add a launcher to the desktop menu
    main.py --exit-after-first-paint [FILES...] print when the loaded timeline is first
                                               painted and exit (benchmarks/startup.py)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="timeline-explorer",
                                     description="Explore the chronology of news articles.")
    parser.add_argument("files", nargs="*", help="article files or folders, or a project (.tlx)")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="open the window, wait for loading, save a grab and exit")
    parser.add_argument("--select", metavar="WORDS",
                        help="with --screenshot: select the first event whose label holds "
                             "WORDS ('auto': the event told by most sources)")
    parser.add_argument("--entity", metavar="NAME", action="append", default=[],
                        help="with --screenshot: choose the entity called NAME (its name or "
                             "an alias) in the Entities panel; repeat for several")
    parser.add_argument("--lanes", choices=("single", "outlet", "entity"),
                        help="with --screenshot: one lane, lanes per source or per entity")
    parser.add_argument("--exit-after-first-paint", action="store_true",
                        help="print 'first-paint <unix time>' once the loaded timeline is "
                             "painted, then exit (for measuring startup)")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="write a launcher to ~/.local/share/applications")
    parser.add_argument("--desktop", action="store_true",
                        help="with --install-desktop-entry: also put it on ~/Desktop")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.install_desktop_entry:
        from gui.desktop import install
        for path in install(desktop=args.desktop):
            print(f"installed {path}")
        return 0
    from gui.app import run
    return run(args.files, screenshot=args.screenshot,
               exit_after_first_paint=args.exit_after_first_paint, select=args.select,
               entities=args.entity, lanes=args.lanes)


if __name__ == "__main__":
    sys.exit(main())
