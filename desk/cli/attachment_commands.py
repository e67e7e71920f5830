"""Digitising a dossier from the command line: ``desk scan``, ``desk attach``, ``desk scanners``, ``desk attachments
list|reuse|export|fetch|clean`` and ``desk digitisation`` (the rate per field and period)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desk.cli.base import Context, arg, emit, parse_day
from desk.cli.registry import DESK
from desk.errors import InvalidInput

DESK.group("attachments", "giấy tờ đã số hóa của hồ sơ (liệt kê, dùng lại, xuất, tải về từ máy chủ)")

DOCUMENT_HELP = "mã giấy tờ trong thủ tục (tp1, tp2, … — «desk show MÃ» liệt kê), hoặc «result» cho kết quả"


def _line(a: Any) -> str:
    how = {"scan": "quét", "import": "nhập tệp", "reuse": f"dùng lại từ hồ sơ {a.reused_from}"}.get(a.source, a.source)
    where = "" if a.present else " — CHƯA CÓ TRÊN MÁY NÀY (đồng bộ để tải về)"
    key = a.document_id or "result"
    return f"{key:8} {a.name[:70]} — {a.pages} trang, {a.bytes // 1024} KB, {how}{where}"


@DESK.command("scan", "quét giấy tờ (hoặc kết quả) của hồ sơ từ máy quét và lưu bản số hóa")
@arg("code", help="mã hồ sơ")
@arg("document", help=DOCUMENT_HELP)
@arg("--device", help="máy quét (xem «desk scanners»; mặc định: biến DESK_SCANNER, sau cùng là máy đầu tiên tìm thấy)")
@arg("--pages", type=int, default=1, help="số trang (khay nạp giấy: tối đa số trang này, dừng khi khay hết giấy)")
@arg("--feeder", action="store_true", help="quét từ khay nạp giấy tự động (ADF)")
def scan(ctx: Context) -> None:
    from desk import attachments, images, scanning

    a = ctx.args
    if not 1 <= a.pages <= scanning.MAX_PAGES:
        raise InvalidInput(f"--pages {a.pages}: từ 1 đến {scanning.MAX_PAGES}.", field="pages")
    attachments.check_target(ctx.d, a.code, a.document)
    scanned = scanning.scan(a.device, pages=a.pages, feeder=a.feeder)
    pages = [images.from_scan(p.data, p.dpi) for p in scanned]
    done = attachments.attach(ctx.d, a.code, a.document, pages, source="scan", actor=ctx.actor)
    emit(ctx, done.as_dict(), f"Đã số hóa: {_line(done)}")


@DESK.command("attach", "nhập tệp PDF/JPEG/PNG làm bản số hóa của một giấy tờ (hoặc kết quả) của hồ sơ")
@arg("code", help="mã hồ sơ")
@arg("document", help=DOCUMENT_HELP)
@arg("files", nargs="+", metavar="FILE", help="tệp PDF, JPEG hoặc PNG; các trang theo thứ tự tệp")
def attach(ctx: Context) -> None:
    from desk import attachments

    a = ctx.args
    done = attachments.attach_files(ctx.d, a.code, a.document, [Path(f) for f in a.files], actor=ctx.actor)
    emit(ctx, done.as_dict(), f"Đã số hóa: {_line(done)}")


@DESK.command("scanners", "liệt kê máy quét máy này thấy được", opens_desk=False)
def scanners(ctx: Context) -> None:
    from desk import scanning

    found = scanning.devices()
    text = "\n".join(f"{d.id}\t{d.label}" for d in found) or (
        "Không thấy máy quét nào. Kiểm tra máy quét đã bật và cắm cáp; trên Linux cần gói sane-utils."
    )
    emit(ctx, [{"id": d.id, "label": d.label} for d in found], text)


@DESK.command("attachments list", "các giấy tờ đã số hóa của một hồ sơ")
@arg("code", help="mã hồ sơ")
def list_(ctx: Context) -> None:
    from desk import attachments

    found = attachments.listing(ctx.d, ctx.args.code)
    emit(
        ctx,
        [a.as_dict() for a in found],
        "\n".join(_line(a) for a in found) or "Hồ sơ chưa có giấy tờ nào được số hóa.",
    )


@DESK.command("attachments reuse", "dùng lại giấy tờ đã số hóa của một hồ sơ trước của cùng công dân (cùng số giấy tờ)")
@arg("code", help="mã hồ sơ đang làm")
@arg("document", help=DOCUMENT_HELP)
@arg("--from", dest="from_code", help="mã hồ sơ trước (mặc định: liệt kê những gì dùng lại được)")
@arg("--from-document", help="giấy tờ của hồ sơ trước (mặc định: cùng mã giấy tờ, hoặc giấy tờ duy nhất)")
def reuse(ctx: Context) -> None:
    from desk import attachments, readmodel

    a, desk = ctx.args, ctx.d
    row = readmodel.dossier_row(desk, a.code)
    offered = attachments.reusable(desk, row["id_number"], exclude_code=row["code"])
    if not a.from_code:
        text = "\n".join(f"{r.code}  {r.document_id or 'result':8} {r.name[:60]} ({r.pages} trang)" for r in offered)
        emit(
            ctx, [r.as_dict() for r in offered], text or "Không có giấy tờ đã số hóa nào của công dân này để dùng lại."
        )
        return
    from_doc = a.from_document
    if from_doc is None:
        mine = [r for r in offered if r.code == readmodel.dossier_row(desk, a.from_code)["code"]]
        same = [r for r in mine if (r.document_id or "result") == a.document]
        from_doc = (same[0].document_id or "result") if same else (mine[0].document_id or "result") if len(mine) == 1 \
            else None  # fmt: skip
        if from_doc is None:
            raise InvalidInput("Hồ sơ trước có nhiều giấy tờ đã số hóa: chọn một bằng --from-document.",
                               field="from_document")  # fmt: skip
    done = attachments.reuse(desk, a.code, a.document, from_code=a.from_code, from_document=from_doc, actor=ctx.actor)
    emit(ctx, done.as_dict(), f"Đã dùng lại: {_line(done)}")


@DESK.command("attachments export", "ghi bản số hóa ra tệp PDF (cán bộ phụ trách; ghi vào nhật ký truy cập)")
@arg("code", help="mã hồ sơ")
@arg("document", help=DOCUMENT_HELP)
@arg("-o", "--output", required=True, help="tệp PDF ghi ra")
def export(ctx: Context) -> None:
    from desk import attachments

    a = ctx.args
    out = Path(a.output)
    if out.suffix.lower() != ".pdf":
        raise InvalidInput(f"-o {out}: tên tệp phải có đuôi .pdf.", field="output")
    if not out.parent.is_dir():
        raise InvalidInput(f"-o {out}: thư mục {out.parent} không tồn tại.", field="output")
    attachments.export_pdf(ctx.d, a.code, a.document, out)
    emit(ctx, {"output": str(out)}, f"Đã ghi bản số hóa ra {out} (đã ghi vào nhật ký truy cập).")


@DESK.command("attachments fetch", "tải về từ máy chủ tỉnh các bản số hóa của hồ sơ thuộc bàn này (máy thay thế)")
def fetch(ctx: Context) -> None:
    from sync.client.attachments import fetch_all

    got = fetch_all(ctx.d)
    emit(ctx, got, f"Máy chủ có {got['listed']} bản số hóa của bàn này: tải về {got['fetched']}, đã có "
                   f"{got['already']}, chưa có trên máy chủ {got['unavailable']}.")  # fmt: skip


@DESK.command("attachments clean", "xóa các tệp bản số hóa không còn sự kiện nào ghi (ghi dở khi mất điện)")
def clean(ctx: Context) -> None:
    from desk import attachments, roles

    roles.require(ctx.d.store, "settings")
    n = attachments.clean_orphans(ctx.d.store)
    missing = attachments.missing(ctx.d.store)
    emit(ctx, {"removed": n, "missing": len(missing)},
         f"Đã xóa {n} tệp thừa. Còn {len(missing)} bản số hóa chưa có trên máy này (đồng bộ để tải về).")  # fmt: skip


@DESK.command("digitisation", "tỷ lệ số hóa giấy tờ và kết quả theo lĩnh vực trong một kỳ")
@arg("--from", dest="date_from", required=True, help="từ ngày YYYY-MM-DD")
@arg("--to", dest="date_to", required=True, help="đến ngày YYYY-MM-DD (kể cả ngày này)")
def digitisation(ctx: Context) -> None:
    from desk import digitisation as dg

    rep = dg.for_desk(ctx.d, parse_day(ctx.args.date_from, "--from"), parse_day(ctx.args.date_to, "--to"))
    emit(ctx, rep.as_dict(), rep.text())
