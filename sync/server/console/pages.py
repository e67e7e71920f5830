"""The console's pages as HTML, written with every value escaped (``e``); Vietnamese first. No template engine: the
pages are few and plain, and a string of escaped parts is easy to check."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from desk import lifecycle, timeutil
from desk.report import NUMBER_ROW, ProvinceReport, ReportRow
from sync.server.console.auth import ROLES, User

TIMELINESS = {"early": ("Trước hạn", "ok"), "on_time": ("Đúng hạn", "ok"), "late": ("Quá hạn", "bad")}
CHANNELS = lifecycle.CHANNEL_LABELS


def e(value: Any) -> str:
    """Escaped text (None is empty)."""
    return "" if value is None else html.escape(str(value), quote=True)


def when(value: str | None, *, seconds: bool = False) -> str:
    """An ISO instant as dd/mm/yyyy HH:MM (Vietnam time)."""
    if not value:
        return ""
    try:
        t = timeutil.to_vn(timeutil.parse_instant(value))
    except (ValueError, TypeError):
        return e(value)
    return t.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def dmy(value: str | None) -> str:
    """'2026-12-31' as '31/12/2026' (what people type back is read both ways)."""
    try:
        return dt.date.fromisoformat(value or "").strftime("%d/%m/%Y")
    except ValueError:
        return value or ""


def day(value: str | None) -> str:
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return e(value)


def ago(value: str | None, now: dt.datetime) -> tuple[str, str]:
    """('5 phút trước', css class) — a desk unseen for a day is flagged."""
    if not value:
        return "chưa liên lạc", "bad"
    try:
        t = timeutil.parse_instant(value)
    except ValueError:
        return e(value), ""
    seconds = (now - t).total_seconds()
    if seconds < 90:
        text = "vừa xong"
    elif seconds < 3600:
        text = f"{int(seconds // 60)} phút trước"
    elif seconds < 86400:
        text = f"{int(seconds // 3600)} giờ trước"
    else:
        text = f"{int(seconds // 86400)} ngày trước"
    return text, ("bad" if seconds > 86400 * 3 else "warn" if seconds > 86400 else "ok")


def n(value: int | None) -> str:
    return f"{int(value or 0):,}".replace(",", ".")


NAV = (
    ("overview", "/console/", "Tổng quan", ("admin", "lead", "viewer")),
    ("queue", "/console/queue", "Hồ sơ được giao", ("officer",)),
    ("report", "/console/report", "Báo cáo II.06a", ("admin", "lead", "viewer")),
    ("devices", "/console/devices", "Thiết bị", ("admin",)),
    ("bundles", "/console/bundles", "Danh mục, lịch", ("admin",)),
    ("access", "/console/access-log", "Nhật ký truy cập", ("admin",)),
    ("accounts", "/console/accounts", "Tài khoản", ("admin",)),
)


def layout(title: str, body: str, *, user: User | None = None, csrf: str = "", active: str = "",
           flash: str = "", refresh: int | None = None) -> str:  # fmt: skip
    """A whole page: the top bar (what the user's role may open), the flash message, the body."""
    nav = ""
    who = ""
    if user is not None:
        links = [
            f'<a href="{href}" class="{"on" if key == active else ""}">{e(label)}</a>'
            for key, href, label, roles in NAV
            if user.role in roles
        ]
        nav = f'<nav aria-label="Chức năng">{"".join(links)}</nav>'
        who = (
            f'<div class="who"><span>{e(user.full_name)} · {e(user.role_label)}'
            f"{' · ' + e(user.agency_code) if user.agency_code and user.role != 'admin' else ''}</span>"
            f'<form method="post" action="/console/logout" class="inline">{csrf_field(csrf)}'
            '<button type="submit">Đăng xuất</button></form></div>'
        )
    meta = f'<meta name="console-refresh" content="{refresh}">' if refresh else ""
    return (
        "<!doctype html>\n"
        '<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{meta}<title>{e(title)} — Bảng điều khiển Một cửa</title>"
        '<link rel="stylesheet" href="/console/static/console.css">'
        '<script src="/console/static/console.js" defer></script></head><body>'
        f'<header class="top"><div class="brand">Một cửa · Điều hành tỉnh</div>{nav}{who}</header>'
        f"<main>{flash}{body}</main>"
        f"<footer>Giờ Việt Nam (UTC+07:00) · desk-server</footer></body></html>"
    )


def csrf_field(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{e(token)}">' if token else ""


def flash(message: str | None, kind: str = "info") -> str:
    return (
        f'<div class="flash {kind}" role="{"alert" if kind == "error" else "status"}">{e(message)}</div>'
        if message
        else ""
    )


# -- sign-in ----------------------------------------------------------------------------------------------------


def login(pre: str, message: str | None = None, username: str = "", target: str = "") -> str:
    body = f"""
<div class="login card">
  <h1>Đăng nhập</h1>
  <p class="sub">Bảng điều khiển của tỉnh: hồ sơ các xã, thiết bị, báo cáo. Quản trị viên nhập thêm mã xác thực
  6 chữ số từ ứng dụng xác thực (TOTP).</p>
  {flash(message, "error")}
  <form method="post" action="/console/login">
    {csrf_field(pre)}{f'<input type="hidden" name="next" value="{e(target)}">' if target.startswith("/console/") else ""}
    <label>Tên đăng nhập<input name="username" autocomplete="username" required maxlength="64" value="{e(username)}"
      {"" if username else "autofocus"}></label>
    <label>Mật khẩu<input name="password" type="password" autocomplete="current-password" required maxlength="200"
      {"autofocus" if username else ""}></label>
    <label>Mã xác thực (quản trị viên)<input name="code" inputmode="numeric" autocomplete="one-time-code"
      pattern="[0-9 ]{{6,7}}" maxlength="7" placeholder="6 chữ số"></label>
    <button type="submit">Đăng nhập</button>
  </form>
</div>"""
    return layout("Đăng nhập", body)


def error_page(user: User | None, csrf: str, status: int, message: str) -> str:
    titles = {400: "Yêu cầu không hợp lệ", 403: "Không có quyền", 404: "Không tìm thấy", 409: "Không thực hiện được",
              413: "Tệp quá lớn", 422: "Dữ liệu không hợp lệ", 429: "Tạm khóa"}  # fmt: skip
    title = titles.get(status, "Không thực hiện được")
    body = f'<h1>{e(title)}</h1>{flash(message, "error")}<p><a href="/console/">Về trang đầu</a></p>'
    return layout(title, body, user=user, csrf=csrf)


# -- overview ---------------------------------------------------------------------------------------------------

GROUP_LABELS = {
    "today": "Tiếp nhận hôm nay",
    "month": "Tiếp nhận tháng này",
    "overdue": "Đang quá hạn",
    "due_soon": "Sắp đến hạn (1 ngày làm việc)",
    "waiting": "Chờ công dân bổ sung",
}


def tiles(total: dict[str, int]) -> str:
    out = []
    for g, label in GROUP_LABELS.items():
        cls = "bad" if g == "overdue" and total.get(g) else "warn" if g == "due_soon" and total.get(g) else ""
        out.append(
            f'<div class="tile {cls}"><div class="n">{n(total.get(g))}</div><div class="l">{e(label)}</div></div>'
        )
    return f'<div class="tiles">{"".join(out)}</div>'


def offset_text(seconds: int | None) -> tuple[str, str]:
    if seconds is None:
        return "—", "muted"
    if abs(seconds) <= 5:
        return "đúng giờ", "ok"
    if abs(seconds) < 60:
        return f"{'nhanh' if seconds > 0 else 'chậm'} {abs(seconds)} giây", "ok"
    minutes = abs(seconds) / 60
    amount = f"{minutes:.0f} phút" if minutes < 120 else f"{minutes / 60:.1f} giờ".replace(".", ",")
    return f"{'nhanh' if seconds > 0 else 'chậm'} {amount}", ("bad" if abs(seconds) > 300 else "warn")


def desks_table(rows: Sequence[dict[str, Any]], now: dt.datetime, *, with_agency: bool = True) -> str:
    if not rows:
        return '<p class="muted">Chưa có bàn tiếp nhận nào đăng ký.</p>'
    head = (("<th>Cơ quan</th>" if with_agency else "") + "<th>Bàn</th><th>Tên máy</th><th>Liên lạc lần cuối</th>"
            '<th class="num">Sự kiện chờ gửi</th><th class="num">Bị từ chối</th><th>Lệch đồng hồ</th>'
            "<th>Danh mục đang dùng</th><th>Lịch đang dùng</th><th>Phiên bản</th>")  # fmt: skip
    body = []
    for r in rows:
        seen, cls = ago(r.get("last_seen_at"), now)
        off, ocls = offset_text(r.get("clock_offset_s"))
        pending = r.get("pending")
        agency = (
            f'<td><a href="/console/agency/{e(r["agency_code"])}">{e(r.get("agency_name") or r["agency_code"])}</a></td>'
            if with_agency
            else ""
        )
        body.append(
            f"<tr>{agency}<td>{e(r['slot'])}</td><td>{e(r['name'])}</td>"
            f'<td class="{cls}" title="{when(r.get("last_seen_at"), seconds=True)}">{e(seen)}</td>'
            f'<td class="num {"warn" if pending else ""}">{"—" if pending is None else n(pending)}</td>'
            f'<td class="num {"bad" if r.get("refused") else ""}">{"—" if r.get("refused") is None else n(r["refused"])}</td>'
            f'<td class="{ocls}">{e(off)}</td><td>{e(r.get("catalog") or "—")}</td>'
            f"<td>{e(r.get('calendar') or '—')}</td><td>{e(r.get('app_version') or '—')}</td></tr>"
        )
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def overview(data: dict[str, Any], user: User, csrf: str) -> str:
    now = data["now"]
    rows = []
    for a in data["agencies"]:
        name = a["name"] or a["code"]
        code_note = f" <span class=muted>{e(a['code'])}</span>" if a["name"] else ""
        rows.append(
            f'<tr><td><a href="/console/agency/{e(a["code"])}">{e(name)}</a>{code_note}</td>'
            + "".join(
                f'<td class="num {"bad" if g == "overdue" and a[g] else "warn" if g == "due_soon" and a[g] else ""}">{n(a[g])}</td>'
                for g in GROUP_LABELS
            )
            + "</tr>"
        )
    t = data["total"]
    rows.append(
        '<tr class="total"><td>Tổng cộng</td>'
        + "".join(f'<td class="num">{n(t[g])}</td>' for g in GROUP_LABELS)
        + "</tr>"
    )
    head = "<th>Cơ quan</th>" + "".join(f'<th class="num">{e(label)}</th>' for label in GROUP_LABELS.values())
    scope = "toàn tỉnh" if user.is_admin else f"cơ quan {user.agency_code}"
    body = f"""
<h1>Tổng quan {e(scope)}</h1>
<p class="sub">Số liệu lúc {now:%H:%M} ngày {now:%d/%m/%Y}; quá hạn và sắp đến hạn tính như trên bàn tiếp nhận (không
tính hồ sơ đang chờ bổ sung). Trang tự làm mới sau 2 phút.</p>
{tiles(t)}
{search_form()}
<h2>Theo cơ quan</h2>
<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>
<h2>Các bàn tiếp nhận</h2>
{desks_table(data["desks"], now)}"""
    return layout("Tổng quan", body, user=user, csrf=csrf, active="overview", refresh=120)


def search_form(value: str = "") -> str:
    return f"""<form method="get" action="/console/search" class="card row" role="search">
  <label>Tìm hồ sơ theo mã<input name="q" value="{e(value)}" maxlength="80" placeholder="000.00.12.H62-260213-1001 hoặc 260213-1001"
    required></label><button type="submit">Tìm</button>
  <span class="muted">Mỗi lần tìm và mỗi lần xem hồ sơ được ghi vào nhật ký truy cập.</span></form>"""


def proc_cell(code: str | None, procedures: dict[str, str]) -> str:
    """A procedure's code with its name (from the catalogs the server holds), shortened with the whole in a tooltip."""
    name = procedures.get(code or "")
    if not name:
        return f'<td class="proc">{e(code)}</td>'
    short = name if len(name) <= 70 else name[:68].rstrip() + "…"
    return f'<td class="proc" title="{e(name)}">{e(code)}<span class="name">{e(short)}</span></td>'


def dossier_list(rows: Sequence[dict[str, Any]], names: dict[str, str], now: dt.datetime, empty: str,
                 procedures: dict[str, str] | None = None) -> str:  # fmt: skip
    if not rows:
        return f'<p class="muted">{e(empty)}</p>'
    out = []
    now_iso = timeutil.iso(now)
    for r in rows:
        late = r["status"] in lifecycle.RUNNING and (r.get("due_at") or "") < now_iso
        out.append(
            f'<tr><td><a href="/console/dossier/{e(r["code"])}">{e(r["code"])}</a></td>'
            f"<td>{e(r.get('procedure_code'))}</td><td>{e(names.get(r.get('field_code') or '', r.get('field_code') or ''))}</td>"
            f'<td>{when(r.get("received_at"))}</td><td class="{"bad" if late else ""}">{when(r.get("due_at"))}</td>'
            f"<td>{e(lifecycle.status_label(r['status']))}</td><td>{e(r.get('holder') or '')}</td></tr>"
        )
    head = ("<th>Mã hồ sơ</th><th>Thủ tục</th><th>Lĩnh vực</th><th>Tiếp nhận</th><th>Hẹn trả</th><th>Trạng thái</th>"
            "<th>Đang ở</th>")  # fmt: skip
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(out)}</tbody></table></div>'


def agency(code: str, name: str | None, counts: dict[str, int], lists: dict[str, list], desks: list,
           field_names: dict[str, str], now: dt.datetime, user: User, csrf: str,
           procedures: dict[str, str] | None = None) -> str:  # fmt: skip
    rename = ""
    if user.is_admin:
        rename = f"""<form method="post" action="/console/agency/{e(code)}/name" class="card row">{csrf_field(csrf)}
  <label>Tên cơ quan (hiện trên bảng điều khiển và báo cáo)<input name="name" maxlength="200" value="{e(name or "")}"
    required></label><button type="submit" class="secondary">Lưu tên</button></form>"""
    sections = (
        ("overdue", "Đang quá hạn", "Không có hồ sơ quá hạn."),
        ("due_soon", "Sắp đến hạn", "Không có hồ sơ sắp đến hạn."),
        ("waiting", "Chờ công dân bổ sung", "Không có hồ sơ chờ bổ sung."),
        ("today", "Tiếp nhận hôm nay", "Hôm nay chưa tiếp nhận hồ sơ nào."),
    )
    parts = "".join(
        f"<h2>{e(title)} ({n(counts.get(key))})</h2>{dossier_list(lists[key], field_names, now, empty, procedures)}"
        + (
            f'<p class="muted">Hiện {len(lists[key])} hồ sơ đầu tiên.</p>'
            if counts.get(key, 0) > len(lists[key])
            else ""
        )
        for key, title, empty in sections
    )
    body = f"""
<p><a href="/console/">← Tổng quan</a></p>
<h1>{e(name or code)}</h1><p class="sub">Mã cơ quan {e(code)} · lúc {now:%H:%M} ngày {now:%d/%m/%Y}</p>
{tiles(counts)}
{search_form()}
<h2>Các bàn tiếp nhận</h2>{desks_table(desks, now, with_agency=False)}
{parts}
{rename}"""
    return layout(name or code, body, user=user, csrf=csrf, active="overview")


def search_results(query: str, rows: Sequence[dict[str, Any]], user: User, csrf: str) -> str:
    if rows:
        items = "".join(
            f'<tr><td><a href="/console/dossier/{e(r["code"])}">{e(r["code"])}</a></td><td>{e(r["agency_code"])}</td>'
            f"<td>{e(lifecycle.status_label(r['status']))}</td><td>{when(r['received_at'])}</td>"
            f"<td>{when(r['due_at'])}</td><td>{e(r.get('holder') or '')}</td></tr>"
            for r in rows
        )
        table = ("<table><thead><tr><th>Mã hồ sơ</th><th>Cơ quan</th><th>Trạng thái</th><th>Tiếp nhận</th>"
                 f"<th>Hẹn trả</th><th>Đang ở</th></tr></thead><tbody>{items}</tbody></table>")  # fmt: skip
    else:
        table = '<p class="muted">Không có hồ sơ nào có mã như vậy trong phạm vi bạn được xem.</p>'
    body = f"<h1>Tìm hồ sơ</h1>{search_form(query)}{table}"
    return layout("Tìm hồ sơ", body, user=user, csrf=csrf, active="overview")


# -- one dossier ------------------------------------------------------------------------------------------------


def event_detail(kind: str, p: dict[str, Any]) -> str:
    """What an event says, in a line."""
    if kind == "received":
        proc = p.get("procedure") or {}
        a = p.get("applicant") or {}
        bits = [f"Thủ tục {proc.get('code', '')}", CHANNELS.get(p.get("channel"), "")]
        if a.get("name"):
            bits.append(f"người nộp {a['name']}")
        return e(", ".join(b for b in bits if b))
    if kind == "transferred":
        text = f"Giao: {p.get('from_unit') or '?'} → Nhận: {p.get('to_unit') or '?'}"
        if p.get("to_person"):
            text += f" ({p['to_person']})"
        if p.get("step_due_at"):
            text += f"; hạn bước {when(p['step_due_at'])}"
        if p.get("note"):
            text += f"; {p['note']}"
        return e(text)
    if kind == "supplement_requested":
        return e(f"Cần bổ sung: {'; '.join(p.get('items') or [])}. Lý do: {p.get('reason', '')}")
    if kind == "supplement_received":
        return e(f"Hẹn trả mới {when(p.get('due_at'))}")
    if kind == "refused":
        return e("Lý do: " + "; ".join(p.get("reasons") or []))
    if kind in ("stopped", "withdrawn"):
        return e(f"Lý do: {p.get('reason') or ''}")
    if kind == "apologized_extended":
        return e(
            f"Hẹn trả mới {when(p.get('new_due_at'))}; đơn vị chậm: {p.get('late_unit', '')}; lý do: {p.get('reason', '')}"
        )
    if kind == "result_ready":
        label = TIMELINESS.get(p.get("timeliness") or "", ("", ""))[0]
        return e(", ".join(x for x in (p.get("result") or "", label) if x))
    if kind == "result_returned":
        return e("Gửi qua bưu chính" if p.get("post") else f"Người nhận: {p.get('collected_by') or ''}")
    if kind == "note":
        return e(p.get("text") or "")
    if kind == "corrected":
        return e(f"Sửa {p.get('field')}: «{p.get('old') or ''}» → «{p.get('new') or ''}»")
    if kind == "printed":
        return e(p.get("form") or "")
    return ""


def applicant_block(received: dict[str, Any] | None) -> str:
    if not received:
        return ""
    a = (received.get("payload") or {}).get("applicant") or {}
    rows = [("Người nộp", a.get("name")), ("Số định danh", a.get("id_number")), ("Điện thoại", a.get("phone")),
            ("Thư điện tử", a.get("email")), ("Địa chỉ", a.get("address"))]  # fmt: skip
    items = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in rows if v)
    return f'<h2>Người nộp hồ sơ</h2><dl class="facts">{items}</dl>' if items else ""


