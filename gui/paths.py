"""Where the app's own files are, whether run from a checkout or an installed copy."""
from pathlib import Path

from model.resources import resources_root

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = resources_root()
SAMPLES = RESOURCES / "samples"
ICONS = RESOURCES / "icons"
ICON_SVG = ICONS / "timeline-explorer.svg"
DESKTOP_TEMPLATE = RESOURCES / "timeline-explorer.desktop"
MAIN_SCRIPT = ROOT / "main.py"
