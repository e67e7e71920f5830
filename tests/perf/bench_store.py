#!/usr/bin/env python
"""Store benchmark: build a desk store of N realistic dossiers, then time intake, search and size against targets.

Run from the project root (not collected by pytest)::

    .venv/bin/python tests/perf/bench_store.py                    # 1,000,000 dossiers (slow first build)
    .venv/bin/python tests/perf/bench_store.py --dossiers 20000   # quick

The built store is cached as a desk's data dir (default /tmp/desk-bench/store-<N>/: desk.sqlite3, encrypted, its
key sidecar desk-key.json, and the benchmark's facts in bench.json); the data key is a key file in the bench key dir
(DESK_KEYSTORE=file, DESK_KEY_DIR=/tmp/desk-bench/keys, unless the caller set them). Later runs reuse it unless
--rebuild is given or the schema changed. Measurements run on a scratch copy of it (store file and key sidecar;
deleted unless --keep), so the cache always holds exactly N dossiers.

How the store is built: ``init_desk`` with the shipped sample catalog and calendar, then every dossier goes through
``Desk.receive`` itself (validation, order number, appointment, ``journal.record`` (append + projections),
read-back), with two changes that do not alter what is stored:

- ``store.write`` is replaced by a SAVEPOINT inside one long transaction committed every ``--batch`` dossiers: the
  per-dossier fsync is skipped; rows, hash chain and (since FTS5 flushes at each savepoint) the full-text segment
  layout are what one transaction per dossier writes;
- ``bundles.procedure`` is asked about the catalog in force on max(receipt day, catalog effective date): the sample
  catalog takes effect on 2025-07-01, and receive refuses earlier receipt dates without a catalog in force then.

Each dossier is received "as it happened": ``now`` = its entry instant over the last ~10 years of working days
(a few percent are paper receipts entered minutes later), desks use slots 1–8 (slot 9 is kept for the timed
receipts "now"), so order numbers stay ≤ 999 per day and slot.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import functools
import hashlib
import json
import math
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The store is encrypted: its data key is kept in a key file of the bench's own key dir (never the user's keyring),
# set before desk is imported. A caller's own choice wins.
BENCH_DIR = Path("/tmp/desk-bench")
os.environ.setdefault("DESK_KEYSTORE", "file")
os.environ.setdefault("DESK_KEY_DIR", str(BENCH_DIR / "keys"))

from desk import bundles, db, keys, paths, timeutil  # noqa: E402
from desk import search as search_mod  # noqa: E402
from desk import store as store_mod  # noqa: E402
from desk.search import fts_query  # noqa: E402
from desk.service import Desk, DeskSettings, ReceiveRequest, init_desk  # noqa: E402
from desk.text import fold  # noqa: E402
from desk.validation import PROVINCE_CODES  # noqa: E402

AGENCY = "000.00.12.H62"
AGENCY_NAME = "Trung tâm Phục vụ hành chính công xã Tân Phú"
PARENT_NAME = "UBND XÃ TÂN PHÚ"
PLACE = "Tân Phú"
HOME_PROVINCE = "075"  # Đồng Nai: where most applicants of this commune were born
HISTORY_SLOTS = 8  # slots 1..8 in the history; slot 9 is the fresh one for the timed receipts
NOW_SLOT = 9
MAX_PER_SLOT_DAY = 999

TARGET_RECEIVE_P95_MS = 3.0
MAX_RECEIVE_RATIO = 4.0  # receive p95 ≤ 4× a bare plaintext INSERT's p95 (issue 15)
TARGET_SEARCH_P95_MS = 10.0
TARGET_BYTES_PER_DOSSIER = 2048

# -- realistic Vietnamese data ------------------------------------------------------------------------------------

# Surname shares (percent of the population), roughly as published for Vietnam.
SURNAMES: dict[str, float] = {
    "Nguyễn": 38.0, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.0, "Hoàng": 2.8, "Huỳnh": 2.2, "Phan": 4.5, "Vũ": 2.0,
    "Võ": 1.9, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0, "Lý": 0.5, "Đinh": 0.8,
    "Trịnh": 0.6, "Đào": 0.6, "Mai": 0.5, "Hà": 0.5, "Cao": 0.4, "Lương": 0.4, "Lâm": 0.3, "Trương": 0.6,
    "Tô": 0.2, "Châu": 0.2, "Thái": 0.2, "Tạ": 0.2, "Quách": 0.1, "La": 0.1, "Kiều": 0.1, "Văn": 0.1,
}  # fmt: skip
MIDDLE_MALE: dict[str, float] = {
    "Văn": 35, "Hữu": 7, "Đức": 7, "Minh": 8, "Quang": 5, "Công": 4, "Thanh": 5, "Ngọc": 4, "Xuân": 3,
    "Đình": 4, "Trọng": 3, "Quốc": 4, "Hoàng": 4, "Anh": 3, "Tuấn": 2, "Thành": 2, "Gia": 2,
}  # fmt: skip
MIDDLE_FEMALE: dict[str, float] = {
    "Thị": 50, "Ngọc": 8, "Thanh": 6, "Thu": 6, "Kim": 4, "Minh": 4, "Hồng": 4, "Phương": 3, "Thùy": 3,
    "Mai": 2, "Bích": 2, "Thị Thu": 3, "Thị Ngọc": 2, "Thị Thanh": 2, "Ngọc Bảo": 1,
}  # fmt: skip
GIVEN_MALE = (
    "Đức", "Nam", "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Long", "Phúc", "Khánh", "Thắng", "Trung", "Sơn", "Quân",
    "Hoàng", "Huy", "Bảo", "An", "Tùng", "Cường", "Hiếu", "Toàn", "Vinh", "Lâm", "Phong", "Thịnh", "Tài", "Lộc",
    "Đạt", "Kiên", "Việt", "Hưng", "Nghĩa", "Thành", "Tâm", "Quý", "Khoa", "Duy", "Trí", "Lực",
)  # fmt: skip
GIVEN_FEMALE = (
    "Hoa", "Lan", "Hương", "Hà", "Linh", "Trang", "Thảo", "Ngọc", "Mai", "Hạnh", "Nhung", "Thủy", "Yến", "Huyền",
    "Phương", "Anh", "Vy", "Nhi", "Trâm", "Hằng", "Loan", "Dung", "Nga", "Oanh", "Uyên", "Giang", "Quỳnh", "Tuyết",
    "Xuân", "Bích", "Diệp", "Châu", "Ly", "Tiên", "My", "Hiền", "Thư", "Nhàn",
)  # fmt: skip
HAMLETS = (
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Tân Lập", "Tân Hòa", "Phú Lợi", "Bình Minh", "An Phú", "Hòa Bình",
    "Thống Nhất", "Quyết Thắng", "Đồng Tâm", "Phước Lộc", "Cây Da", "Bàu Sen", "Suối Tre",
)  # fmt: skip
OTHER_COMMUNES = (
    "Tân An",
    "Phú Hòa",
    "Xuân Lộc",
    "Long Thành",
    "Bình Sơn",
    "Thạnh Phú",
    "Vĩnh Cửu",
    "Gia Kiệm",
    "Trảng Bom",
    "Hưng Lộc",
    "Định Quán",
    "Phú Lý",
)
PROVINCES = (
    "tỉnh Đồng Nai",
    "Thành phố Hồ Chí Minh",
    "tỉnh Tây Ninh",
    "tỉnh Lâm Đồng",
    "tỉnh Đắk Lắk",
    "tỉnh Nghệ An",
    "tỉnh Thanh Hóa",
    "Thành phố Hà Nội",
    "tỉnh Quảng Ngãi",
    "tỉnh An Giang",
)
NOTES = (
    "Nộp thay cho con",
    "Hẹn bổ sung bản sao CCCD",
    "Người cao tuổi, ưu tiên",
    "Đã hướng dẫn kê khai lại tờ khai",
    "Nộp thay theo giấy ủy quyền",
)
CLERKS = (
    "Lê Thị Hoa",
    "Nguyễn Văn Bình",
    "Trần Thị Mai",
    "Phạm Minh Tuấn",
    "Đỗ Thị Lan",
    "Võ Quốc Huy",
    "Huỳnh Thị Thảo",
    "Bùi Đức Anh",
    "Ngô Thanh Tâm",
)
# Mobile prefixes in use (Viettel 03x/086/09x, Vinaphone 08x/091/094, Mobifone 07x/089/090/093, Vietnamobile 05x).
MOBILE_PREFIXES = (
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "052",
    "056",
    "058",
    "059",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
)
# Share of dossiers per procedure of the sample catalog (certifications dominate at a commune desk).
PROCEDURE_WEIGHTS: dict[str, float] = {
    "2.000815": 42, "2.000884": 12, "1.001193": 8, "1.004873": 7, "2.000635": 5, "1.000894": 4, "2.001035": 4,
    "1.000656": 3, "2.000908": 3, "1.001776": 3, "2.000986": 2, "1.004859": 2, "1.004884": 1, "1.001022": 1,
    "1.000689": 1, "1.004837": 0.5, "1.004845": 0.5, "2.000992": 1,
}  # fmt: skip


@dataclass
class Person:
    name: str
    id_number: str | None
    phone: str | None
    email: str | None
    address: str | None


class Faker:
    """Realistic applicants and requests; deterministic for a seed."""

    def __init__(self, seed: int, procedures: dict[str, list[tuple[str, bool]]]):
        self.rng = random.Random(seed)
        self.procedures = procedures
        self.proc_codes = [c for c in PROCEDURE_WEIGHTS if c in procedures] or sorted(procedures)
        self.proc_weights = [PROCEDURE_WEIGHTS.get(c, 1) for c in self.proc_codes]
        self.surnames, self.surname_w = list(SURNAMES), list(SURNAMES.values())
        self.mid_m, self.mid_m_w = list(MIDDLE_MALE), list(MIDDLE_MALE.values())
        self.mid_f, self.mid_f_w = list(MIDDLE_FEMALE), list(MIDDLE_FEMALE.values())
        self.provinces = sorted(PROVINCE_CODES)
        self.people: list[Person] = []

    def _pick(self, items: list[str], weights: list[float]) -> str:
        return self.rng.choices(items, weights)[0]

    def person(self, on: dt.date) -> Person:
        """A new applicant (returning applicants are handled by ``request``)."""
        r = self.rng
        male = r.random() < 0.5
        surname = self._pick(self.surnames, self.surname_w)
        if male:
            name = f"{surname} {self._pick(self.mid_m, self.mid_m_w)} {r.choice(GIVEN_MALE)}"
        else:
            name = f"{surname} {self._pick(self.mid_f, self.mid_f_w)} {r.choice(GIVEN_FEMALE)}"
        age = int(min(90, max(18, r.triangular(18, 85, 35))))
        born = on.year - age
        kind = r.random()
        if kind < 0.02:
            ident = None
        elif kind < 0.04 and on.year < 2022:  # an old 9-digit CMND, before the chip ID cards were everywhere
            ident = f"{r.randrange(10**8, 10**9)}"
        else:
            province = HOME_PROVINCE if r.random() < 0.6 else r.choice(self.provinces)
            century_digit = (0 if born < 2000 else 2) + (0 if male else 1)
            ident = f"{province}{century_digit}{born % 100:02d}{r.randrange(10**6):06d}"
        phone = None if r.random() < 0.1 else f"{r.choice(MOBILE_PREFIXES)}{r.randrange(10**7):07d}"
        email = None
        if r.random() < 0.08:
            email = f"{fold(name).replace(' ', '')}{born}@{r.choice(('gmail.com', 'yahoo.com', 'gmail.com'))}"
        address = None if r.random() < 0.05 else self.address()
        return Person(name, ident, phone, email, address)

    def address(self) -> str:
        r = self.rng
        hamlet = r.choice(HAMLETS) if r.random() < 0.7 else str(r.randint(1, 12))
        where = "ấp" if r.random() < 0.4 else "thôn"
        if r.random() < 0.8:
            commune, province = PLACE, "tỉnh Đồng Nai"
        else:
            commune, province = r.choice(OTHER_COMMUNES), r.choice(PROVINCES)
        number = f"Số {r.randint(1, 250)}, " if r.random() < 0.7 else ""
        return f"{number}{where} {hamlet}, xã {commune}, {province}"

    def request(self, on: dt.date) -> ReceiveRequest:
        r = self.rng
        if self.people and r.random() < 0.2:  # a returning applicant: same name, papers and phone
            who = r.choice(self.people)
        else:
            who = self.person(on)
            if len(self.people) < 200_000:
                self.people.append(who)
            else:
                self.people[r.randrange(len(self.people))] = who
        code = self._pick(self.proc_codes, self.proc_weights)
        documents = None
        if r.random() < 0.15:
            docs = self.procedures[code]
            documents = {d: r.choice((1, 1, 2)) for d, required in docs if required or r.random() < 0.3}
            if not documents:
                documents = None
        channel = r.choices((1, 2, 3), (85, 12, 3))[0]
        return ReceiveRequest(
            procedure=code,
            name=who.name,
            id_number=who.id_number,
            phone=who.phone,
            email=who.email,
            address=who.address,
            sets=1 if r.random() < 0.9 else r.randint(2, 3),
            documents=documents,
            note=r.choice(NOTES) if r.random() < 0.02 else None,
            channel=channel,
            delivery="post" if r.random() < 0.05 else "desk",
        )


# -- history: when each dossier was received --------------------------------------------------------------------


def office_instant(rng: random.Random, day: dt.date) -> dt.datetime:
    """A random instant within office hours (07:00–11:30, 13:30–17:00), Vietnam time."""
    minutes = rng.randrange(270 + 210)
    start = 7 * 60 if minutes < 270 else 13 * 60 + 30 - 270
    m = start + minutes
    return dt.datetime(day.year, day.month, day.day, m // 60, m % 60, rng.randrange(60), tzinfo=timeutil.VN_TZ)


def schedule(n: int, days: list[dt.date], rng: random.Random) -> Iterator[tuple[dt.datetime, dt.datetime, int]]:
    """(received_at, entered_at, slot) for n dossiers spread over the working days, in entry order."""
    weights = [rng.uniform(0.6, 1.4) * (1.25 if d.weekday() == 0 else 1.0) for d in days]
    total = sum(weights)
    counts = [int(w / total * n) for w in weights]
    for _ in range(n - sum(counts)):  # the remainder of the rounding, one here and there
        counts[rng.randrange(len(days))] += 1
    for day, count in zip(days, counts, strict=True):
        if count == 0:
            continue
        desks = min(HISTORY_SLOTS, max(3, math.ceil(count / 700)))
        if count > desks * MAX_PER_SLOT_DAY * 0.9:
            raise SystemExit(f"{count} dossiers on {day}: more than {HISTORY_SLOTS} desks can number; use fewer.")
        entries = []
        for _ in range(count):
            received = office_instant(rng, day)
            entered = received
            if rng.random() < 0.03:  # a paper receipt entered a few minutes later
                entered = received + dt.timedelta(minutes=rng.randint(5, 90))
            entries.append((entered, received, rng.randint(1, desks)))
        entries.sort()
        per_slot: dict[int, int] = {}
        for entered, received, slot in entries:
            if per_slot.get(slot, 0) >= MAX_PER_SLOT_DAY - 1:
                slot = min(range(1, desks + 1), key=lambda s: per_slot.get(s, 0))
            per_slot[slot] = per_slot.get(slot, 0) + 1
            yield received, entered, slot


def working_days(desk: Desk, last: dt.date, years: int) -> list[dt.date]:
    cal = desk.calendar()
    first = last.replace(year=last.year - years) + dt.timedelta(days=1)
    out, day = [], first
    while day <= last:
        if cal.is_working_day(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


# -- building ---------------------------------------------------------------------------------------------------


def schema_of(conn: Any) -> str:
    """A short hash of a store's schema as SQLite holds it (tables, indexes, triggers, user_version)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return hashlib.sha256(repr((version, rows)).encode()).hexdigest()[:16]


