"""``desk gui``, ``selfcheck``, ``enrol``, ``sync``, ``rebuild``, ``backup`` and ``verify``: the window, the network,
and looking after the store."""

from __future__ import annotations

from pathlib import Path

from desk import paths, timeutil
from desk.cli.base import Context, arg, emit, fmt_time
from desk.cli.registry import DESK
from desk.errors import InvalidInput


@DESK.command("gui", "mở giao diện quầy tiếp nhận", opens_desk=False, json=False)
def gui(ctx: Context) -> int:
    from ui.app import main as run_gui

    return run_gui(data_dir=ctx.base)


@DESK.command("selfcheck", "tự kiểm tra: tạo kho tạm, tiếp nhận một hồ sơ, in giấy tiếp nhận", opens_desk=False)
def selfcheck(ctx: Context) -> None:
    from desk.cli.selfcheck import run_selfcheck

    report = run_selfcheck()
    emit(ctx, report, "\n".join(f"{k}: {v}" for k, v in report.items()))


@DESK.command("enrol", "đăng ký bàn với máy chủ tỉnh bằng mã dùng một lần")
@arg("server", help="địa chỉ máy chủ tỉnh, ví dụ https://dongbo.tinh.gov.vn")
@arg("code", help="mã đăng ký do quản trị viên máy chủ cấp")
@arg("--ca-bundle", help="tệp chứng chỉ CA (PEM) của tỉnh, khi máy chủ dùng CA riêng")
def enrol(ctx: Context) -> None:
    from sync.client import clock_message
    from sync.client import enrol as enrol_desk

    res = enrol_desk(ctx.d, ctx.args.server, ctx.args.code, ca_bundle=ctx.args.ca_bundle, actor=ctx.actor)
    text = f"Đã đăng ký bàn số {res['slot']} ({res['agency_code']}) với máy chủ {res['server_url']}."
    if res["clock_warning"]:
        text += "\nCẢNH BÁO: " + clock_message(res["clock_offset_s"])
    emit(ctx, res, text)


@DESK.command("sync", "một vòng đồng bộ với máy chủ tỉnh: gửi sự kiện chờ gửi, nhận cập nhật")
@arg("--server", help="địa chỉ máy chủ cho lần này (mặc định: địa chỉ đã đăng ký)")
@arg("--timeout", type=float, default=60.0, help="thời gian tối đa của vòng đồng bộ (giây, mặc định 60)")
@arg("--status", action="store_true", help="chỉ xem tình trạng, không kết nối máy chủ")
def sync(ctx: Context) -> None:
    from desk import lifecycle, syncstate

    args, desk = ctx.args, ctx.d
    if args.status:
        st = syncstate.status(desk.store)
        st["refused_events"] = syncstate.refused_events(desk.store.conn)
        st["unresolved_conflicts"] = syncstate.conflicts(desk.store.conn)
        lines = [
            f"Máy chủ:        {st['server_url'] or 'chưa đăng ký («desk enrol URL MÃ»)'}",
            f"Chờ gửi:        {st['pending']} sự kiện",
            f"Bị từ chối:     {st['refused']}   Xung đột: {st['conflicts']}",
            f"Đồng bộ cuối:   {fmt_time(st['last_sync'])}",
        ]
        lines += [f"  Từ chối {r['code'] or '—'} {lifecycle.label(r['kind'])}: {r['reason']}"
                  for r in st["refused_events"][:20]]  # fmt: skip
        lines += [f"  Xung đột {c['code'] or '—'} {lifecycle.label(c['kind'])}: {c['reason']}"
                  for c in st["unresolved_conflicts"][:20]]  # fmt: skip
        if st["clock_warning"]:
            from sync.client import clock_message

            lines.append("CẢNH BÁO: " + clock_message(st["clock_offset_s"]))
        emit(ctx, st, "\n".join(lines))
        return
    from sync.client import ServerUnreachable, format_result, sync_round

    try:
        res = sync_round(desk, server_url=args.server, timeout=args.timeout, actor=ctx.actor)
    except ServerUnreachable as exc:
        if args.json:
            emit(ctx, exc.partial | {"error": exc.message}, "")
        raise
    emit(ctx, res, format_result(res))


@DESK.command("rebuild", "dựng lại mọi bảng tổng hợp từ nhật ký sự kiện")
def rebuild(ctx: Context) -> None:
    n = ctx.d.rebuild()
    emit(ctx, {"events": n, "dossiers": ctx.d.store.counts()["dossiers"]}, f"Đã dựng lại từ {n} sự kiện.")


@DESK.command("backup", "sao lưu dữ liệu thành một tệp đã mã hóa (an toàn khi phần mềm đang chạy)")
@arg("-o", "--output", help="tệp sao lưu (mặc định: thư mục backups trong thư mục dữ liệu)")
def backup(ctx: Context) -> None:
    from desk.store import BACKUP_SUFFIX

    if ctx.args.output:
        dest = Path(ctx.args.output)
        if not dest.parent.is_dir():
            raise InvalidInput(f"-o {dest}: thư mục {dest.parent} không tồn tại.", field="output")
        if dest.exists():
            raise InvalidInput(f"-o {dest}: tệp đã có; chọn tên khác để không ghi đè bản sao lưu cũ.", field="output")
    else:
        assert ctx.base is not None
        dest = paths.backups_dir(ctx.base) / f"desk-{timeutil.now():%Y%m%d-%H%M%S}{BACKUP_SUFFIX}"
    ctx.d.store.backup(dest)
    emit(ctx, {"backup": str(dest), "bytes": dest.stat().st_size}, f"Đã sao lưu dữ liệu vào {dest}")


@DESK.command("verify", "kiểm tra tệp dữ liệu: toàn vẹn, chuỗi băm sự kiện, bảng tổng hợp so với nhật ký")
def verify(ctx: Context) -> int:
    from desk import projections

    store = ctx.d.store
    integrity = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
    chain_ok, bad_seq = store.verify_chain()
    with store.write() as conn:
        diffs = projections.differences(conn)
    ok = integrity == "ok" and chain_ok and not diffs
    res = {"integrity": integrity, "chain_intact": chain_ok, "first_bad_event": bad_seq,
           "projections_match": not diffs, "projection_differences": diffs}  # fmt: skip
    if ok:
        text = "Tệp dữ liệu toàn vẹn; chuỗi băm sự kiện khớp; bảng tổng hợp khớp với nhật ký sự kiện."
    else:
        lines = ["CẢNH BÁO: dữ liệu không khớp."]
        if integrity != "ok":
            lines.append(f"- integrity_check = {integrity}")
        if not chain_ok:
            lines.append(f"- chuỗi băm sai từ sự kiện số {bad_seq}")
        if diffs:
            lines.append("- bảng tổng hợp khác với nhật ký sự kiện (sửa trực tiếp, hoặc lỗi phần mềm):")
            lines += [f"  {d}" for d in diffs]
            lines.append("  «desk rebuild» dựng lại bảng tổng hợp từ nhật ký; báo bộ phận CNTT trước khi làm.")
        text = "\n".join(lines)
    emit(ctx, res, text)
    return 0 if ok else 1