def dossier(view: dict[str, Any], events: list[dict[str, Any]], field_name: str | None, user: User, csrf: str,
            *, actions: str = "", message: str = "", message_kind: str = "info", agency_name: str | None = None,
            procedure_name: str | None = None) -> str:  # fmt: skip
    received = next((ev for ev in events if ev["kind"] == "received"), None)
    facts = [
        ("Mã hồ sơ", e(view["code"])),
        ("Trạng thái", f"{e(view['status'])} · {e(lifecycle.status_label(view['status']))}"),
        ("Cơ quan tiếp nhận", (f'<a href="/console/agency/{e(view["agency_code"])}">{e(agency_name or view["agency_code"])}</a>'
                               if user.role != "officer" else e(agency_name or view["agency_code"]))
         + (f" <span class=muted>{e(view['agency_code'])}</span>" if agency_name else "")),
        ("Thủ tục", e(view.get("procedure_code")) + (f" · {e(procedure_name)}" if procedure_name else "")),
        ("Lĩnh vực", e(field_name or view.get("field_code") or "")),
        ("Kênh", e(CHANNELS.get(view.get("channel"), ""))),
        ("Tiếp nhận", when(view.get("received_at"))),
        ("Hẹn trả", when(view.get("due_at"))
         + (f" <span class=muted>(hẹn ban đầu {when(view.get('original_due_at'))})</span>"
            if view.get("original_due_at") and view.get("original_due_at") != view.get("due_at") else "")),
        ("Đang ở", e(view.get("holder") or "Bộ phận tiếp nhận")),
    ]  # fmt: skip
    if view.get("result_at"):
        facts.append(("Có kết quả", when(view["result_at"])))
    if view.get("closed_at"):
        facts.append(("Kết thúc", when(view["closed_at"])))
    dl = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts)
    timeline = "".join(
        f"<tr><td>{when(ev.get('device_time'))}</td><td>{e(lifecycle.label(ev['kind']))}</td><td>{e(ev['actor'])}</td>"
        f"<td>{event_detail(ev['kind'], ev['payload'])}</td></tr>"
        for ev in events
        if ev["kind"] != "printed"
    )
    note = "" if user.sees_personal_data or user.role == "officer" else (
        '<p class="muted">Thông tin cá nhân của người nộp được che theo quyền của tài khoản.</p>')  # fmt: skip
    body = f"""
<h1>Hồ sơ {e(view["code"])}</h1>
{flash(message, message_kind)}
<dl class="facts">{dl}</dl>
{applicant_block(received)}{note}
{actions}
<h2>Quá trình xử lý</h2>
<div class="scroll"><table><thead><tr><th>Thời điểm</th><th>Việc</th><th>Người thực hiện</th><th>Chi tiết</th></tr></thead>
<tbody>{timeline}</tbody></table></div>"""
    return layout(
        f"Hồ sơ {view['code']}", body, user=user, csrf=csrf, active="queue" if user.role == "officer" else "overview"
    )