# -- the cached data dir: desk.sqlite3 (encrypted) + desk-key.json (which key) + bench.json (the build's facts) ----

FACTS_FILE = "bench.json"


def data_dir_of(path: Path) -> Path:
    """The data dir of ``--store``: a path to a store file of the old layout (…/store-N.sqlite3) means …/store-N."""
    path = Path(path)
    return path.with_suffix("") if path.suffix == ".sqlite3" else path


def sidecar(data_dir: Path) -> Path:
    """The benchmark's facts about a cached store (N, seed, build time, schema, migrations)."""
    return data_dir / FACTS_FILE


def store_file(data_dir: Path) -> Path:
    return paths.store_path(data_dir)


def read_only(data_dir: Path, *, immutable: bool = True) -> db.Connection:
    """A read connection to the store of a data dir, keyed. ``immutable``: a closed, checkpointed store read without
    leaving -wal/-shm files beside it (the cache); else ``mode=ro`` (a live store)."""
    flags = "immutable=1" if immutable else "mode=ro"
    return db.connect(f"{store_file(data_dir).as_uri()}?{flags}", keys.load_key(data_dir), uri=True)


def drop_key(data_dir: Path) -> None:
    """Delete the key file of a data dir that is going away (bench key dirs would fill up with dead keys)."""
    with contextlib.suppress(Exception):
        info = keys.read_info(data_dir)
        if info is not None:
            try:
                store = keys.keystore(data_dir)  # type: ignore[call-arg]  # the data dir's own key store, when it has one
            except TypeError:
                store = keys.keystore()
            store.delete(info.key_id)


