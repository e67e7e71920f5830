"""The desk's SQLite store: one file, WAL, ``user_version`` migrations, an immutable hash-chained event log.

Events are the truth; the ``dossiers`` table and the full-text index are projections kept in the same
transaction as the event that changes them (see desk/projections.py) and rebuildable from the events alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk import db, keys, paths, timeutil
from desk.errors import DiskError, DiskFull, NotInitialised, StoreBusy, StoreError, StoreTooNew
from desk.text import fold

SCHEMA_VERSION = 8

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The event log: append-only. seq is the local order; id (UUIDv7) is the identity used by sync.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    dossier_uid TEXT,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    actor       TEXT NOT NULL,
    desk_id     TEXT NOT NULL,
    device_time TEXT NOT NULL,
    hash        BLOB NOT NULL,
    server_seq  INTEGER
);
CREATE INDEX events_by_dossier ON events (dossier_uid) WHERE dossier_uid IS NOT NULL;
CREATE TRIGGER events_are_immutable BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
CREATE TRIGGER events_are_permanent BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are permanent'); END;

-- Imported catalog bundles, kept for ever: a dossier keeps the procedure version it was received under.
CREATE TABLE catalogs (
    id             INTEGER PRIMARY KEY,
    publisher_code TEXT NOT NULL,
    publisher_name TEXT,
    version        INTEGER NOT NULL,
    issued_at      TEXT,
    effective_from TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    bundle         BLOB NOT NULL,
    UNIQUE (publisher_code, version)
);
CREATE TABLE procedures (
    catalog_id  INTEGER NOT NULL REFERENCES catalogs (id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    field_code  TEXT,
    field_name  TEXT,
    data        TEXT NOT NULL,
    PRIMARY KEY (catalog_id, code)
) WITHOUT ROWID;

CREATE TABLE calendars (
    id          INTEGER PRIMARY KEY,
    publisher   TEXT NOT NULL,
    version     INTEGER NOT NULL,
    years       TEXT NOT NULL,
    issued_at   TEXT,
    imported_at TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    bundle      BLOB NOT NULL,
    UNIQUE (publisher, version)
);

-- Projection: one row per dossier, its current state.
CREATE TABLE dossiers (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    code             TEXT NOT NULL UNIQUE,
    receipt_date     TEXT NOT NULL,
    order_no         INTEGER NOT NULL,
    procedure_code   TEXT NOT NULL,
    catalog_id       INTEGER NOT NULL,
    field_code       TEXT,
    status           INTEGER NOT NULL,
    channel          INTEGER NOT NULL,
    received_at      TEXT NOT NULL,
    entered_at       TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    calendar_version TEXT NOT NULL,
    name             TEXT NOT NULL,
    id_number        TEXT,
    id_kind          TEXT,
    phone            TEXT,
    email            TEXT,
    address          TEXT,
    sets             INTEGER NOT NULL,
    documents        TEXT NOT NULL,
    delivery         TEXT NOT NULL,
    book_no          INTEGER NOT NULL,
    entry_no         INTEGER NOT NULL,
    actor            TEXT NOT NULL,
    note             TEXT,
    last_seq         INTEGER NOT NULL
);
CREATE INDEX dossiers_by_order ON dossiers (order_no);
CREATE INDEX dossiers_by_id_number ON dossiers (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX dossiers_by_phone ON dossiers (phone) WHERE phone IS NOT NULL;
CREATE INDEX dossiers_by_status_due ON dossiers (status, due_at);
CREATE INDEX dossiers_by_receipt_date ON dossiers (receipt_date);

-- Projection: the applicant's name folded (no accents, đ = d), for search as you type. rowid = dossiers.id.
CREATE VIRTUAL TABLE dossier_names USING fts5 (
    name, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2'
);

-- Projection: the last order number issued per agency, day and desk slot (codes are never reused).
CREATE TABLE code_counters (
    agency_code TEXT NOT NULL,
    day         TEXT NOT NULL,
    slot        INTEGER NOT NULL,
    last_order  INTEGER NOT NULL,
    PRIMARY KEY (agency_code, day, slot)
) WITHOUT ROWID;

-- Projection: the last entry number in each ledger book (one book per year).
CREATE TABLE ledger_books (
    book_no    INTEGER PRIMARY KEY,
    last_entry INTEGER NOT NULL
);
"""