def officer_actions(code: str, csrf: str, status: int, held: bool, accepted: str | None, step_due: str | None,
                    unit_name: str) -> str:  # fmt: skip
    if not held:
        return (f'<p class="flash info">Hồ sơ này hiện không ở {e(unit_name)}: đơn vị chỉ xử lý hồ sơ được giao cho '
                "mình.</p>")  # fmt: skip
    base = f"/console/queue/{e(code)}"
    due = f"Hạn của bước này: <b>{when(step_due)}</b>." if step_due else "Bước này không ghi hạn riêng."
    if accepted:
        due += f" Đã nhận hồ sơ lúc {when(accepted)}."
    parts = [f'<h2>Xử lý tại {e(unit_name)}</h2><p>{due}</p><div class="actions">']
    if not accepted:
        parts.append(f"""<form method="post" action="{base}/accept" class="card">{csrf_field(csrf)}
  <p><b>Nhận hồ sơ</b>: xác nhận đơn vị đã nhận hồ sơ được giao.</p><button type="submit">Nhận hồ sơ</button></form>""")
    if status in (2, 4):
        parts.append(f"""<form method="post" action="{base}/result" class="card">{csrf_field(csrf)}
  <p><b>Ghi kết quả</b>: hồ sơ đã giải quyết xong, kết quả chuyển về bộ phận một cửa để trả.</p>
  <label>Kết quả<input name="result" maxlength="1000" placeholder="ví dụ: Giấy chứng nhận số 123/GCN"></label>
  <p><button type="submit">Ghi kết quả</button></p></form>""")
        parts.append(f"""<form method="post" action="{base}/supplement" class="card">{csrf_field(csrf)}
  <p><b>Yêu cầu bổ sung</b>: thời gian chờ công dân bổ sung không tính vào hạn.</p>
  <label>Cần bổ sung (mỗi dòng một giấy tờ)<textarea name="items" required maxlength="5000"></textarea></label>
  <label>Lý do<input name="reason" required maxlength="1000"></label>
  <p><button type="submit">Gửi yêu cầu bổ sung</button></p></form>""")
        parts.append(f"""<form method="post" action="{base}/return" class="card" data-confirm="Trả hồ sơ về bộ phận một cửa?">{csrf_field(csrf)}
  <p><b>Trả về bộ phận một cửa</b>: hồ sơ không thuộc đơn vị, hoặc cần bộ phận một cửa xử lý tiếp.</p>
  <label>Lý do<input name="reason" required maxlength="1000"></label>
  <p><button type="submit" class="secondary">Trả hồ sơ</button></p></form>""")
    parts.append("</div>")
    return "".join(parts)


