"""``python -m model``: the command line (see model.cli)."""
import sys

from .cli import main

sys.exit(main())