# Schema 2: clerk accounts (kept out of the event log: password hashes never leave the PC), and the columns the
# workflow after intake projects (supplements, extensions, results, returns, fees).
_V2 = """
ALTER TABLE dossiers ADD COLUMN original_due_at TEXT;
UPDATE dossiers SET original_due_at = due_at;
ALTER TABLE dossiers ADD COLUMN paused_at TEXT;
ALTER TABLE dossiers ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN holder TEXT;
ALTER TABLE dossiers ADD COLUMN result_at TEXT;
ALTER TABLE dossiers ADD COLUMN returned_at TEXT;
ALTER TABLE dossiers ADD COLUMN returned_to TEXT;
ALTER TABLE dossiers ADD COLUMN closed_at TEXT;
ALTER TABLE dossiers ADD COLUMN fee_paid INTEGER NOT NULL DEFAULT 0;
-- A catalog becomes usable once a lead clerk has seen its changes and approved it; catalogs imported before
-- this schema were active already.
ALTER TABLE catalogs ADD COLUMN signed_by TEXT;
ALTER TABLE catalogs ADD COLUMN approved_at TEXT;
ALTER TABLE catalogs ADD COLUMN approved_by TEXT;
UPDATE catalogs SET approved_at = imported_at, approved_by = 'nâng cấp dữ liệu';
ALTER TABLE calendars ADD COLUMN signed_by TEXT;
CREATE INDEX dossiers_by_procedure ON dossiers (procedure_code);
-- The name index again, with prefix indexes up to 6 letters and without positions: a typed prefix ("nguyen")
-- is then read from its own index instead of merging the lists of every word it starts (tens of ms at 1M names).
DROP TABLE dossier_names;
CREATE VIRTUAL TABLE dossier_names USING fts5 (
    name, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6', detail = none
);
INSERT INTO dossier_names (rowid, name) SELECT id, desk_fold(name) FROM dossiers;
-- Search by the code's last part (YYMMDD-NNNN): the order number and the day together.
DROP INDEX dossiers_by_order;
CREATE INDEX dossiers_by_order ON dossiers (order_no, receipt_date);
-- The periodic report: dossiers finished (result, refusal, withdrawal, stop) in a period.
CREATE INDEX dossiers_by_finish ON dossiers (coalesce(result_at, closed_at), receipt_date);
CREATE TABLE clerks (
    username      TEXT PRIMARY KEY,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('lead', 'clerk')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Sync bookkeeping (events stay immutable): the server's answer for each of this desk's events, and events
-- from the server that could not apply to the dossier's state (shown to the clerk, never applied silently).
CREATE TABLE event_acks (
    event_id   TEXT PRIMARY KEY REFERENCES events (id),
    server_seq INTEGER,
    refused    TEXT,
    at         TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sync_conflicts (
    event_id    TEXT PRIMARY KEY REFERENCES events (id),
    dossier_uid TEXT,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL,
    resolved    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""

# Schema 3: the procedures' folded-name column, which nothing read, is dropped (the GUI folds names as it searches).
# (sqlite-utils' ``transform`` would rebuild the table without WITHOUT ROWID; DROP COLUMN keeps it as it is.)
_V3 = """
ALTER TABLE procedures DROP COLUMN name_folded;
"""

# Schema 4: accounts that must change their password at the next sign-in (the demo account, a reset), sign-in
# failures counted towards a short lock-out, and the viewer role (commune leaders who only read). SQLite cannot
# change a CHECK constraint in place: the table is made again and its rows copied.
_V4 = """
CREATE TABLE clerks_v4 (
    username       TEXT PRIMARY KEY,
    full_name      TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('lead', 'clerk', 'viewer')),
    password_hash  TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    must_change    INTEGER NOT NULL DEFAULT 0,
    failed_signins INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT
) WITHOUT ROWID;
INSERT INTO clerks_v4 (username, full_name, role, password_hash, active, created_at)
    SELECT username, full_name, role, password_hash, active, created_at FROM clerks;