# -- a processing unit's queue -----------------------------------------------------------------------------------


def queue(unit: dict[str, Any] | None, items: list[dict[str, Any]], now: dt.datetime, user: User, csrf: str,
          message: str = "", kind: str = "info", procedures: dict[str, str] | None = None) -> str:  # fmt: skip
    if unit is None:
        body = (f"<h1>Hồ sơ được giao</h1>{flash(message, kind)}"
                + flash("Tài khoản này chưa gắn với đơn vị xử lý nào còn hiệu lực. Liên hệ quản trị viên tỉnh.", "error"))  # fmt: skip
        return layout("Hồ sơ được giao", body, user=user, csrf=csrf, active="queue")
    rows = []
    for it in items:
        label, cls = TIMELINESS.get(it.get("step_timeliness") or "", ("—", "muted"))
        if it.get("step_timeliness") in ("early", "on_time"):
            label, cls = "Trong hạn", "ok"
        accepted = it.get("accepted_at")
        status = "" if it["status"] == 4 else f'<br><span class="pill warn">{e(it["status_label"])}</span>'
        rows.append(
            f'<tr><td class="code"><a href="/console/dossier/{e(it["code"])}">{e(it["code"])}</a>{status}</td>'
            f"{proc_cell(it.get('procedure_code'), procedures or {})}"
            f'<td><span class="nowrap">{when(it.get("handed_at"))}</span><br><span class="muted">{e(it.get("from_unit") or "")}</span></td>'
            f'<td class="when">{when(it.get("step_due_at")) or "—"}<br><span class="pill {cls}">{e(label)}</span></td>'
            f'<td class="when">{when(it.get("due_at"))}</td>'
            f"<td>{('<span class=ok>Đã nhận</span><br><span class=muted>' + when(accepted) + '</span>') if accepted else '<span class=warn>Chưa nhận</span>'}</td>"
            f'<td class="act">{"" if accepted else _accept_button(it["code"], csrf)}'
            f'<a class="button" href="/console/dossier/{e(it["code"])}">Xử lý</a></td></tr>'
        )
    table = (
        '<div class="scroll"><table><thead><tr><th>Mã hồ sơ</th><th>Thủ tục</th><th>Giao lúc, bên giao</th>'
        "<th>Hạn của bước</th><th>Hẹn trả công dân</th><th>Nhận</th><th></th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        if rows
        else '<p class="muted">Không có hồ sơ nào đang được giao cho đơn vị.</p>'
    )
    late = sum(1 for it in items if it.get("step_timeliness") == "late")
    body = f"""
<h1>Hồ sơ được giao cho {e(unit["name"])}</h1>
<p class="sub">{n(len(items))} hồ sơ đang ở đơn vị, {n(late)} quá hạn bước · lúc {now:%H:%M} ngày {now:%d/%m/%Y}.
Kết quả, yêu cầu bổ sung và hồ sơ trả về đến bàn tiếp nhận ở lần đồng bộ sau. Danh sách này cũng có qua API:
<code>GET /v1/processing/handovers</code>.</p>
{flash(message, kind)}
{table}"""
    return layout("Hồ sơ được giao", body, user=user, csrf=csrf, active="queue", refresh=120)