def copy_data_dir(src: Path, dst: Path) -> Path:
    """A scratch copy of a cached data dir: the store file and its key sidecar (same key), both fsynced, so no
    timed commit pays for writing back the copy."""
    dst.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name in (paths.STORE_FILE, keys.SIDECAR):
        shutil.copyfile(src / name, dst / name)
        fd = os.open(dst / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return dst


@functools.cache
def schema_fingerprint() -> str:
    """The schema a new store gets with today's code (a comment or a data-only migration step changes nothing)."""
    with tempfile.TemporaryDirectory() as d:
        store = store_mod.Store.open(Path(d) / paths.STORE_FILE, create=True)
        try:
            return schema_of(store.conn)
        finally:
            store.close()
            drop_key(Path(d))


def cached_schema(data_dir: Path) -> str:
    """The schema hash of a cached (checkpointed, closed) store, read without touching it."""
    conn = read_only(data_dir)
    try:
        return schema_of(conn)
    finally:
        conn.close()


def migration_fingerprints() -> list[str]:
    """One short hash per migration script, in order: a cached store whose list is a prefix can be upgraded."""
    return [f"{v}:{hashlib.sha256(sql.encode()).hexdigest()[:12]}" for v, sql in store_mod.MIGRATIONS]


def upgrade_cached(data_dir: Path, meta: dict[str, Any]) -> None:
    """Bring the cached store to the current schema the way a desk does (Store.open migrates, then rebuilds the
    projections once; its backup dropped). At 1,000,000 dossiers the rebuild takes a while: --rebuild may be faster."""
    backups = data_dir / ".upgrade-backups"
    t0 = time.perf_counter()
    store_mod.Store.open(store_file(data_dir), backups=backups).close()
    shutil.rmtree(backups, ignore_errors=True)
    meta.setdefault("upgrades", []).append(
        {"from": meta["migrations"], "at": timeutil.iso(timeutil.now()), "s": round(time.perf_counter() - t0, 1)}
    )
    meta["migrations"], meta["schema"], meta["git"] = migration_fingerprints(), schema_fingerprint(), git_head()
    sidecar(data_dir).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"cached store upgraded to schema {store_mod.SCHEMA_VERSION} in {time.perf_counter() - t0:.1f} s")


def store_usable(data_dir: Path) -> bool:
    """A data dir with its store, its key sidecar, and the key itself in this key store."""
    if not (store_file(data_dir).exists() and (data_dir / keys.SIDECAR).exists()):
        return False
    try:
        return keys.load_key(data_dir) is not None
    except Exception:
        return False


def cache_usable(data_dir: Path) -> bool:
    """A cached data dir: a usable store and the facts of its build."""
    return sidecar(data_dir).exists() and store_usable(data_dir)


def git_head() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "?"
    except OSError:
        return "?"


def catalog_documents(desk: Desk) -> dict[str, list[tuple[str, bool]]]:
    return {p.code: [(d.id, d.required) for d in p.documents] for p in desk.procedures()}


@contextlib.contextmanager
def batched(desk: Desk, batch: int) -> Iterator[Callable[[], None]]:
    """Make ``desk.store.write()`` a SAVEPOINT inside long transactions; yields ``tick()`` to call per dossier."""
    store = desk.store
    conn = store.conn
    counter = 0

    @contextlib.contextmanager
    def write() -> Iterator[sqlite3.Connection]:
        conn.execute("SAVEPOINT bench_dossier")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO bench_dossier")
            conn.execute("RELEASE bench_dossier")
            store._meta_cache = None
            raise
        conn.execute("RELEASE bench_dossier")

    def tick() -> None:
        nonlocal counter
        counter += 1
        if counter % batch == 0:
            conn.execute("COMMIT")
            conn.execute("BEGIN IMMEDIATE")

    store.write = write  # type: ignore[method-assign]
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield tick
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
    finally:
        del store.write


