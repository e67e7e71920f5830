"""Which errors the clerk can act on, and which are bugs to report (ui/errors.py)."""

from __future__ import annotations

import sqlite3

from desk.errors import InvalidInput, StoreBusy


def test_only_a_busy_full_or_failing_disk_is_an_environment_error():
    from ui.errors import is_environment, message_of

    assert is_environment(InvalidInput("x")) and is_environment(StoreBusy("x"))
    assert is_environment(sqlite3.OperationalError("database is locked"))
    assert "Đợi vài giây" in message_of(sqlite3.OperationalError("database is locked"))
    assert "Ổ đĩa đã đầy" in message_of(sqlite3.OperationalError("database or disk is full"))
    assert "ổ đĩa" in message_of(sqlite3.OperationalError("disk I/O error"))
    # a bug of ours is not told to the clerk as «wait a few seconds»
    for bug in ("no such table: dossier", 'near "SELEC": syntax error', "no such column: nme"):
        assert not is_environment(sqlite3.OperationalError(bug))
    from desk import db  # the store's own driver (SQLCipher) has its own classes

    assert "Đợi vài giây" in message_of(db.OperationalError("database is locked"))
    assert not is_environment(db.OperationalError("no such table: dossier"))
