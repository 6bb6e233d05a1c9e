"""Where bundled files live, the same way frozen (PyInstaller) and from a source checkout."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def root() -> Path:
    """The folder holding resources/ and db/ (the repository, or the frozen bundle)."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def resources() -> Path:
    return root() / "resources"


def migrations() -> Path:
    return root() / "db"


def default_db_path() -> Path:
    """The embedded database in the user data folder (BILLDESK_HOME overrides the folder)."""
    home = os.environ.get("BILLDESK_HOME")
    if home:
        folder = Path(home)
    else:
        from platformdirs import user_data_path

        folder = user_data_path("billdesk", appauthor=False)
    return folder / "billdesk.sqlite"
