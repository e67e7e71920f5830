"""Benchmark of printing/: warm receipt vs a bare-canvas baseline, first receipt in a fresh process, 1000-line ledger.

Run: .venv/bin/python tests/perf/bench_printing.py [--runs 200] [--strict]
Not a pytest test (timings depend on the machine); --strict exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A5  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from printing import build_ledger, build_receipt, serif_family  # noqa: E402
from printing.samples import SAMPLE_DESK, ledger_entries, sample_dossier  # noqa: E402
from printing.vnformat import count, money, place_date, time_date  # noqa: E402

RECEIPT_WARM_P95_MS = 30.0
FIRST_RECEIPT_MS = 400.0
LEDGER_1000_S = 2.0

FRESH = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from printing import build_receipt
from printing.samples import SAMPLE_DESK, sample_dossier
pdf = build_receipt(sample_dossier(), SAMPLE_DESK)
print((time.perf_counter() - t0) * 1000)
"""


def receipt_lines(dossier: dict) -> list[tuple[str, bool]]:
    """The text a receipt copy prints, line by line, with whether it is bold (for the baseline)."""
    a, p = dossier["applicant"], dossier["procedure"]
    lines = [
        ("Mẫu số 01", True),
        ("UBND XÃ TÂN PHÚ", False),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH", True),
        ("Độc lập - Tự do - Hạnh phúc", True),
        ("CÔNG XÃ TÂN PHÚ", True),
        (place_date(SAMPLE_DESK["place"], dossier["received_at"]), False),
        ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", True),
        (f"Mã hồ sơ: {dossier['code']}", False),
        ("(Liên 1: Lưu)", False),
        (f"Tiếp nhận hồ sơ của: {a['name']}", False),
        (f"Địa chỉ: {a['address']}", False),
        (f"Số điện thoại: {a['phone']}    Email: {a['email']}", False),
        (f"Nội dung yêu cầu giải quyết: {p['name']}", False),
        ("1. Thành phần hồ sơ nộp gồm:", False),
        ("TT   Tên giấy tờ   Số lượng   Bản chính   Bản sao", True),
    ]
    lines += [(f"{i}   {d['name']}   {count(d['quantity'])}", False) for i, d in enumerate(dossier["documents"], 1)]
    lines += [
        (f"2. Số lượng hồ sơ: {count(dossier['sets'])} (bộ)", False),
        (f"3. Thời gian giải quyết hồ sơ theo quy định là: {p['duration_text']}", False),
        (f"4. Thời gian nhận hồ sơ: {time_date(dossier['received_at'])}", False),
        (f"5. Thời gian trả kết quả giải quyết hồ sơ: {time_date(dossier['due_at'])}", False),
        (f"6. Đăng ký nhận kết quả tại: {SAMPLE_DESK['agency_name']}", False),
        (f"Phí, lệ phí: {money(p['fee_amount'])}", False),
        (f"Vào Sổ theo dõi hồ sơ, Quyển số: {dossier['book_no']}   Số thứ tự: {dossier['entry_no']}", False),
        ("NGƯỜI NỘP HỒ SƠ          NGƯỜI TIẾP NHẬN HỒ SƠ", True),
        ("(Ký và ghi rõ họ tên)          (Ký và ghi rõ họ tên)", False),
        (dossier["actor_name"], True),
        ("Ghi chú:", True),
        ("- Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; 01 liên chuyển kèm theo Phiếu", False),
        ("kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận Một cửa; 01 liên giao cho cá nhân,", False),
        ("- Cá nhân, tổ chức có thể nhận kết quả tại Bộ phận Một cửa hoặc đăng ký nhận kết quả tại nhà", False),
    ]
    return lines


def baseline_receipt(lines: list[tuple[str, bool]]) -> bytes:
    """A bare canvas drawing the same text with the same embedded fonts: two A5 pages, no layout engine."""
    fonts = serif_family()
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=A5, pageCompression=1, initialFontName=fonts.regular)
    for _copy in (1, 2):
        y = A5[1] - 30
        for text, bold in lines:
            canv.setFont(fonts.bold if bold else fonts.regular, 10)
            canv.drawString(34, y, text)
            y -= 13
        canv.showPage()
    canv.save()
    return buf.getvalue()