BUILD_LOCK = Path("/tmp/desk-bench/build.lock")


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """One store build at a time on this machine (builds are long and the cores are shared); others wait."""
    import fcntl

    BUILD_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(BUILD_LOCK, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another store build is running (lock {BUILD_LOCK}): waiting for it …", flush=True)
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            f.seek(0)
            f.truncate()
            f.write(f"pid {os.getpid()} since {timeutil.iso(timeutil.now())}\n")
            f.flush()
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def cached_facts(target: Path, n: int, seed: int, years: int) -> dict[str, Any] | None:
    """The facts of a cached data dir that is usable as is (same N, seed, years and schema), else None."""
    if not cache_usable(target):
        return None
    facts = json.loads(sidecar(target).read_text(encoding="utf-8"))
    same = (facts.get("requested"), facts.get("seed"), facts.get("years", 10)) == (n, seed, years)
    return facts if same and cached_schema(target) == schema_fingerprint() else None


def build_store(n: int, target: Path, *, batch: int, seed: int, years: int) -> dict[str, Any]:
    """Build the store of n dossiers in the data dir ``target`` (in a private work dir, then renamed over it);
    returns the facts.

    Builds are serialised machine-wide; a caller that waited finds the store another process just built and gets
    its facts instead of building it again. The previous store at ``target`` stays usable until the rename (a
    process that has it open keeps reading it; its key file is deleted with it).
    """
    target = data_dir_of(target)

    def stamp() -> int | None:
        return sidecar(target).stat().st_mtime_ns if sidecar(target).exists() else None

    before = stamp()
    with build_lock():
        facts = cached_facts(target, n, seed, years)
        if facts is not None and stamp() != before:
            print(f"{target} was built meanwhile by another process: using it", flush=True)
            return facts
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=target.name + ".building-", dir=target.parent))
        try:
            facts = _build_store(n, target, work, batch=batch, seed=seed, years=years)
            old = target.with_name(f"{target.name}.old-{os.getpid()}")
            if target.exists():
                target.rename(old)
            work.rename(target)
            if old.exists():
                drop_key(old)
                shutil.rmtree(old, ignore_errors=True)
            return facts
        finally:
            if work.exists():
                drop_key(work)
                shutil.rmtree(work, ignore_errors=True)


