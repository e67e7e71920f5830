"""The reference server's storage: SQLAlchemy Core over SQLite (default) or PostgreSQL (a whole province).

The same tables and queries on both; a URL picks the database (``--db server.sqlite3`` or
``--db postgresql+psycopg://user@host/dbname``). Every write runs under one server-wide write lock (SQLite:
``BEGIN IMMEDIATE``; PostgreSQL: a transaction-scoped advisory lock), so server sequence numbers are handed out
in commit order and a pull that reads "after sequence N" can never miss an event committed later with a smaller
number.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.pool import NullPool

SCHEMA_VERSION = 3
_LOCK_KEY = 7_210_001  # the advisory lock that serialises writers on PostgreSQL

metadata = MetaData()

# Seq columns: BIGINT on PostgreSQL, INTEGER (the rowid) on SQLite.
_BigInt = BigInteger().with_variant(Integer(), "sqlite")
# Instants and days (ISO 8601, +07:00) compare as text in the report's SQL (desk/report.py): byte order, so on
# PostgreSQL they are collated "C" whatever the database's locale ('2026-01-02' sorts before '2026-01-02T…').
_Instant = String(40).with_variant(String(40, collation="C"), "postgresql")
_Day = String(10).with_variant(String(10, collation="C"), "postgresql")

server_meta = Table(
    "server_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Desks and processing units. Credentials are random tokens; only their SHA-256 is kept.
devices = Table(
    "devices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(16), nullable=False),  # desk | processor
    Column("agency_code", String(48), nullable=False),
    Column("slot", Integer),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
    Column("last_seen_at", String(40)),
    Column("role", String(16)),  # processors: what personal data they see (contact | full); schema 2
    Column("enrolled_with", Integer),  # desks: the enrolment code of the current credential; schema 2
)

enrol_codes = Table(
    "enrol_codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("agency_code", String(48), nullable=False),
    Column("slot", Integer, nullable=False),
    Column("label", String(200)),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("used_at", String(40)),
    Column("device_id", String(36)),
)

# Every event the server accepted, in server order. ``origin`` is the device that sent it; ``deliver_to`` is the
# desk that owns the dossier when the event was made elsewhere (what that desk pulls).
events = Table(
    "events",
    metadata,
    Column("server_seq", _BigInt, primary_key=True, autoincrement=False),
    Column("id", String(36), nullable=False, unique=True),
    Column("agency_code", String(48), nullable=False),
    Column("dossier_uid", String(36)),
    Column("kind", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("desk_id", String(36), nullable=False),
    Column("device_time", String(40), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("origin", String(36), nullable=False),
    Column("deliver_to", String(36)),
    Column("received_at", String(40), nullable=False),
)
Index("events_deliver", events.c.deliver_to, events.c.server_seq)
Index("events_dossier", events.c.dossier_uid, events.c.server_seq)
Index("events_by_kind", events.c.agency_code, events.c.kind, events.c.server_seq)  # schema 3: hand-over feeds

# The server's own view of each dossier, kept with the events that change it: the status transitions of
# processing units are checked against it, and a code is never accepted twice in one agency.
dossiers = Table(
    "dossiers",
    metadata,
    Column("uid", String(36), primary_key=True),
    Column("agency_code", String(48), nullable=False),
    Column("code", String(80), nullable=False),
    Column("owner_desk", String(36), nullable=False),
    Column("status", Integer, nullable=False),
    Column("procedure_code", String(64)),
    Column("received_at", _Instant),
    Column("due_at", _Instant),
    Column("original_due_at", _Instant),
    Column("paused_at", _Instant),
    Column("holder", String(200)),
    Column("last_seq", _BigInt, nullable=False),
    # schema 3: what Biểu II.06a and the console's overview read (desk/report.py counts the same columns on a desk)
    Column("receipt_date", _Day),
    Column("channel", Integer),
    Column("field_code", String(64)),
    Column("result_at", _Instant),
    Column("closed_at", _Instant),
    Column("extensions", Integer, nullable=False, server_default="0"),
    UniqueConstraint("agency_code", "code", name="dossiers_code_once_per_agency"),
)
# The report reads its period's dossiers only (desk/report.py FINISH_INDEX); the overview counts an agency's intake
# by day, and its open dossiers (few, against the millions finished) by status and appointment.
_FINISHED = func.coalesce(dossiers.c.result_at, dossiers.c.closed_at)
Index("dossiers_by_finish", _FINISHED, dossiers.c.receipt_date)
Index("dossiers_by_receipt", dossiers.c.receipt_date)
Index("dossiers_by_agency_day", dossiers.c.agency_code, dossiers.c.receipt_date)
_OPEN_WHERE = text("status IN (2, 4, 5, 6)")
Index("dossiers_open", dossiers.c.agency_code, dossiers.c.status, dossiers.c.due_at,
      postgresql_where=_OPEN_WHERE, sqlite_where=_OPEN_WHERE)  # fmt: skip
Index("dossiers_by_holder", dossiers.c.agency_code, dossiers.c.holder, postgresql_where=_OPEN_WHERE,
      sqlite_where=_OPEN_WHERE)  # fmt: skip

# Catalog and calendar bundles for the desks of one agency (agency_code NULL: every agency).
bundles = Table(
    "bundles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(48)),
    Column("kind", String(16), nullable=False),
    Column("label", String(200)),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("key_id", String(64)),  # the registered publisher key that signed it; schema 2
    Column("publisher", String(36)),  # the publisher credential (device id) that uploaded it; schema 2
)
Index("bundles_by_agency", bundles.c.agency_code, bundles.c.id)
Index("bundles_by_digest", bundles.c.sha256)

# Publisher keys registered for a publisher credential (``device_id``; the admin's own keys have none): the server
# keeps only bundles signed by one of them.
publisher_keys = Table(
    "publisher_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("device_id", String(36)),
    Column("key_id", String(64), nullable=False),
    Column("public_key", String(200), nullable=False),
    Column("name", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
    UniqueConstraint("device_id", "key_id", name="publisher_keys_once"),
)

# Each desk's hash chain as the server has seen it: the head (the last link) and every link (accepted or refused
# event), so that a link from an older point (a desk restored from a backup) is told from a gap.
chain_heads = Table(
    "chain_heads",
    metadata,
    Column("device_id", String(36), primary_key=True),
    Column("head", String(64), nullable=False),
    Column("updated_at", String(40), nullable=False),
)
chain_links = Table(
    "chain_links",
    metadata,
    Column("device_id", String(36), primary_key=True),
    Column("hash", String(64), primary_key=True),
    Column("prev_hash", String(64), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("device_time", String(40), nullable=False),
)

# The server's epochs: a restored server starts a new one, whose base is the last event sequence number and bundle
# id of the backup (what desks may hold beyond it was lost, and is read or sent again).
epochs = Table(
    "epochs",
    metadata,
    Column("epoch", Integer, primary_key=True, autoincrement=False),
    Column("base_seq", _BigInt, nullable=False),
    Column("base_bundle", Integer, nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("reason", String(200), nullable=False),
)


# schema 3 -----------------------------------------------------------------------------------------------------

# What each desk says of itself at the end of a sync round (POST /v1/status): events still waiting, its clock, the
# catalog and calendar versions in force; the console's overview shows them.
desk_status = Table(
    "desk_status",
    metadata,
    Column("device_id", String(36), primary_key=True),
    Column("reported_at", String(40), nullable=False),
    Column("pending", Integer, nullable=False),
    Column("refused", Integer, nullable=False),
    Column("clock_offset_s", Integer),
    Column("catalog", String(200)),
    Column("calendar", String(200)),
    Column("app_version", String(40)),
)

# Names the province gives its agencies (the codes come from the desks; the names are the console's).
agencies = Table(
    "agencies",
    metadata,
    Column("code", String(48), primary_key=True),
    Column("name", String(200), nullable=False),
)

# The web console's accounts: province admins (password + TOTP), agency leads and viewers, processing-unit officers
# (``unit``: the processing unit's device id, whose rules they act under).
console_users = Table(
    "console_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("full_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),  # admin | lead | viewer | officer
    Column("agency_code", String(48)),
    Column("unit", String(36)),
    Column("password_hash", String(300), nullable=False),
    Column("totp_secret", String(64)),
    Column("failed", Integer, nullable=False, server_default="0"),
    Column("locked_until", String(40)),
    Column("created_at", String(40), nullable=False),
    Column("disabled_at", String(40)),
    Column("last_totp_step", BigInteger),  # a TOTP code is accepted once
)

# Signed-in sessions: only the SHA-256 of the cookie's token is kept, with the form token (CSRF) of the session.
console_sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("last_seen_at", String(40), nullable=False),
)
Index("console_sessions_by_user", console_sessions.c.user_id)

# Every console view of a dossier's personal data, every search and export: who, when, what (admins read it).
access_log = Table(
    "access_log",
    metadata,
    Column("id", _BigInt, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("user_id", Integer),
    Column("username", String(64), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(200)),
    Column("detail", Text),
    Column("address", String(64)),
)
Index("access_log_by_at", access_log.c.at)


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).isoformat(timespec="milliseconds")


class StorageError(Exception):
    """The database cannot be used (newer schema, unreachable)."""


def database_url(db: str) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as it is, anything else a SQLite file path."""
    if "://" in db:
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db.removeprefix("postgresql://")
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