def _accept_button(code: str, csrf: str) -> str:
    return (f'<form method="post" action="/console/queue/{e(code)}/accept" class="inline">{csrf_field(csrf)}'
            '<button type="submit" class="secondary">Nhận</button></form> ')  # fmt: skip


# -- devices and enrolment ---------------------------------------------------------------------------------------

KINDS = {"desk": "Bàn tiếp nhận", "processor": "Đơn vị xử lý", "publisher": "Đơn vị phát hành"}


def devices(rows: list[dict[str, Any]], codes: list[dict[str, Any]], now: dt.datetime, user: User, csrf: str,
            message: str = "", kind: str = "info") -> str:  # fmt: skip
    items = []
    for r in rows:
        seen, cls = ago(r.get("last_seen_at"), now) if r["kind"] == "desk" else ("", "")
        state = (
            f'<span class="pill bad">Thu hồi {when(r["revoked_at"])}</span>'
            if r["revoked_at"]
            else '<span class="pill ok">Hoạt động</span>'
        )
        revoke = (
            "" if r["revoked_at"] else
            f'<form method="post" action="/console/devices/{e(r["id"])}/revoke" class="inline" '
            f'data-confirm="Thu hồi vĩnh viễn chứng danh của «{e(r["name"])}»? Máy này sẽ không đồng bộ được nữa.">'
            f'{csrf_field(csrf)}<button type="submit" class="danger">Thu hồi</button></form>'
        )  # fmt: skip
        items.append(
            f"<tr><td>{e(r['agency_code'])}</td><td>{e(KINDS.get(r['kind'], r['kind']))}</td><td>{e(r['slot'] or '')}</td>"
            f"<td>{e(r['name'])}<br><span class=muted>{e(r['id'])}</span></td><td>{when(r['created_at'])}</td>"
            f'<td class="{cls}">{e(seen)}</td><td>{state}</td><td>{revoke}</td></tr>'
        )
    code_rows = "".join(
        f"<tr><td>{e(c['agency_code'])}</td><td>{e(c['slot'])}</td><td>{e(c.get('label') or '')}</td>"
        f"<td>{when(c['created_at'])}</td><td>{when(c['expires_at'])}</td>"
        f"<td>{('Đã dùng ' + when(c['used_at'])) if c.get('used_at') else 'Chưa dùng'}</td></tr>"
        for c in codes
    )
    body = f"""
<h1>Máy và đăng ký</h1>
{message}
<form method="post" action="/console/devices/enrol-code" class="card">{csrf_field(csrf)}
  <p><b>Cấp mã đăng ký cho một bàn tiếp nhận</b> — mã dùng một lần, cho đúng cơ quan và số hiệu bàn.</p>
  <div class="row">
    <label>Mã cơ quan<input name="agency" required maxlength="48" placeholder="000.00.12.H62"></label>
    <label>Số hiệu bàn (1–9)<input name="slot" type="number" min="1" max="9" required value="1"></label>
    <label>Ghi chú (tên máy)<input name="label" maxlength="200" placeholder="Máy quầy 1"></label>
    <label>Hiệu lực (ngày)<input name="days" type="number" min="1" max="90" value="7"></label>
    <button type="submit">Cấp mã</button>
  </div>
</form>
<h2>Các máy đã đăng ký</h2>
<div class="scroll"><table><thead><tr><th>Cơ quan</th><th>Loại</th><th>Bàn</th><th>Tên / mã máy</th><th>Đăng ký</th>
<th>Liên lạc lần cuối</th><th>Tình trạng</th><th></th></tr></thead><tbody>{"".join(items)}</tbody></table></div>
<h2>Mã đăng ký đã cấp (50 mã gần nhất)</h2>
<div class="scroll"><table><thead><tr><th>Cơ quan</th><th>Bàn</th><th>Ghi chú</th><th>Cấp lúc</th><th>Hết hạn</th>
<th>Đã dùng</th></tr></thead><tbody>{code_rows}</tbody></table></div>"""
    return layout("Máy và đăng ký", body, user=user, csrf=csrf, active="devices")


