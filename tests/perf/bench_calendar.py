"""Benchmark of the working-day calendar: year tables built, look-ups over ten years against a bare-dict baseline.

Run: .venv/bin/python tests/perf/bench_calendar.py [--rounds 30] [--runs 5] [--strict]
Not a pytest test (timings depend on the machine); --strict exits 1 when a target is missed.

The calendar is the shipped one (the 2025–2026 bundle, the holidays package for the other years), over the ten
years from 2020-01-01 (3,653 days). Rows:

- year tables built: a fresh WorkCalendar's first look-up of every day, which builds each year's table once
  (after one untimed build: the holidays package's answers for the years no bundle covers are cached per process).
- baseline: the same look-ups, ``rounds`` times over, on a bare dict of the same special days (date → working?)
  with the plain week for the other days — what a look-up costs at least in Python.
- is_working_day: ``rounds`` × 3,653 look-ups (30 rounds ≈ 110,000) once the tables are built; target ≤ 1 s for
  30 rounds (the bound tests/test_calendar.py asserted before it moved here).
- next_working_day: from every day of the ten years, once.

Each timed row is the median of ``runs`` runs (the max next to it); the answers of the calendar and the baseline
are checked to be equal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desk.calendar import WorkCalendar, parse_calendar_bundle  # noqa: E402

SEED = ROOT / "resources" / "calendar" / "calendar-vn-2025-2026.json"
FIRST = dt.date(2020, 1, 1)
DAYS = 3653
TARGET_LOOKUPS_30_ROUNDS_MS = 1000.0


def shipped_calendar() -> WorkCalendar:
    return WorkCalendar([parse_calendar_bundle(SEED.read_bytes())])


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall times in ms of ``runs`` calls of fn."""
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, and with --strict exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="look-ups of every day per run (30 ≈ 110,000)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)

    days = [FIRST + dt.timedelta(days=i) for i in range(DAYS)]
    years = sorted({day.year for day in days})
    lookups = args.rounds * len(days)

    def build() -> None:
        cal = shipped_calendar()
        for day in days:
            cal.is_working_day(day)

    build()  # untimed: the holidays package's import and its per-year answers (cached per process) are not the tables
    built = timed(build, args.runs)

    cal = shipped_calendar()
    answers = [cal.is_working_day(day) for day in days]
    special = {day: kind == "work" for year in years for day, kind, _label in cal.special_days(year)}

    def bare(day: dt.date) -> bool:
        working = special.get(day)
        return day.weekday() < 5 if working is None else working

    if [bare(day) for day in days] != answers:
        raise SystemExit("the baseline does not answer like the calendar")

    def baseline_rounds() -> None:
        for _ in range(args.rounds):
            for day in days:
                bare(day)

    def calendar_rounds() -> None:
        for _ in range(args.rounds):
            for day in days:
                cal.is_working_day(day)

    def next_days() -> None:
        for day in days:
            cal.next_working_day(day)

    base = timed(baseline_rounds, args.runs)
    looked = timed(calendar_rounds, args.runs)
    nexts = timed(next_days, args.runs)

    target = TARGET_LOOKUPS_30_ROUNDS_MS * args.rounds / 30
    b50 = statistics.median(base)
    rows = [
        (f"year tables built ({len(years)} years, fresh calendar)", built, len(days), None),
        (f"baseline: bare dict + weekday, {lookups:,} look-ups", base, lookups, None),
        (f"is_working_day, {lookups:,} look-ups", looked, lookups, target),
        (f"next_working_day from each of {len(days):,} days", nexts, len(days), None),
    ]
    missed = False
    print(f"{'measure':<48} {'median ms':>10} {'max ms':>8} {'ns/call':>8} {'×base':>6} {'target':>16}")
    for name, times, calls, limit in rows:
        p50 = statistics.median(times)
        ratio = f"{p50 / b50:.1f}×" if "look-ups" in name else ""
        verdict = ""
        if limit is not None:
            ok = max(times) <= limit
            missed |= not ok
            verdict = f"max≤{limit:g} {'ok' if ok else 'MISS'}"
        print(f"{name:<48} {p50:>10.1f} {max(times):>8.1f} {p50 * 1e6 / calls:>8.0f} {ratio:>6} {verdict:>16}")
    print(
        json.dumps(
            {
                "rounds": args.rounds,
                "runs": args.runs,
                "python": sys.version.split()[0],
                "cpus": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
            }
        )
    )
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    raise SystemExit(main())
