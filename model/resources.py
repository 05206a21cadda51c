"""Where the app's data files are (tagger rules, word lists, icons, samples), whether it
runs from a checkout or from an installed copy.

In a checkout they are the folder resources/ beside model/. The wheel carries that folder
as the data-only package ``timeline_explorer_resources`` (pyproject.toml maps resources/ to
it), since site-packages has no resources/ beside model/: an installed copy used to refuse
every article because its rule tables were not there.
"""
from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

PACKAGE = "timeline_explorer_resources"
_CHECKOUT = Path(__file__).resolve().parent.parent / "resources"
#: A file every complete copy of the resources has.
_MARKER = ("tagger", "rules.toml")


class ResourcesMissing(FileNotFoundError):
    """The installation is incomplete: a fault of the install, not of the user's files."""


@lru_cache(maxsize=1)
def resources_root() -> Path:
    """The folder holding the resources: the checkout's, else the installed package's."""
    if _CHECKOUT.joinpath(*_MARKER).is_file():
        return _CHECKOUT
    spec = find_spec(PACKAGE)
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location).joinpath(*_MARKER).is_file():
            return Path(location)
    raise ResourcesMissing(f"Timeline Explorer's data files are missing (no {PACKAGE} "
                           f"package and no {_CHECKOUT}): reinstall Timeline Explorer")


def resource_path(*parts: str) -> Path:
    """A file or folder of the resources, e.g. resource_path("tagger", "rules.toml")."""
    return resources_root().joinpath(*parts)
