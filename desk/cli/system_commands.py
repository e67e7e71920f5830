"""``desk gui``, ``selfcheck``, ``enrol``, ``sync``, ``rebuild``, ``backup`` and ``verify``: the window, the network,
and looking after the store."""

from __future__ import annotations

from pathlib import Path

from desk import paths, timeutil
from desk.cli.base import Context, arg, emit, fmt_time, sign_in, signed
from desk.cli.registry import DESK
from desk.errors import InvalidInput


@DESK.command("gui", "mở giao diện quầy tiếp nhận", opens_desk=False, json=False)
def gui(ctx: Context) -> int:
    from ui.app import main as run_gui

    return run_gui(data_dir=ctx.base, notice=ctx.notice or None)


@DESK.command("selfcheck", "tự kiểm tra: tạo kho tạm, tiếp nhận một hồ sơ, in giấy tiếp nhận", opens_desk=False)
def selfcheck(ctx: Context) -> None:
    from desk.cli.selfcheck import run_selfcheck

    report = run_selfcheck()
    emit(ctx, report, "\n".join(f"{k}: {v}" for k, v in report.items()))


@DESK.command("enrol", "đăng ký bàn với máy chủ tỉnh bằng mã dùng một lần")
@arg("server", help="địa chỉ máy chủ tỉnh, ví dụ https://dongbo.tinh.gov.vn")
@arg("code", help="mã đăng ký do quản trị viên máy chủ cấp")
@arg("--ca-bundle", help="tệp chứng chỉ CA (PEM) của tỉnh, khi máy chủ dùng CA riêng")
@arg(
    "--trust-key",
    action="append",
    default=[],
    metavar="ed25519:MÃ-KHÓA",
    help="tin cậy khóa phát hành có mã này trên máy chủ (mã đã đối chiếu với văn bản của tỉnh); lặp lại được",
)
def enrol(ctx: Context) -> int:
    import sys

    from desk.signing import TrustedKey, parse_public_key
    from sync.client import clock_message, publisher_keys
    from sync.client import enrol as enrol_desk

    wanted = [_key_id(k) for k in ctx.args.trust_key]
    res = enrol_desk(ctx.d, ctx.args.server, ctx.args.code, ca_bundle=ctx.args.ca_bundle, actor=ctx.actor)
    text = f"Đã đăng ký bàn số {res['slot']} ({res['agency_code']}) với máy chủ {res['server_url']}."
    if res["clock_warning"]:
        text += "\nCẢNH BÁO: " + clock_message(res["clock_offset_s"])
    keys = publisher_keys(ctx.d)
    by_id = {k["key_id"]: k for k in keys}
    missing = [k for k in wanted if k not in by_id]
    for key_id in wanted:
        if key_id in by_id:
            key: TrustedKey = parse_public_key(by_id[key_id]["public_key"], by_id[key_id]["name"])
            ctx.d.trust_key(key, actor=ctx.actor)
            text += f"\nĐã tin cậy khóa {key.key_id} ({key.name})."
    res["publisher_keys"] = keys
    res["trusted"] = [k.key_id for k in ctx.d.trusted_keys()]
    if keys and not wanted:
        text += "\nKhóa phát hành trên máy chủ (đối chiếu mã khóa với văn bản của tỉnh trước khi tin cậy):"
        text += "".join(f"\n  ed25519:{k['key_id']}  {k['name']}" for k in keys)
    if not res["trusted"]:
        text += (
            "\nBàn chưa tin cậy khóa nào của đơn vị phát hành: danh mục và lịch từ máy chủ sẽ chờ, chưa áp dụng. "
            "Chạy «desk trust add ed25519:MÃ-KHÓA…» hoặc «desk enrol … --trust-key ed25519:MÃ-KHÓA»."
        )
    emit(ctx, res, text)
    if missing:
        sys.stderr.write(
            f"desk: máy chủ không có khóa phát hành {', '.join(missing)}: chưa tin cậy khóa đó. Kiểm tra lại mã khóa.\n"
        )
        return 2
    return 0


def _key_id(text: str) -> str:
    """The key id of ``ed25519:ID``, ``ed25519:ID:BASE64`` or ``ID`` (a full line's id is checked against its key)."""
    from desk.signing import parse_public_key

    value = text.strip()
    if value.count(":") == 2:
        return parse_public_key(value).key_id
    key_id = value.removeprefix("ed25519:").lower()
    if len(key_id) != 16 or any(c not in "0123456789abcdef" for c in key_id):
        raise InvalidInput(f"--trust-key «{value[:40]}»: dạng ed25519:<16 chữ số hex> (mã khóa).", field="trust_key")
    return key_id