def _build_store(n: int, target: Path, work: Path, *, batch: int, seed: int, years: int) -> dict[str, Any]:
    t_start = time.perf_counter()
    init_desk(work, agency_code=AGENCY, agency_name=AGENCY_NAME, parent_name=PARENT_NAME, place=PLACE).close()
    desk = Desk.open(work)
    desk.store.conn.execute("PRAGMA cache_size = -262144")  # 256 MiB page cache while building (not stored)
    catalog = desk.active_catalog()
    assert catalog is not None, "the sample catalog should be in force today"
    effective = dt.date.fromisoformat(catalog["effective_from"])
    real_procedure = bundles.procedure

    def procedure(d, code: str, on: dt.date | None = None):  # the sample catalog, also before it took effect
        return real_procedure(d, code, max(on, effective) if on else on)

    bundles.procedure = procedure  # type: ignore[assignment]
    base = DeskSettings.from_meta(desk.store.meta())
    settings = {
        s: DeskSettings(base.agency_code, base.agency_name, s, base.parent_name, base.place)
        for s in range(1, HISTORY_SLOTS + 1)
    }
    rng = random.Random(seed)
    faker = Faker(seed + 1, catalog_documents(desk))
    yesterday = timeutil.now().date() - dt.timedelta(days=1)
    days = working_days(desk, yesterday, years)
    print(
        f"building {n:,} dossiers over {len(days):,} working days {days[0]} … {days[-1]} (batch {batch}) into {target}",
        flush=True,
    )
    rejected: dict[str, int] = {}
    done = 0
    t_loop = time.perf_counter()
    last_report = t_loop
    with batched(desk, batch) as tick:
        for received, entered, slot in schedule(n, days, rng):
            req = faker.request(received.date())
            req.received_at = received if entered != received else None
            desk._settings = settings[slot]
            try:
                desk.receive(req, actor=CLERKS[slot - 1], now=entered)
            except Exception as exc:  # a generated record the rules refuse: counted, never silently
                key = f"{type(exc).__name__}: {str(exc)[:120]}"
                rejected[key] = rejected.get(key, 0) + 1
                if sum(rejected.values()) > max(10, n // 1000):
                    raise SystemExit(f"too many refused dossiers: {rejected}") from exc
                continue
            tick()
            done += 1
            now_t = time.perf_counter()
            if now_t - last_report >= 30:
                rate = done / (now_t - t_loop)
                print(f"  {done:,}/{n:,} dossiers, {rate:,.0f}/s, ~{(n - done) / rate / 60:.1f} min left", flush=True)
                last_report = now_t
    desk._settings = None
    bundles.procedure = real_procedure  # type: ignore[assignment]
    loop_s = time.perf_counter() - t_loop
    t_verify = time.perf_counter()
    intact, bad_seq = desk.store.verify_chain()
    verify_s = time.perf_counter() - t_verify
    if not intact:
        raise SystemExit(f"hash chain broken at seq {bad_seq}: the bulk build did not write what receive writes")
    desk.close()  # checkpoints (TRUNCATE) and closes
    for name in ("logs", "backups"):  # nothing of the build but the store and its key sidecar
        shutil.rmtree(work / name, ignore_errors=True)
    for suffix in ("-wal", "-shm"):
        Path(str(store_file(work)) + suffix).unlink(missing_ok=True)
    facts = {
        "dossiers": done,
        "requested": n,
        "rejected": rejected,
        "build_s": round(time.perf_counter() - t_start, 1),
        "receive_loop_s": round(loop_s, 1),
        "per_dossier_ms": round(loop_s / max(done, 1) * 1000, 3),
        "verify_chain_s": round(verify_s, 1),
        "first_day": days[0].isoformat(),
        "last_day": days[-1].isoformat(),
        "batch": batch,
        "seed": seed,
        "years": years,
        "schema": schema_fingerprint(),
        "migrations": migration_fingerprints(),
        "git": git_head(),
        "built_at": timeutil.iso(timeutil.now()),
    }
    sidecar(work).write_text(json.dumps(facts, ensure_ascii=False, indent=1), encoding="utf-8")
    return facts


# -- measuring --------------------------------------------------------------------------------------------------


@dataclass
class Row:
    operation: str
    samples: list[float]  # milliseconds
    target_ms: float | None = None
    baseline: Row | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    plain: Row | None = None  # the same operation on the plain (unencrypted) copy of the store
    max_ratio: float | None = None  # target on p95 ÷ the baseline's p95

    def pct(self, p: float) -> float:
        s = sorted(self.samples)
        return s[max(0, math.ceil(p * len(s)) - 1)]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return self.pct(0.95)

    @property
    def max(self) -> float:
        return max(self.samples)

    @property
    def ok(self) -> bool | None:
        if self.target_ms is None:
            return None
        ratio_ok = self.max_ratio is None or self.baseline is None or self.p95 <= self.max_ratio * self.baseline.p95
        return self.p95 <= self.target_ms and ratio_ok


def print_table(rows: list[Row]) -> None:
    with_plain = any(r.plain is not None for r in rows)  # the store benchmark's plain copy; not the others'
    head = ("operation", "n", "p50 ms", "p95 ms", "max ms", "target", "ratio vs baseline", "plain p95 ms",
            "encrypted ÷ plain", "")  # fmt: skip
    body = []
    for r in rows:
        if r.target_ms is None:
            target = "(baseline)" if r.operation.lstrip().startswith("baseline") else "—"
        else:
            target = f"p95 ≤ {r.target_ms:g} ms" + (f", ≤ {r.max_ratio:g}× baseline" if r.max_ratio else "")
        if r.baseline is not None:
            ratio = f"{r.p95 / r.baseline.p95:.2f}× p95, {r.p50 / r.baseline.p50:.2f}× p50"
        else:
            ratio = "—"
        if r.plain is not None:
            plain_p95 = f"{r.plain.p95:.2f}"
            vs_plain = f"{r.p95 / r.plain.p95:.2f}× p95, {r.p50 / r.plain.p50:.2f}× p50"
        else:
            plain_p95 = vs_plain = "—"
        verdict = {None: "", True: "ok", False: "MISSED"}[r.ok]
        if r.ok is False and r.max_ratio is not None and r.baseline is not None:
            missed = [what for what, bad in (("p95", r.p95 > r.target_ms),  # type: ignore[operator]
                                             ("ratio", r.p95 > r.max_ratio * r.baseline.p95)) if bad]  # fmt: skip
            verdict = f"MISSED ({', '.join(missed)})"
        body.append((r.operation, str(len(r.samples)), f"{r.p50:.2f}", f"{r.p95:.2f}", f"{r.max:.2f}", target, ratio,
                     plain_p95, vs_plain, verdict))  # fmt: skip
    if not with_plain:
        head = head[:7] + head[9:]
        body = [b[:7] + b[9:] for b in body]
    widths = [max(len(x[i]) for x in (head, *body)) for i in range(len(head))]
    right = {1, 2, 3, 4, 7} if with_plain else {1, 2, 3, 4}

    def line(cells: tuple[str, ...]) -> str:
        return (
            "| "
            + " | ".join(
                c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )

    print(line(head))
    print("|" + "|".join(("-" * (w + 1) + ":" if i in right else "-" * (w + 2)) for i, w in enumerate(widths)) + "|")
    for b in body:
        print(line(b))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return (time.perf_counter() - t0) * 1000, result


DOSSIER_COLUMNS_SQL = "SELECT sql FROM sqlite_master WHERE tbl_name = 'dossiers' AND sql IS NOT NULL ORDER BY type DESC"


def open_baseline(path: Path, source: Any, key: bytes | None = None, *, stdlib: bool = True) -> Any:
    """A separate file holding a copy of the dossiers table schema (table + indexes), WAL + synchronous=FULL.

    ``stdlib``: PLAINTEXT, through the standard library's sqlite3 (the bare-insert baseline of the target).
    Else through sqlcipher3 (desk.db: SQLCipher's own, newer SQLite), encrypted with ``key`` when given (what
    encryption adds to a bare insert), plain without.
    """
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None) if stdlib else db.connect(path, key)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.execute("PRAGMA synchronous = FULL")
    for (sql,) in source.execute(DOSSIER_COLUMNS_SQL):  # 'table' sorts after 'index': DESC puts the table first
        conn.execute(sql)
    return conn


def plain_copy(data_dir: Path, dest: Path) -> Path:
    """The store of ``data_dir`` decrypted into the plain file ``dest`` (``sqlcipher_export``: same rows, same schema
    and user_version; the pages are written afresh, so the copy is as compact as a VACUUMed store), fsynced."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(dest) + suffix).unlink(missing_ok=True)
    conn = db.connect(store_file(data_dir), keys.load_key(data_dir))
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(dest),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute(f"PRAGMA plain.user_version = {int(version)}")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    assert db.is_plain(dest), "sqlcipher_export with an empty key should write a plain SQLite file"
    fd = os.open(dest, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return dest


def open_plain_desk(path: Path) -> Desk:
    """A Desk over a PLAIN store file: the same code and connection set-up (desk.store._connect, sqlcipher3's SQLite,
    WAL, synchronous=FULL) with no key. Desk.open would encrypt a plain store in place, so the Store is made here."""
    return Desk(store_mod.Store(path, store_mod._connect(path, None), None))


def bench_receive(desk: Desk, plain: Desk | None, run_dir: Path, faker: Faker, count: int, warmup: int,
                  seed: int) -> tuple[list[Row], dict]:  # fmt: skip
    """Desk.receive "now" (real fsync) on the encrypted store and, when given, the same request on the plain copy,
    interleaved (in random order) with a bare INSERT of the same row into a plaintext baseline file and into an
    encrypted one."""
    rng = random.Random(seed)
    conn = desk.store.conn
    base_plain = open_baseline(run_dir / "baseline-plain.sqlite3", conn)
    base_enc = open_baseline(run_dir / "baseline-encrypted.sqlite3", conn, desk.store.key, stdlib=False)
    base_nokey = open_baseline(run_dir / "baseline-sqlcipher-nokey.sqlite3", conn, None, stdlib=False)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(dossiers)")]
    insert = f"INSERT INTO dossiers ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    enc_ms: list[float] = []
    plain_ms: list[float] = []
    bare_plain_ms: list[float] = []
    bare_enc_ms: list[float] = []
    bare_nokey_ms: list[float] = []
    warm = []
    today = timeutil.now().date()
    out: dict[str, Any] = {}
    for i in range(warmup + count):
        req = faker.request(today)
        # each desk its own copy of the request, made before the clock starts (Desk.receive is what is timed)
        req_enc, req_plain = copy.deepcopy(req), copy.deepcopy(req)
        steps: list[tuple[list[float], Callable[[], Any]]] = [
            (enc_ms, lambda r=req_enc: desk.receive(r, actor=CLERKS[NOW_SLOT - 1]))
        ]
        if plain is not None:
            steps.append((plain_ms, lambda r=req_plain: plain.receive(r, actor=CLERKS[NOW_SLOT - 1])))
        rng.shuffle(steps)
        results = {}
        for bucket, fn in steps:
            ms, got = timed(fn)
            results[id(bucket)] = got
            if i >= warmup:
                bucket.append(ms)
            elif bucket is enc_ms:
                warm.append(round(ms, 2))
        out = results[id(enc_ms)]
        if plain is not None and results[id(plain_ms)]["code"] != out["code"]:
            raise SystemExit(f"the plain copy issued {results[id(plain_ms)]['code']}, the encrypted {out['code']}")
        row = conn.execute(f"SELECT {', '.join(cols)} FROM dossiers WHERE code = ?", (out["code"],)).fetchone()

        def bare(target: Any, row: tuple = tuple(row)) -> None:
            target.execute("BEGIN IMMEDIATE")
            target.execute(insert, row)
            target.execute("COMMIT")

        bares = [(bare_plain_ms, base_plain), (bare_enc_ms, base_enc), (bare_nokey_ms, base_nokey)]
        rng.shuffle(bares)
        for bucket, target in bares:
            ms, _ = timed(lambda target=target: bare(target))
            if i >= warmup:
                bucket.append(ms)
    base_plain.close()
    base_enc.close()
    base_nokey.close()
    baseline = Row("baseline: bare INSERT dossiers row, PLAINTEXT (stdlib sqlite3, own file, WAL, sync=FULL)",
                   bare_plain_ms)  # fmt: skip
    bare_enc = Row("  bare INSERT, same, ENCRYPTED (SQLCipher, own file, WAL, sync=FULL)", bare_enc_ms,
                   baseline=baseline)  # fmt: skip
    plain_row = Row("Desk.receive now, PLAIN store (same code, no key)", plain_ms, baseline=baseline) if plain else None
    rec = Row("Desk.receive now, ENCRYPTED store (fsync, sync=FULL)", enc_ms, TARGET_RECEIVE_P95_MS, baseline,
              plain=plain_row, max_ratio=MAX_RECEIVE_RATIO)  # fmt: skip
    bare_nokey = Row("  bare INSERT, same, plaintext through sqlcipher3 (its SQLite, no key)", bare_nokey_ms,
                     baseline=baseline)  # fmt: skip
    bare_enc.plain = bare_nokey
    rows = [rec, *([plain_row] if plain_row else []), baseline, bare_enc, bare_nokey]
    return rows, {"warmup_ms": warm, "last_code": out["code"]}


SEARCH_BASELINES: dict[str, str] = {
    "name": "SELECT d.* FROM dossiers d WHERE d.id IN (SELECT rowid FROM dossier_names WHERE dossier_names MATCH ?"
    " ORDER BY rowid DESC LIMIT 50) ORDER BY d.id DESC",
    "phone": "SELECT * FROM dossiers WHERE phone = ? ORDER BY id DESC LIMIT 50",
    "prefix": "SELECT * FROM dossiers WHERE phone >= ? AND phone < ? ORDER BY phone LIMIT 50",
    "id": "SELECT * FROM dossiers WHERE id_number = ? ORDER BY id DESC LIMIT 50",
    "code": "SELECT * FROM dossiers WHERE code = ?",
    "tail": "SELECT * FROM dossiers WHERE order_no = ? AND receipt_date = ? ORDER BY id DESC LIMIT 50",
    "order": "SELECT * FROM dossiers WHERE id IN (SELECT id FROM dossiers WHERE order_no = ? ORDER BY id DESC LIMIT 50)"
    " ORDER BY id DESC",
}


def baseline_params(kind: str, q: str) -> tuple:
    if kind == "name":
        return (fts_query(q),)
    if kind == "prefix":
        return (q, q + ":")
    if kind == "tail":
        yymmdd, order = q.split("-")
        return (int(order), f"20{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:]}")
    if kind == "order":
        return (int(q),)
    return (q,)


def search_queries(conn: sqlite3.Connection, rng: random.Random, samples: int) -> list[tuple[str, str, list[str]]]:
    """(label, baseline kind, queries) for each search case; queries drawn from dossiers in the store."""
    max_id = conn.execute("SELECT max(id) FROM dossiers").fetchone()[0]
    picked = []
    while len(picked) < samples:
        ids = rng.sample(range(1, max_id + 1), min(max_id, samples * 3))
        marks = ",".join("?" * len(ids))
        picked += conn.execute(
            f"SELECT name, phone, id_number, code, receipt_date, order_no FROM dossiers WHERE id IN ({marks})"
            " AND phone IS NOT NULL AND id_number IS NOT NULL AND length(id_number) = 12",
            ids,
        ).fetchall()
    picked = picked[:samples]
    names = [fold(p[0]) for p in picked]
    typing = []  # as typed: surname, middle name, first letters of the given name
    for n in names:
        words = n.split()
        typing.append(" ".join([*words[:-1], words[-1][: rng.randint(1, 2)]]))
    cases = [
        (f'name "{q}" (no accents)', "name", [q] * samples)
        for q in ("nguyen van duc", "tran thi", "le hoang nam", "pham", "nguyen", "nguyen thi")
    ]
    cases += [
        ("name: full names of dossiers, no accents", "name", names),
        ("name: as typed (“nguyen thi h”)", "name", typing),
        ("phone: existing full number", "phone", [p[1] for p in picked]),
        ("phone: 6-digit prefix", "prefix", [p[1][:6] for p in picked]),
        ("ID number (12 digits)", "id", [p[2] for p in picked]),
        ("code: whole (000.00.12.H62-YYMMDD-NNNN)", "code", [p[3] for p in picked]),
        ("code: last part YYMMDD-NNNN", "tail", [p[3].split("-", 1)[1] for p in picked]),
        ("code: order number only (NNNN)", "order", [f"{p[5]:04d}" for p in picked]),
    ]
    return cases


class TracingConn:
    """Wraps a connection for ``search_ids``: time of each statement (fully fetched) and its query plan."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.stats: dict[str, list[float]] = {}
        self.plans: dict[str, list[str]] = {}

    def execute(self, sql: str, params: tuple = ()) -> list:
        key = sql
        if "MATCH" in sql and params and isinstance(params[0], str):  # tell the steps of a name search apart
            words, prefixes = len(params[0].split()), params[0].count("*")
            key = f"{sql}  -- {prefixes} of {words} word(s) as prefix"
        if key not in self.plans:
            self.plans[key] = [r[3] for r in self.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
        t0 = time.perf_counter()
        rows = self.conn.execute(sql, params).fetchall()
        self.stats.setdefault(key, []).append((time.perf_counter() - t0) * 1000)
        return rows


def bench_search(desk: Desk, plain: Desk | None, data_dir: Path, samples: int,
                 seed: int) -> tuple[list[Row], list[str]]:  # fmt: skip
    """Each case: Desk.search (with its access-log write when the query names a person) on the encrypted store and on
    the plain copy, the read alone (readmodel.search, no access log: what a keystroke in the list costs), and the
    bare SQL on the encrypted store; all interleaved in random order."""
    from desk import readmodel
    from desk.search import search_ids

    rng = random.Random(seed)
    bare = read_only(data_dir, immutable=False)
    cases = search_queries(desk.store.conn, rng, samples)
    for _, kind, queries in cases:  # warm the connections' caches and statement caches a little
        for q in queries[:3]:
            desk.search(q, limit=50)
            if plain is not None:
                plain.search(q, limit=50)
            bare.execute(SEARCH_BASELINES[kind], baseline_params(kind, q)).fetchall()
    plan = [(ci, i) for ci, (_, _, qs) in enumerate(cases) for i in range(len(qs))]
    rng.shuffle(plan)  # interleave the cases so that a noisy minute does not land on one of them
    s_ms: list[list[float]] = [[] for _ in cases]
    p_ms: list[list[float]] = [[] for _ in cases]
    r_ms: list[list[float]] = [[] for _ in cases]
    b_ms: list[list[float]] = [[] for _ in cases]
    hits: list[list[int]] = [[] for _ in cases]
    for ci, i in plan:
        _, kind, queries = cases[ci]
        q = queries[i]
        sql, params = SEARCH_BASELINES[kind], baseline_params(kind, q)
        steps: list[tuple[list[float], Callable[[], Any]]] = [
            (s_ms[ci], lambda q=q: desk.search(q, limit=50)),
            (r_ms[ci], lambda q=q: readmodel.search(desk, q, 50)),
            (b_ms[ci], lambda sql=sql, params=params: bare.execute(sql, params).fetchall()),
        ]
        if plain is not None:
            steps.append((p_ms[ci], lambda q=q: plain.search(q, limit=50)))
        rng.shuffle(steps)
        for bucket, fn in steps:
            ms, found = timed(fn)
            bucket.append(ms)
            if bucket is s_ms[ci]:
                hits[ci].append(len(found))
    rows = []
    for ci, (label, kind, _) in enumerate(cases):
        what = "one MATCH, every word a prefix" if kind == "name" else kind
        base = Row(f"  baseline: bare SQL on the encrypted store ({what})", b_ms[ci])
        twin = Row(f"Desk.search {label}, plain store", p_ms[ci]) if plain is not None else None
        read = Row(f"  the read alone (readmodel.search) {label}", r_ms[ci])
        extra = {"hits_median": statistics.median(hits[ci]), "kind": kind, "read_p50": read.p50,
                 "read_p95": read.p95}  # fmt: skip
        if twin is not None:
            extra |= {"plain_p50": twin.p50, "plain_p95": twin.p95}
        rows.append(Row(f"Desk.search {label}", s_ms[ci], TARGET_SEARCH_P95_MS, base, extra=extra, plain=twin))
        rows.append(base)
    # Diagnostics for the slow cases: each statement search_ids runs, its time and its plan.
    notes = []
    for ci, (label, kind, queries) in enumerate(cases):
        row = rows[2 * ci]
        if row.extra["read_p95"] <= TARGET_SEARCH_P95_MS * 0.5:  # the statements' time: the read alone
            continue
        tracer = TracingConn(desk.store.conn)
        for q in queries[: min(60, len(queries))]:
            search_ids(tracer, q, 50)  # type: ignore[arg-type]
        all_fts = getattr(search_mod, "fts_queries", lambda text: [fts_query(text)])
        fts = f", MATCH {' then '.join(map(repr, all_fts(queries[0])))}" if kind == "name" else ""
        notes.append(f"{label} (example query {queries[0]!r}{fts}):")
        for sql, times in tracer.stats.items():
            notes.append(
                f"    {len(times):4d}× {statistics.median(times):8.2f} ms median, {max(times):8.2f} max  {sql}"
            )
            for p in tracer.plans[sql]:
                notes.append(f"        plan: {p}")
    bare.close()
    return rows, notes


def size_report(data_dir: Path, n: int, plain_db: Path | None) -> tuple[Row | None, list[str], dict[str, Any]]:
    """The encrypted cached store's size; the per-object breakdown (dbstat, which SQLCipher's build lacks) read from
    the plain copy ``plain_db`` when there is one."""
    db_path = store_file(data_dir)
    # immutable: the cached store is closed and checkpointed; a plain read-only open would leave -wal/-shm files
    enc = read_only(data_dir)
    wal = Path(str(db_path) + "-wal")
    total = db_path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    page_size = enc.execute("PRAGMA page_size").fetchone()[0]
    free = enc.execute("PRAGMA freelist_count").fetchone()[0]
    pages = enc.execute("PRAGMA page_count").fetchone()[0]
    cipher = {p: (enc.execute(f"PRAGMA {p}").fetchone() or ["?"])[0]
              for p in ("cipher_version", "cipher_page_size", "cipher_hmac_algorithm", "cipher_memory_security")}  # fmt: skip
    enc.close()
    lines = [
        f"store file {db_path} (encrypted, {', '.join(f'{k} {v}' for k, v in cipher.items())}): {total:,} bytes "
        f"(WAL {wal.stat().st_size if wal.exists() else 0:,}), {pages:,} pages of {page_size}, free pages {free:,}",
        f"bytes per dossier: {total / n:,.0f} (target ≤ {TARGET_BYTES_PER_DOSSIER})",
    ]
    facts: dict[str, Any] = {"bytes": total, "bytes_per_dossier": round(total / n, 1), "cipher": cipher}
    if plain_db is None:
        lines.append("no plain copy (--no-plain): no dbstat breakdown (SQLCipher's build has no dbstat)")
        row = Row("store size (bytes per dossier / 1000)", [total / n / 1000], TARGET_BYTES_PER_DOSSIER / 1000)
        return row, lines, facts
    conn = sqlite3.connect(f"file:{plain_db}?immutable=1", uri=True)
    plain_total = plain_db.stat().st_size
    lines.append(
        f"plain copy {plain_db} (sqlcipher_export, compact like a VACUUM): {plain_total:,} bytes, "
        f"{plain_total / n:,.0f} per dossier; encrypted ÷ plain size {total / plain_total:.2f}×"
    )
    facts["plain_bytes"] = plain_total
    try:
        t0 = time.perf_counter()
        stat = conn.execute(
            "SELECT name, count(*), sum(pgsize), sum(payload), sum(unused) FROM dbstat GROUP BY name ORDER BY 3 DESC"
        ).fetchall()
        kinds = dict(conn.execute("SELECT name, type FROM sqlite_master").fetchall())
        lines.append(f"dbstat breakdown of the plain copy ({time.perf_counter() - t0:.1f} s; shares of its size):")
        lines.append(
            f"  {'object':<28} {'kind':<6} {'pages':>10} {'bytes':>15} {'B/dossier':>10} {'payload%':>8} {'share':>6}"
        )
        for name, pages, size, payload, _unused in stat:
            kind = kinds.get(name, "auto" if name.startswith("sqlite_autoindex") else "?")
            lines.append(
                f"  {name:<28} {kind:<6} {pages:>10,} {size:>15,} {size / n:>10,.1f} "
                f"{100 * payload / size if size else 0:>7.0f}% {100 * size / plain_total:>5.1f}%"
            )
        facts["dbstat"] = {name: size for name, _, size, _, _ in stat}
    except sqlite3.Error as exc:
        lines.append(f"dbstat not available: {exc}")
    avg = conn.execute(
        "SELECT avg(length(CAST(payload AS BLOB))), avg(length(id)), avg(length(hash)) FROM events WHERE kind = 'received'"
    ).fetchone()
    davg = conn.execute(
        "SELECT avg(length(CAST(documents AS BLOB))), avg(length(CAST(name AS BLOB))), avg(length(CAST(address AS BLOB))),"
        " avg(length(uid) + length(code) + length(received_at) + length(entered_at) + length(due_at))"
        " FROM dossiers"
    ).fetchone()
    lines.append(
        f"avg received event payload {avg[0]:.0f} B (JSON); dossiers: documents JSON {davg[0]:.0f} B, "
        f"name {davg[1]:.0f} B, address {davg[2]:.0f} B, uid+code+3 timestamps {davg[3]:.0f} B"
    )
    conn.close()
    row = Row("store size (bytes per dossier / 1000)", [total / n / 1000], TARGET_BYTES_PER_DOSSIER / 1000)
    return row, lines, facts


def apply_pragmas(conn: Any, pragmas: list[str]) -> None:
    """--pragma NAME=VALUE: try a connection setting on the encrypted store (e.g. cipher_memory_security=OFF)."""
    for item in pragmas:
        name, _, value = item.partition("=")
        conn.execute(f"PRAGMA {name.strip()} = {value.strip()}")
        print(f"PRAGMA {name.strip()} = {value.strip()} → {conn.execute(f'PRAGMA {name.strip()}').fetchall()}")


def cipher_facts() -> str:
    conn = db.connect(":memory:", bytes(32))
    try:
        facts = {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("cipher_version", "cipher_provider_version")}
        return f"SQLCipher {facts['cipher_version']} on SQLite {conn.execute('SELECT sqlite_version()').fetchone()[0]} ({facts['cipher_provider_version']})"
    finally:
        conn.close()


def machine() -> list[str]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [
        f"machine: nproc {affinity} (cpu_count {os.cpu_count()}), {cpu}, load average {load}",
        f"os: {platform.platform()}",
        f"python {platform.python_version()} ({sys.executable}), stdlib sqlite {sqlite3.sqlite_version}, "
        f"store: {cipher_facts()}",
        f"project {ROOT} at git {git_head()}, schema {store_mod.SCHEMA_VERSION} ({schema_fingerprint()})",
    ]


def main(argv: list[str] | None = None) -> int:
    # Throwaway desks, several of one slot on one machine: kept out of the PC's registry of stores
    # (desk/machine.py), which would otherwise refuse the next run's desk of the same slot.
    os.environ.setdefault("DESK_SLOT_REGISTRY", "off")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--dossiers", type=int, default=1_000_000, help="dossiers in the store (default 1,000,000)")
    ap.add_argument(
        "--store",
        type=Path,
        help="the cached store's data dir (default /tmp/desk-bench/store-<N>; a path ending in "
        ".sqlite3 means that path without it)",
    )
    ap.add_argument("--rebuild", action="store_true", help="build the store even when a cached one exists")
    ap.add_argument("--keep", action="store_true", help="keep the scratch copy and baseline files of this run")
    ap.add_argument("--build-only", action="store_true", help="build (or check) the cached store and stop")
    ap.add_argument("--batch", type=int, default=5000, help="dossiers per write transaction while building")
    ap.add_argument("--years", type=int, default=10, help="years of receipt dates in the history")
    ap.add_argument("--receipts", type=int, default=200, help="timed receipts 'now'")
    ap.add_argument("--samples", type=int, default=120, help="samples per search case (≥ 100)")
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    ap.add_argument("--no-plain", action="store_true", help="skip the plain (decrypted) copy and its comparisons")
    ap.add_argument(
        "--pragma",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a PRAGMA set on the encrypted store's connection after it opens (to try a setting; repeatable)",
    )
    args = ap.parse_args(argv)
    n = args.dossiers
    store_path = data_dir_of(args.store or BENCH_DIR / f"store-{n}").resolve()

    print("\n".join(machine()), flush=True)
    meta = json.loads(sidecar(store_path).read_text()) if sidecar(store_path).exists() else None
    rebuild = args.rebuild or not cache_usable(store_path) or meta is None
    if not rebuild and meta and meta.get("requested") != n:
        print(f"cached store {store_path} holds {meta.get('requested')} dossiers, not {n}: rebuilding")
        rebuild = True
    if not rebuild and meta and cached_schema(store_path) != schema_fingerprint():
        cached, current = meta.get("migrations") or [], migration_fingerprints()
        if cached and current[: len(cached)] == cached and cached != current:
            upgrade_cached(store_path, meta)
        if cached_schema(store_path) != schema_fingerprint():
            print(f"cached store {store_path} has another schema ({cached_schema(store_path)}): rebuilding")
            rebuild = True
    elif not rebuild and meta and meta.get("migrations") != migration_fingerprints():
        # Same schema, other migration text (a comment, a data-only step): keep it, remember today's scripts.
        meta["migrations"], meta["schema"] = migration_fingerprints(), schema_fingerprint()
        sidecar(store_path).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    if rebuild:
        meta = build_store(n, store_path, batch=args.batch, seed=args.seed, years=args.years)
        print(
            f"BUILD: {meta['dossiers']:,} dossiers in {meta['build_s']:.1f} s "
            f"({meta['per_dossier_ms']:.3f} ms per dossier through Desk.receive, batch {meta['batch']}; "
            f"hash chain verified in {meta['verify_chain_s']:.1f} s); refused: {meta['rejected'] or 'none'}"
        )
    else:
        assert meta is not None
        print(
            f"BUILD: cached {store_path} ({meta['dossiers']:,} dossiers, built {meta['built_at']} at git "
            f"{meta['git']} in {meta['build_s']:.1f} s, {meta['per_dossier_ms']:.3f} ms per dossier); "
            "--rebuild to build again"
        )
    if args.build_only:
        return 0
    dossiers = meta["dossiers"]

    # The measurements run on a scratch copy (store + key sidecar): the receipts "now" add dossiers.
    run_dir = store_path.with_name(store_path.name + ".run")
    shutil.rmtree(run_dir, ignore_errors=True)
    t0 = time.perf_counter()
    copy_data_dir(store_path, run_dir)
    print(f"scratch copy {run_dir} (fsynced) in {time.perf_counter() - t0:.1f} s", flush=True)
    rows: list[Row] = []
    plain_db = None if args.no_plain else run_dir / "plain" / paths.STORE_FILE
    try:
        desk = Desk.open(run_dir)
        apply_pragmas(desk.store.conn, args.pragma)
        with desk.store.write() as conn:  # a fresh slot: today has no history, slot 9 none ever
            desk.store.set_meta(conn, desk_slot=str(NOW_SLOT))
        desk._settings = None
        plain = None
        if plain_db is not None:
            # The same store decrypted, after the slot is set: both issue the same codes to the same requests.
            plain_db.parent.mkdir(mode=0o700)
            t0 = time.perf_counter()
            plain_copy(run_dir, plain_db)
            print(f"plain copy {plain_db} (sqlcipher_export, fsynced) in {time.perf_counter() - t0:.1f} s", flush=True)
        # Size on the cached store (exactly N dossiers, checkpointed); the breakdown from the plain copy.
        size_row, size_lines, size_facts = size_report(store_path, dossiers, plain_db)
        if plain_db is not None:
            plain = open_plain_desk(plain_db)
        faker = Faker(args.seed + 2, catalog_documents(desk))
        print(f"timing {args.receipts} receipts now …", flush=True)
        receive_rows, info = bench_receive(desk, plain, run_dir, faker, args.receipts, 5, args.seed + 4)
        rows += receive_rows
        print(f"timing search ({args.samples} samples per case) …", flush=True)
        search_rows, notes = bench_search(desk, plain, run_dir, args.samples, args.seed + 3)
        rows += search_rows
        desk.close()
        if plain is not None:
            plain.close()
    finally:
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)

    print()
    print(f"RESULTS for {dossiers:,} dossiers ({store_path}):")
    print_table(rows)
    if size_row is not None:
        print(
            f"| store size: {size_facts['bytes_per_dossier']:,.0f} bytes per dossier (target ≤ "
            f"{TARGET_BYTES_PER_DOSSIER}) {'ok' if size_row.p95 <= size_row.target_ms else 'MISSED'} |"
        )
    print()
    print("ENCRYPTED ÷ PLAINTEXT (p95; the target: receive ≤ 3 ms and ≤ 4× the bare plaintext INSERT):")
    rec, base = rows[0], next(r for r in rows if r.operation.startswith("baseline: bare INSERT"))
    bare_enc = next(r for r in rows if r.operation.lstrip().startswith("bare INSERT, same, ENCRYPTED"))
    print(f"  Desk.receive encrypted ÷ bare plaintext INSERT: {rec.p95 / base.p95:.2f}× p95 "
          f"({rec.p50 / base.p50:.2f}× p50)")  # fmt: skip
    if rec.plain is not None:
        print(f"  Desk.receive encrypted ÷ Desk.receive plain: {rec.p95 / rec.plain.p95:.2f}× p95 "
              f"({rec.p50 / rec.plain.p50:.2f}× p50)")  # fmt: skip
    print(f"  bare INSERT encrypted ÷ bare INSERT plaintext: {bare_enc.p95 / base.p95:.2f}× p95 "
          f"({bare_enc.p50 / base.p50:.2f}× p50)")  # fmt: skip
    searches = [r for r in rows if "hits_median" in r.extra]
    if searches and searches[0].plain is not None:
        ratios = sorted(r.p95 / r.plain.p95 for r in searches if r.plain is not None)
        print(f"  Desk.search encrypted ÷ plain, over the {len(ratios)} cases: median {statistics.median(ratios):.2f}× "
              f"p95 (from {ratios[0]:.2f}× to {ratios[-1]:.2f}×)")  # fmt: skip
    print()
    print(f"receive warm-up calls (not counted), ms: {info['warmup_ms']}; last code issued {info['last_code']}")
    print("search: results found, and the read alone (readmodel.search, no access-log write: what one keystroke "
          "in the list reads) on the encrypted store:")  # fmt: skip
    for r in searches:
        print(f"  {r.operation}: median {r.extra['hits_median']:.0f} results; read alone p50 "
              f"{r.extra['read_p50']:.2f} ms, p95 {r.extra['read_p95']:.2f} ms")  # fmt: skip
    print()
    print("\n".join(size_lines))
    if notes:
        print()
        print("search statements of the slower cases (read alone p95 > half the target), as search_ids runs them:")
        print("\n".join(notes))
    if args.json:
        out = {
            "machine": machine(),
            "build": meta,
            "size": size_facts,
            "rows": [
                {
                    "operation": r.operation,
                    "n": len(r.samples),
                    "p50": r.p50,
                    "p95": r.p95,
                    "max": r.max,
                    "target_ms": r.target_ms,
                    "baseline_p95": r.baseline.p95 if r.baseline else None,
                    "plain_p95": r.plain.p95 if r.plain else None,
                    "plain_p50": r.plain.p50 if r.plain else None,
                    "ok": r.ok,
                    **r.extra,
                }
                for r in rows
            ],
        }
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