def bundles(rows: list[dict[str, Any]], desks: list[dict[str, Any]], now: dt.datetime, user: User, csrf: str,
            message: str = "") -> str:  # fmt: skip
    items = "".join(
        f"<tr><td>{e(r['id'])}</td><td>{'Danh mục' if r['kind'] == 'catalog' else 'Lịch làm việc'}</td>"
        f"<td>{e(r.get('label') or '')}</td><td>{e(r.get('agency_code') or 'Mọi cơ quan')}</td>"
        f'<td class="num">{n(r["size"])}</td><td>{e(r.get("key_id") or "")}</td><td>{when(r["created_at"])}</td></tr>'
        for r in rows
    )
    body = f"""
<h1>Danh mục thủ tục và lịch làm việc</h1>
{message}
<form method="post" action="/console/bundles" enctype="multipart/form-data" class="card">{csrf_field(csrf)}
  <p><b>Phát hành bộ dữ liệu đã ký số</b> (tệp <code>.signed.json</code> do <code>desk-publish sign</code> tạo, ký bằng
  khóa đã đăng ký trên máy chủ). Máy chủ từ chối tệp chưa ký hoặc ký bằng khóa lạ.</p>
  <div class="row">
    <label>Tệp đã ký<input name="file" type="file" accept=".json,application/json" required></label>
    <label>Loại<select name="kind"><option value="catalog">Danh mục thủ tục</option>
      <option value="calendar">Lịch làm việc</option></select></label>
    <label>Chỉ cho cơ quan (để trống: mọi cơ quan)<input name="agency" maxlength="48" placeholder="000.00.12.H62"></label>
    <button type="submit">Phát hành</button>
  </div>
</form>
<h2>Các bộ dữ liệu đã phát hành</h2>
<div class="scroll"><table><thead><tr><th>Số</th><th>Loại</th><th>Tên</th><th>Cho</th><th class="num">Dung lượng (byte)</th>
<th>Khóa ký</th><th>Phát hành lúc</th></tr></thead><tbody>{items}</tbody></table></div>
<h2>Bàn nào đang dùng phiên bản nào</h2>
{desks_table(desks, now)}"""
    return layout("Danh mục, lịch", body, user=user, csrf=csrf, active="bundles")