CPU: list[float] = []  # CPU times of the last timed() call, in ms


def timed(fn: Callable[[int], object], runs: int) -> list[float]:
    """Wall times in ms of fn(i) for i in range(runs), after one untimed call; CPU times go to CPU."""
    fn(-1)
    out = []
    CPU.clear()
    for i in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
        CPU.append((time.process_time() - c) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0–1) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, and with --strict exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--fresh", type=int, default=5, help="fresh-process runs")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)

    dossier = sample_dossier()
    lines = receipt_lines(dossier)

    def receipt(i: int) -> bytes:
        # a new code each time, as at the desk: the QR code is encoded anew (it is cached per code)
        return build_receipt(dict(dossier, code=f"000.00.12.H62-260213-{(i % 9000) + 1000:04d}"), SAMPLE_DESK)

    def receipt_a4(i: int) -> bytes:
        return build_receipt(
            dict(dossier, code=f"000.00.12.H62-260214-{(i % 9000) + 1000:04d}"), SAMPLE_DESK, two_on_a4=True
        )

    gc.collect()
    base = timed(lambda _i: baseline_receipt(lines), args.runs)
    base_cpu = list(CPU)
    warm = timed(receipt, args.runs)
    warm_cpu = list(CPU)
    warm_a4 = timed(receipt_a4, args.runs)
    warm_a4_cpu = list(CPU)

    fresh: list[float] = []
    fresh_wall: list[float] = []
    for _ in range(args.fresh):
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", FRESH.format(root=str(ROOT))], capture_output=True, text=True, check=True
        )
        fresh_wall.append((time.perf_counter() - t) * 1000)
        fresh.append(float(out.stdout.strip().splitlines()[-1]))

    entries = ledger_entries(1000)
    ledger = timed(
        lambda _i: build_ledger(entries, SAMPLE_DESK, date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 5, 31)), 3
    )

    b50 = statistics.median(base)
    rows = [
        ("baseline: bare canvas, same text, 2×A5", b50, pct(base, 0.95), None, None),
        ("  same, CPU time", statistics.median(base_cpu), pct(base_cpu, 0.95), None, None),
        ("receipt warm, 2×A5 (build_receipt)", statistics.median(warm), pct(warm, 0.95), RECEIPT_WARM_P95_MS, "p95"),
        ("  same, CPU time", statistics.median(warm_cpu), pct(warm_cpu, 0.95), None, None),
        ("receipt warm, two on A4", statistics.median(warm_a4), pct(warm_a4, 0.95), None, None),
        ("  same, CPU time", statistics.median(warm_a4_cpu), pct(warm_a4_cpu, 0.95), None, None),
        (
            "first receipt, fresh process (import+fonts+build)",
            statistics.median(fresh),
            max(fresh),
            FIRST_RECEIPT_MS,
            "max",
        ),
        (
            "  same, whole subprocess incl. interpreter start",
            statistics.median(fresh_wall),
            max(fresh_wall),
            None,
            None,
        ),
        ("ledger, 1000 entries", statistics.median(ledger), max(ledger), LEDGER_1000_S * 1000, "max"),
    ]
    missed = False
    print(f"{'measure':<52} {'p50 ms':>9} {'p95/max ms':>11} {'×base p50':>10} {'target':>14}")
    c50 = statistics.median(base_cpu)
    for name, p50, high, target, which in rows:
        ratio = f"{p50 / (c50 if 'CPU' in name else b50):.1f}×"  # CPU rows against the baseline's CPU time
        verdict = ""
        if target is not None:
            ok = high <= target
            missed |= not ok
            verdict = f"{which}≤{target:g} {'ok' if ok else 'MISS'}"
        print(f"{name:<52} {p50:>9.1f} {high:>11.1f} {ratio:>10} {verdict:>14}")
    print(
        json.dumps(
            {
                "runs": args.runs,
                "fresh_runs": args.fresh,
                "python": sys.version.split()[0],
                "fonts": serif_family().family,
                "cpus": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
            }
        )
    )
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    raise SystemExit(main())
