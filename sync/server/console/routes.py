"""The web console at /console/: server-rendered pages, one small script of our own, no CDN.

Every page needs a signed-in session (an HttpOnly, SameSite=Strict cookie; Secure over HTTPS), every form a CSRF
token bound to the session (the sign-in form one bound to a pre-session cookie), and every answer carries a strict
Content-Security-Policy. A refusal is a page in Vietnamese that says what is wrong and never repeats the input.
Database work runs in the thread pool, as the API's does.
"""

from __future__ import annotations

import email.parser
import email.policy
import hmac
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from desk import lifecycle
from desk.errors import InvalidInput
from desk.ids import uuid7
from sync import protocol as p
from sync.server import storage as s
from sync.server.common import (
    Conflict,
    Device,
    Forbidden,
    Missing,
    Refusal,
    Throttled,
    Unauthorized,
    device_of,
    server_event,
)
from sync.server.console import pages
from sync.server.console import queries as q
from sync.server.console.auth import USERNAME, Accounts, User
from sync.server.limits import retry_after
from sync.server.processing import private_view
from sync.server.reporting import (
    agency_names,
    field_catalog,
    known_agencies,
    procedure_names,
    province_report,
    province_series,
)

# A page to go on to after signing in: a console path, and at most a plain query string.
_NEXT = re.compile(r"/console/[A-Za-z0-9/_.-]{0,200}(\?[A-Za-z0-9_.=&%-]{0,200})?")

STATIC = Path(__file__).parent / "static"
COOKIE = "motcua_console"
PRE_COOKIE = "motcua_console_pre"
FORM_FIELDS_MAX = 50
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
READERS = ("admin", "lead", "viewer")
DONE = {
    "accept": "Đã ghi nhận đơn vị nhận hồ sơ.",
    "result": "Đã ghi kết quả: hồ sơ chuyển về bộ phận một cửa để trả cho công dân.",
    "supplement": "Đã gửi yêu cầu bổ sung: bàn tiếp nhận nhận được ở lần đồng bộ sau.",
    "return": "Đã trả hồ sơ về bộ phận một cửa.",
}


@dataclass
class Ctx:
    """One request of a signed-in user."""

    user: User
    csrf: str
    token: str
    address: str
    request: Request
    form: dict[str, str]
    files: dict[str, bytes]


class Page(Exception):
    """A finished answer raised from inside a handler (a redirect, a page with its status)."""

    def __init__(self, response: Response):
        self.response = response


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


def _headers(response: Response) -> Response:
    for k, v in SECURITY_HEADERS.items():
        response.headers.setdefault(k, v)
    return response


def _html(text: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return _headers(HTMLResponse(text, status, headers=headers))


def _redirect(url: str) -> Response:
    return _headers(RedirectResponse(url, 303))


def _parse_form(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, bytes]]:
    """(fields, files) of a urlencoded or multipart body (bounded in size by the envelope, in fields here)."""
    if content_type.startswith("multipart/form-data"):
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
        )
        fields: dict[str, str] = {}
        files: dict[str, bytes] = {}
        for i, part in enumerate(msg.iter_parts() if msg.is_multipart() else ()):
            if i >= FORM_FIELDS_MAX:
                break
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str):
                continue
            payload = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                files[name] = payload
            else:
                fields[name] = payload.decode("utf-8", "replace")
        return fields, files
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("Dữ liệu gửi lên không phải UTF-8.") from None
    pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=FORM_FIELDS_MAX)
    return dict(pairs), {}


