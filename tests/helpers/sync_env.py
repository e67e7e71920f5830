"""Fixtures for the sync tests: the reference server on loopback, throwaway PostgreSQL, desks of one commune.

Import the fixtures into a test module with ``from tests.helpers.sync_env import *  # noqa: F403``.

PostgreSQL: ``DESK_TEST_PG_URL`` (a server where the tests may create databases, e.g.
``postgresql://postgres@127.0.0.1:5432/postgres``) is used when set; otherwise a cluster is made in a temp dir with
the ``initdb``/``postgres`` binaries on PATH (or Debian's /usr/lib/postgresql/*/bin) on a free loopback port — as
the ``postgres`` user when the tests run as root — and the PostgreSQL variants are skipped, with the reason, when
neither is possible.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

AGENCY = "000.00.12.H62"
OTHER_AGENCY = "000.00.13.H62"

__all__ = [
    "AGENCY",
    "OTHER_AGENCY",
    "LiveServer",
    "_pg_database",
    "live",
    "make_desk",
    "pg_db",
    "pg_server",
    "post_processing",
    "server_db",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The reference server (uvicorn) in a thread of this process, on a free loopback port."""

    def __init__(self, db: str, *, clock: Callable[[], dt.datetime] | None = None, ssl: dict[str, str] | None = None,
                 limits: Any = None):  # fmt: skip
        import uvicorn

        from sync.server.app import create_app
        from sync.server.service import Server, precise_now
        from sync.server.storage import Storage

        self.storage = Storage.open(db)
        self.server = Server(self.storage, clock=clock or precise_now, limits=limits)
        self.app = create_app(self.server)
        # Bound and listening before the thread starts: a request made at once waits in the backlog.
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(128)
        self.port = self._sock.getsockname()[1]
        scheme = "https" if ssl else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=2,
            **({"ssl_certfile": ssl["cert"], "ssl_keyfile": ssl["key"]} if ssl else {}),
        )
        self._uv = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._uv.run, kwargs={"sockets": [self._sock]}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._uv.should_exit = True
        self._thread.join(15)
        self._sock.close()
        self.storage.close()

    # -- administration shortcuts ------------------------------------------------------------------------------

    def enrol_code(self, slot: int, agency: str = AGENCY) -> str:
        return self.server.create_enrol_code(agency, slot)["code"]

    def processor(self, agency: str = AGENCY, name: str = "Sở Tư pháp") -> str:
        return self.server.create_processor(agency, name)["credential"]

    def count(self, table: str) -> int:
        from sqlalchemy import text

        with self.storage.read() as conn:
            return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()

    def rows(self, sql: str, **params: Any) -> list[tuple]:
        from sqlalchemy import text

        with self.storage.read() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]