DROP TABLE clerks;
ALTER TABLE clerks_v4 RENAME TO clerks;
"""

# Schema 5: the numbers of the letters the desk sends (desk/letters.py), one counter per year and kind of letter (the
# event kind: apologized_extended, stopped). A projection: letters recorded before this schema carry no number the
# desk gave, so the table starts empty, as a rebuild would make it.
_V5 = """
CREATE TABLE letter_counters (
    year    INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    last_no INTEGER NOT NULL,
    PRIMARY KEY (year, kind)
) WITHOUT ROWID;
"""

# Schema 6: the access log of personal data (desk/audit.py): who opened, searched, printed or exported what, and when.
# Kept on this PC only (never synced) and append-only, like the event log.
_V6 = """
CREATE TABLE access_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    username TEXT,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL CHECK (action IN ('view', 'search', 'print', 'export', 'audit')),
    code     TEXT,
    what     TEXT NOT NULL
);
CREATE INDEX access_log_by_time ON access_log (at);
CREATE TRIGGER access_log_is_immutable BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_is_permanent BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
"""

# Schema 7: digitised documents (desk/attachments.py). ``attachments`` is a projection of the ``digitised`` events: the
# document (or the result) of a dossier, the SHA-256 of its PDF (the encrypted file under attachments/), its pages and
# whether it was scanned, imported or reused. ``attachment_uploads`` is sync bookkeeping (not rebuilt): the PDFs the
# provincial server holds whole.
_V7 = """
CREATE TABLE attachments (
    dossier_uid TEXT NOT NULL,
    part        TEXT NOT NULL CHECK (part IN ('document', 'result')),
    document_id TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    pages       INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    source      TEXT NOT NULL,
    reused_from TEXT,
    at          TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    PRIMARY KEY (dossier_uid, part, document_id)
) WITHOUT ROWID;
CREATE INDEX attachments_by_sha256 ON attachments (sha256);
CREATE TABLE attachment_uploads (
    sha256      TEXT PRIMARY KEY,
    bytes       INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL
) WITHOUT ROWID;
"""

# Schema 8: the name index also holds each pair of neighbouring words of a name (desk/search.py, ``index_text``), so
# a name as typed is found from a few short lists; and it keeps no per-name sizes (``columnsize = 0``: nothing ranks
# by them), one page less to write at each intake. The rebuild of the projections that ends every upgrade fills it.
_V8 = """
DROP TABLE dossier_names;
CREATE VIRTUAL TABLE dossier_names USING fts5 (
    name, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6', detail = none,
    columnsize = 0
);
"""

MIGRATIONS: list[tuple[int, str]] = [
    (1, _V1), (2, _V2), (3, _V3), (4, _V4), (5, _V5), (6, _V6), (7, _V7), (8, _V8),
]  # fmt: skip

# Tables that are projections: emptied and refilled by a rebuild.
PROJECTION_TABLES = ("dossiers", "code_counters", "ledger_books", "letter_counters", "attachments")
FTS_TABLES = ("dossier_names",)


@dataclass(frozen=True)
class Event:
    """One row of the event log."""

    seq: int
    id: str
    dossier_uid: str | None
    kind: str
    payload: dict[str, Any]
    actor: str
    desk_id: str
    device_time: str
    hash: bytes
    server_seq: int | None = None

    @classmethod
    def from_row(cls, row: db.Row | tuple) -> Event:
        seq, id_, uid, kind, payload, actor, desk_id, device_time, hash_, server_seq = tuple(row)
        return cls(seq, id_, uid, kind, json.loads(payload), actor, desk_id, device_time, hash_, server_seq)


EVENT_COLUMNS = "seq, id, dossier_uid, kind, payload, actor, desk_id, device_time, hash, server_seq"


def canonical_json(value: Any) -> str:
    """Compact, key-sorted, non-ASCII-escaped JSON: the bytes that the hash chain and the payload store."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(prev: bytes, event_id: str, dossier_uid: str | None, kind: str, payload_json: str,
               actor: str, desk_id: str, device_time: str) -> bytes:  # fmt: skip
    """SHA-256 over the previous hash and this event's content (tamper evidence)."""
    h = hashlib.sha256(prev)
    for part in (event_id, dossier_uid or "", kind, payload_json, actor, desk_id, device_time):
        h.update(b"\x1f")
        h.update(part.encode("utf-8"))
    return h.digest()