def mount(app: FastAPI, server) -> None:
    """Add the console's routes to the server's application."""
    limits = server.limits
    accounts = Accounts(
        server.storage,
        clock=server.now,
        per_address=limits.enrol_failures_per_address,
        per_user=limits.enrol_failures_per_code,
        window_s=limits.enrol_window_s,
        lockout_s=limits.enrol_lockout_s,
    )
    app.state.console = accounts
    router = APIRouter(prefix="/console", include_in_schema=False)

    def address(request: Request) -> str:
        return request.client.host if request.client else "?"

    def error(ctx_user: User | None, csrf: str, exc: Exception) -> Response:
        if isinstance(exc, Refusal):
            status, message = exc.status, exc.detail
        elif isinstance(exc, InvalidInput):
            status, message = 422, " ".join(exc.errors) if len(exc.errors) > 1 else exc.message
        else:
            raise exc
        headers = {"Retry-After": str(retry_after(exc.retry_after))} if isinstance(exc, Throttled) else None
        return _html(pages.error_page(ctx_user, csrf, status, message), status, headers)

    def handler(roles: tuple[str, ...] | None, fn: Callable[[Ctx], Response | str], *, files: bool = False):
        async def endpoint(request: Request) -> Response:
            token = request.cookies.get(COOKIE)
            found = await run_in_threadpool(accounts.session, token)
            if found is None:
                if request.method == "GET":
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return _redirect("/console/login?" + urlencode({"next": target}))
                return _html(pages.error_page(None, "", 401, "Phiên làm việc đã hết hạn: đăng nhập lại."), 401)
            user, csrf = found
            form: dict[str, str] = {}
            uploads: dict[str, bytes] = {}
            if request.method == "POST":
                try:
                    form, uploads = _parse_form(await request.body(), request.headers.get("content-type", ""))
                except (InvalidInput, ValueError):
                    return _html(pages.error_page(user, csrf, 400, "Dữ liệu gửi lên không đọc được."), 400)
                if not hmac.compare_digest(form.get("csrf", ""), csrf):
                    return _html(
                        pages.error_page(
                            user,
                            csrf,
                            403,
                            "Biểu mẫu đã cũ hoặc không gửi từ bảng điều khiển: tải lại trang rồi làm lại.",
                        ),
                        403,
                    )
            if roles is not None and user.role not in roles:
                return error(user, csrf, Forbidden(f"Trang hoặc thao tác này không dành cho tài khoản "
                                                   f"{user.role_label.lower()}."))  # fmt: skip
            ctx = Ctx(user, csrf, token or "", address(request), request, form, uploads if files else {})
            try:
                out = await run_in_threadpool(fn, ctx)
            except Page as page:
                return _headers(page.response)
            except (Refusal, InvalidInput) as exc:
                return error(user, csrf, exc)
            return out if isinstance(out, Response) else _html(out)

        return endpoint

    def route(path: str, method: str, roles: tuple[str, ...] | None, fn, **kw) -> None:
        router.add_api_route(path, handler(roles, fn, **kw), methods=[method], response_class=HTMLResponse)

    # -- static files and signing in ----------------------------------------------------------------------------

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        kinds = {"console.css": "text/css; charset=utf-8", "console.js": "text/javascript; charset=utf-8"}
        if name not in kinds:
            raise Missing("Không có tệp này.")
        return _headers(
            Response((STATIC / name).read_bytes(), media_type=kinds[name], headers={"Cache-Control": "max-age=3600"})
        )

    def _login_page(request: Request, message: str | None = None, status: int = 200, username: str = "",
                    headers: dict[str, str] | None = None) -> Response:  # fmt: skip
        pre = secrets.token_urlsafe(24)
        # What the page gives back of the request is only what cannot carry anything: an account name that is one,
        # and a console path to go on to. Anything else is dropped, never reflected.
        target = request.query_params.get("next", "")
        target = target if _NEXT.fullmatch(target) and "/../" not in target else ""
        username = username if USERNAME.fullmatch(username) else ""
        response = _html(pages.login(pre, message, username, target), status, headers)
        response.set_cookie(PRE_COOKIE, pre, max_age=3600, path="/console/", httponly=True, samesite="strict",
                            secure=_secure(request))  # fmt: skip
        return response

    @router.get("/login")
    async def login_form(request: Request) -> Response:
        if await run_in_threadpool(accounts.session, request.cookies.get(COOKIE)):
            return _redirect("/console/")
        return _login_page(request)

    @router.post("/login")
    async def login(request: Request) -> Response:
        try:
            form, _ = _parse_form(await request.body(), request.headers.get("content-type", ""))
        except (InvalidInput, ValueError):
            return _login_page(request, "Dữ liệu đăng nhập không đọc được.", 400)
        pre = request.cookies.get(PRE_COOKIE, "")
        if not pre or not hmac.compare_digest(form.get("csrf", ""), pre):
            return _login_page(request, "Trang đăng nhập đã cũ: nhập lại rồi bấm Đăng nhập.", 403)
        username = form.get("username", "")[:64].strip().lower()
        try:
            user, token, _csrf = await run_in_threadpool(
                accounts.sign_in, username, form.get("password", "")[:200], form.get("code", "")[:10],
                address=address(request),
            )  # fmt: skip
        except Throttled as exc:
            return _login_page(request, exc.detail, 429, username, {"Retry-After": str(retry_after(exc.retry_after))})
        except Unauthorized as exc:
            return _login_page(request, exc.detail, 401, username)
        target = form.get("next") or request.query_params.get("next") or ""
        if not _NEXT.fullmatch(target) or "/../" in target:
            target = "/console/queue" if user.role == "officer" else "/console/"
        response = _redirect(target)
        response.set_cookie(COOKIE, token, path="/console/", httponly=True, samesite="strict", secure=_secure(request))
        response.delete_cookie(PRE_COOKIE, path="/console/")
        return response

    def logout(ctx: Ctx) -> Response:
        accounts.sign_out(ctx.token)
        response = _redirect("/console/login")
        response.delete_cookie(COOKIE, path="/console/")
        return response

    route("/logout", "POST", None, logout)

    # -- reading --------------------------------------------------------------------------------------------------

    def scope(user: User) -> list[str] | None:
        return None if user.is_admin else [user.agency_code or ""]

    def overview(ctx: Ctx) -> Response | str:
        if ctx.user.role == "officer":
            raise Page(_redirect("/console/queue"))
        if ctx.user.role not in READERS:
            raise Forbidden("Tài khoản này không xem được tổng quan.")
        now = server.now()
        with server.storage.read(replica=True) as conn:
            data = q.overview(conn, scope(ctx.user), now)
        return pages.overview(data, ctx.user, ctx.csrf)

    route("/", "GET", None, overview)

    def agency(ctx: Ctx) -> str:
        code = ctx.request.path_params["code"]
        if not ctx.user.sees_agency(code):
            raise Forbidden("Tài khoản này chỉ xem được cơ quan của mình.")
        now = server.now()
        with server.storage.read(replica=True) as conn:
            counts = q.agency_counts(conn, [code], now).get(code, dict.fromkeys(q.GROUPS, 0))
            lists = q.agency_lists(conn, code, now)
            desks = q.desks(conn, [code])
            names, _ = field_catalog(conn)
            procedures = procedure_names(conn)
            name = agency_names(conn).get(code)
            if not any(counts.values()) and not desks and code not in known_agencies(conn):
                raise Missing("Máy chủ chưa biết cơ quan có mã này.")
        return pages.agency(code, name, counts, lists, desks, names, now, ctx.user, ctx.csrf, procedures)

    route("/agency/{code}", "GET", READERS, agency)

    def rename(ctx: Ctx) -> Response:
        code = ctx.request.path_params["code"]
        name = " ".join(ctx.form.get("name", "").split())
        if not name or len(name) > 200:
            raise InvalidInput("Tên cơ quan: bắt buộc, tối đa 200 ký tự.")
        name = unicodedata.normalize("NFC", name)
        with server.storage.write() as conn:
            if conn.execute(s.agencies.select().where(s.agencies.c.code == code)).first():
                conn.execute(s.agencies.update().where(s.agencies.c.code == code).values(name=name))
            else:
                conn.execute(s.agencies.insert().values(code=code, name=name))
        return _redirect(f"/console/agency/{quote(code)}")

    route("/agency/{code}/name", "POST", ("admin",), rename)

    def search(ctx: Ctx) -> str:
        query = ctx.request.query_params.get("q", "")[:80]
        with server.storage.read(replica=True) as conn:
            rows = q.search_codes(conn, scope(ctx.user), query)
        accounts.log(ctx.user, "search", None, f"mã hồ sơ «{query.strip()}», {len(rows)} kết quả", address=ctx.address)
        return pages.search_results(query, rows, ctx.user, ctx.csrf)

    route("/search", "GET", READERS, search)

    def unit_of(ctx: Ctx, conn) -> dict[str, Any] | None:
        return q.unit_device(conn, ctx.user.unit) if ctx.user.role == "officer" else None

    def dossier(ctx: Ctx) -> str:
        code = ctx.request.path_params["code"]
        now = server.now()
        with server.storage.read() as conn:
            row = q.dossier_row(conn, code)
            unit = unit_of(ctx, conn)
            allowed = row is not None and (
                ctx.user.sees_agency(row["agency_code"])
                or (unit is not None and row["agency_code"] == unit["agency_code"]
                    and (row["holder"] == unit["name"] or q.handover(conn, row["uid"], unit["name"]) is not None))
            )  # fmt: skip
            if not allowed:  # one answer whether it exists elsewhere or not
                raise Missing("Không có hồ sơ mang mã này trong phạm vi tài khoản được xem.")
            events = q.dossier_events(conn, row["uid"])
            names, _ = field_catalog(conn)
            procedure = procedure_names(conn).get(row["procedure_code"] or "")
            agency_name = agency_names(conn).get(row["agency_code"])
            items = q.queue(conn, unit, now) if unit else []
        role = "full" if ctx.user.sees_personal_data else (unit["role"] if unit else "contact")
        shown = [private_view(server_event(ev), role) for ev in events]
        accounts.log(ctx.user, "view_dossier", code, "đầy đủ" if role == "full" else "che thông tin cá nhân",
                     address=ctx.address)  # fmt: skip
        actions = ""
        if unit is not None:
            item = next((it for it in items if it["code"] == code), None)
            actions = pages.officer_actions(code, ctx.csrf, row["status"], item is not None,
                                            item and item["accepted_at"], item and item["step_due_at"],
                                            unit["name"])  # fmt: skip
        done = DONE.get(ctx.request.query_params.get("done", ""), "")
        return pages.dossier(dict(row), shown, names.get(row["field_code"] or ""), ctx.user, ctx.csrf,
                             actions=actions, message=done, agency_name=agency_name, procedure_name=procedure)  # fmt: skip

    route("/dossier/{code}", "GET", None, dossier)

    # -- a processing unit's work --------------------------------------------------------------------------------

    def queue(ctx: Ctx) -> str:
        now = server.now()
        with server.storage.read() as conn:
            unit = unit_of(ctx, conn)
            items = q.queue(conn, unit, now) if unit else []
            procedures = procedure_names(conn)
        done = DONE.get(ctx.request.query_params.get("done", ""), "")
        return pages.queue(unit, items, now, ctx.user, ctx.csrf, done, procedures=procedures)

    route("/queue", "GET", ("officer",), queue)

    def act(ctx: Ctx) -> Response:
        code, action = ctx.request.path_params["code"], ctx.request.path_params["action"]
        if action not in DONE:
            raise Missing("Không có thao tác này.")
        with server.storage.read() as conn:
            unit = unit_of(ctx, conn)
            row = q.dossier_row(conn, code)
            if unit is None:
                raise Forbidden("Tài khoản này chưa gắn với đơn vị xử lý nào còn hiệu lực.")
            if row is None or row["agency_code"] != unit["agency_code"]:
                raise Missing("Không có hồ sơ mang mã này trong phạm vi đơn vị.")
            if row["holder"] != unit["name"] or row["status"] not in lifecycle.OPEN:
                raise Forbidden(f"Hồ sơ {code} không đang được giao cho {unit['name']}: đơn vị chỉ xử lý hồ sơ được giao "
                                "cho mình.")  # fmt: skip
            device: Device = device_of(conn.execute(_device_query(unit["id"])).mappings().first())
        actor = ctx.user.full_name
        f = ctx.form
        if action == "accept":
            kind, payload = "note", {"text": f"{unit['name']} đã nhận hồ sơ; cán bộ xử lý: {actor}."}
        elif action == "result":
            kind, payload = "result_ready", {"result": (f.get("result") or "").strip() or None}
        elif action == "supplement":
            items = [line.strip() for line in f.get("items", "").splitlines() if line.strip()]
            if not items or not f.get("reason", "").strip():
                raise InvalidInput(
                    "Yêu cầu bổ sung: ghi ít nhất một giấy tờ cần bổ sung (mỗi dòng một giấy tờ) và lý do."
                )
            kind, payload = "supplement_requested", {"items": items[:50], "reason": f["reason"].strip()}
        else:
            if not f.get("reason", "").strip():
                raise InvalidInput("Trả hồ sơ: ghi lý do để bộ phận một cửa biết cần làm gì tiếp.")
            kind, payload = "transferred", {"to_unit": "Bộ phận Một cửa", "from_unit": unit["name"],
                                            "from_person": actor, "note": f["reason"].strip()}  # fmt: skip
        event = {"id": uuid7(), "kind": kind, "code": code, "dossier_uid": None, "actor": actor, "payload": payload}
        try:
            checked = TypeAdapter(p.ProcessingEvent).validate_python(event).model_dump()
        except ValidationError as exc:
            raise InvalidInput(
                f"Nội dung chưa hợp lệ ({len(exc.errors())} lỗi): kiểm tra độ dài các ô đã nhập."
            ) from None
        (answer,) = server.record(device, [checked])
        if answer["status"] == "refused":
            raise Conflict(answer["reason"])
        accounts.log(ctx.user, "record", code, lifecycle.label(kind), address=ctx.address)
        target = "/console/queue" if action in ("return",) else f"/console/dossier/{quote(code)}"
        return _redirect(f"{target}?done={action}")

    route("/queue/{code}/{action}", "POST", ("officer",), act)

    # -- administration ----------------------------------------------------------------------------------------------

    def devices_page(ctx: Ctx, message: str = "") -> str:
        now = server.now()
        with server.storage.read() as conn:
            codes = q.enrol_codes(conn)
        return pages.devices(server.devices(), codes, now, ctx.user, ctx.csrf, message)

    route("/devices", "GET", ("admin",), devices_page)

    def enrol_code(ctx: Ctx) -> str:
        try:
            slot = int(ctx.form.get("slot", ""))
            days = float(ctx.form.get("days") or 7)
        except ValueError:
            raise InvalidInput("Số hiệu bàn và số ngày hiệu lực phải là số.") from None
        r = server.create_enrol_code(ctx.form.get("agency", ""), slot, label=ctx.form.get("label"), valid_days=days)
        text = (f"Mã đăng ký cho bàn số {r['slot']} của cơ quan {r['agency_code']}, dùng một lần, hết hạn "
                f"{pages.when(r['expires_at'])}. Chỉ hiện lần này:")  # fmt: skip
        return devices_page(ctx, pages.secret_box(text, r["code"]))

    route("/devices/enrol-code", "POST", ("admin",), enrol_code)

    def revoke(ctx: Ctx) -> str:
        r = server.revoke(ctx.request.path_params["device_id"])
        return devices_page(ctx, pages.flash(f"Đã thu hồi chứng danh của «{r['name']}».", "info"))

    route("/devices/{device_id}/revoke", "POST", ("admin",), revoke)

    def bundles_page(ctx: Ctx, message: str = "") -> str:
        now = server.now()
        with server.storage.read() as conn:
            rows = q.bundles(conn)
            desks = q.desks(conn, None)
        return pages.bundles(rows, desks, now, ctx.user, ctx.csrf, message)

    route("/bundles", "GET", ("admin",), bundles_page)

    def upload(ctx: Ctx) -> str:
        data = ctx.files.get("file")
        if not data:
            raise InvalidInput("Chọn tệp bộ dữ liệu đã ký số (.signed.json) để phát hành.")
        kind = ctx.form.get("kind", "catalog")
        agency = ctx.form.get("agency", "").strip() or None
        r = server.add_bundle(kind, data, agency_code=agency)
        what = "đã có từ trước (không phát hành lại)" if r.get("duplicate") else "đã phát hành"
        message = pages.flash(f"Bộ dữ liệu số {r['id']} «{r['label']}» {what} cho {r['agency_code'] or 'mọi cơ quan'}.")
        return bundles_page(ctx, message)

    route("/bundles", "POST", ("admin",), upload, files=True)

    # -- the report --------------------------------------------------------------------------------------------------

    def report_args(ctx: Ctx) -> tuple[dict[str, str], list[str] | None]:
        params = ctx.request.query_params
        today = server.now().date()
        form = {
            "from": _iso_day(params.get("from")) or today.replace(month=1, day=1).isoformat(),
            "to": _iso_day(params.get("to")) or today.isoformat(),
            "agency": params.get("agency", "") if ctx.user.is_admin else (ctx.user.agency_code or ""),
            "rule": params.get("rule") if params.get("rule") in ("on_time", "separate") else "on_time",
        }
        agencies = [form["agency"]] if form["agency"] else None
        return form, agencies

    def report(ctx: Ctx) -> str:
        form, agencies = report_args(ctx)
        with server.storage.read() as conn:
            names = agency_names(conn)
            choices = [(c, names.get(c, c)) for c in known_agencies(conn)]
        made = None
        message = ""
        if "from" in ctx.request.query_params:
            try:
                made = province_report(server.storage, form["from"], form["to"], agencies=agencies,
                                       closed_rule=form["rule"], now=server.now())  # fmt: skip
            except InvalidInput as exc:
                message = pages.flash(exc.message, "error")
        return pages.report(made, form, choices, ctx.user, ctx.csrf, message)

    route("/report", "GET", READERS, report)

    def export(kind: str):
        def run(ctx: Ctx) -> Response:
            from sync.server.cli import _render_report

            form, agencies = report_args(ctx)
            made = province_report(server.storage, form["from"], form["to"], agencies=agencies,
                                   closed_rule=form["rule"], now=server.now())  # fmt: skip
            series = None
            if kind == "pdf" and made.overall.date_from.year == made.overall.date_to.year:
                series = province_series(server.storage, made.overall.date_from.year, agencies=agencies,
                                         closed_rule=form["rule"])  # fmt: skip
            data = _render_report(made, kind, series)
            accounts.log(ctx.user, "export_report", f"II.06a.{kind}",
                         f"{pages.dmy(form['from'])} → {pages.dmy(form['to'])}, {form['agency'] or 'mọi cơ quan'}", address=ctx.address)  # fmt: skip
            name = f"bao-cao-II.06a-{form['from']}-{form['to']}.{kind}"
            media = ("application/pdf" if kind == "pdf"
                     else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
            return _headers(Response(data, media_type=media,
                                     headers={"Content-Disposition": f'attachment; filename="{name}"'}))  # fmt: skip

        return run

    route("/report.xlsx", "GET", READERS, export("xlsx"))
    route("/report.pdf", "GET", READERS, export("pdf"))

    def access(ctx: Ctx) -> str:
        return pages.access_log(accounts.access_log(), ctx.user, ctx.csrf)

    route("/access-log", "GET", ("admin",), access)

    def accounts_page(ctx: Ctx) -> str:
        return pages.accounts(accounts.users(), ctx.user, ctx.csrf)

    route("/accounts", "GET", ("admin",), accounts_page)

    @router.get("")
    def bare() -> Response:
        return _redirect("/console/")

    app.include_router(router)


def _iso_day(value: str | None) -> str | None:
    """A day typed as dd/mm/yyyy (or d/m/yyyy), or as yyyy-mm-dd, in ISO form; other text is kept for the report to
    refuse with its own message."""
    value = (value or "").strip()[:10]
    m = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", value)
    if m:
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    return value or None


def _device_query(device_id: str):
    return select(s.devices).where(s.devices.c.id == device_id)
