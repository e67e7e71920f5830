"""``desk print`` (a form of one dossier, or the ledger) and ``desk report`` (Biểu II.06a): files written
atomically, every one logged as a ``printed`` event."""

from __future__ import annotations

from pathlib import Path

from desk.cli.base import Context, arg, emit, parse_day, signed
from desk.cli.registry import DESK
from desk.errors import InvalidInput


def _output(path: str, suffixes: tuple[str, ...] = (".pdf",)) -> Path:
    out = Path(path)
    if out.suffix.lower() not in suffixes:
        raise InvalidInput(f"-o {out}: tên tệp phải có đuôi {' hoặc '.join(suffixes)}.", field="output")
    if not out.parent.is_dir():
        raise InvalidInput(f"-o {out}: thư mục {out.parent} không tồn tại.", field="output")
    return out


@DESK.command("print", "in một mẫu của hồ sơ ra PDF, hoặc sổ theo dõi hồ sơ")
@signed
@arg("form", choices=["receipt", "supplement", "refusal", "apology", "stop", "control", "ledger", "intake-supplement"])
@arg(
    "code",
    nargs="?",
    help="mã hồ sơ (không dùng cho ledger); intake-supplement: mã phiếu («desk list intake-supplements»)",
)
@arg("-o", "--output", required=True, help="tệp PDF ghi ra")
@arg("--from", dest="date_from", help="sổ theo dõi: từ ngày YYYY-MM-DD")
@arg("--to", dest="date_to", help="sổ theo dõi: đến ngày YYYY-MM-DD")
@arg("--two-on-a4", action="store_true", help="giấy tiếp nhận: in hai liên trên một tờ A4")
def print_(ctx: Context) -> None:
    import printing
    from desk import printdata

    args, desk = ctx.args, ctx.d
    out = _output(args.output)
    if args.form == "ledger":
        if args.code:
            raise InvalidInput("Sổ theo dõi hồ sơ in theo khoảng ngày (--from, --to), không theo mã hồ sơ.")
        start, end = parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to")
        doc = printdata.ledger(desk, start, end)
        printing.write_atomic(out, printing.render(doc))
        desk.record_print("ledger", actor=ctx.actor, target="pdf",
                          detail={"from": start.isoformat(), "to": end.isoformat(), "entries": len(doc.entries)})  # fmt: skip
        emit(ctx, {"form": "ledger", "output": str(out), "entries": len(doc.entries)},
             f"Đã in sổ theo dõi hồ sơ ({len(doc.entries)} hồ sơ) ra {out}")  # fmt: skip
        return
    if not args.code:
        raise InvalidInput(f"desk print {args.form}: cần mã hồ sơ.", field="code")
    if args.form == "intake-supplement":  # given at intake to a citizen whose dossier lacked documents: no code
        doc = printdata.intake_supplement(desk, args.code)
        printing.write_atomic(out, printing.render(doc))
        desk.record_print("supplement", actor=ctx.actor, target="pdf", detail={"intake_event": args.code})
        emit(ctx, {"form": "supplement", "event_id": args.code, "output": str(out)},
             f"Đã in {printdata.FORM_NAMES['supplement']} (lập khi tiếp nhận) ra {out}")  # fmt: skip
        return
    doc = desk.printable(args.form, args.code)
    printing.write_atomic(out, printing.render(doc, two_on_a4=args.two_on_a4))
    desk.record_print(args.form, actor=ctx.actor, code=doc.code, target="pdf",
                      detail={"form_set": doc.form_set, "two_on_a4": bool(args.two_on_a4)})  # fmt: skip
    emit(ctx, {"form": args.form, "code": doc.code, "output": str(out)},
         f"Đã in {printdata.FORM_NAMES[args.form]} của hồ sơ {doc.code} ra {out}")  # fmt: skip


@DESK.command("report", "báo cáo định kỳ Biểu II.06a/VPCP/KSTT ra bảng tính .xlsx hoặc bản in .pdf")
@signed
@arg("--from", dest="date_from", help="kỳ báo cáo: từ ngày YYYY-MM-DD")
@arg("--to", dest="date_to", help="kỳ báo cáo: đến ngày YYYY-MM-DD (kể cả ngày này)")
@arg("-o", "--output", required=True, help="tệp ghi ra: .xlsx (bảng tính) hoặc .pdf (bản in)")
@arg("--rule", choices=["on_time", "separate"],
     help="hồ sơ bị từ chối, rút, dừng: on_time = tính là đã giải quyết đúng hạn (mặc định), "
          "separate = chỉ ghi ở phần số liệu bổ sung")  # fmt: skip
@arg("--recipient", help="đơn vị nhận báo cáo (mặc định: cơ quan cấp trên của bàn tiếp nhận)")
@arg("--chart", action="store_true", help="bản in: thêm biểu đồ theo tháng (kỳ trong một năm)")
def report(ctx: Context) -> None:
    import printing
    from desk import printdata
    from desk import report as rp

    args, desk = ctx.args, ctx.d
    out = Path(args.output)
    kind = rp.output_kind(out)
    if not out.parent.is_dir():
        raise InvalidInput(f"-o {out}: thư mục {out.parent} không tồn tại.", field="output")
    start, end = parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to")
    rep = rp.compute_report(desk, start, end, closed_rule=args.rule, receiving_unit=args.recipient)
    header = printdata.header(desk).as_dict()
    if kind == "xlsx":
        from printing.report_xlsx import build_report_xlsx

        data = build_report_xlsx(rep, header)
    else:
        from printing.report import build_report_pdf

        chart = args.chart and start.year == end.year
        series = rp.monthly_series(desk, start.year, closed_rule=rep.closed_rule) if chart else None
        data = build_report_pdf(rep, header, series=series)
    printing.write_atomic(out, data)
    desk.record_print("report", actor=ctx.actor, target=kind,
                      detail={"from": start.isoformat(), "to": end.isoformat(), "rule": rep.closed_rule})  # fmt: skip
    t = rep.total
    emit(ctx, {"output": str(out), **rep.as_dict()},
         f"Đã lập Biểu II.06a, {rep.period_label.lower()} ({rep.period_range.lower()}) ra {out}: tiếp nhận "
         f"{t.received}, đã giải quyết {t.resolved} (quá hạn {t.late}), đang giải quyết {t.in_progress} "
         f"(quá hạn {t.overdue}).")  # fmt: skip


@DESK.command("audit", "nhật ký truy cập dữ liệu cá nhân: ai xem, tìm, in, xuất hồ sơ nào, khi nào (cán bộ phụ trách)")
@signed
@arg("--from", dest="date_from", help="từ ngày YYYY-MM-DD (mặc định: 30 ngày trước)")
@arg("--to", dest="date_to", help="đến ngày YYYY-MM-DD (mặc định: hôm nay)")
def audit(ctx: Context) -> None:
    import datetime as dt

    from desk import timeutil

    args = ctx.args
    end = parse_day(args.date_to, "--to") if args.date_to else timeutil.now().date()
    start = parse_day(args.date_from, "--from") if args.date_from else end - dt.timedelta(days=30)
    if end < start:
        raise InvalidInput("--to phải không trước --from.", field="to")
    items = ctx.d.access_log(start, end)
    lines = [
        f"{a.at[:16].replace('T', ' ')}  {(a.username or a.actor):<16} {a.as_dict()['action_label']:<26} "
        f"{a.code or '':<28} {a.what}"
        for a in items
    ]
    emit(ctx, [a.as_dict() for a in items],
         "\n".join(lines) or f"Không có truy cập nào từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}.")  # fmt: skip
