"""Render the periodic report (Biểu II.06a) and the monthly chart of a sample year, to look at them.

Usage::

    python tools/render_report.py [OUT_DIR]                 # a made-up commune year (default out/report/)
    python tools/render_report.py --data-dir DIR --year Y   # a real desk's data, read only

Writes the year and one quarter as PDF (the year with its chart page), the year as .xlsx, the chart as PNG, and
every PDF page as PNG (pypdfium2, 110 dpi).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desk import report, timeutil  # noqa: E402
from desk import workflow as wf  # noqa: E402
from desk.printdata import header as desk_header  # noqa: E402
from desk.service import Desk, ReceiveRequest, init_desk  # noqa: E402
from printing import write_atomic  # noqa: E402
from printing.report import build_monthly_chart_png, build_report_pdf  # noqa: E402
from printing.report_xlsx import build_report_xlsx  # noqa: E402

VN = timeutil.VN_TZ
ACTOR = "Lê Thị Hoa"
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Giang")
# Procedures of the sample catalog with how often a commune sees them.
MIX = {"2.000815": 40, "2.000884": 12, "1.001193": 14, "1.000656": 3, "1.000894": 3, "1.004873": 8,
       "2.000635": 6, "1.004859": 3, "2.001035": 4, "2.000986": 4, "1.001776": 3}  # fmt: skip
# Dossiers per working day by month (a commune desk: busy before Tết and in the summer), and the share resolved
# late (Tết in February, the flood season in October).
PER_DAY = {1: 9, 2: 6, 3: 8, 4: 8, 5: 7, 6: 9, 7: 10, 8: 9, 9: 7, 10: 7, 11: 8, 12: 9}
LATE = {2: 0.12, 10: 0.08}


def sample_desk(data_dir: Path, year: int, until: dt.date, seed: int = 7) -> Desk:
    """A desk with a year of dossiers received and handled through the workflow, up to ``until``."""
    init_desk(data_dir, agency_code="000.00.12.H62", agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú",
              parent_name="UBND XÃ TÂN PHÚ", place="Tân Phú").close()  # fmt: skip
    desk = Desk.open(data_dir)
    rng = random.Random(seed)
    cal = desk.calendar()
    horizon = dt.datetime.combine(until, dt.time(17, 0), VN)
    day = dt.date(year - 1, 12, 1)
    n = 0
    while day <= until:
        if cal.is_working_day(day):
            for _ in range(rng.randint(max(1, PER_DAY[day.month] - 3), PER_DAY[day.month] + 3)):
                n += 1
                minute = rng.randrange(7 * 60 + 30, 16 * 60 + 30)
                at = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=VN)
                proc = rng.choices(list(MIX), weights=list(MIX.values()))[0]
                channel = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
                req = ReceiveRequest(procedure=proc, name=NAMES[n % len(NAMES)], received_at=at, channel=channel)
                d = desk.receive(req, actor=ACTOR, now=at)
                _life(desk, rng, d, at, horizon)
        day += dt.timedelta(days=1)
    return desk


def _life(desk: Desk, rng: random.Random, d: dict, received: dt.datetime, horizon: dt.datetime) -> None:
    """Withdrawn, refused or stopped now and then; sometimes a supplement or an apology with a new appointment;
    the result early, on time or (more in February and October) late."""
    code, due = d["code"], timeutil.parse_instant(d["due_at"])
    t = received + dt.timedelta(minutes=rng.randint(10, 90))
    r = rng.random()
    if r < 0.03:
        kind = rng.choices(("withdrawn", "refused", "stopped"), weights=(5, 3, 1))[0]
        at = t + dt.timedelta(hours=rng.randint(1, 48))
        if at < horizon:
            if kind == "withdrawn":
                wf.withdraw(desk, code, actor=ACTOR, reason="Công dân xin rút", now=at)
            elif kind == "refused":
                wf.refuse(desk, code, reasons=["Không thuộc thẩm quyền"], actor=ACTOR, now=at)
            else:
                wf.stop(desk, code, reason="Có văn bản dừng giải quyết", actor=ACTOR, now=at)
        return
    if r < 0.06 and t < horizon:
        wf.request_supplement(desk, code, items=["Bản sao giấy khai sinh"], reason="Thiếu giấy tờ", actor=ACTOR, now=t)
        t += dt.timedelta(days=rng.randint(1, 6))
        if t >= horizon:
            return
        due = timeutil.parse_instant(wf.receive_supplement(desk, code, actor=ACTOR, now=t)["due_at"])
    late_share = LATE.get(received.month, 0.03)
    if rng.random() < 0.02:
        at = max(t, due - dt.timedelta(hours=2))
        new_due = due + dt.timedelta(days=5)
        while not desk.calendar().is_working_day(new_due.date()):
            new_due += dt.timedelta(days=1)
        if at < horizon:
            wf.extend(desk, code, new_due_at=new_due, reason="Chờ xác minh", late_unit="Công chức Tư pháp - Hộ tịch",
                      actor=ACTOR, late_notice=True, now=at)  # fmt: skip
            due, t = new_due, at
    if rng.random() < late_share:
        done = due + dt.timedelta(hours=rng.randint(2, 60))
    elif rng.random() < 0.5:
        done = due - dt.timedelta(minutes=rng.randint(5, 200))
    else:
        done = due - dt.timedelta(days=rng.randint(1, 2))
    done = max(done, t + dt.timedelta(minutes=20))
    if done < horizon:
        wf.result_ready(desk, code, actor=ACTOR, now=done)


def rasterise(pdf: bytes, stem: Path, dpi: int = 110) -> list[Path]:
    """Each page of a PDF as PNG (pypdfium2)."""
    import pypdfium2 as pdfium

    for stale in stem.parent.glob(f"{stem.name}-*.png"):
        stale.unlink()
    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            path = stem.with_name(f"{stem.name}-{i + 1}.png")
            page.render(scale=dpi / 72).to_pil().save(path)
            page.close()
            out.append(path)
    finally:
        doc.close()
    return out


def main(argv: list[str] | None = None) -> int:
    # Throwaway desks, several of one slot on one machine: kept out of the PC's registry of stores
    # (desk/machine.py), which would otherwise refuse the next run's desk of the same slot.
    os.environ.setdefault("DESK_SLOT_REGISTRY", "off")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("out", nargs="?", type=Path, default=ROOT / "out" / "report")
    ap.add_argument("--data-dir", type=Path, help="a real desk's data dir (read only) instead of the sample year")
    ap.add_argument("--year", type=int, default=2026)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.data_dir:
            desk = Desk.open(args.data_dir)
        else:
            print("building the sample year …", flush=True)
            desk = sample_desk(Path(tmp) / "data", args.year, until=dt.date(args.year, 11, 25))
        try:
            header = desk_header(desk).as_dict()
            year = report.compute_report(desk, *report.year_period(args.year))
            quarter = report.compute_report(desk, *report.quarter_period(args.year, 3))
            series = report.monthly_series(desk, args.year)
        finally:
            desk.close()
    files = {
        f"bao-cao-nam-{args.year}.pdf": build_report_pdf(year, header, series=series),
        f"bao-cao-quy-3-{args.year}.pdf": build_report_pdf(quarter, header),
        f"bao-cao-nam-{args.year}.xlsx": build_report_xlsx(year, header),
        f"bieu-do-{args.year}.png": build_monthly_chart_png(
            series, title=f"Hồ sơ tiếp nhận và giải quyết theo tháng, năm {args.year}"
        ),
    }
    for name, data in files.items():
        path = write_atomic(args.out / name, data)
        print(path)
        if name.endswith(".pdf"):
            for png in rasterise(data, path.with_suffix("")):
                print(png)
    t = year.total
    print(f"{year.period_label}: received {t.received} (carried over {t.carried_over}); resolved {t.resolved} "
          f"(early {t.early}, on time {t.on_time}, late {t.late}); in progress {t.in_progress} (overdue {t.overdue})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
