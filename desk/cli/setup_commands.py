"""``desk init``, ``info``, ``catalog …``, ``calendar …``, ``trust …`` and ``clerk …``: setting up a desk and what it
is given (catalogs, calendars, publisher keys, accounts)."""

from __future__ import annotations

from pathlib import Path

from desk.cli.base import Context, arg, emit, read_secret, signed
from desk.cli.registry import DESK
from desk.errors import InvalidInput


@DESK.command("init", "khởi tạo dữ liệu cho một bàn tiếp nhận", opens_desk=False)
@arg("--agency-code", help="mã định danh cơ quan, ví dụ 000.00.12.H62 (mặc định: cấu hình máy)")
@arg("--agency-name", help="tên cơ quan/bộ phận tiếp nhận in trên phiếu (mặc định: cấu hình máy)")
@arg("--desk-slot", type=int, help="số hiệu bàn 1–9 (mặc định: cấu hình máy, hoặc 1)")
@arg("--parent-name", help="tên cơ quan chủ quản in ở đầu phiếu, ví dụ UBND XÃ TÂN PHÚ")
@arg("--place", help="địa danh in trước ngày tháng trên phiếu")
@arg("--catalog", help="tệp danh mục thủ tục (mặc định: danh mục mẫu kèm theo)")
@arg("--calendar", help="tệp lịch làm việc (mặc định: lịch 2025–2026 kèm theo)")
@arg("--signer-title", help="chức vụ người ký văn bản xin lỗi, thông báo dừng (mặc định GIÁM ĐỐC; PHÓ GIÁM ĐỐC khi "
                            "cấp phó ký thay)")  # fmt: skip
@arg(
    "--signer-authority", help="quyền hạn ký khi cấp phó ký thay, ví dụ «KT. GIÁM ĐỐC» (để trống khi người đứng đầu ký)"
)
@arg("--signer-name", help="họ và tên người ký văn bản")
@arg("--contact-official", help="công chức hướng dẫn ghi trên Phiếu yêu cầu bổ sung (Mẫu 02)")
@arg("--contact-phone", help="số điện thoại hướng dẫn ghi trên Phiếu yêu cầu bổ sung")
@arg("--letter-no-pattern", help="mẫu số văn bản, mặc định «{n}/{kind}-TTPVHCC» ({n} số thứ tự trong năm, {kind} TB "
                                 "hoặc XL, {year} năm, {slot} số hiệu bàn)")  # fmt: skip
@arg("--recovery-key", help="khóa khôi phục công khai của tỉnh (x25519:…; mặc định: cấu hình máy do bộ cài ghi)")
def init(ctx: Context) -> None:
    from desk.config import load_machine_config
    from desk.setup import init_desk, read_bundle_file

    args = ctx.args
    machine = load_machine_config()
    agency_code = args.agency_code or machine.agency_code
    agency_name = args.agency_name or machine.agency_name
    if not agency_code or not agency_name:
        raise InvalidInput("desk init cần --agency-code và --agency-name (hoặc cấu hình máy do bộ cài ghi).")
    assert ctx.base is not None
    desk = init_desk(
        ctx.base,
        agency_code=agency_code,
        agency_name=agency_name,
        desk_slot=args.desk_slot or machine.desk_slot or 1,
        parent_name=args.parent_name or machine.parent_name,
        place=args.place or machine.place,
        catalog=read_bundle_file(args.catalog, "danh mục") if args.catalog else None,
        calendar=read_bundle_file(args.calendar, "lịch") if args.calendar else None,
        actor=ctx.actor,
        trusted_keys=machine.trusted_keys,
        server_url=machine.server_url,
        form_set=machine.form_set,
        printed={key: getattr(args, key) for key in _INIT_PRINTED},
        recovery_key=args.recovery_key or machine.recovery_key,
    )
    try:
        info = desk.info()
    finally:
        desk.close()
    emit(ctx, info, f"Đã khởi tạo bàn tiếp nhận {info['agency_code']} (bàn số {info['desk_slot']}) tại {ctx.base}")


_INIT_PRINTED = ("signer_title", "signer_authority", "signer_name", "contact_official", "contact_phone",
                 "letter_no_pattern")  # fmt: skip