def post_processing(url: str, token: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A processing unit's request (through the HTTP API); returns the per-event answers."""
    from desk.ids import uuid7

    body = {"events": [{"id": uuid7(), "actor": "Trần Văn Minh"} | e for e in events]}
    r = requests.post(
        f"{url}/v1/processing/events", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert r.status_code == 200, r.text
    return r.json()["answers"]


def make_desk(base: Path, name: str, slot: int, agency: str = AGENCY):
    """An initialised desk (sample catalog and calendar) in its own data dir."""
    from desk.service import Desk, init_desk

    data = base / name
    init_desk(
        data,
        agency_code=agency,
        agency_name=f"Trung tâm Phục vụ hành chính công ({name})",
        desk_slot=slot,
        parent_name="UBND XÃ TÂN PHÚ",
        place="Tân Phú",
    ).close()
    return Desk.open(data)


# -- PostgreSQL ---------------------------------------------------------------------------------------------------


def _pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


class PostgresUnavailable(Exception):
    """No PostgreSQL server can be had here (the reason says why)."""


@contextlib.contextmanager
def throwaway_postgres(*, durable: bool = False, settings: dict[str, str] | None = None) -> Iterator[str]:
    """A PostgreSQL server in a temp dir on a free loopback port, removed afterwards; yields its admin URL.

    Tests run it without fsync; ``durable`` keeps PostgreSQL's defaults (fsync, synchronous commit: what a province
    runs, what a benchmark measures). ``settings`` are more ``-c name=value`` options.
    """
    initdb, postgres = _pg_binary("initdb"), _pg_binary("postgres")
    if not initdb or not postgres:
        raise PostgresUnavailable(
            "PostgreSQL binaries (initdb, postgres) not found (apt-get install postgresql, or set DESK_TEST_PG_URL)"
        )
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable("running as root and there is no «postgres» user to run initdb as") from None
    base = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    try:
        if user is not None:
            os.chown(base, user.pw_uid, user.pw_gid)
        run_as = {"user": user.pw_uid, "group": user.pw_gid} if user else {}
        data = base / "data"
        try:
            subprocess.run(
                [initdb, "-D", str(data), "-A", "trust", "-U", "desk", "-E", "UTF8", "--locale=C", "--no-sync"],
                check=True,
                capture_output=True,
                timeout=120,
                **run_as,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise PostgresUnavailable(f"initdb failed: {exc}") from None
        port = free_port()
        proc = subprocess.Popen(
            [
                postgres,
                "-D",
                str(data),
                "-p",
                str(port),
                "-k",
                str(base),
                "-c",
                "listen_addresses=127.0.0.1",
                *([] if durable else ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
                "-c",
                "max_connections=200",
                *[arg for k, v in (settings or {}).items() for arg in ("-c", f"{k}={v}")],
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            **run_as,
        )
        ready = threading.Event()

        def drain() -> None:  # keep reading the log so postgres never blocks on a full pipe
            assert proc.stderr is not None
            for line in proc.stderr:
                if "ready to accept connections" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        try:
            if not ready.wait(60) or proc.poll() is not None:
                raise PostgresUnavailable("the throwaway PostgreSQL server did not start")
            yield f"postgresql://desk@127.0.0.1:{port}/postgres"
        finally:
            proc.send_signal(signal.SIGQUIT)  # immediate shutdown: the data is thrown away
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
    finally:
        shutil.rmtree(base, ignore_errors=True)


# One throwaway server and one database for the whole run, whichever test modules import these fixtures (a fixture
# imported into several modules is set up once per module, so the state is kept here).
_PG: dict[str, Any] = {}


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> str:
    """An admin URL of a PostgreSQL server on loopback where tests may create databases."""
    given = os.environ.get("DESK_TEST_PG_URL")
    if given:
        return given
    if "url" not in _PG and "error" not in _PG:
        cm = throwaway_postgres()
        try:
            _PG["url"] = cm.__enter__()
        except PostgresUnavailable as exc:
            _PG["error"] = str(exc)
        else:
            request.config.add_cleanup(lambda: cm.__exit__(None, None, None))
    if "error" in _PG:
        pytest.skip(f"the PostgreSQL variant is skipped: {_PG['error']}")
    return _PG["url"]


@pytest.fixture(scope="session")
def _pg_database(request: pytest.FixtureRequest, pg_server: str) -> str:
    if "database" not in _PG:
        import psycopg

        name = f"desk_t_{uuid.uuid4().hex[:12]}"
        admin = pg_server.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        request.config.add_cleanup(drop)
        _PG["database"] = admin.rsplit("/", 1)[0] + "/" + name
    return _PG["database"]


@pytest.fixture
def pg_db(_pg_database: str) -> str:
    """An empty database on the test PostgreSQL server (one database per session, emptied for each test)."""
    from sqlalchemy import create_engine

    from sync.server.storage import database_url, metadata

    engine = create_engine(database_url(_pg_database))
    try:
        with engine.begin() as conn:
            metadata.drop_all(conn)
    finally:
        engine.dispose()
    return _pg_database


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The server's database: SQLite always, PostgreSQL when one can be had."""
    if request.param == "sqlite":
        return str(tmp_path / "server.sqlite3")
    return request.getfixturevalue("pg_db")


@pytest.fixture
def live(server_db: str) -> Iterator[LiveServer]:
    server = LiveServer(server_db)
    yield server
    server.stop()