# -- the report ------------------------------------------------------------------------------------------------


def _report_rows(rows: Iterable[ReportRow], *, stt: bool = True) -> str:
    return "".join(
        f"<tr><td>{e(r.stt if stt and r.stt is not None else '')}</td><td>{e(r.field_name)}</td>"
        + "".join(f'<td class="num">{n(v)}</td>' for v in r.numbers())
        + "</tr>"
        for r in rows
    )


REPORT_HEAD = (
    "<tr><th rowspan=2>STT</th><th rowspan=2>Lĩnh vực</th><th colspan=4>Số hồ sơ nhận giải quyết</th>"
    "<th colspan=4>Đã giải quyết</th><th colspan=3>Đang giải quyết</th></tr>"
    '<tr><th class="num">Tổng số</th><th class="num">Trực tuyến</th><th class="num">Trực tiếp, bưu chính</th>'
    '<th class="num">Kỳ trước chuyển qua</th><th class="num">Tổng số</th><th class="num">Trước hạn</th>'
    '<th class="num">Đúng hạn</th><th class="num">Quá hạn</th><th class="num">Tổng số</th>'
    '<th class="num">Trong hạn</th><th class="num">Quá hạn</th></tr>'
)


def report(made: ProvinceReport | None, form: dict[str, str], agencies: list[tuple[str, str]], user: User, csrf: str,
           message: str = "") -> str:  # fmt: skip
    options = "".join(
        f'<option value="{e(c)}" {"selected" if form.get("agency") == c else ""}>{e(name)}</option>'
        for c, name in agencies
    )
    pick = (f'<label>Cơ quan<select name="agency"><option value="">Tất cả cơ quan</option>{options}</select></label>'
            if user.is_admin else "")  # fmt: skip
    rule = form.get("rule") or "on_time"
    form_html = f"""<form method="get" action="/console/report" class="card row">
  <label>Từ ngày<input name="from" required maxlength="10" placeholder="ngày/tháng/năm" value="{e(dmy(form.get("from")))}"></label>
  <label>Đến ngày<input name="to" required maxlength="10" placeholder="ngày/tháng/năm" value="{e(dmy(form.get("to")))}"></label>
  {pick}
  <label>Hồ sơ từ chối, rút, dừng<select name="rule">
    <option value="on_time" {"selected" if rule == "on_time" else ""}>tính là đúng hạn (cột 7, 9)</option>
    <option value="separate" {"selected" if rule == "separate" else ""}>ghi riêng</option></select></label>
  <button type="submit">Lập báo cáo</button></form>"""
    body = f"<h1>Báo cáo Biểu II.06a/VPCP/KSTT</h1>{message}{form_html}"
    if made is not None:
        o = made.overall
        query = urlencode({k: v for k, v in form.items() if v})
        per_agency = "".join(
            f'<tr class="group"><td>{e(_roman(i))}</td><td>{e(a.reporting_unit)}'
            f"{'' if a.reporting_unit == a.agency_code else ' (' + e(a.agency_code) + ')'}</td>"
            + "".join(f'<td class="num">{n(v)}</td>' for v in a.total.numbers())
            + "</tr>"
            + _report_rows(r for r in a.rows if not r.is_empty())
            for i, a in enumerate(made.agencies, start=1)
        )
        numbers = "<tr>" + "".join(f'<th class="num muted">{e(x)}</th>' for x in NUMBER_ROW) + "</tr>"
        body += f"""
<p class="sub">{e(o.period_label)} ({e(o.period_range)}) · {n(len(made.agencies))} cơ quan ·
lập lúc {o.generated_at:%H:%M} ngày {o.generated_at:%d/%m/%Y}</p>
<p><a href="/console/report.xlsx?{e(query)}">Tải bảng tính .xlsx</a> · <a href="/console/report.pdf?{e(query)}">Tải bản in
.pdf (có biểu đồ)</a> <span class="muted">— mỗi lần tải được ghi vào nhật ký truy cập.</span></p>
<h2>{"Toàn tỉnh, theo lĩnh vực" if user.is_admin and not form.get("agency") else "Theo lĩnh vực"}</h2>
<div class="scroll"><table><thead>{REPORT_HEAD}{numbers}</thead><tbody>{_report_rows(o.rows)}
<tr class="total"><td></td><td>Tổng cộng</td>{"".join(f'<td class="num">{n(v)}</td>' for v in o.total.numbers())}</tr>
</tbody></table></div>
<h2>Theo cơ quan</h2>
<div class="scroll"><table><thead>{REPORT_HEAD.replace("<th rowspan=2>Lĩnh vực</th>", "<th rowspan=2>Cơ quan / lĩnh vực</th>")}</thead><tbody>{per_agency}
<tr class="total"><td></td><td>Tổng cộng</td>{"".join(f'<td class="num">{n(v)}</td>' for v in o.total.numbers())}</tr>
</tbody></table></div>
<h2>Ghi chú</h2><ul>{"".join(f"<li>{e(x)}</li>" for x in o.notes)}</ul>"""
    return layout("Báo cáo II.06a", body, user=user, csrf=csrf, active="report")