def _settings_text(values: dict) -> str:
    from desk.setup import PRINTED_SETTINGS

    width = max(len(k) for k in PRINTED_SETTINGS)
    return "\n".join(f"{k:<{width}}  {values.get(k) or '—'}   ({label})" for k, label in PRINTED_SETTINGS.items())


@DESK.command("settings show", "các thiết lập in trên phiếu (người ký văn bản, công chức hướng dẫn, mẫu số văn bản…)")
def settings_show(ctx: Context) -> None:
    values = ctx.d.settings.as_dict()
    emit(ctx, values, f"Mã định danh cơ quan: {values['agency_code']}   Bàn số: {values['desk_slot']}\n"
                      + _settings_text(values))  # fmt: skip


@DESK.command("settings set", "đổi thiết lập in trên phiếu (cán bộ phụ trách): desk settings set KHÓA GIÁ_TRỊ …")
@arg("pairs", nargs="+", metavar="KEY VALUE", help='từng cặp khóa và giá trị; giá trị rỗng "" để xóa')
@arg("--as-user", help="tên đăng nhập cán bộ phụ trách (lead), cần khi bàn đã có tài khoản")
@arg("--password-stdin", action="store_true")
def settings_set(ctx: Context) -> None:
    pairs = ctx.args.pairs
    if len(pairs) % 2:
        raise InvalidInput(f"desk settings set: cần từng cặp KHÓA GIÁ_TRỊ; «{pairs[-1]}» chưa có giá trị.")
    values = dict(zip(pairs[::2], pairs[1::2], strict=True))
    lead = _lead(ctx, "thay đổi thiết lập in trên phiếu")
    changes = ctx.d.update_settings(values, actor=lead.full_name if lead else ctx.actor, by=lead)
    text = "\n".join(f"{k}: {c['from'] or '—'} → {c['to'] or '—'}" for k, c in changes.items())
    emit(ctx, {"changes": changes, "settings": ctx.d.settings.as_dict()},
         f"Đã đổi {len(changes)} thiết lập:\n{text}" if changes else "Không có gì thay đổi.")  # fmt: skip


@DESK.command("info", "thông tin bàn tiếp nhận")
def info(ctx: Context) -> None:
    i = ctx.d.info()
    cat = i["catalog"] or {}
    cal = i["calendar"] or {}
    text = "\n".join([
        f"Cơ quan:        {i['agency_code']} — {i['agency_name']}",
        f"Cơ quan chủ quản: {i['parent_name'] or '—'}   Địa danh: {i['place'] or '—'}",
        f"Bàn số:         {i['desk_slot']}",
        f"Tệp dữ liệu:    {i['store']} (lược đồ {i['schema_version']})",
        f"Danh mục:       {cat.get('publisher', '—')} phiên bản {cat.get('version', '—')}, "
        f"{cat.get('procedures', 0)} thủ tục, hiệu lực từ {cat.get('effective_from', '—')}",
        f"Lịch làm việc:  phiên bản {cal.get('version', '—')} ({', '.join(map(str, cal.get('years', [])))})",
        f"Hồ sơ:          {i['counts']['dossiers']}   Sự kiện: {i['counts']['events']}",
    ])  # fmt: skip
    if i["catalogs_awaiting_approval"]:
        text += f"\nDanh mục chờ duyệt: {i['catalogs_awaiting_approval']} («desk catalog pending»)"
    emit(ctx, i, text)


def _lead(ctx: Context, what: str = "Duyệt danh mục"):
    """The lead clerk approving (``--as-user`` and password); None while the desk has no accounts."""
    from desk import accounts

    args, desk = ctx.args, ctx.d
    if not accounts.clerks(desk.store.conn):
        return None
    if not args.as_user:
        raise InvalidInput(f"{what[0].upper()}{what[1:]} cần cán bộ phụ trách: thêm --as-user TÊN và mật khẩu của "
                           "người đó.")  # fmt: skip
    clerk = accounts.authenticate(
        desk.store, args.as_user, read_secret(args.password_stdin, "Mật khẩu của " + args.as_user)
    )
    lead = accounts.require_lead(desk.store, clerk)
    desk.store.principal = lead  # the rest of the command acts as the lead who gave their password
    ctx.actor = lead.full_name if lead else ctx.actor
    return lead


