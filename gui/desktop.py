"""Installing a freedesktop launcher that runs this checkout with this interpreter."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

from .paths import DESKTOP_TEMPLATE, ICON_SVG, MAIN_SCRIPT

FILE_NAME = "timeline-explorer.desktop"


def _quote(arg: str) -> str:
    """Quote an Exec argument as the Desktop Entry spec asks (double quotes, escapes)."""
    if arg and all(c.isalnum() or c in "/._-+" for c in arg):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def desktop_entry(python: str | None = None, script: Path | None = None,
                  icon: Path | None = None) -> str:
    """The template with Exec and Icon pointing at absolute paths of this installation."""
    python = python or sys.executable
    script = (script or MAIN_SCRIPT).resolve()
    icon = (icon or ICON_SVG).resolve()
    lines = []
    for line in DESKTOP_TEMPLATE.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={_quote(python)} {_quote(str(script))} %F"
        elif line.startswith("Icon="):
            line = f"Icon={icon}"
        elif line.startswith("TryExec="):
            continue
        lines.append(line)
    lines.insert(lines.index("[Desktop Entry]") + 1, f"TryExec={python}")
    return "\n".join(lines) + "\n"


def install(desktop: bool = False, home: Path | None = None) -> list[Path]:
    """Write the launcher to ~/.local/share/applications (and ~/Desktop); return the paths."""
    home = home or Path.home()
    targets = [home / ".local" / "share" / "applications"]
    if desktop:
        targets.append(home / "Desktop")
    text = desktop_entry()
    written = []
    for directory in targets:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / FILE_NAME
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755)
        written.append(path)
    return written


def exec_program(entry: str) -> str:
    """The program an entry's Exec line runs (first argument, unquoted)."""
    line = next(l for l in entry.splitlines() if l.startswith("Exec="))
    return shlex.split(line[len("Exec="):])[0]