BACKUP_WAIT_S = 30.0  # how long a backup waits for the store to be free before it says so


def _backup_deadline(seconds: float) -> Any:
    """A progress callback for ``Connection.backup`` that gives up when the source stays busy or locked.

    Python's backup loop retries SQLITE_BUSY/SQLITE_LOCKED without end (a source connection with an open write
    transaction is LOCKED for as long as it stays open); the callback is called after every step and ends the loop
    by raising."""
    start = time.monotonic()

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in (5, 6) and time.monotonic() - start > seconds:  # SQLITE_BUSY, SQLITE_LOCKED
            raise StoreBusy(
                "Không sao lưu được: dữ liệu đang bận ghi quá lâu. Đợi một lát rồi sao lưu lại; nếu vẫn lỗi, đóng "
                "các cửa sổ phần mềm khác đang mở trên máy này."
            )

    return progress


class Store:
    """One desk's SQLite file. Writes go through ``write()`` (one writer at a time); reads use ``conn``."""

    def __init__(self, path: Path, conn: db.Connection, key: bytes | None = None):
        self.path = path
        self.conn = conn
        self.key = key
        self._db: Any = None
        self._write_lock = threading.RLock()
        self._meta_cache: dict[str, str] | None = None
        # The account acting through this store (desk/roles.py): set by the GUI's sign-in or the command line.
        self.principal: Any = None

    @property
    def db(self) -> Any:
        """sqlite-utils over the SQLCipher connection (imported when first used: it costs ~85 ms at start-up)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    # -- opening -----------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = False, backups: Path | None = None,
             recovery_public: str | None = None) -> Store:  # fmt: skip
        """Open (or with ``create`` make) the encrypted store at ``path`` and bring its schema up to date.

        A new store gets a fresh data key (desk/keys.py), sealed for the province's recovery key when one is given.
        A store written before encryption is encrypted in place first, after an (encrypted) backup copy.
        """
        path = Path(path)
        data_dir = path.parent
        backups = backups or data_dir / "backups"
        if create:
            paths.make_dir(data_dir)
            key, _ = keys.new_key(data_dir, recovery_public)
        elif not path.exists():
            raise NotInitialised(
                f"Chưa có dữ liệu bàn tiếp nhận tại {path.parent}. Chạy «desk init» trước để khởi tạo."
            )
        elif db.is_plain(path):
            key = _encrypt_in_place(path, backups, recovery_public)
        else:
            key = keys.load_key(data_dir)
            if key is None:
                raise StoreError(
                    f"Không mở được tệp {path}: không phải cơ sở dữ liệu của phần mềm, hoặc là dữ liệu đã mã hóa mà "
                    f"thiếu tệp {keys.SIDECAR} (cho biết khóa nào mở nó). Đặt lại tệp đó, hoặc nhờ tỉnh mở bằng khóa "
                    "khôi phục; báo bộ phận CNTT trước khi làm gì khác."
                )
        conn = _connect(path, key)
        owner_only(path)
        try:
            store = cls(path, conn, key)
            store._migrate(backups)
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        """Checkpoint and close."""
        with contextlib.suppress(db.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, backups: Path) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreTooNew(
                f"Tệp dữ liệu {self.path} do phiên bản mới hơn của phần mềm tạo (lược đồ {current}, phiên bản "
                f"này chỉ đọc được đến {SCHEMA_VERSION}). Hãy cài phiên bản phần mềm mới nhất; tệp không bị thay đổi."
            )
        if current == SCHEMA_VERSION:
            return
        if current > 0:
            self.backup(backups / f"{self.path.stem}-schema{current}-{_stamp()}{BACKUP_SUFFIX}")
        steps = [(target, script) for target, script in MIGRATIONS if target > current]
        for i, (target, script) in enumerate(steps):
            with self.write() as conn:
                for statement in _split_sql(script):
                    conn.execute(statement)
                if current > 0 and i == len(steps) - 1:
                    # A migration's SQL shapes the projections as best it can; the rules of this version say exactly
                    # what they hold: made again from the event log once, so «desk verify» finds them equal — in the
                    # transaction of the last step, so a store never reaches this version without them (a power
                    # cut during the rebuild leaves the previous version, which upgrades again at the next start).
                    from desk import projections

                    projections.rebuild(conn)
                conn.execute(f"PRAGMA user_version = {target}")

    def backup(self, dest: Path) -> Path:
        """A consistent copy of the store in one file (safe while the desk runs): the database, encrypted with the
        same key, and its key sidecar (the key's id and the province's recovery copy — never the key). The copy
        carries no sync credential: a desk restored from it enrols again. Written to a temp name, then renamed;
        readable only by its owner."""
        paths.make_dir(dest.parent)
        db_part = dest.with_name(dest.name + ".db.part")
        try:
            target = db.connect(db_part, self.key)
            try:
                self.conn.backup(target, progress=_backup_deadline(BACKUP_WAIT_S), sleep=0.05)
                target.execute("DELETE FROM meta WHERE key = 'sync_credential'")
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            meta = self.meta()
            pack_backup(db_part, dest, keys.read_info(self.path.parent), schema=self.schema_version(),
                        desk_id=meta.get("desk_id"), agency_code=meta.get("agency_code"),
                        desk_slot=meta.get("desk_slot"), encrypted=self.key is not None)  # fmt: skip
        finally:
            db_part.unlink(missing_ok=True)
        return dest

    # -- writing -----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[db.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): committed on success, rolled back on any error."""
        with self._write_lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except db.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise StoreBusy(
                        "Dữ liệu đang bị một chương trình khác ghi. Đợi vài giây rồi thử lại; nếu vẫn lỗi, "
                        "đóng các cửa sổ phần mềm khác đang mở trên máy này."
                    ) from exc
                raise
            try:
                yield self.conn
            except db.OperationalError as exc:
                with contextlib.suppress(db.Error):
                    self.conn.execute("ROLLBACK")
                self._meta_cache = None
                condition = _store_error(exc)
                if condition is None:
                    raise
                raise condition from exc
            except BaseException:
                self.conn.execute("ROLLBACK")
                self._meta_cache = None
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except db.Error as exc:
                    with contextlib.suppress(db.Error):
                        self.conn.execute("ROLLBACK")
                    self._meta_cache = None
                    raise (_store_error(exc) or StoreError(_NOT_SAVED)) from exc

    # -- meta --------------------------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        """All key/value settings of this desk (cached; refreshed after writes through set_meta)."""
        if self._meta_cache is None:
            self._meta_cache = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        return dict(self._meta_cache)

    def forget_meta(self) -> None:
        """Drop the cached meta (a write changed it directly)."""
        self._meta_cache = None

    def set_meta(self, conn: db.Connection, **values: str) -> None:
        """Set settings inside a write transaction."""
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [(k, str(v)) for k, v in values.items()],
        )
        self._meta_cache = None

    # -- events ------------------------------------------------------------------------------------

    def events(self, *, dossier_uid: str | None = None) -> Iterator[Event]:
        """Events in local order; all of them, or one dossier's."""
        if dossier_uid is None:
            rows = self.conn.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY seq")
        else:
            rows = self.conn.execute(
                f"SELECT {EVENT_COLUMNS} FROM events WHERE dossier_uid = ? ORDER BY seq", (dossier_uid,)
            )
        for row in rows:
            yield Event.from_row(row)

    def verify_chain(self) -> tuple[bool, int | None]:
        """Recompute this desk's hash chain; returns (intact, seq of the first event that does not match)."""
        desk_id = self.meta()["desk_id"]
        prev = b""
        for row in self.conn.execute(
            "SELECT seq, id, dossier_uid, kind, payload, actor, desk_id, device_time, hash FROM events "
            "WHERE desk_id = ? AND server_seq IS NULL ORDER BY seq",
            (desk_id,),
        ):
            seq, id_, uid, kind, payload, actor, d_id, when, digest = row
            expected = chain_hash(prev, id_, uid, kind, payload, actor, d_id, when)
            if expected != digest:
                return False, seq
            prev = digest
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'chain_head'").fetchone()
        head = row[0] if row else ""
        return (prev.hex() == head if prev else head == ""), None

    def counts(self) -> dict[str, int]:
        """Row counts shown by ``desk info``."""
        q = self.conn.execute
        return {
            "dossiers": q("SELECT count(*) FROM dossiers").fetchone()[0],
            "events": q("SELECT count(*) FROM events").fetchone()[0],
            "catalogs": q("SELECT count(*) FROM catalogs").fetchone()[0],
            "calendars": q("SELECT count(*) FROM calendars").fetchone()[0],
        }


