"""``desk due``, ``receive``, ``show``, ``search``, ``list`` and every step after intake (``transfer`` … ``pay``)."""

from __future__ import annotations

from typing import Any

from desk import lifecycle
from desk.cli.base import Context, arg, emit, fmt_time, opt_at, parse_at
from desk.cli.registry import DESK
from desk.errors import InvalidInput


@DESK.command("due", "tính ngày hẹn trả, không lưu gì")
@arg("--procedure", required=True)
@arg("--at", required=True, help="thời điểm tiếp nhận, ví dụ 2026-02-13T10:00:00+07:00")
def due(ctx: Context) -> None:
    res = ctx.d.due(ctx.args.procedure, parse_at(ctx.args.at))
    emit(ctx, res, f"Hẹn trả: {fmt_time(res['due_at'])} ({res['duration']}, lịch phiên bản {res['calendar_version']})")


def _parse_docs(values: list[str] | None) -> dict[str, int] | None:
    if not values:
        return None
    docs: dict[str, int] = {}
    for item in values:
        doc_id, sep, qty = item.partition("=")
        doc_id = doc_id.strip()
        if not sep:
            qty = "1"
        try:
            n = int(qty)
        except ValueError:
            raise InvalidInput(
                f"--doc «{item}»: số lượng phải là số nguyên, dạng MÃ_GIẤY_TỜ=SỐ_LƯỢNG (ví dụ tp1=2).",
                field="documents",
            ) from None
        if doc_id in docs:
            raise InvalidInput(f"--doc «{doc_id}» được nhập hai lần.", field="documents")
        docs[doc_id] = n
    return docs


@DESK.command("receive", "tiếp nhận một hồ sơ đầy đủ và cấp mã")
@arg("--procedure", required=True, help="mã thủ tục")
@arg("--name", required=True, help="họ và tên người nộp")
@arg("--id-number", help="số định danh cá nhân / CMND / hộ chiếu")
@arg("--phone")
@arg("--email")
@arg("--address")
@arg("--sets", type=int, default=1, help="số lượng hồ sơ (bộ)")
@arg("--doc", action="append", metavar="DOC_ID=QTY", help="giấy tờ đã nộp và số lượng")
@arg("--at", help="thời điểm đã tiếp nhận trên giấy (không được ở tương lai)")
@arg("--note")
@arg("--channel", type=int, default=1, help="1 trực tiếp, 2 trực tuyến, 3 bưu chính")
@arg("--delivery", choices=["desk", "post"], default="desk", help="nơi nhận kết quả")
def receive(ctx: Context) -> None:
    from desk.intake import ReceiveRequest

    a = ctx.args
    req = ReceiveRequest(procedure=a.procedure, name=a.name, id_number=a.id_number, phone=a.phone, email=a.email,
                         address=a.address, sets=a.sets, documents=_parse_docs(a.doc),
                         received_at=parse_at(a.at) if a.at else None, note=a.note, channel=a.channel,
                         delivery=a.delivery)  # fmt: skip
    d = ctx.d.receive(req, actor=ctx.actor)
    emit(ctx, d, f"Đã tiếp nhận hồ sơ {d['code']}\nHẹn trả kết quả: {fmt_time(d['due_at'])}")


def dossier_text(d: dict[str, Any]) -> str:
    """One dossier for people: who, what, when, the documents and the events."""
    a = d["applicant"]
    lines = [
        f"Mã hồ sơ:     {d['code']}",
        f"Thủ tục:      {d['procedure']['code']} — {d['procedure'].get('name') or ''}",
        f"Trạng thái:   {d['status']} {d['status_label']}",
        f"Người nộp:    {a['name']}" + (f" · {a['id_number']}" if a.get("id_number") else ""),
    ]
    if a.get("phone") or a.get("email"):
        lines.append(f"Liên hệ:      {' · '.join(x for x in (a.get('phone'), a.get('email')) if x)}")
    if a.get("address"):
        lines.append(f"Địa chỉ:      {a['address']}")
    lines.append(f"Tiếp nhận:    {fmt_time(d['received_at'])}")
    lines.append(f"Hẹn trả:      {fmt_time(d['due_at'])}")
    if d.get("documents"):
        lines.append(f"Số bộ:        {d['sets']}")
        lines.append("Giấy tờ:")
        for doc in d["documents"]:
            form = f" ({doc['form_label']})" if doc.get("form_label") else ""
            lines.append(f"  - {doc['id']}: {doc['name']}{form} × {doc['quantity']}")
    for e in d.get("events", []):
        lines.append(f"  [{fmt_time(e['at'])}] {lifecycle.label(e['kind'])} — {e['actor']}")
    return "\n".join(lines)


@DESK.command("show", "một hồ sơ và các sự kiện của nó (mã đầy đủ, hoặc điều «search» nhận khi chỉ khớp một hồ sơ)")
@arg("code")
def show(ctx: Context) -> None:
    d = ctx.d.view(ctx.args.code)
    emit(ctx, d, dossier_text(d))


