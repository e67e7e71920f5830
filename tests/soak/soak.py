#!/usr/bin/env python
"""Soak test of the reference server on loopback: many desks, a processing unit, the fault proxy and hostile
clients at once, for a bounded time; then every desk syncs cleanly and the books are checked.

Run from the project root (not collected by pytest)::

    .venv/bin/python tests/soak/soak.py --desks 50 --seconds 60

The server runs as ``python -m sync.server serve`` in its own process (its access log counts the 5xx answers, and
its peak resident memory is read from /proc). Half of the desks reach it through the fault proxy
(tests/helpers/faulty_proxy.py: drops, resets, timeouts, injected 500/503, truncated and lost answers, duplicated
requests); the others directly. Hostile clients meanwhile guess enrolment codes, send oversized and malformed bodies,
NaN, bodies without a credential, junk events with broken hash chains and absurd times under a stolen desk
credential, and flood the health check. Only 127.0.0.1 is ever contacted; every loop stops at its deadline.

Printed: events lost (desk events the server lacks, processing events a desk lacks), events duplicated, desk events
refused, the server's 5xx answers, the answers hostile clients got, and the server's memory ceiling.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from desk.ids import uuid7  # noqa: E402
from desk.service import Desk, ReceiveRequest, init_desk  # noqa: E402
from sync import client  # noqa: E402
from sync.client import transport  # noqa: E402
from sync.server.service import Server  # noqa: E402
from sync.server.storage import Storage  # noqa: E402
from tests.helpers.faulty_proxy import FaultyProxy  # noqa: E402

PROCEDURES = ("2.000815", "1.001022", "1.004845")
NAMES = ("Nguyễn Văn Đức", "Trần Thị Bình", "Lê Văn Dũng", "Phạm Thị Hoa", "Hoàng Minh Châu")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def agency_of(i: int) -> tuple[str, int]:
    """Desk i's agency and slot: nine desks an agency."""
    return f"000.00.{10 + i // 9:02d}.H62", i % 9 + 1


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.c: collections.Counter[str] = collections.Counter()

    def add(self, key: str, n: int = 1) -> None:
        with self.lock:
            self.c[key] += n