def _connect(path: Path, key: bytes | None) -> db.Connection:
    conn = db.connect(path, key)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"Không bật được chế độ WAL cho {path} (được «{mode}»).")
        # FULL: a commit survives a power cut, so a code printed on a receipt is never issued again.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        # The search folding (no accents, đ = d) as SQL, for migrations that rebuild the name index.
        conn.create_function("desk_fold", 1, fold, deterministic=True)
    except db.DatabaseError as exc:
        conn.close()
        # (``desk verify`` cannot help here: it opens the file the same way.)
        if key is None:
            why = "không phải dữ liệu của phần mềm, hoặc tệp đã hỏng"
            then = "Báo bộ phận CNTT trước khi khôi phục từ bản sao lưu (desk restore)."
        else:
            why = "khóa mở không đúng với tệp, hoặc tệp đã hỏng"
            then = (
                "Nếu tệp vừa được chép từ máy hoặc thư mục khác: chép cả tệp desk-key.json đi cùng nó và chạy bằng "
                "tài khoản đã cài bàn tiếp nhận đó. Nếu không, báo bộ phận CNTT: tỉnh thử mở tệp bằng khóa khôi "
                "phục (desk-publish recover); không mở được thì tệp đã hỏng, khôi phục từ bản sao lưu (desk restore)."
            )
        raise StoreError(f"Không mở được tệp {path}: {why} ({type(exc).__name__}). {then}") from exc
    return conn


