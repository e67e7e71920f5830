"""The SQLite driver of the desk's store: SQLCipher (sqlcipher3), so the file, its WAL and every backup are
encrypted with the desk's data key (desk/keys.py). Everything that opens the store goes through ``connect``.

SQLCipher's Python module is its own copy of ``sqlite3``: its connections, rows and errors are its classes, which
the rest of the core takes from here (catching the standard module's errors would miss them).
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3 as _driver

Connection = _driver.Connection
Cursor = _driver.Cursor
Row = _driver.Row
Error = _driver.Error
DatabaseError = _driver.DatabaseError
OperationalError = _driver.OperationalError
IntegrityError = _driver.IntegrityError
complete_statement = _driver.complete_statement

KEY_BYTES = 32
PLAIN_HEADER = b"SQLite format 3\x00"


def key_pragma(key: bytes) -> str:
    """``PRAGMA key`` with a raw 256-bit key (no passphrase derivation: opening costs nothing extra)."""
    if len(key) != KEY_BYTES:
        raise ValueError("the data key has 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(target: str | Path, key: bytes | None, *, uri: bool = False, timeout: float = 10.0) -> Connection:
    """A connection in autocommit mode (the store opens its transactions itself), keyed when ``key`` is given.

    A file that the key does not open raises DatabaseError at the first statement that reads it.
    """
    conn = _driver.connect(str(target), isolation_level=None, check_same_thread=False, timeout=timeout, uri=uri)
    _quiet(conn)
    if key is not None:
        conn.execute(key_pragma(key))
    return conn


_quieted = False


def _quiet(conn: Connection) -> None:
    """SQLCipher's own log off (a setting of the process, made once).

    It writes its errors to stderr, in English, before the desk's message: a key that does not open the file printed
    three lines of «ERROR CORE … hmac check failed for pgno=1» above «Không mở được tệp …: khóa mở không đúng …». Every
    such error reaches the desk as an exception, which it words for the clerk and logs (desk/cli/base.py, ui/errors.py).
    """
    global _quieted
    if not _quieted:
        conn.execute("PRAGMA cipher_log_level = NONE")
        _quieted = True


def is_plain(path: Path) -> bool:
    """Whether a file is an unencrypted SQLite database (a store written before encryption)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == PLAIN_HEADER
    except OSError:
        return False
