"""Where a desk keeps its files: the store, backups and logs, in one data dir.

The store belongs to the PC, not to one OS account (clerks share a counter PC through the desk's own accounts): the
default data dir is the machine's — ``%PROGRAMDATA%\\MotCuaDesk`` on Windows (the MSI makes it, writable by the
group it names), ``/var/lib/motcua-desk`` on Linux (made by ``packaging/linux/install-machine-dir.sh`` or the
README's steps: group ``motcua``, setgid). A per-user data dir is used only when asked for (``--data-dir``,
``DESK_DATA_DIR``), or on a Linux PC whose machine dir was never made (a single-user machine).

A **shared** data dir (setgid on POSIX; the machine dir on Windows) gives its group the same rights as the owner:
files 0660 in 2770 folders. Otherwise files are the owner's only: 0600 in 0700 folders.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

import platformdirs

APP_NAME = "MotCuaDesk"
STORE_FILE = "desk.sqlite3"
LINUX_MACHINE_DIR = Path("/var/lib/motcua-desk")
LINUX_MACHINE_KEY_DIR = Path("/etc/motcua-desk/keys")
LINUX_GROUP = "motcua"


def machine_data_dir() -> Path:
    """The PC's data dir (``DESK_MACHINE_DATA_DIR`` moves it: tests, unusual installs)."""
    env = os.environ.get("DESK_MACHINE_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / APP_NAME
    return LINUX_MACHINE_DIR


def user_data_dir() -> Path:
    """One OS account's own data dir (before version 0.9 the default; now only when asked for)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data dir: ``--data-dir`` beats ``DESK_DATA_DIR`` beats the machine's (when it exists, always on Windows)
    beats the account's own."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("DESK_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    machine = machine_data_dir()
    if sys.platform == "win32" or machine.is_dir():
        return machine
    return user_data_dir()


def shared(path: Path) -> bool:
    """Whether ``path`` (a data dir, or a file or folder in one) is shared by a group of OS accounts."""
    if sys.platform == "win32":
        try:
            return Path(path).resolve().is_relative_to(machine_data_dir().resolve())
        except OSError:
            return False
    p = Path(path)
    for candidate in (p, *list(p.parents)[:3]):
        try:
            if stat.S_ISDIR(candidate.stat().st_mode):
                return bool(candidate.stat().st_mode & stat.S_ISGID)
        except OSError:
            continue
    return False


def dir_mode(path: Path) -> int:
    """The mode of a folder of desk files at ``path`` (its parent decides whether it is shared)."""
    return 0o2770 if shared(path.parent if not path.exists() else path) else 0o700


def file_mode(path: Path) -> int:
    """The mode of a desk file at ``path``: the group's too in a shared data dir, else the owner's only."""
    return 0o660 if shared(path.parent) else 0o600


def make_dir(path: Path) -> Path:
    """Make a folder of desk files (and its parents) with the right mode (the umask cannot widen it)."""
    path = Path(path)
    mode = dir_mode(path)
    path.mkdir(parents=True, exist_ok=True, mode=mode & 0o777)
    if os.name == "posix":
        with contextlib.suppress(PermissionError):  # a folder someone else made (the machine dir): set up by them
            os.chmod(path, mode)
    return path


def protect(path: Path) -> None:
    """Give a file its mode (see ``file_mode``)."""
    if os.name == "posix":
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.chmod(path, file_mode(Path(path)))


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