BACKUP_FORMAT = "desk-backup/1"
BACKUP_STORE = "desk.sqlite3"
BACKUP_MANIFEST = "manifest.json"
BACKUP_SUFFIX = ".desk-backup"


def pack_backup(db_file: Path, dest: Path, info: keys.KeyInfo | None, **manifest: Any) -> Path:
    """One backup file (a zip, stored as is: the database is encrypted): the database, and a manifest with the key's
    id and the province's recovery copy of the key (never the key). Atomic; readable only by its owner."""
    part = dest.with_name(dest.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.write(db_file, BACKUP_STORE)
            doc = {"format": BACKUP_FORMAT, "made_at": timeutil.iso(timeutil.now()),
                   "key": info.as_json() if info else None, **manifest}  # fmt: skip
            zf.writestr(BACKUP_MANIFEST, json.dumps(doc, ensure_ascii=False, indent=1))
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())
        paths.protect(part)
        part.replace(dest)
    finally:
        part.unlink(missing_ok=True)
    return dest


def owner_only(path: Path) -> None:
    """The store, its WAL and shared memory, and their folder: their owner's only, or also their group's in a shared
    data dir (desk/paths.py). Windows: the folder's ACL (the user's own, or the one the MSI gives the machine dir)."""
    if os.name != "posix":
        return
    paths.make_dir(path.parent)
    for suffix in ("", "-wal", "-shm"):
        paths.protect(Path(str(path) + suffix))