@DESK.command("search", "tìm hồ sơ theo mã, số giấy tờ, số điện thoại, họ tên")
@arg("query")
@arg("--limit", type=int, default=50)
def search(ctx: Context) -> None:
    if not 1 <= ctx.args.limit <= 1000:
        raise InvalidInput(f"--limit {ctx.args.limit}: phải từ 1 đến 1000.", field="limit")
    items = ctx.d.search(ctx.args.query, ctx.args.limit)
    text = "\n".join(
        f"{d['code']}  {d['applicant']['name']:<28} {d['applicant']['id_number'] or '':<12} "
        f"{d['applicant']['phone'] or '':<11} {d['status_label']}"
        for d in items
    )
    emit(ctx, items, text or "Không tìm thấy hồ sơ nào.")


@DESK.command(
    "list",
    "danh sách hồ sơ theo nhóm (hôm nay, sắp đến hạn, quá hạn, chờ bổ sung, chờ trả), hoặc "
    "các phiếu yêu cầu bổ sung đã lập khi tiếp nhận (intake-supplements)",
)
@arg("which", choices=["today", "due-soon", "overdue", "waiting", "ready", "open", "intake-supplements"])
@arg("--limit", type=int, default=200)
def list_(ctx: Context) -> None:
    from desk import readmodel

    if not 1 <= ctx.args.limit <= 10000:
        raise InvalidInput(f"--limit {ctx.args.limit}: phải từ 1 đến 10000.", field="limit")
    desk = ctx.d
    if ctx.args.which == "intake-supplements":
        given = readmodel.intake_supplements(desk, ctx.args.limit)
        text = "\n".join(f"{g['event_id']}  {fmt_time(g['at'])}  {g['applicant']['name']:<26} {g['procedure']['code']} "
                         f"(thiếu {g['missing']} giấy tờ)" for g in given)  # fmt: skip
        emit(ctx, given, text or "Chưa lập phiếu yêu cầu bổ sung nào khi tiếp nhận.")
        return
    items = [desk.dossier(c, with_events=False)
             for c in readmodel.list_codes(desk, ctx.args.which, limit=ctx.args.limit)]  # fmt: skip
    text = "\n".join(
        f"{d['code']}  hẹn {fmt_time(d['due_at'])}  {d['applicant']['name']:<26} {d['status_label']}" for d in items
    )
    emit(ctx, items, text or "Không có hồ sơ nào.")


# -- the steps after intake -------------------------------------------------------------------------------------------


def _step_done(ctx: Context, d: dict[str, Any]) -> None:
    last = d["events"][-1]
    emit(ctx, d, f"Hồ sơ {d['code']}: {d['status']} «{d['status_label']}» — đã ghi «{lifecycle.label(last['kind'])}».\n"
                 f"Hẹn trả: {fmt_time(d['due_at'])}")  # fmt: skip


@DESK.command("transfer", "giao hồ sơ cho đơn vị/người xử lý (hoặc trả lại)")
@arg("code")
@arg("--to", dest="to_unit", required=True, help="đơn vị nhận")
@arg("--to-person", help="người nhận")
@arg("--from-unit", help="đơn vị giao (mặc định: đơn vị đang giữ hồ sơ)")
@arg("--from-person", help="người giao (mặc định: cán bộ thực hiện)")
@arg("--step-due", help="hạn của bước này (thời điểm)")
@arg("--step-days", type=float, help="hạn của bước này, số ngày làm việc kể từ lúc giao")
@arg("--at", help="thời điểm giao (mặc định: bây giờ)")
@arg("--note")
@arg("--with", dest="with_units", action="append", metavar="UNIT",
     help="cơ quan phối hợp giải quyết (lặp lại cho từng cơ quan; in trên phiếu kiểm soát)")  # fmt: skip
def transfer(ctx: Context) -> None:
    from desk import workflow as wf

    a = ctx.args
    _step_done(ctx, wf.transfer(ctx.d, a.code, actor=ctx.actor, to_unit=a.to_unit, to_person=a.to_person,
                                from_unit=a.from_unit, from_person=a.from_person,
                                step_due_at=opt_at(a.step_due, "--step-due"), step_working_days=a.step_days,
                                at=opt_at(a.at), note=a.note, with_units=a.with_units))  # fmt: skip


@DESK.command("supplement", "yêu cầu bổ sung hồ sơ (dừng tính thời hạn), hoặc --received khi đã bổ sung")
@arg("code")
@arg("--item", action="append", help="nội dung cần bổ sung, hoàn thiện (lặp lại cho từng nội dung)")
@arg("--reason", help="lý do")
@arg("--received", action="store_true", help="công dân đã nộp bổ sung: tiếp tục tính thời hạn")
@arg("--at", help="thời điểm (mặc định: bây giờ)")
def supplement(ctx: Context) -> None:
    from desk import workflow as wf

    a = ctx.args
    if a.received:
        d = wf.receive_supplement(ctx.d, a.code, actor=ctx.actor, at=opt_at(a.at))
    else:
        d = wf.request_supplement(ctx.d, a.code, items=a.item or [], reason=a.reason or "", actor=ctx.actor,
                                  at=opt_at(a.at))  # fmt: skip
    _step_done(ctx, d)