@DESK.command("sync", "một vòng đồng bộ với máy chủ tỉnh: gửi sự kiện chờ gửi, nhận cập nhật")
@arg("--server", help="địa chỉ máy chủ cho lần này (mặc định: địa chỉ đã đăng ký)")
@arg("--timeout", type=float, default=60.0, help="thời gian tối đa của vòng đồng bộ (giây, mặc định 60)")
@arg("--status", action="store_true", help="chỉ xem tình trạng, không kết nối máy chủ")
def sync(ctx: Context) -> int:
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
        if st["notice"]:
            lines.append(f"LƯU Ý ({fmt_time(st['notice']['at'])}): {st['notice']['message']}")
        if st["waiting_bundles"]:
            lines.append(f"Bộ dữ liệu chờ: {st['waiting_bundles']} — chưa tin cậy khóa nào của đơn vị phát hành")
        emit(ctx, st, "\n".join(lines))
        return 0
    import sys

    from sync.client import RateLimited, ServerUnreachable, format_result, problems, sync_round

    try:
        res = sync_round(desk, server_url=args.server, timeout=args.timeout, actor=ctx.actor)
    except (ServerUnreachable, RateLimited) as exc:
        if args.json:
            emit(ctx, exc.partial | {"error": exc.message}, "")
        raise
    emit(ctx, res, format_result(res))
    for notice in res.get("notices") or []:
        sys.stderr.write(f"desk: LƯU Ý: {notice}\n")
    found = problems(res)
    for line in found:
        sys.stderr.write(f"desk: {line}\n")
    return 1 if found else 0


@DESK.command("rebuild", "dựng lại mọi bảng tổng hợp từ nhật ký sự kiện")
@signed
def rebuild(ctx: Context) -> None:
    n = ctx.d.rebuild()
    emit(ctx, {"events": n, "dossiers": ctx.d.store.counts()["dossiers"]}, f"Đã dựng lại từ {n} sự kiện.")


@DESK.command("backup", "sao lưu dữ liệu thành một tệp đã mã hóa (an toàn khi phần mềm đang chạy); sao lưu tự "
                        "động hằng ngày")  # fmt: skip
@signed
@arg("-o", "--output", help="tệp sao lưu (mặc định: thư mục sao lưu)")
@arg("--auto", action="store_true", help="bản sao lưu tự động của hôm nay nếu chưa có, rồi xoay vòng (lịch chạy "
                                         "hằng ngày: Task Scheduler, cron)")  # fmt: skip
@arg("--status", action="store_true", help="bản sao lưu gần nhất và thư mục sao lưu tự động")
@arg("--set-dir", help="thư mục sao lưu tự động (ổ đĩa thứ hai, USB); «-» trở về thư mục backups trong thư mục dữ liệu")
def backup(ctx: Context) -> None:
    from desk import autobackup
    from desk.store import BACKUP_SUFFIX

    args, desk = ctx.args, ctx.d
    if args.set_dir:
        where = autobackup.set_folder(desk, None if args.set_dir == "-" else args.set_dir)
        emit(ctx, {"folder": str(where)}, f"Sao lưu tự động vào {where}")
        return
    if args.status:
        st = autobackup.status(desk)
        when = fmt_time(st["at"]) if st["at"] else "chưa có"
        emit(ctx, st, f"Sao lưu gần nhất: {when}{' — QUÁ CŨ' if st['stale'] else ''}\nTệp: {st['file'] or '—'}\n"
                      f"Thư mục sao lưu tự động: {st['folder']}")  # fmt: skip
        return
    if args.auto:
        done = autobackup.run_due(desk)
        if done is None:
            emit(ctx, {"file": None}, "Hôm nay đã có bản sao lưu tự động.")
            return
        emit(ctx, {"file": str(done["file"]), "removed": [str(p) for p in done["removed"]]},
             f"Đã sao lưu tự động vào {done['file']}" + (f" (xoay vòng: xóa {len(done['removed'])} bản cũ)"
                                                         if done["removed"] else ""))  # fmt: skip
        return
    if args.output:
        dest = Path(args.output)
        if not dest.parent.is_dir():
            raise InvalidInput(f"-o {dest}: thư mục {dest.parent} không tồn tại.", field="output")
        if dest.exists():
            raise InvalidInput(f"-o {dest}: tệp đã có; chọn tên khác để không ghi đè bản sao lưu cũ.", field="output")
    else:
        dest = autobackup.folder(desk) / f"desk-{timeutil.now():%Y%m%d-%H%M%S}{BACKUP_SUFFIX}"
    ctx.d.backup(dest)
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


