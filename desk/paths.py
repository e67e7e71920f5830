"""Where a desk keeps its files: the store, backups and logs, in one data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "MotCuaDesk"
STORE_FILE = "desk.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data dir: ``--data-dir`` beats ``DESK_DATA_DIR`` beats the platform's user data dir."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("DESK_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def store_path(base: Path) -> Path:
    """The desk's SQLite file inside a data dir."""
    return base / STORE_FILE


def backups_dir(base: Path) -> Path:
    """Copies taken before a schema upgrade."""
    return base / "backups"


def attachments_dir(base: Path) -> Path:
    """Digitised documents: one encrypted PDF per file (desk/attachments.py), owner-only."""
    return base / "attachments"


def log_path(base: Path) -> Path:
    """The log file, named in error messages so support staff can find it."""
    return base / "logs" / "desk.log"
