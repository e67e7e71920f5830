#!/usr/bin/env python
"""Report benchmark: Biểu II.06a over a store of N dossiers with a realistic life after intake.

Run from the project root (not collected by pytest)::

    .venv/bin/python tests/perf/bench_report.py                    # 1,000,000 dossiers
    .venv/bin/python tests/perf/bench_report.py --dossiers 20000   # quick

Store: the cached store of tests/perf/bench_store.py (the data dir /tmp/desk-bench/store-<N>/, encrypted, built by
its ``build_store`` when absent: N dossiers through ``Desk.receive`` over the last 10 years), copied once (store and
key sidecar: same key, in the bench key dir) to /tmp/desk-bench/report-<N>/ and given outcomes: every dossier gets the events a desk would record —
result ready (early, on time or late) and mostly returned, supplements (clock stopped, appointment moved),
apologies with a new appointment, refusals, withdrawals, stops — through ``journal.record``
(append and project) (the hash chain and projections are what the workflow writes; only the per-event fsync is
batched, as bench_store does). Recent dossiers are left open, as they would be. The copy is cached (sidecar .json)
and rebuilt when the base store changes.

Measured (warm: each operation repeated, the first call after opening reported apart as "first"):
``compute_report`` for the last full year (a past period: carried over, closed, state at the end replayed), the
current year, a quarter, and ``monthly_series``; next to the baseline ``SELECT count(*) FROM dossiers WHERE
receipt_date BETWEEN …`` of the same year. Each twice: with one pass over the dossiers table (
``plan="scan"``), and with the index on the finish instant (desk.report.FINISH_INDEX, part of the schema now;
created in this benchmark's own copy when an older store lacks it). Target: the yearly report ≤ 3 s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
for p in (ROOT, HERE):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


os.environ.setdefault("DESK_KEYSTORE", "file")  # the bench key dir, before desk is imported (as bench_store)
os.environ.setdefault("DESK_KEY_DIR", "/tmp/desk-bench/keys")

import bench_store  # noqa: E402
from bench_store import Row, batched, machine, print_table, sidecar  # noqa: E402

from desk import journal, paths, report, timeutil  # noqa: E402
from desk.appointment import add_working_time, timeliness, working_time_between  # noqa: E402
from desk.service import Desk  # noqa: E402

TARGET_MS = 3000.0
COLLECTORS = ("Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Minh Đức")


def iso(value: dt.datetime) -> str:
    return timeutil.iso(value)


def give_outcomes(desk: Desk, *, seed: int, batch: int, now: dt.datetime) -> dict[str, int]:
    """Record each dossier's life after intake, as events; returns how many of each kind were written."""
    rng = random.Random(seed)
    store = desk.store
    cal = desk.calendar()
    day = dt.timedelta(days=1)
    written: dict[str, int] = {}
    rows = store.conn.execute("SELECT uid, received_at, due_at FROM dossiers ORDER BY id").fetchall()
    t0 = last = time.perf_counter()

    def event(conn: sqlite3.Connection, uid: str, kind: str, payload: dict[str, Any], at: dt.datetime) -> None:
        journal.record(store, conn, kind=kind, payload=payload, actor="Lê Thị Hoa", dossier_uid=uid, device_time=at)
        written[kind] = written.get(kind, 0) + 1

    def life(conn: sqlite3.Connection, uid: str, received: dt.datetime, due: dt.datetime) -> None:
        """One dossier's events after intake (none that would happen after ``now``)."""
        original = due
        t = received + dt.timedelta(minutes=rng.randint(5, 90))
        r = rng.random()
        if r < 0.03 and t < now:  # supplement asked, brought some days later: the appointment moves
            asked = t
            brought = asked + dt.timedelta(hours=rng.randint(20, 400))
            event(conn, uid, "supplement_requested",
                  {"items": ["Bản sao giấy khai sinh"], "reason": "Thiếu giấy tờ", "at": iso(asked)}, asked)  # fmt: skip
            if brought >= now or rng.random() < 0.05:
                if rng.random() < 0.5 and brought < now:
                    event(conn, uid, "withdrawn", {"reason": None, "at": iso(brought)}, brought)
                return
            waited = working_time_between(asked, brought, cal)
            new_due = add_working_time(due, waited, cal)
            event(conn, uid, "supplement_received",
                  {"at": iso(brought), "paused_at": iso(asked), "waited_minutes": int(waited.total_seconds() // 60),
                   "previous_due_at": iso(due), "due_at": iso(new_due), "calendar_version": cal.version,
                   "note": None}, brought)  # fmt: skip
            due, t = new_due, brought
        elif r < 0.05:  # refused, withdrawn or stopped a little after receipt
            kind = rng.choices(("refused", "withdrawn", "stopped"), weights=(3, 4, 1))[0]
            at = t + dt.timedelta(hours=rng.randint(1, 72))
            if at < now:
                payload = {"refused": {"reasons": ["Không đủ điều kiện"], "at": iso(at)},
                           "withdrawn": {"reason": "Công dân xin rút", "at": iso(at)},
                           "stopped": {"reason": "Dừng theo đề nghị", "decided_by": None, "at": iso(at)}}[kind]  # fmt: skip
                event(conn, uid, kind, payload, at)
            return
        if rng.random() < 0.02:  # apology letter and a new appointment, sent before the first one
            at = max(t, due - dt.timedelta(hours=rng.randint(1, 24)))
            new_due = due + dt.timedelta(days=rng.randint(3, 10))
            while not cal.is_working_day(new_due.date()):
                new_due += day
            if at < now:
                event(conn, uid, "apologized_extended",
                      {"reason": "Chờ xác minh", "late_unit": "Công chức Tư pháp", "letter_no": None,
                       "previous_due_at": iso(due), "original_due_at": iso(original), "new_due_at": iso(new_due),
                       "at": iso(at), "sent_after_due": at > due}, at)  # fmt: skip
                due, t = new_due, at
        if rng.random() < 0.01:  # forgotten: never resolved
            return
        k = rng.random()
        if k < 0.55:
            done = due - dt.timedelta(days=rng.randint(1, 3), minutes=rng.randint(0, 300))
        elif k < 0.9:
            opening = due.replace(hour=7, minute=0, second=0)
            done = opening + (due - opening) * rng.random()
        else:
            done = due + dt.timedelta(hours=rng.randint(1, 200))
        done = max(done, t + dt.timedelta(minutes=1)).replace(microsecond=0)
        if done >= now:
            return
        event(conn, uid, "result_ready",
              {"at": iso(done), "result": None, "timeliness": timeliness(done, due),
               "timeliness_original": timeliness(done, original)}, done)  # fmt: skip
        back = done + dt.timedelta(hours=rng.randint(2, 120))
        if back < now and rng.random() < 0.85:
            event(conn, uid, "result_returned",
                  {"at": iso(back), "collected_by": rng.choice(COLLECTORS), "id_number": None, "by_post": True,
                   "post_tracking": None}, back)  # fmt: skip

    with batched(desk, batch) as tick:
        for i, (uid, received_text, due_text) in enumerate(rows, start=1):
            with store.write() as conn:
                life(conn, uid, timeutil.parse_instant(received_text), timeutil.parse_instant(due_text))
            tick()
            if time.perf_counter() - last >= 30:
                last = time.perf_counter()
                rate = i / (last - t0)
                print(f"  {i:,}/{len(rows):,} dossiers, {rate:,.0f}/s, ~{(len(rows) - i) / rate / 60:.1f} min left",
                      flush=True)  # fmt: skip
    return written


def report_store(n: int, base: Path, target_dir: Path, *, seed: int, batch: int, rebuild: bool) -> dict[str, Any]:
    """The base store with outcomes, cached in ``target_dir``; returns its facts."""
    base_meta = json.loads(sidecar(base).read_text()) if sidecar(base).exists() else None
    if base_meta is None or not bench_store.cache_usable(base) or base_meta.get("requested") != n:
        print(f"no cached base store of {n:,} dossiers at {base}: building it with bench_store.build_store", flush=True)
        base_meta = bench_store.build_store(n, base, batch=5000, seed=20261126, years=10)
    facts_path = target_dir.with_suffix(".json")
    facts = json.loads(facts_path.read_text()) if facts_path.exists() else None
    if (not rebuild and facts and bench_store.store_usable(target_dir)
            and facts.get("base_built_at") == base_meta["built_at"]):  # fmt: skip
        return facts
    print(f"copying {base} to {target_dir} and recording outcomes …", flush=True)
    facts_path.unlink(missing_ok=True)
    shutil.rmtree(target_dir, ignore_errors=True)  # its key is the base's: kept
    bench_store.copy_data_dir(base, target_dir)
    t0 = time.perf_counter()
    desk = Desk.open(target_dir)
    desk.store.conn.execute("PRAGMA cache_size = -262144")
    now = timeutil.parse_instant(base_meta["built_at"])
    written = give_outcomes(desk, seed=seed, batch=batch, now=now)
    desk.close()
    facts = {
        "dossiers": base_meta["dossiers"],
        "base": str(base),
        "base_built_at": base_meta["built_at"],
        "first_day": base_meta["first_day"],
        "last_day": base_meta["last_day"],
        "events_written": written,
        "outcomes_s": round(time.perf_counter() - t0, 1),
        "built_at": timeutil.iso(timeutil.now()),
    }
    facts_path.write_text(json.dumps(facts, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"outcomes recorded in {facts['outcomes_s']:.0f} s: {written}", flush=True)
    return facts


def measure(fn, repeat: int) -> tuple[float, list[float], Any]:
    """(first call ms, later calls ms, last result)."""
    t0 = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - t0) * 1000
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return first, samples, result


def main(argv: list[str] | None = None) -> int:
    # Throwaway desks, several of one slot on one machine: kept out of the PC's registry of stores
    # (desk/machine.py), which would otherwise refuse the next run's desk of the same slot.
    os.environ.setdefault("DESK_SLOT_REGISTRY", "off")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--dossiers", type=int, default=1_000_000)
    ap.add_argument("--store", type=Path, help="bench_store's cached data dir (default /tmp/desk-bench/store-<N>)")
    ap.add_argument("--dir", type=Path, help="the store with outcomes (default /tmp/desk-bench/report-<N>/)")
    ap.add_argument("--rebuild", action="store_true", help="record the outcomes again")
    ap.add_argument("--repeat", type=int, default=5, help="timed calls per operation after the first")
    ap.add_argument("--batch", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    args = ap.parse_args(argv)
    n = args.dossiers
    base = bench_store.data_dir_of(args.store or Path(f"/tmp/desk-bench/store-{n}")).resolve()
    target = (args.dir or Path(f"/tmp/desk-bench/report-{n}")).resolve()
    print("\n".join(machine()), flush=True)
    facts = report_store(n, base, target, seed=args.seed, batch=args.batch, rebuild=args.rebuild)
    desk = Desk.open(target)
    conn = desk.store.conn
    last_day = dt.date.fromisoformat(facts["last_day"])
    past_year, this_year = last_day.year - 1, last_day.year
    q = (last_day.month - 1) // 3  # the last full quarter (of this year, or Q4 of the past one)
    quarter = report.quarter_period(this_year, q) if q else report.quarter_period(past_year, 4)
    counts = dict(conn.execute("SELECT status, count(*) FROM dossiers GROUP BY status").fetchall())
    print(f"store {paths.store_path(target)}: {facts['dossiers']:,} dossiers {facts['first_day']} … {facts['last_day']}, "
          f"by status {counts}", flush=True)  # fmt: skip

    y0, y1 = report.year_period(past_year)

    def baseline() -> int:
        return conn.execute(
            "SELECT count(*) FROM dossiers WHERE receipt_date BETWEEN ? AND ?", (y0.isoformat(), y1.isoformat())
        ).fetchone()[0]

    this = report.year_period(this_year)
    ops = [(f"baseline: count(*) received in {past_year} (index)", baseline, None)]
    for plan, label in (("scan", "table scan"), ("auto", "finish index")):
        ops += [
            (f"compute_report year {past_year}, {label}",
             lambda p=plan: report.compute_report(desk, y0, y1, plan=p), TARGET_MS),
            (f"compute_report year {this_year} (current), {label}",
             lambda p=plan: report.compute_report(desk, *this, plan=p), TARGET_MS),
            (f"compute_report {report.period_label(*quarter)}, {label}",
             lambda p=plan: report.compute_report(desk, *quarter, plan=p), TARGET_MS),
            (f"monthly_series {this_year}, {label}", lambda p=plan: report.monthly_series(desk, this_year, plan=p),
             TARGET_MS),
        ]  # fmt: skip
    if not report.has_finish_index(conn):  # an index a store of an older schema lacks: added to this copy
        t0 = time.perf_counter()
        with desk.store.write() as wconn:
            wconn.execute(report.FINISH_INDEX_SQL)
        print(f"created {report.FINISH_INDEX} in {time.perf_counter() - t0:.1f} s", flush=True)
        facts.pop("finish_index_mb", None)
    if "finish_index_mb" not in facts:
        # SQLCipher's build has no dbstat: read it on a decrypted copy, once (cached with the facts).
        t0 = time.perf_counter()
        plain = target.with_name(target.name + ".plain.sqlite3")
        try:
            bench_store.plain_copy(target, plain)
            pconn = sqlite3.connect(f"file:{plain}?immutable=1", uri=True)
            facts["finish_index_mb"] = pconn.execute(
                "SELECT sum(pgsize) / 1e6 FROM dbstat WHERE name = ?", (report.FINISH_INDEX,)
            ).fetchone()[0]
            pconn.close()
        finally:
            plain.unlink(missing_ok=True)
        target.with_suffix(".json").write_text(json.dumps(facts, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{report.FINISH_INDEX} size read on a decrypted copy in {time.perf_counter() - t0:.1f} s", flush=True)
    index_mb = facts.get("finish_index_mb") or float("nan")
    rows: list[Row] = []
    firsts: dict[str, float] = {}
    results: dict[str, Any] = {}
    base_row: Row | None = None
    for name, fn, target_ms in ops:
        first, samples, result = measure(fn, args.repeat)
        row = Row(name, samples, target_ms=target_ms, baseline=base_row if target_ms else None)
        if target_ms is None:
            base_row = row
        firsts[name] = first
        results[name] = result
        rows.append(row)
        print(f"  {name}: first {first:,.0f} ms, then p50 {row.p50:,.0f} ms", flush=True)
    # The report must also be right on this store: its rows balance and the year's totals add up.
    past = results[ops[1][0]]
    assert isinstance(past, report.Report)
    same = results[ops[5][0]]
    assert (past.rows, past.total) == (same.rows, same.total), "both plans give the same report"
    t = past.total
    assert t.received == t.resolved + t.in_progress, "(3) = (7) + (11) under the default rule"
    assert t.received_online + t.received_direct == results[ops[0][0]]
    desk.close()

    print()
    print(f"RESULTS for {facts['dossiers']:,} dossiers ({paths.store_path(target)}):")
    print_table(rows)
    print(
        f"| {report.FINISH_INDEX} size: {index_mb:,.1f} MB ({index_mb * 1e6 / facts['dossiers']:.0f} bytes per dossier) |"
    )
    print()
    print("first call after opening the store (SQLite page cache empty, OS cache warm), ms:")
    for name, ms in firsts.items():
        print(f"  {name}: {ms:,.0f}")
    print()
    print(f"{past.period_label} totals: received {t.received:,} (online {t.received_online:,}, direct/post "
          f"{t.received_direct:,}, carried over {t.carried_over:,}); resolved {t.resolved:,} (early {t.early:,}, "
          f"on time {t.on_time:,}, late {t.late:,}); in progress {t.in_progress:,} (overdue {t.overdue:,}); "
          f"refused {t.refused:,}, withdrawn {t.withdrawn:,}, stopped {t.stopped:,}; "
          f"late vs the first appointment with an apology {t.late_original_apology:,}")  # fmt: skip
    if args.json:
        out = {
            "machine": machine(),
            "store": facts,
            "rows": [{"operation": r.operation, "n": len(r.samples), "p50": r.p50, "max": r.max,
                      "first": firsts[r.operation], "target_ms": r.target_ms} for r in rows],
        }  # fmt: skip
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