def rss_kb(pid: int, field: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


# -- the honest ones -------------------------------------------------------------------------------------------------


def desk_worker(data: Path, url: str, deadline: float, stats: Stats, seed: int) -> None:
    rng = random.Random(seed)
    desk = Desk.open(data)
    try:
        while time.monotonic() < deadline:
            for _ in range(rng.randint(0, 2)):
                n = rng.randrange(1000)
                desk.receive(ReceiveRequest(procedure=PROCEDURES[n % 3], name=NAMES[n % 5], phone="0912345678"),
                             actor="Hoa")  # fmt: skip
                stats.add("dossiers received")
            try:
                left = max(1.0, min(8.0, deadline - time.monotonic()))
                r = client.sync_round(desk, server_url=url, timeout=left, request_timeout=2.0, batch_size=50)
                stats.add("desk rounds")
                stats.add("desk events refused", r["refused"])
            except (client.ServerUnreachable, client.RateLimited, client.ProtocolError):
                stats.add("desk rounds cut short")
            time.sleep(rng.uniform(0.1, 0.8))
    finally:
        desk.close()


def processor_worker(url: str, db: str, token: str, agencies: list[str], deadline: float, stats: Stats,
                     accepted: list[str]) -> None:  # fmt: skip
    rng = random.Random(7)
    storage = Storage.open(db, create=False)
    try:
        while time.monotonic() < deadline:
            with storage.read() as conn:
                from sqlalchemy import text

                rows = conn.execute(
                    text("SELECT code, status FROM dossiers WHERE agency_code = :a AND status IN (2, 4) LIMIT 40"),
                    {"a": agencies[0]},
                ).all()
            events = []
            for code, status in rng.sample(rows, min(len(rows), 8)):
                kind = "transferred" if status == 2 else "result_ready"
                payload = {"to_unit": "Phòng Tư pháp"} if kind == "transferred" else {"result": "Giấy"}
                events.append({"id": uuid7(), "kind": kind, "code": code, "actor": "Minh", "payload": payload})
            if events:
                try:
                    r = requests.post(f"{url}/v1/processing/events", json={"events": events},
                                      headers={"Authorization": f"Bearer {token}"}, timeout=10)  # fmt: skip
                    stats.add(f"processor answers {r.status_code}")
                    if r.status_code == 200:
                        accepted += [a["id"] for a in r.json()["answers"] if a["status"] == "accepted"]
                except requests.RequestException:
                    stats.add("processor errors")
            time.sleep(0.3)
    finally:
        storage.close()


# -- the hostile ones ------------------------------------------------------------------------------------------------


def hostile_worker(url: str, stolen: dict[str, str], deadline: float, stats: Stats, seed: int) -> None:
    rng = random.Random(seed)
    s = requests.Session()
    s.trust_env = False
    bearer = {"Authorization": f"Bearer {stolen['token']}", "Content-Type": "application/json"}
    prev_time = "2026-01-01T08:00:00+07:00"

    def junk_event(**over: Any) -> dict[str, Any]:
        e = {"id": uuid7(), "dossier_uid": None, "kind": "note", "payload": {"text": "x" * rng.choice((10, 60_000))},
             "actor": "x", "desk_id": stolen["desk_id"], "device_time": prev_time,
             "hash": rng.choice(("0" * 64, "f" * 64)), "prev_hash": ""}  # fmt: skip
        return e | over

    attacks = [
        lambda: s.post(
            f"{url}/v1/enrol",
            json={
                "code": "".join(rng.choices("ABCDEFGH23456789", k=12)),
                "desk_id": str(uuid7()),
                "agency_code": "000.00.10.H62",
                "slot": 1,
            },
        ),
        lambda: s.post(f"{url}/v1/enrol", data=b"[" * (2 * 1024 * 1024), headers={"Content-Type": "application/json"}),
        lambda: s.post(
            f"{url}/v1/enrol", data='{"code": NaN, "slot": Infinity}', headers={"Content-Type": "application/json"}
        ),
        lambda: s.post(f"{url}/v1/events", data=b"x" * (1024 * 1024)),  # no credential
        lambda: s.post(
            f"{url}/v1/events", data=json.dumps({"events": [junk_event() for _ in range(40)]}), headers=bearer
        ),
        lambda: s.post(
            f"{url}/v1/events",
            data=json.dumps(
                {
                    "events": [
                        junk_event(device_time=rng.choice(("0001-01-01T00:00:00+07:00", "2999-12-31T23:59:59+07:00")))
                    ]
                }
            ),
            headers=bearer,
        ),
        lambda: s.get(
            f"{url}/v1/events",
            params={"cursor": rng.choice(("e99999999b0", "f" * 32 + ".9.e1b1", "x"))},
            headers=bearer,
        ),
        lambda: s.get(f"{url}/v1/events", params={"x" * 5000: "1"}, headers=bearer),
        lambda: s.post(f"{url}/v1/processing/events", data=b'{"events": [' + b"{}," * 5000 + b"{}]}", headers=bearer),
        lambda: s.get(f"{url}/v1/health"),
        lambda: s.request(
            rng.choice(("PUT", "DELETE", "PATCH")),
            f"{url}/v1/{rng.choice(('events', 'enrol', 'x'))}",
            data=os.urandom(rng.randrange(1, 5000)),
        ),
    ]
    while time.monotonic() < deadline:
        try:
            r = rng.choice(attacks)()
            stats.add(f"hostile answers {r.status_code}")
        except requests.RequestException:
            stats.add("hostile connection errors")
        time.sleep(rng.uniform(0, 0.05))


# -- the run ---------------------------------------------------------------------------------------------------------


def main() -> int:
    # Throwaway desks, several of one slot on one machine: kept out of the PC's registry of stores
    # (desk/machine.py), which would otherwise refuse the next run's desk of the same slot.
    os.environ.setdefault("DESK_SLOT_REGISTRY", "off")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--desks", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0, help="how long the mixed load runs")
    ap.add_argument("--hostile", type=int, default=4, help="hostile clients")
    ap.add_argument("--fault-rate", type=float, default=0.15, help="share of proxied requests that meet a fault")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = ap.parse_args()
    transport.RETRY_BASE = 0.05  # the desks' back-off on the soak's time scale

    base = Path(tempfile.mkdtemp(prefix="desk-soak-"))
    db = str(base / "server.sqlite3")
    stats = Stats()
    admin = Server(Storage.open(db))
    agencies = sorted({agency_of(i)[0] for i in range(args.desks)})
    port = free_port()
    log_path = base / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sync.server", "serve", "--db", db, "--port", str(port), "--log-level", "info"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    peak_sampled = 0
    try:
        for _ in range(200):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/v1/health", timeout=1).ok:
                    break
            time.sleep(0.1)
        t0 = time.monotonic()
        print(f"set-up: {args.desks} desks in {len(agencies)} agencies, server pid {proc.pid}, scratch {base}")
        desks: list[Path] = []
        for i in range(args.desks):
            agency, slot = agency_of(i)
            data = base / f"desk{i:02d}"
            init_desk(data, agency_code=agency, agency_name=f"Trung tâm {i}", desk_slot=slot,
                      parent_name="UBND", place="Tân Phú").close()  # fmt: skip
            d = Desk.open(data)
            client.enrol(d, url, admin.create_enrol_code(agency, slot)["code"])
            d.close()
            desks.append(data)
        thief = base / "stolen"
        init_desk(thief, agency_code="000.00.99.H62", agency_name="Kẻ gian", desk_slot=1, parent_name="-",
                  place="-").close()  # fmt: skip
        d = Desk.open(thief)
        client.enrol(d, url, admin.create_enrol_code("000.00.99.H62", 1)["code"])
        stolen = {"token": d.store.meta()["sync_credential"], "desk_id": d.store.meta()["desk_id"]}
        d.close()
        token = admin.create_processor(agencies[0], "Sở Tư pháp")["credential"]
        print(f"set-up done in {time.monotonic() - t0:.1f} s; mixed load for {args.seconds:g} s…")

        rates = {f: args.fault_rate / 8 for f in ("drop", "reset", "timeout", "error500", "error503", "truncate",
                                                  "lost", "duplicate")}  # fmt: skip
        accepted: list[str] = []
        with FaultyProxy(port, seed=3, rates=rates, timeout_hold=3.0) as proxy:
            deadline = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=desk_worker, args=(data, proxy.url if i % 2 else url, deadline, stats, i))
                for i, data in enumerate(desks)
            ]
            threads.append(threading.Thread(target=processor_worker,
                                            args=(url, db, token, agencies, deadline, stats, accepted)))  # fmt: skip
            threads += [threading.Thread(target=hostile_worker, args=(url, stolen, deadline, stats, 100 + k))
                        for k in range(args.hostile)]  # fmt: skip
            for t in threads:
                t.daemon = True
                t.start()
            while any(t.is_alive() for t in threads) and time.monotonic() < deadline + 30:
                peak_sampled = max(peak_sampled, rss_kb(proc.pid, "VmRSS"))
                time.sleep(0.5)
            stuck = sum(t.is_alive() for t in threads)
            proxy_counts = dict(proxy.counts)

        print("final clean rounds…")
        refused_final = 0
        for data in desks:
            d = Desk.open(data)
            try:
                for _ in range(10):
                    with contextlib.suppress(client.RateLimited, client.ServerUnreachable):
                        r = client.sync_round(d, server_url=url, timeout=30)
                        refused_final += r["refused"]
                        if r["complete"] and r["pending"] == 0:
                            break
                    time.sleep(1)
            finally:
                d.close()

        lost, dup, pending = 0, 0, 0
        with admin.storage.read() as conn:
            from sqlalchemy import text

            server_ids = [i for (i,) in conn.execute(text("SELECT id FROM events WHERE deliver_to IS NULL"))]
            delivered: dict[str, set[str]] = collections.defaultdict(set)
            for i, to in conn.execute(text("SELECT id, deliver_to FROM events WHERE deliver_to IS NOT NULL")):
                delivered[to].add(i)
            codes = [c for (c,) in conn.execute(text("SELECT code FROM dossiers"))]
        dup += len(server_ids) - len(set(server_ids)) + len(codes) - len(set(codes))
        on_server = set(server_ids)
        accepted_set = set(accepted)
        for data in desks:
            d = Desk.open(data)
            try:
                desk_id = d.store.meta()["desk_id"]
                own = {e.id for e in d.store.events() if e.desk_id == desk_id and e.server_seq is None}
                remote = [e.id for e in d.store.events() if e.server_seq is not None]
                lost += len(own - on_server) + len(delivered[desk_id] - set(remote))
                dup += len(remote) - len(set(remote))
                pending += d.store.conn.execute("SELECT count(*) FROM events e LEFT JOIN event_acks a ON "
                                                "a.event_id = e.id WHERE e.desk_id = ? AND e.server_seq IS NULL AND "
                                                "a.event_id IS NULL", (desk_id,)).fetchone()[0]  # fmt: skip
            finally:
                d.close()
        delivered_all = set().union(*delivered.values()) if delivered else set()
        lost += len(accepted_set - delivered_all)
        peak = rss_kb(proc.pid, "VmHWM")
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(15)
        if proc.poll() is None:
            proc.kill()
        admin.storage.close()
    server_log = log_path.read_text(encoding="utf-8", errors="replace")
    statuses = collections.Counter(re.findall(r'HTTP/1\.1" (\d{3})', server_log))
    fivexx = sum(n for code, n in statuses.items() if code.startswith("5") and code != "503")
    busy = statuses.get("503", 0)
    tracebacks = server_log.count("Traceback")

    rows = [
        ("desks / hostile clients", f"{args.desks} / {args.hostile}"),
        ("mixed load (s)", f"{args.seconds:g}"),
        ("dossiers received", stats.c["dossiers received"]),
        ("desk rounds (cut short by faults)", f"{stats.c['desk rounds']} ({stats.c['desk rounds cut short']})"),
        ("desk events on the server", len(on_server)),
        ("processing events accepted", len(accepted_set)),
        ("events lost", lost),
        ("events duplicated", dup),
        ("desk events refused", stats.c["desk events refused"] + refused_final),
        ("desk events still pending", pending),
        ("5xx answers (server, 503 apart)", fivexx),
        ("503 answers (busy, with Retry-After)", busy),
        ("tracebacks in the server log", tracebacks),
        ("server memory ceiling (MB, VmHWM)", f"{peak / 1024:.0f}"),
        ("server memory, sampled peak RSS (MB)", f"{peak_sampled / 1024:.0f}"),
        ("threads stuck at the end", stuck),
        ("proxy faults", ", ".join(f"{k} {v}" for k, v in sorted(proxy_counts.items()))),
        (
            "hostile answers",
            ", ".join(f"{k.split()[-1]}: {v}" for k, v in sorted(stats.c.items()) if k.startswith("hostile")),
        ),
        ("server answers by status", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))),
    ]
    width = max(len(r[0]) for r in rows)
    print()
    print("Soak — reference server on SQLite, loopback")
    print("-" * (width + 40))
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    ok = lost == 0 and dup == 0 and fivexx == 0 and tracebacks == 0 and pending == 0
    print("-" * (width + 40))
    print("OK" if ok else "PROBLEMS: see above")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