@DESK.command("catalog import", "nhập một bộ danh mục (chờ cán bộ phụ trách duyệt, trừ khi --approve)")
@arg("file")
@arg("--force", action="store_true", help="nhập cả phiên bản không mới hơn (cần --reason)")
@arg("--reason", help="lý do nhập lại phiên bản cũ")
@arg("--approve", action="store_true", help="duyệt luôn (cần --as-user của cán bộ phụ trách nếu đã có tài khoản)")
@arg("--as-user", help="tên đăng nhập cán bộ phụ trách (lead)")
@arg("--password-stdin", action="store_true")
def catalog_import(ctx: Context) -> None:
    from desk.setup import read_bundle_file

    args, desk = ctx.args, ctx.d
    if args.force and not args.reason:
        raise InvalidInput("--force cần kèm --reason (lý do nhập lại phiên bản không mới hơn) để ghi vào nhật ký.")
    data = read_bundle_file(args.file, "danh mục")
    lead = _lead(ctx) if args.approve else None
    res = desk.import_catalog(data, actor=lead.full_name if lead else ctx.actor, force=args.force, reason=args.reason,
                              approve=args.approve)  # fmt: skip
    if not args.approve:
        changes = desk.catalog_changes(res["catalog_id"])
        res["changes"] = changes
        emit(ctx, res, f"Đã nhập danh mục {res['publisher']} phiên bản {res['version']} (số {res['catalog_id']}), "
                       f"CHỜ DUYỆT: «desk catalog approve {res['catalog_id']}».\n{changes}")  # fmt: skip
        return
    emit(ctx, res, f"Đã nhập danh mục {res['publisher']} phiên bản {res['version']}: {res['procedures']} thủ tục, "
                   f"hiệu lực từ {res['effective_from']}.")  # fmt: skip


@DESK.command("catalog pending", "các danh mục chờ duyệt và thay đổi của chúng")
def catalog_pending(ctx: Context) -> None:
    items = ctx.d.pending_catalogs()
    text = "\n\n".join(f"Số {c['id']}: {c['publisher_code']} phiên bản {c['version']}, hiệu lực từ {c['effective_from']}"
                        f"{', ký bởi khóa ' + c['signed_by'] if c['signed_by'] else ', chưa ký'}\n{c['changes']}"
                        for c in items)  # fmt: skip
    emit(ctx, items, text or "Không có danh mục nào chờ duyệt.")


@DESK.command("catalog approve", "duyệt một danh mục chờ (có hiệu lực từ ngày ghi trong danh mục)")
@arg("catalog_id", type=int)
@arg("--as-user", help="tên đăng nhập cán bộ phụ trách (lead)")
@arg("--password-stdin", action="store_true")
def catalog_approve(ctx: Context) -> None:
    res = ctx.d.approve_catalog(ctx.args.catalog_id, actor=ctx.actor, by=_lead(ctx))
    emit(ctx, res, f"Đã duyệt danh mục phiên bản {res['version']}: dùng từ ngày {res['effective_from']}.")


def _cell(text: str, width: int) -> str:
    """Text cut or padded to a column's width (a long field name never pushes the next column out of line)."""
    return text[: width - 1] + "…" if len(text) > width else text.ljust(width)


@DESK.command("catalog list", "các thủ tục đang dùng")
def catalog_list(ctx: Context) -> None:
    from desk.appointment import Duration

    desk = ctx.d
    cat = desk.active_catalog()
    items = [
        {"code": p.code, "name": p.name, "field": {"code": p.field_code, "name": p.field_name},
         "duration": p.duration, "duration_text": Duration.from_catalog(p.duration).describe_vi(),
         "fee_amount": p.fee_amount, "version": cat["version"] if cat else None}
        for p in desk.procedures()
    ]  # fmt: skip
    text = "\n".join(
        f"{_cell(p['code'], 12)} {_cell(p['duration_text'], 24)} {_cell(p['field']['name'] or '', 22)} {p['name']}"
        for p in items
    )
    emit(ctx, items, text or "Chưa có danh mục thủ tục nào có hiệu lực.")


@DESK.command("calendar import", "nhập một bộ lịch")
@arg("file")
def calendar_import(ctx: Context) -> None:
    from desk.setup import read_bundle_file

    res = ctx.d.import_calendar(read_bundle_file(ctx.args.file, "lịch"), actor=ctx.actor)
    emit(ctx, res, f"Đã nhập lịch làm việc phiên bản {res['version']} (các năm {', '.join(map(str, res['years']))}).")


