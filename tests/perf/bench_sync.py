#!/usr/bin/env python
"""Sync benchmark: a desk and the reference server (its own process) on loopback, against targets and a baseline.

Run from the project root (not collected by pytest)::

    .venv/bin/python tests/perf/bench_sync.py                       # SQLite server, 10,000 events, 2,000 procedures
    .venv/bin/python tests/perf/bench_sync.py --postgres            # the server on a throwaway PostgreSQL
    .venv/bin/python tests/perf/bench_sync.py --postgres-url postgresql://desk@127.0.0.1:5432/postgres

What it measures (each next to "the same payload sent by a bare requests loop", against a fresh server database):

1. **push** — a desk's backlog of ~10,000 unacknowledged events (2,500 dossiers received, printed, handed over and
   printed again, made beforehand) pushed by ``sync_round``: batches from ``syncstate.pending``, the server's
   per-event checks and inserts, ``record_answers`` on the desk. Baseline: the same JSON batches POSTed in a loop.
   Target ≤ 10 s.
2. **pull** — 10,000 events recorded by a processing unit on those dossiers (four each) pulled and applied to the
   desk's projections by ``sync_round``. Baseline: the same pages read with a bare GET loop. Target ≤ 10 s.
3. **catalog** — a bundle of 2,000 procedures, signed by a key the server registered and the desk trusts,
   published on the server, pulled, its signature verified, checked, imported and activated
   (``approve_catalogs=True``) by ``sync_round``. Baseline: a bare GET of the bundle's bytes. Target ≤ 3 s.

The server runs as ``python -m sync.server serve`` in a subprocess, so desk and server each have their own
interpreter, as in the field. The desk's backlog is made with ``store.write`` batched inside long transactions
(what is stored is what single transactions store; the fsync per intake is what is skipped).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
for _p in (ROOT, Path(__file__).resolve().parent):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

# The desk's store is encrypted: its key goes to the bench key dir, never the user's key store (before desk's import).
os.environ.setdefault("DESK_KEYSTORE", "file")
os.environ.setdefault("DESK_KEY_DIR", "/tmp/desk-bench/keys")

import requests  # noqa: E402
from bench_store import batched, drop_key  # noqa: E402  (SAVEPOINT-per-dossier set-up, shared with bench_store)

from desk import signing, syncstate, timeutil, workflow  # noqa: E402
from desk.ids import uuid7  # noqa: E402
from desk.service import SAMPLE_CATALOG, Desk, ReceiveRequest, init_desk  # noqa: E402
from sync import client  # noqa: E402
from sync.server.service import Server  # noqa: E402
from sync.server.storage import Storage  # noqa: E402

AGENCY = "000.00.12.H62"
TARGETS = {"push": 10.0, "pull": 10.0, "catalog": 3.0}
NAMES = ("Nguyễn Văn Đức", "Trần Thị Bình", "Lê Văn Dũng", "Phạm Thị Hoa", "Hoàng Minh Châu", "Võ Thị Lan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server_process(db: str, log: Path) -> Iterator[str]:
    """``desk-server serve`` in its own process on a free loopback port; yields its URL once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sync.server", "serve", "--db", db, "--port", str(port), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/v1/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {log}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def make_backlog(desk: Desk, dossiers: int) -> list[str]:
    """Dossiers received over the last days (paper receipts entered now), printed, handed over, printed again."""
    now = timeutil.now()
    codes = []
    per_day = 800
    with batched(desk, 2000) as tick:
        for i in range(dossiers):
            day = now - dt.timedelta(days=1 + i // per_day)
            at = day.replace(hour=8, minute=0, second=0) + dt.timedelta(seconds=30 * (i % per_day))
            req = ReceiveRequest(
                procedure=("1.001022", "2.000815", "1.004845")[i % 3],
                name=NAMES[i % len(NAMES)],
                phone="0912345678",
                received_at=at,
            )
            code = desk.receive(req, actor="Lê Thị Hoa", now=now)["code"]
            desk.record_print("receipt", actor="Lê Thị Hoa", code=code)
            workflow.transfer(desk, code, to_unit="Phòng Văn hóa - Xã hội", actor="Lê Thị Hoa", now=now)
            desk.record_print("control", actor="Lê Thị Hoa", code=code)
            codes.append(code)
            tick()
    return codes


def big_catalog(n: int) -> bytes:
    """A catalog bundle of n procedures (the sample's, repeated under new codes), version 2 of the same publisher."""
    doc = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
    base = doc["procedures"]
    procs = []
    for i in range(n):
        p = json.loads(json.dumps(base[i % len(base)]))
        p["code"] = f"9.{i:06d}"
        p["name"] = f"{p['name']} (bản {i // len(base) + 1})"
        procs.append(p)
    doc.update(version=2, procedures=procs, issued_at=timeutil.iso(timeutil.now()))
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def enrol_bare(url: str, server: Server, desk: Desk) -> str:
    """Enrol the desk's identity with a bare request (for the baseline server); returns the credential."""
    code = server.create_enrol_code(AGENCY, 1)["code"]
    body = {"code": code, "desk_id": desk.store.meta()["desk_id"], "agency_code": AGENCY, "slot": 1}
    r = requests.post(f"{url}/v1/enrol", json=body, timeout=30)
    r.raise_for_status()
    return r.json()["credential"]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="desk-bench-sync-"))
    log = work / "server.log"
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "rows": [],
    }
    try:
        with databases(args, work) as (db_a, db_b):
            results["database"] = "PostgreSQL" if "://" in db_a else "SQLite"
            print(f"server database: {results['database']}; scratch: {work}", file=sys.stderr)
            print(f"building the desk's backlog ({args.dossiers} dossiers × 4 events)…", file=sys.stderr)
            init_desk(work / "desk", agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú")
            desk = Desk.open(work / "desk")
            t_build, codes = timed(lambda: make_backlog(desk, args.dossiers))
            print(f"  built in {t_build:.1f} s", file=sys.stderr)
            admin_a, admin_b = Server(Storage.open(db_a)), Server(Storage.open(db_b))
            with server_process(db_a, log) as url_a, server_process(db_b, log) as url_b:
                client.enrol(desk, url_a, admin_a.create_enrol_code(AGENCY, 1)["code"])
                backlog = syncstate.pending_count(desk.store)
                batches = _all_batches(desk)  # the batches sync_round will send, read before it runs

                # 1. push
                token_b = enrol_bare(url_b, admin_b, desk)
                s = requests.Session()
                s.headers["Authorization"] = f"Bearer {token_b}"
                t_bare, _ = timed(
                    lambda: [
                        s.post(f"{url_b}/v1/events", json={"events": b}, timeout=60).raise_for_status() for b in batches
                    ]
                )
                t_desk, r = timed(lambda: client.sync_round(desk, timeout=600))
                assert r["complete"] and r["accepted"] == backlog and r["refused"] == 0, r
                results["rows"].append(row("push backlog", backlog, t_desk, t_bare, "push", r["requests"]))

                # 2. pull
                print("recording the processing unit's events…", file=sys.stderr)
                token_p = admin_a.create_processor(AGENCY, "Phòng Văn hóa - Xã hội")["credential"]
                record_processing(url_a, token_p, codes)
                token_a = desk.store.meta()["sync_credential"]
                t_bare, pulled = timed(lambda: bare_pull(url_a, token_a))
                t_desk, r = timed(lambda: client.sync_round(desk, timeout=600))
                assert r["complete"] and r["applied"] == len(codes) * 4 == pulled and r["conflicts"] == 0, r
                results["rows"].append(row("pull events", r["pulled"], t_desk, t_bare, "pull", r["requests"]))

                # 3. catalog: signed by a key the server has registered and the desk trusts (neither takes any other)
                key = signing.generate_key()
                admin_a.register_key(None, signing.public_key_text(key), name="Sở Nội vụ")
                desk.trust_key(signing.parse_public_key(signing.public_key_text(key), "Sở Nội vụ"), actor="CNTT")
                signed = signing.sign(big_catalog(args.procedures), key)
                bundle = admin_a.add_bundle("catalog", signed, agency_code=AGENCY)
                t_bare, data = timed(
                    lambda: (
                        requests.get(
                            f"{url_a}/v1/bundles/{bundle['id']}",
                            headers={"Authorization": f"Bearer {token_a}"},
                            timeout=60,
                        ).content
                    )
                )
                assert len(data) == bundle["size"]
                t_desk, r = timed(lambda: client.sync_round(desk, timeout=600, approve_catalogs=True))
                assert [b["status"] for b in r["bundles"]] == ["imported"], r["bundles"]
                assert len(desk.procedures()) == args.procedures
                results["rows"].append(
                    row(
                        f"catalog pulled + activated ({bundle['size'] // 1024} KB)",
                        args.procedures,
                        t_desk,
                        t_bare,
                        "catalog",
                        r["requests"],
                    )
                )
            desk.close()
            admin_a.storage.close()
            admin_b.storage.close()
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            drop_key(work / "desk")
            shutil.rmtree(work, ignore_errors=True)
    return results


def _all_batches(desk: Desk) -> list[list[dict[str, Any]]]:
    """Every pending event in the batches ``sync_round`` will send (``pending`` pages by local order)."""
    everything = syncstate.pending(desk.store, limit=10**9)
    size = client.PUSH_BATCH
    return [everything[i : i + size] for i in range(0, len(everything), size)]


def record_processing(url: str, token: str, codes: list[str]) -> None:
    """Four events per dossier by a processing unit: two hand-overs, a note and the result (setup, not measured)."""
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    events = []
    for code in codes:
        events += [
            {
                "id": uuid7(),
                "kind": "transferred",
                "code": code,
                "actor": "Trần Văn Minh",
                "payload": {"to_unit": "Phòng Văn hóa - Xã hội", "to_person": "Trần Văn Minh"},
            },
            {
                "id": uuid7(),
                "kind": "note",
                "code": code,
                "actor": "Trần Văn Minh",
                "payload": {"text": "Đã thẩm định"},
            },
            {
                "id": uuid7(),
                "kind": "transferred",
                "code": code,
                "actor": "Trần Văn Minh",
                "payload": {"to_unit": "Lãnh đạo UBND xã"},
            },
            {
                "id": uuid7(),
                "kind": "result_ready",
                "code": code,
                "actor": "Lãnh đạo UBND xã",
                "payload": {"result": "Quyết định"},
            },
        ]
    for i in range(0, len(events), 200):
        r = s.post(f"{url}/v1/processing/events", json={"events": events[i : i + 200]}, timeout=120)
        r.raise_for_status()
        bad = [a for a in r.json()["answers"] if a["status"] != "accepted"]
        assert not bad, bad[:3]


def bare_pull(url: str, token: str) -> int:
    """Read every page of the desk's feed with a bare GET loop (nothing applied)."""
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    cursor, n = None, 0
    while True:
        params: dict[str, Any] = {"limit": client.PULL_PAGE} | ({"cursor": cursor} if cursor else {})
        page = s.get(f"{url}/v1/events", params=params, timeout=60).json()
        n += len(page["events"])
        cursor = page["cursor"]
        if not page["more"]:
            return n


def row(step: str, items: int, desk_s: float, bare_s: float, target: str, requests_: int) -> dict[str, Any]:
    return {
        "step": step,
        "items": items,
        "desk_s": round(desk_s, 3),
        "bare_s": round(bare_s, 3),
        "target_s": TARGETS[target],
        "ok": desk_s <= TARGETS[target],
        "requests": requests_,
        "per_s": round(items / desk_s),
    }


@contextlib.contextmanager
def databases(args: argparse.Namespace, work: Path) -> Iterator[tuple[str, str]]:
    """Two empty server databases: the desk's and the baseline's."""
    if not (args.postgres or args.postgres_url):
        yield str(work / "server-a.sqlite3"), str(work / "server-b.sqlite3")
        return
    import psycopg

    stack = contextlib.ExitStack()
    with stack:
        admin = args.postgres_url
        if admin is None:
            from tests.helpers.sync_env import throwaway_postgres

            admin = stack.enter_context(throwaway_postgres())
        names = [f"desk_bench_{uuid7().replace('-', '')[-12:]}_{x}" for x in "ab"]
        with psycopg.connect(admin, autocommit=True) as c:
            for name in names:
                c.execute(f'CREATE DATABASE "{name}"')
        try:
            base = admin.rsplit("/", 1)[0]
            yield f"{base}/{names[0]}", f"{base}/{names[1]}"
        finally:
            with psycopg.connect(admin, autocommit=True) as c:
                for name in names:
                    c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def print_table(results: dict[str, Any]) -> None:
    print(f"\nSync benchmark — server on {results['database']}, loopback, {results['machine']}\n")
    head = f"{'step':<38} {'items':>6} {'desk (s)':>9} {'bare requests (s)':>18} {'target (s)':>10} {'items/s':>8}  ok"
    print(head)
    print("-" * len(head))
    for r in results["rows"]:
        print(
            f"{r['step']:<38} {r['items']:>6} {r['desk_s']:>9.2f} {r['bare_s']:>18.2f} {r['target_s']:>10.0f} "
            f"{r['per_s']:>8}  {'yes' if r['ok'] else 'NO'}"
        )
    print("\ndesk = sync_round end to end (desk store reads and writes, HTTP, server checks and inserts);")
    print("bare requests = the same requests from a plain requests loop to a server with a fresh database.")


def main() -> int:
    # Throwaway desks, several of one slot on one machine: kept out of the PC's registry of stores
    # (desk/machine.py), which would otherwise refuse the next run's desk of the same slot.
    os.environ.setdefault("DESK_SLOT_REGISTRY", "off")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dossiers", type=int, default=2500, help="dossiers in the backlog (4 events each)")
    ap.add_argument("--procedures", type=int, default=2000, help="procedures in the catalog bundle")
    ap.add_argument("--postgres", action="store_true", help="run the server on a throwaway PostgreSQL")
    ap.add_argument("--postgres-url", help="run the server on this PostgreSQL (admin URL; two databases are made)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()
    results = run(args)
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(r["ok"] for r in results["rows"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
