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
    select,
    text,
)
from sqlalchemy.pool import NullPool

SCHEMA_VERSION = 2
_LOCK_KEY = 7_210_001  # the advisory lock that serialises writers on PostgreSQL

metadata = MetaData()

# Seq columns: BIGINT on PostgreSQL, INTEGER (the rowid) on SQLite.
_BigInt = BigInteger().with_variant(Integer(), "sqlite")

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
    Column("received_at", String(40)),
    Column("due_at", String(40)),
    Column("original_due_at", String(40)),
    Column("paused_at", String(40)),
    Column("holder", String(200)),
    Column("last_seq", _BigInt, nullable=False),
    UniqueConstraint("agency_code", "code", name="dossiers_code_once_per_agency"),
)

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
            metadata.create_all(conn, checkfirst=True)
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
    def read(self) -> Iterator[Connection]:
        """A read transaction (a consistent snapshot on SQLite's WAL; read committed on PostgreSQL)."""
        with self.engine.connect() as conn, conn.begin():
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