class Storage:
    """One server database. ``write()`` and ``read()`` give a connection inside a transaction."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name
        self.replica: Engine | None = None  # a read replica for the console's overviews and the reports

    def use_replica(self, db: str) -> None:
        """Read the console's overviews and the reports from a streaming replica of this database (PostgreSQL)."""
        url = database_url(db)
        if not url.startswith("postgresql") or self.dialect != "postgresql":
            raise StorageError("Bản sao chỉ đọc (--read-db) chỉ dùng với PostgreSQL.")
        self.replica = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)

    @classmethod
    def open(cls, db: str, *, create: bool = True) -> Storage:
        url = database_url(db)
        if url.startswith("sqlite"):
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": 30},
                poolclass=NullPool if path == ":memory:" else None,
            )
            _sqlite_setup(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
        storage = cls(engine)
        try:
            storage._migrate(create)
        except BaseException:
            engine.dispose()
            raise
        return storage

    def close(self) -> None:
        self.engine.dispose()
        if self.replica is not None:
            self.replica.dispose()

    def _migrate(self, create: bool) -> None:
        with self.write() as conn:
            if not create and not self.engine.dialect.has_table(conn, "server_meta"):
                raise StorageError("Cơ sở dữ liệu máy chủ chưa được khởi tạo.")
            row = None
            if self.engine.dialect.has_table(conn, "server_meta"):
                row = conn.execute(select(server_meta.c.value).where(server_meta.c.key == "schema_version")).first()
            if row is not None and int(row[0]) > SCHEMA_VERSION:
                raise StorageError(
                    f"Cơ sở dữ liệu do phiên bản máy chủ mới hơn tạo (lược đồ {row[0]}, phiên bản này đọc được đến "
                    f"{SCHEMA_VERSION}). Cài phiên bản máy chủ mới nhất."
                )
            if row is not None and int(row[0]) < 2:  # schema 1 → 2: the new columns (new tables: create_all)
                for table, column, kind in (
                    ("devices", "role", "VARCHAR(16)"),
                    ("devices", "enrolled_with", "INTEGER"),
                    ("bundles", "key_id", "VARCHAR(64)"),
                    ("bundles", "publisher", "VARCHAR(36)"),
                ):
                    conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {kind}"))
            if row is not None and int(row[0]) < 3:
                _to_schema_3(conn, self.dialect)
            metadata.create_all(conn, checkfirst=True)
            if row is not None and int(row[0]) < 3:
                _backfill_schema_3(conn)
            if row is None:
                conn.execute(server_meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            elif int(row[0]) < SCHEMA_VERSION:
                conn.execute(
                    server_meta.update().where(server_meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION))
                )
            if conn.execute(select(server_meta.c.value).where(server_meta.c.key == "server_id")).first() is None:
                # The server's identity, made once: cursors carry it, so a desk tells this server from another.
                conn.execute(server_meta.insert().values(key="server_id", value=uuid.uuid4().hex))
            if conn.execute(select(epochs.c.epoch).limit(1)).first() is None:
                conn.execute(
                    epochs.insert().values(
                        epoch=1, base_seq=0, base_bundle=0, started_at=_now_iso(), reason="máy chủ mới"
                    )
                )

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction holding the server-wide write lock; committed on success."""
        with self.engine.connect() as conn:
            conn.execution_options(desk_write=True)
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
                yield conn

    @contextlib.contextmanager
    def read(self, *, replica: bool = False) -> Iterator[Connection]:
        """A read transaction (a consistent snapshot on SQLite's WAL; read committed on PostgreSQL).

        ``replica``: from the read replica when there is one (what may lag the primary by seconds: the console's
        overviews and lists, the reports; never the desks' exchange, nor a page that shows what was just written).
        """
        engine = self.replica if replica and self.replica is not None else self.engine
        with engine.connect() as conn, conn.begin():
            yield conn


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        # Let SQLAlchemy's "begin" below issue BEGIN itself (pysqlite's own transaction handling is off).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode = WAL")
        # FULL: an answer the server sent is on disk, so a retried event is found and never stored twice.
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # pragma: no cover - exercised by every test
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("desk_write") else "BEGIN")


_SCHEMA_3_COLUMNS = (
    ("receipt_date", "VARCHAR(10)"),
    ("channel", "INTEGER"),
    ("field_code", "VARCHAR(64)"),
    ("result_at", "VARCHAR(40)"),
    ("closed_at", "VARCHAR(40)"),
    ("extensions", "INTEGER NOT NULL DEFAULT 0"),
)


def _to_schema_3(conn: Connection, dialect: str) -> None:
    """Schema 2 → 3: the dossiers' report columns (filled by ``_backfill_schema_3``), instants collated "C"."""
    collate = ' COLLATE "C"' if dialect == "postgresql" else ""
    for column, kind in _SCHEMA_3_COLUMNS:
        if kind.startswith("VARCHAR"):
            kind += collate
        conn.execute(text(f"ALTER TABLE dossiers ADD COLUMN {column} {kind}"))
    if dialect == "postgresql":
        for column in ("received_at", "due_at", "original_due_at", "paused_at"):
            conn.execute(text(f'ALTER TABLE dossiers ALTER COLUMN {column} TYPE VARCHAR(40) COLLATE "C"'))


def _backfill_schema_3(conn: Connection) -> None:
    """Fill the new columns from the events the server holds (the lifecycle's effects, replayed in server order)."""
    import json

    from desk import lifecycle

    state: dict[str, dict] = {}
    rows = conn.execute(
        select(events.c.dossier_uid, events.c.kind, events.c.payload)
        .where(events.c.dossier_uid.is_not(None))
        .order_by(events.c.server_seq)
    )
    for uid, kind, payload_text in rows:
        payload = json.loads(payload_text)
        if kind == lifecycle.RECEIVED_KIND:
            proc = payload.get("procedure") or {}
            state[uid] = {"receipt_date": payload.get("receipt_date"), "channel": payload.get("channel"),
                          "field_code": proc.get("field_code"), "result_at": None, "closed_at": None,
                          "extensions": 0}  # fmt: skip
        elif uid in state and kind in lifecycle.STEPS:
            changes = lifecycle.changes(kind, state[uid], payload)
            state[uid] |= {k: v for k, v in changes.items() if k in ("result_at", "closed_at", "extensions")}
    for uid, values in state.items():
        conn.execute(dossiers.update().where(dossiers.c.uid == uid).values(**values))