@DESK.command("calendar show", "các ngày khác tuần làm việc thông thường của một năm")
@arg("year", type=int)
def calendar_show(ctx: Context) -> None:
    year = ctx.args.year
    if not 1900 <= year <= 2200:
        raise InvalidInput(f"Năm {year}: ngoài khoảng 1900–2200.")
    cal = ctx.d.calendar()
    days = [{"date": d.isoformat(), "kind": k, "label": lbl} for d, k, lbl in cal.special_days(year)]
    kinds = {"off": "nghỉ", "work": "làm việc"}
    text = "\n".join(f"{d['date']}  {kinds[d['kind']]:<9} {d['label'] or ''}" for d in days)
    emit(ctx, {"year": year, "calendar_version": cal.version, "days": days}, text or "(không có ngày đặc biệt)")


@DESK.command("trust add", "tin cậy một khóa (dòng ed25519:… hoặc tệp .pub)")
@arg("key")
@arg("--name", default="", help="tên đơn vị phát hành")
def trust_add(ctx: Context) -> None:
    from desk.signing import parse_public_key

    text = ctx.args.key
    if Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8").strip()
    key = parse_public_key(text, ctx.args.name)
    ctx.d.trust_key(key, actor=ctx.actor)
    emit(ctx, key.__dict__, f"Đã tin cậy khóa {key.key_id} {key.name}. Từ nay chỉ nhận danh mục, lịch đã ký.")


@DESK.command("trust list", "các khóa tin cậy")
def trust_list(ctx: Context) -> None:
    keys = [k.__dict__ for k in ctx.d.trusted_keys()]
    text = "\n".join(f"{k['key_id']}  {k['name']}" for k in keys)
    emit(ctx, keys, text or "Chưa có khóa tin cậy nào: bàn này nhận cả danh mục chưa ký.")


@DESK.command("trust remove", "bỏ tin cậy một khóa")
@arg("key_id")
def trust_remove(ctx: Context) -> None:
    ctx.d.untrust_key(ctx.args.key_id, actor=ctx.actor)
    emit(ctx, {"removed": ctx.args.key_id}, f"Đã bỏ khóa {ctx.args.key_id}.")


@DESK.command("clerk add", "thêm tài khoản (tài khoản đầu tiên là cán bộ phụ trách)")
@arg("username")
@arg("--full-name", required=True, help="họ và tên in dưới «NGƯỜI TIẾP NHẬN HỒ SƠ»")
@arg("--role", choices=["lead", "clerk", "viewer"],
     help="lead: phụ trách; clerk: tiếp nhận (mặc định); viewer: lãnh đạo, chỉ xem")  # fmt: skip
@arg("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin (mật khẩu người duyệt trước, nếu có)")
@arg("--as-user", help="tên đăng nhập của cán bộ phụ trách cho phép thêm (cần từ tài khoản thứ hai)")
@arg("--must-change", action="store_true", help="người dùng phải đổi mật khẩu ở lần đăng nhập đầu")
def clerk_add(ctx: Context) -> None:
    from desk import accounts

    args, desk = ctx.args, ctx.d
    existing = accounts.clerks(desk.store.conn)
    by = None
    if existing:
        if not args.as_user:
            raise InvalidInput(
                "Đã có tài khoản: cần --as-user TÊN của một cán bộ phụ trách (lead) và mật khẩu của người đó."
            )
        by = accounts.authenticate(
            desk.store, args.as_user, read_secret(args.password_stdin, "Mật khẩu của " + args.as_user)
        )
    password = read_secret(args.password_stdin, "Mật khẩu mới", confirm=True)
    clerk = accounts.add_clerk(desk.store, username=args.username, full_name=args.full_name, password=password,
                               role=args.role or ("clerk" if existing else "lead"),
                               actor=by.full_name if by else ctx.actor, by=by,
                               must_change=args.must_change)  # fmt: skip
    emit(ctx, clerk.__dict__, f"Đã thêm tài khoản {clerk.username} ({clerk.full_name}, {clerk.role}).")