def _roman(i: int) -> str:
    from desk.report import roman

    return roman(i)


# -- the access log, accounts -------------------------------------------------------------------------------------

ACTIONS = {"view_dossier": "Xem hồ sơ", "search": "Tìm kiếm", "export_report": "Xuất báo cáo",
           "view_report": "Xem báo cáo", "record": "Ghi xử lý"}  # fmt: skip


def access_log(rows: list[dict[str, Any]], user: User, csrf: str) -> str:
    items = "".join(
        f"<tr><td>{when(r['at'], seconds=True)}</td><td>{e(r['username'])}</td><td>{e(ACTIONS.get(r['action'], r['action']))}</td>"
        f"<td>{e(r.get('target') or '')}</td><td>{e(r.get('detail') or '')}</td><td>{e(r.get('address') or '')}</td></tr>"
        for r in rows
    )
    body = f"""
<h1>Nhật ký truy cập dữ liệu cá nhân</h1>
<p class="sub">Mỗi lần xem hồ sơ, tìm kiếm và xuất báo cáo trên bảng điều khiển: ai, lúc nào, xem gì (200 dòng gần nhất).</p>
<div class="scroll"><table><thead><tr><th>Thời điểm</th><th>Tài khoản</th><th>Việc</th><th>Đối tượng</th><th>Chi tiết</th>
<th>Địa chỉ máy</th></tr></thead><tbody>{items or "<tr><td colspan=6 class=muted>Chưa có truy cập nào.</td></tr>"}</tbody></table></div>"""
    return layout("Nhật ký truy cập", body, user=user, csrf=csrf, active="access")


def accounts(rows: list[dict[str, Any]], user: User, csrf: str) -> str:
    items = "".join(
        f"<tr><td>{e(r['username'])}</td><td>{e(r['full_name'])}</td><td>{e(ROLES.get(r['role'], r['role']))}</td>"
        f"<td>{e(r.get('agency_code') or '')}</td><td>{e(r.get('unit') or '')}</td><td>{when(r['created_at'])}</td>"
        f"<td>{'<span class=bad>Đã khóa</span>' if r.get('disabled_at') else 'Hoạt động'}</td></tr>"
        for r in rows
    )
    body = f"""
<h1>Tài khoản bảng điều khiển</h1>
<p class="sub">Tạo, khóa tài khoản và cấp lại mã xác thực trên máy chủ bằng lệnh
<code>desk-server console-admin add|disable|reset-totp</code> (mã TOTP chỉ in ra một lần).</p>
<div class="scroll"><table><thead><tr><th>Tên đăng nhập</th><th>Họ và tên</th><th>Vai trò</th><th>Cơ quan</th>
<th>Đơn vị xử lý</th><th>Tạo lúc</th><th>Tình trạng</th></tr></thead><tbody>{items}</tbody></table></div>"""
    return layout("Tài khoản", body, user=user, csrf=csrf, active="accounts")


def secret_box(text: str, code: str) -> str:
    return (f'<div class="flash secret" role="status">{e(text)} <code class="big">{e(code)}</code> '
            f'<button type="button" class="secondary" data-copy="{e(code)}">Chép</button></div>')  # fmt: skip