@DESK.command("restore", "khôi phục: từ một tệp sao lưu (vào thư mục trống, hoặc --over thay dữ liệu hiện tại), hoặc "
                         "trên máy mới từ máy chủ tỉnh (--server URL --code MÃ)", opens_desk=False)  # fmt: skip
@arg("file", nargs="?", help="tệp .desk-backup")
@arg("--over", action="store_true", help="thay dữ liệu hiện tại (được sao lưu trước); cần --as-user của phụ trách")
@arg("--as-user", help="tên đăng nhập cán bộ phụ trách (khi thay dữ liệu đã có tài khoản)")
@arg("--password-stdin", action="store_true")
@arg("--server", help="máy chủ tỉnh: khôi phục bàn trên máy mới từ những gì máy chủ có")
@arg("--code", help="mã đăng ký mới cho cùng số hiệu bàn (quản trị viên cấp sau khi thu hồi máy cũ)")
@arg("--agency-code", help="mã định danh cơ quan (mặc định: cấu hình máy)")
@arg("--desk-slot", type=int, help="số hiệu bàn của máy cũ (mặc định: cấu hình máy)")
@arg("--agency-name", help="tên cơ quan in trên phiếu (mặc định: cấu hình máy)")
@arg("--ca-bundle", help="chứng chỉ CA của máy chủ tỉnh (PEM), nếu tỉnh tự cấp")
def restore(ctx: Context) -> None:
    args = ctx.args
    assert ctx.base is not None
    if args.server or args.code:
        if args.file or not (args.server and args.code):
            raise InvalidInput("Khôi phục từ máy chủ cần cả --server URL và --code MÃ (không kèm tệp sao lưu).")
        from desk.config import load_machine_config
        from sync.client.restore import restore_from_server

        machine = load_machine_config()
        agency = args.agency_code or machine.agency_code
        slot = args.desk_slot or machine.desk_slot
        if not agency or not slot:
            raise InvalidInput("Cần --agency-code và --desk-slot của bàn cũ (hoặc cấu hình máy do bộ cài ghi).")
        done = restore_from_server(ctx.base, args.server, args.code, agency_code=agency, desk_slot=int(slot),
                                   agency_name=args.agency_name or machine.agency_name,
                                   ca_bundle=args.ca_bundle or machine.ca_bundle)  # fmt: skip
        breaks = done["chains"]["breaks"]
        emit(ctx, done, f"Đã khôi phục bàn số {done['desk_slot']} của {done['agency_code']} từ máy chủ: "
                        f"{done['dossiers']} hồ sơ, {done['events']} sự kiện. Chuỗi băm: "
                        + ("khớp" if not breaks else f"{len(breaks)} chỗ không nối tiếp ({', '.join(breaks[:3])})")
                        + ". Tạo tài khoản cán bộ phụ trách đầu tiên: «desk clerk add … --role lead» hoặc mở "
                          "phần mềm.")  # fmt: skip
        return
    if not args.file:
        raise InvalidInput("Chọn tệp sao lưu (desk restore TỆP), hoặc --server URL --code MÃ trên máy mới.")
    from desk import restore as desk_restore

    if args.over and paths.store_path(ctx.base).exists():
        from desk import roles
        from desk.service import Desk

        current = Desk.open(ctx.base)
        try:
            ctx.desk = current
            sign_in(ctx)
            roles.require(current.store, "backup")
        finally:
            current.close()
            ctx.desk = None
    done = desk_restore.restore_file(Path(args.file), ctx.base, over=args.over)
    days = ", ".join(f"{d[8:10]}/{d[5:7]}: từ số {n % 1000 + 1}" for d, n in list(done["reserved"].items())[:4])
    emit(ctx, done, f"Đã khôi phục {done['dossiers']} hồ sơ từ bản sao lưu lúc {fmt_time(done['made_at'])}"
                    + (f" (bản hiện tại đã sao lưu vào {done['safety_copy']})" if done["safety_copy"] else "")
                    + f". Để không cấp trùng mã, số thứ tự hồ sơ các ngày từ đó nhảy cách ({days}"
                    + (", …" if len(done["reserved"]) > 4 else "") + ") cho đến khi đồng bộ với máy chủ tỉnh. "
                    "Bản sao lưu không mang thông tin đăng ký: đăng ký lại với máy chủ («desk enrol URL MÃ»).")  # fmt: skip