@DESK.command("clerk list", "các tài khoản")
def clerk_list(ctx: Context) -> None:
    from desk import accounts

    found = accounts.clerks(ctx.d.store.conn)
    items = [c.__dict__ for c in found]
    text = "\n".join(
        f"{c.username:<16} {c.role_label:<20} {c.full_name}" + ("  (phải đổi mật khẩu)" if c.must_change else "")
        for c in found
    )
    emit(ctx, items, text or "Chưa có tài khoản nào.")


@DESK.command("clerk passwd", "đổi mật khẩu của chính mình (mật khẩu cũ, rồi mật khẩu mới)")
@arg("username", help="tên đăng nhập của mình")
@arg("--password-stdin", action="store_true", help="đọc từ stdin: dòng 1 mật khẩu cũ, dòng 2 mật khẩu mới")
def clerk_passwd(ctx: Context) -> None:
    from desk import accounts

    args, store = ctx.args, ctx.d.store
    old = read_secret(args.password_stdin, "Mật khẩu hiện tại")
    clerk = accounts.authenticate(store, args.username, old)
    new = read_secret(args.password_stdin, "Mật khẩu mới", confirm=True)
    accounts.change_password(store, clerk, old, new)
    emit(ctx, {"username": clerk.username, "changed": True}, f"Đã đổi mật khẩu của {clerk.username}.")


@DESK.command("clerk reset", "cán bộ phụ trách đặt lại mật khẩu của cán bộ khác (người đó đổi ở lần đăng nhập tới)")
@arg("username", help="tài khoản cần đặt lại")
@arg("--as-user", required=True, help="tên đăng nhập của cán bộ phụ trách")
@arg("--password-stdin", action="store_true",
     help="đọc từ stdin: dòng 1 mật khẩu cán bộ phụ trách, dòng 2 mật khẩu mới")  # fmt: skip
def clerk_reset(ctx: Context) -> None:
    from desk import accounts

    args, store = ctx.args, ctx.d.store
    lead = accounts.authenticate(store, args.as_user, read_secret(args.password_stdin, "Mật khẩu của " + args.as_user))
    new = read_secret(args.password_stdin, f"Mật khẩu mới cho {args.username}", confirm=True)
    clerk = accounts.reset_password(store, lead, args.username, new)
    emit(ctx, {"username": clerk.username, "must_change": True},
         f"Đã đặt lại mật khẩu của {clerk.username}; người đó phải đổi mật khẩu ở lần đăng nhập tới.")  # fmt: skip


@DESK.command("recovery show", "khóa khôi phục của tỉnh mà dữ liệu bàn này đã gửi bản khóa (nếu có)")
def recovery_show(ctx: Context) -> None:
    from desk import keys

    assert ctx.base is not None
    info = keys.read_info(ctx.base)
    recipient = (info.recovery or {}).get("recipient") if info else None
    data = {"key_id": info.key_id if info else None, "recovery_recipient": recipient}
    emit(ctx, data, f"Mã khóa dữ liệu: {data['key_id'] or '—'}\n"
                    + (f"Đã gửi bản khóa cho khóa khôi phục của tỉnh: {recipient}" if recipient else
                       "Chưa có bản khóa cho tỉnh: nếu máy hỏng, không ai mở được dữ liệu. Xin tỉnh khóa khôi phục "
                       "rồi chạy «desk recovery set KHÓA --as-user …»."))  # fmt: skip


@DESK.command("recovery set", "gửi bản khóa dữ liệu cho khóa khôi phục của tỉnh (cán bộ phụ trách; thay bản cũ)")
@signed
@arg("key", help="khóa khôi phục công khai của tỉnh: x25519:…")
def recovery_set(ctx: Context) -> None:
    from desk import keys, recovery, roles

    assert ctx.base is not None
    store = ctx.d.store
    roles.require(store, "settings")
    recovery.parse_public(ctx.args.key)
    if store.key is None:
        raise InvalidInput("Dữ liệu chưa được mã hóa: không có khóa để gửi cho tỉnh.")
    info = keys.set_recovery(ctx.base, store.key, ctx.args.key)
    emit(ctx, {"key_id": info.key_id, "recovery_recipient": info.recovery["recipient"]},
         f"Đã gửi bản khóa dữ liệu cho khóa khôi phục {info.recovery['recipient']} của tỉnh. Các bản sao lưu từ nay "
         "mang bản khóa mới.")  # fmt: skip