def _encrypt_in_place(path: Path, backups: Path, recovery_public: str | None) -> bytes:
    """Encrypt a store written before encryption, in one step, nothing lost: a new data key, an encrypted copy
    made and checked (same rows), an encrypted backup of it kept, then the copy put in the plain file's place."""
    data_dir = path.parent
    info = keys.read_info(data_dir)  # a sidecar already there: an earlier attempt stopped half-way; same key
    key = keys.load_key(data_dir) if info is not None else keys.new_key(data_dir, recovery_public)[0]
    assert key is not None
    work = path.with_name(f".{path.name}.encrypting")
    work.unlink(missing_ok=True)
    plain = db.connect(path, None)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in plain.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE"
                                              " 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]  # fmt: skip
        counts = {t: plain.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        plain.execute(f"ATTACH DATABASE ? AS enc KEY \"x'{key.hex()}'\"", (str(work),))
        plain.execute("SELECT sqlcipher_export('enc')")
        plain.execute(f"PRAGMA enc.user_version = {int(version)}")
        plain.execute("DETACH DATABASE enc")
    finally:
        plain.close()
    check = db.connect(work, key)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and all(
            check.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] == n for t, n in counts.items()
        )
    finally:
        check.close()
    if not ok:
        work.unlink(missing_ok=True)
        raise StoreError(f"Mã hóa tệp dữ liệu {path} không khớp với bản gốc: tệp gốc giữ nguyên. Báo bộ phận CNTT.")
    paths.protect(work)
    paths.make_dir(backups)
    pack_backup(work, backups / f"{path.stem}-schema{version}-before-encryption-{_stamp()}{BACKUP_SUFFIX}",
                keys.read_info(data_dir), schema=version)  # fmt: skip
    os.replace(work, path)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return key


_NOT_SAVED = (
    "Không ghi được dữ liệu: việc vừa làm chưa được lưu, dữ liệu đã có không đổi. Thử lại; nếu vẫn lỗi, chạy «desk "
    "verify» và báo bộ phận CNTT."
)


def _store_error(exc: db.Error) -> StoreError | None:
    """What a failed write says about the PC — disk full, disk failing, busy — in words that never advise a restore:
    the write was rolled back and the store is as it was (``desk verify`` decides whether anything is damaged).
    None when it is none of these (a bug of ours: raised as it is)."""
    text = str(exc).lower()
    if "full" in text:
        return DiskFull(
            "Ổ đĩa đầy: việc vừa làm chưa được lưu (dữ liệu đã có vẫn nguyên vẹn). Giải phóng dung lượng ổ đĩa (xóa "
            "tệp không cần, dọn thùng rác) rồi làm lại. Không cần khôi phục từ bản sao lưu."
        )
    if "locked" in text or "busy" in text:
        return StoreBusy("Dữ liệu đang bị một chương trình khác ghi. Đợi vài giây rồi thử lại.")
    if "disk i/o" in text or "ioerr" in text:
        return DiskError(
            "Lỗi đọc/ghi ổ đĩa (I/O): việc vừa làm chưa được lưu. Ổ đĩa có thể sắp hỏng hoặc bị rút ra. Kiểm tra ổ "
            "đĩa, rồi chạy «desk verify»: chỉ khi nó báo dữ liệu hỏng mới cần khôi phục từ bản sao lưu."
        )
    return None


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buf += line
        if db.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements


def _stamp() -> str:
    return timeutil.now().strftime("%Y%m%d-%H%M%S")