@DESK.command("refuse", "từ chối giải quyết hồ sơ, có lý do")
@arg("code")
@arg("--reason", action="append", required=True, help="lý do (lặp lại cho nhiều lý do)")
def refuse(ctx: Context) -> None:
    from desk import workflow as wf

    _step_done(ctx, wf.refuse(ctx.d, ctx.args.code, reasons=ctx.args.reason, actor=ctx.actor))


@DESK.command("withdraw", "công dân rút hồ sơ")
@arg("code")
@arg("--reason")
def withdraw(ctx: Context) -> None:
    from desk import workflow as wf

    _step_done(ctx, wf.withdraw(ctx.d, ctx.args.code, reason=ctx.args.reason, actor=ctx.actor))


@DESK.command("stop", "dừng giải quyết hồ sơ, có lý do")
@arg("code")
@arg("--reason", required=True)
@arg("--decided-by", help="người/cơ quan quyết định dừng")
@arg("--letter-no", help="số thông báo do văn thư cấp (mặc định: bàn tự đánh số theo năm, «desk settings»)")
def stop(ctx: Context) -> None:
    from desk import workflow as wf

    a = ctx.args
    _step_done(ctx, wf.stop(ctx.d, a.code, reason=a.reason, decided_by=a.decided_by, letter_no=a.letter_no,
                            actor=ctx.actor))  # fmt: skip


@DESK.command("extend", "xin lỗi và hẹn lại ngày trả kết quả")
@arg("code")
@arg("--new-due", required=True, help="thời điểm hẹn trả mới")
@arg("--reason", required=True)
@arg("--late-unit", required=True, help="đơn vị, người làm chậm")
@arg("--letter-no", help="số văn bản xin lỗi do văn thư cấp (mặc định: bàn tự đánh số theo năm)")
@arg(
    "--late-notice",
    action="store_true",
    help="xác nhận gửi văn bản sau thời điểm hẹn trả (văn bản ghi rõ là gửi muộn); thiếu thì bị từ chối",
)
def extend(ctx: Context) -> None:
    from desk import workflow as wf

    a = ctx.args
    _step_done(ctx, wf.extend(ctx.d, a.code, new_due_at=parse_at(a.new_due, "--new-due"), reason=a.reason,
                              late_unit=a.late_unit, letter_no=a.letter_no, late_notice=a.late_notice,
                              actor=ctx.actor))  # fmt: skip


@DESK.command("result-ready", "đã có kết quả giải quyết")
@arg("code")
@arg("--result", help="kết quả (ví dụ: Giấy khai sinh)")
@arg("--at", help="thời điểm có kết quả (mặc định: bây giờ)")
def result_ready(ctx: Context) -> None:
    from desk import workflow as wf

    a = ctx.args
    _step_done(ctx, wf.result_ready(ctx.d, a.code, result=a.result, at=opt_at(a.at), actor=ctx.actor))


@DESK.command("return", "trả kết quả cho công dân")
@arg("code")
@arg("--collected-by", help="họ tên người nhận kết quả (bắt buộc khi trả tại quầy)")
@arg("--id-number", help="số giấy tờ tùy thân người nhận đã xuất trình")
@arg("--post", action="store_true", help="gửi qua bưu chính công ích")
@arg("--tracking", help="số hiệu bưu gửi")
@arg("--at", help="thời điểm trả (mặc định: bây giờ)")
def return_(ctx: Context) -> None:
    from desk import workflow as wf

    a = ctx.args
    _step_done(ctx, wf.return_result(ctx.d, a.code, collected_by=a.collected_by, id_number=a.id_number,
                                     by_post=a.post, post_tracking=a.tracking, at=opt_at(a.at),
                                     actor=ctx.actor))  # fmt: skip


@DESK.command("correct", "sửa thông tin người nộp (giữ lịch sử)")
@arg("code")
@arg("--field", required=True, choices=list(lifecycle.CORRECTABLE))
@arg("--value", required=True)
@arg("--reason", required=True)
def correct(ctx: Context) -> None:
    from desk import workflow as wf

    a = ctx.args
    _step_done(ctx, wf.correct(ctx.d, a.code, field=a.field, value=a.value, reason=a.reason, actor=ctx.actor))


@DESK.command("pay", "ghi nhận đã thu phí, lệ phí")
@arg("code")
@arg("--amount", type=int, required=True, help="số tiền (đồng)")
@arg("--receipt-no", required=True, help="số biên lai")
def pay(ctx: Context) -> None:
    from desk import workflow as wf

    a = ctx.args
    _step_done(ctx, wf.pay(ctx.d, a.code, amount=a.amount, receipt_no=a.receipt_no, actor=ctx.actor))
