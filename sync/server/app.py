"""The reference server's HTTP API (FastAPI): protocol v1, documented by its own OpenAPI schema.

Desks authenticate with the credential they got at enrolment, processing units with theirs (``Authorization:
Bearer …``). Every answer carries the server's time (in the body, and in the ``X-Server-Time`` header even for
refusals), from which desks measure their clock offset.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Depends, FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from desk.errors import InvalidInput
from sync import protocol as p
from sync.server import epochs
from sync.server.common import EpochChanged, Throttled, Unprocessable
from sync.server.docs import DOCS_HTML
from sync.server.exchange import check_kind
from sync.server.limits import retry_after
from sync.server.service import VERSION, Device, Refusal, Server

log = logging.getLogger("desk.server")

bearer = HTTPBearer(auto_error=False, description="the device credential given at enrolment (or by the admin CLI)")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

_ERR = {"model": p.ErrorBody}
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {401: _ERR, 403: _ERR}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {400: _ERR, 413: _ERR}
# Any request may be refused as a whole: schema (422), too many (429), the server busy or short of memory (503).
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {422: _ERR, 429: _ERR, 503: _ERR}

# The body limit of each path that takes one (checked while the body streams in, before anything parses it).
BODY_LIMITS = {
    "/v1/enrol": p.ENROL_BODY_MAX_BYTES,
    "/v1/events": p.BODY_MAX_BYTES,
    "/v1/processing/events": p.PROCESSING_BODY_MAX_BYTES,
    "/v1/bundles": p.BUNDLE_MAX_BYTES,
    "/console/bundles": p.BUNDLE_MAX_BYTES,  # the console's upload of a signed bundle
}
# Paths open without a credential; every other /v1 request is authenticated before its body is read.
OPEN_PATHS = ("/v1/health", "/v1/enrol")

DESCRIPTION = """
Protocol v1 between the commune one-stop desks and the provincial server.

* **Enrolment** — an administrator creates a one-time code for a desk (agency, slot) with
  `desk-server enrol-code`; the desk exchanges it at `POST /v1/enrol` for its device credential, which every
  later request carries as `Authorization: Bearer …`. `desk-server revoke` revokes it, for good: a used code never
  enrols again. Failed attempts are throttled per client address and per code (429 with `Retry-After`).
* **Push** — `POST /v1/events`: the desk's unacknowledged events, oldest first. The event id is the idempotency
  key: the same event again is answered `duplicate` with its first sequence number; the same id with different
  content is refused. Each event is answered on its own: `accepted` (with `server_seq`) or `refused` (with a
  reason in Vietnamese for the clerk). The server checks each desk's hash chain and the time window of its events.
  `since` (the desk's cursor) lets the server say, with 409 and `reset`, that it was restored from a backup.
* **Pull** — `GET /v1/events?cursor=…`: events made elsewhere on this desk's dossiers (processing units, the
  province) and new catalog/calendar bundles, after a server-issued cursor (`<server id>.<epoch>.e<seq>b<id>`), page
  by page (`more`). A cursor from another epoch is read again from a safe point (`reset`). Bundle bytes:
  `GET /v1/bundles/{id}`; the publishers' registered keys: `GET /v1/publisher-keys`.
* **Processing units** — `POST /v1/processing/events` records hand-overs, supplement requests, refusals, stops,
  extensions, results and notes on an agency's dossiers, checked against the server's view of each dossier;
  they reach the owning desk on its next pull. What they read of an applicant depends on their role.
* **Quotas** — each credential has an event rate and a byte quota (429 with `Retry-After`).
* Every answer carries `server_time` (and the `X-Server-Time` header); every refusal has the shape `ErrorBody`,
  bounded, and never repeats the input.
"""


def error_body(server: Server, detail: str, **extra: Any) -> dict[str, Any]:
    """The one shape of a refusal: a bounded reason, the server's time, and what its kind adds."""
    text = detail if len(detail) <= 1000 else detail[:999] + "…"
    return {"detail": text, "server_time": server.now_iso(), **{k: v for k, v in extra.items() if v is not None}}


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,39}$")


def _short(value: Any, limit: int = 60) -> str | int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _place(value: Any) -> str | int:
    """A part of an error's location: an index, or a name like a field's; a key the client made up is not repeated."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return value if isinstance(value, str) and _NAME.match(value) else "…"


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Schema errors without the values sent: kind, where (shortened) and the message, at most ERRORS_MAX."""
    return [
        {
            "type": str(_short(e.get("type", "invalid"), 60)),
            "loc": [_place(x) for x in list(e.get("loc") or ())[:8]],
            "msg": str(_short(e.get("msg", ""), 200)),
        }
        for e in errors[: p.ERRORS_MAX]
    ]


def _nan(value: str) -> Any:
    raise json.JSONDecodeError(f"{value} is not JSON", value, 0)


class StrictRequest(Request):
    """A request whose JSON body refuses NaN and Infinity (Python's json takes them; JSON does not)."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body(), parse_constant=_nan)
        return self._json


class StrictRoute(APIRoute):
    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictRequest(request.scope, request.receive))

        return strict


def _auth(request: Request, creds: HTTPAuthorizationCredentials | None, kind: str | None) -> Device:
    device = getattr(request.state, "device", None)  # authenticated by the envelope before the body was read
    if device is None:
        return request.app.state.server.authenticate(creds.credentials if creds else None, kind)
    check_kind(device, kind)
    return device


def _desk(request: Request, creds: Credentials) -> Device:
    return _auth(request, creds, "desk")


def _processor(request: Request, creds: Credentials) -> Device:
    return _auth(request, creds, "processor")


class TooLarge(Refusal):
    status = 413


def _publisher(request: Request, creds: Credentials) -> Device:
    return _auth(request, creds, "publisher")


def _anyone(request: Request, creds: Credentials) -> Device:
    return _auth(request, creds, None)


DeskAuth = Annotated[Device, Depends(_desk)]
ProcessorAuth = Annotated[Device, Depends(_processor)]
PublisherAuth = Annotated[Device, Depends(_publisher)]
AnyAuth = Annotated[Device, Depends(_anyone)]


def create_app(server: Server) -> FastAPI:
    """The ASGI application over one ``Server``."""
    app = FastAPI(
        title="desk — máy chủ đồng bộ cấp tỉnh (reference server)",
        version=VERSION,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,  # served below from the server itself: a provincial intranet reaches no CDN
        redoc_url=None,
    )
    app.router.route_class = StrictRoute
    app.state.server = server
    if server.storage is not None:
        epochs.note_start(server.storage)

    def allowed(scope: dict[str, Any]) -> str:
        """Every method of every route at this path (Starlette's 405 names only the routes it tried)."""
        methods: set[str] = set()
        for route in app.router.routes:
            if isinstance(route, APIRoute) and route.matches(scope)[0] != Match.NONE:
                methods |= route.methods or set()
        return ", ".join(sorted(methods))

    def unknown_parameters(scope: dict[str, Any]) -> list[str]:
        """Query parameters the route does not take (refused: a misspelt ``cursor`` must not read from the start)."""
        given = {k for k, _ in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)}
        if not given:
            return []
        for route in app.router.routes:
            if isinstance(route, APIRoute) and route.matches(scope)[0] == Match.FULL:
                known = {q.alias for q in route.dependant.query_params}
                return sorted(given - known)
        return []

    app.add_middleware(_Envelope, server=server, allowed=allowed, unknown_parameters=unknown_parameters)

    @app.exception_handler(Refusal)
    async def _refusal(request: Request, exc: Refusal) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        extra: dict[str, Any] = {}
        if isinstance(exc, Throttled):
            extra["retry_after"] = retry_after(exc.retry_after)
            headers["Retry-After"] = str(extra["retry_after"])
        if isinstance(exc, EpochChanged):
            extra["reset"] = exc.reset
        return JSONResponse(error_body(server, exc.detail, **extra), exc.status, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(list(exc.errors()))
        first = errors[0] if errors else {"loc": [], "msg": ""}
        where = ".".join(str(x) for x in first["loc"])
        detail = f"Yêu cầu không đúng giao thức {p.API_VERSION}: {where}: {first['msg']}"
        return JSONResponse(error_body(server, detail, errors=errors), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        words = {404: "Không có địa chỉ này trên máy chủ.", 405: "Phương thức không được hỗ trợ ở địa chỉ này."}
        detail = words.get(exc.status_code) or (exc.detail if isinstance(exc.detail, str) else "Yêu cầu bị từ chối.")
        return JSONResponse(error_body(server, detail), exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _busy(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(
            error_body(
                server,
                "Máy chủ đang bận hoặc cơ sở dữ liệu tạm thời không dùng được; thử lại sau.",
                retry_after=5,
            ),
            503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(IntegrityError)
    async def _clash(request: Request, exc: IntegrityError) -> JSONResponse:
        return JSONResponse(error_body(server, "Dữ liệu trùng với dữ liệu đã có trên máy chủ."), 409)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The API's documentation, rendered in the browser from /openapi.json by the page itself (no CDN)."""
        return HTMLResponse(DOCS_HTML, headers={"Content-Security-Policy": "default-src 'self' 'unsafe-inline'"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """No icon (browsers ask for one on every page of the console)."""
        return Response(status_code=204)

    @app.get("/v1/health", response_model=p.Health, tags=["server"], responses=COMMON_ERRORS)
    def health() -> dict[str, Any]:
        """Whether the server and its database answer."""
        return server.health()

    @app.post(
        "/v1/enrol",
        response_model=p.EnrolResponse,
        tags=["desk"],
        responses={403: _ERR, 409: _ERR, **BODY_ERRORS, **COMMON_ERRORS},
    )
    def enrol(req: p.EnrolRequest, request: Request) -> dict[str, Any]:
        """Exchange a one-time enrolment code (for this agency and slot) for the desk's device credential."""
        return server.enrol(req, address=request.client.host if request.client else "?")

    @app.get(
        "/v1/whoami",
        response_model=p.WhoAmI,
        tags=["desk", "processing", "publisher"],
        responses={**AUTH_ERRORS, **COMMON_ERRORS},
    )
    def whoami(d: AnyAuth) -> dict[str, Any]:
        """Who the credential belongs to."""
        return {
            "kind": d.kind,
            "device_id": d.id,
            "agency_code": d.agency_code,
            "slot": d.slot,
            "name": d.name,
            "role": d.role,
            "server_time": server.now_iso(),
        }

    @app.post(
        "/v1/events",
        response_model=p.PushResponse,
        tags=["desk"],
        responses={**AUTH_ERRORS, **BODY_ERRORS, 409: _ERR, **COMMON_ERRORS},
    )
    def push(req: p.PushRequest, device: DeskAuth) -> dict[str, Any]:
        """Push this desk's events (oldest first); one answer per event."""
        answers = server.push(device, [e.model_dump() for e in req.events], since=req.since)
        return {"answers": answers, "server_time": server.now_iso()}

    @app.post(
        "/v1/status",
        response_model=p.DeskStatusAnswer,
        tags=["desk"],
        responses={**AUTH_ERRORS, **BODY_ERRORS, **COMMON_ERRORS},
    )
    def desk_status(req: p.DeskStatus, device: DeskAuth) -> dict[str, Any]:
        """What the desk says of itself after a sync round (events waiting, its clock, catalog and calendar in
        force); the province's console shows it. The answer gives the clock offset the server measured."""
        return server.desk_status(device, req.model_dump())

    @app.get("/v1/events", response_model=p.PullResponse, tags=["desk"], responses={**AUTH_ERRORS, **COMMON_ERRORS})
    def pull(
        device: DeskAuth,
        cursor: Annotated[str | None, Query(pattern=p.CURSOR_PATTERN, max_length=80)] = None,
        limit: Annotated[int, Query(ge=1, le=p.PULL_PAGE_MAX)] = 500,
    ) -> dict[str, Any]:
        """Events made elsewhere on this desk's dossiers, and new bundles, after the cursor (one page)."""
        return server.pull(device, cursor, limit)

    @app.get("/v1/slot-codes", response_model=p.SlotCodes, tags=["desk"], responses={**AUTH_ERRORS, **COMMON_ERRORS})
    def slot_codes(
        device: DeskAuth,
        since: Annotated[str, Query(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", json_schema_extra={"format": "date"})],
    ) -> dict[str, Any]:
        """The highest order number the server holds per day for this desk's slot, from ``since`` (YYYY-MM-DD; a
        restored desk never issues those codes again)."""
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            raise Unprocessable("since: không phải ngày hợp lệ (YYYY-MM-DD).") from None
        return server.slot_codes(device, day)

    @app.get("/v1/restore", response_model=p.RestorePage, tags=["desk"], responses={**AUTH_ERRORS, **COMMON_ERRORS})
    def restore(
        device: DeskAuth,
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=p.PULL_PAGE_MAX)] = 500,
    ) -> dict[str, Any]:
        """A new PC on a slot gets the slot's past: every event of its dossiers, and the old PCs' own records (the
        first page moves the slot's dossiers to this desk)."""
        return server.restore_page(device, after, limit)

    @app.get(
        "/v1/publisher-keys",
        response_model=p.PublisherKeys,
        tags=["desk"],
        responses={**AUTH_ERRORS, **COMMON_ERRORS},
    )
    def publisher_keys(device: DeskAuth) -> dict[str, Any]:
        """The publisher keys registered on the server: a desk trusts one after checking its id out of band."""
        return {"keys": server.publisher_keys(any_publisher=True), "server_time": server.now_iso()}

    @app.get(
        "/v1/bundles/{bundle_id}",
        tags=["desk"],
        response_class=Response,
        responses={
            200: {
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                "description": "the bundle's exact bytes (a signed envelope stays signed)",
            },
            **AUTH_ERRORS,
            404: _ERR,
            **COMMON_ERRORS,
        },
    )
    def bundle(device: DeskAuth, bundle_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
        """The bytes of one catalog or calendar bundle for this desk's agency."""
        data, sha256 = server.bundle_data(device, bundle_id)
        return Response(data, media_type="application/octet-stream", headers={"X-Bundle-Sha256": sha256})

    @app.post(
        "/v1/bundles",
        response_model=list[p.UploadedBundle],
        tags=["publisher"],
        responses={**AUTH_ERRORS, **BODY_ERRORS, **COMMON_ERRORS},
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "a signed envelope (desk-signed/1) of a catalog or calendar bundle, as desk-publish sign "
                "wrote it, signed by a key registered for this publisher",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    )
    async def upload(
        request: Request, device: PublisherAuth, agency: Annotated[list[str] | None, Query(max_length=50)] = None
    ) -> list[dict[str, Any]]:
        """A publisher (provincial or district IT) hands in a signed bundle for the desks of some agencies (or all)."""
        data = await request.body()  # at most p.BUNDLE_MAX_BYTES: the envelope refused more while it streamed in
        try:
            return await run_in_threadpool(server.upload_bundle, device, data, agency)
        except InvalidInput as exc:  # unsigned, unregistered key, not a bundle, invalid content, bad agency code
            raise Unprocessable("; ".join(exc.errors) if len(exc.errors) > 1 else exc.message) from None

    @app.post(
        "/v1/processing/events",
        response_model=p.PushResponse,
        tags=["processing"],
        responses={**AUTH_ERRORS, **BODY_ERRORS, **COMMON_ERRORS},
    )
    def record(req: p.ProcessingRequest, device: ProcessorAuth) -> dict[str, Any]:
        """A processing unit records events on its agency's dossiers; one answer per event."""
        answers = server.record(device, [e.model_dump() for e in req.events])
        return {"answers": answers, "server_time": server.now_iso()}

    @app.get(
        "/v1/processing/dossiers",
        response_model=p.DossierList,
        tags=["processing"],
        responses={**AUTH_ERRORS, **COMMON_ERRORS},
    )
    def dossiers(
        device: ProcessorAuth,
        status: Annotated[int | None, Query(ge=1, le=10)] = None,
        after: Annotated[str | None, Query(max_length=80, pattern=r"^[0-9A-Za-z.-]*$")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        """The agency's dossiers in code order, optionally in one status; page with ``after`` = the last code."""
        items = server.dossier_list(device, status=status, after=after, limit=limit)
        return {"dossiers": items, "server_time": server.now_iso()}

    @app.get(
        "/v1/processing/handovers",
        response_model=p.HandoverFeed,
        tags=["processing"],
        responses={**AUTH_ERRORS, 404: _ERR, **COMMON_ERRORS},
    )
    def handovers(
        device: ProcessorAuth,
        cursor: Annotated[str | None, Query(max_length=20, pattern=r"^h[0-9]{1,18}$")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        """The dossiers handed to this unit (``transferred`` to its name), oldest first, after the cursor: the feed of
        its work queue (the console shows the same)."""
        return server.handovers(device, cursor, limit)

    @app.get(
        "/v1/processing/dossiers/{key}",
        response_model=p.DossierView,
        tags=["processing"],
        responses={**AUTH_ERRORS, 404: _ERR, **COMMON_ERRORS},
    )
    def dossier(
        device: ProcessorAuth,
        key: Annotated[str, Path(max_length=80, pattern=r"^[0-9A-Za-z.-]+$", description="dossier code or uid")],
    ) -> dict[str, Any]:
        """One dossier of the agency with every event the server holds for it (personal data as the role allows)."""
        return server.dossier_view(device, key)

    from sync.server import attachments  # digitised documents: their routes and tables (issue 19)

    attachments.register(app, server)

    from sync.server.console.routes import mount

    mount(app, server)
    return app


class _Envelope:
    """ASGI middleware, before anything parses a request: unknown query parameters (422), a credential for the paths
    that need one (401/403) and its byte quota (429), the body's size while it streams in (413) and the memory all
    bodies take at once (503); then ``X-Server-Time`` on every answer."""

    def __init__(self, app, server: Server, allowed, unknown_parameters):
        self.app = app
        self.server = server
        self.allowed = allowed
        self.unknown_parameters = unknown_parameters

    async def _refuse(self, send, status: int, detail: str, headers: dict[str, str] | None = None, *,
                      html: bool = False, **extra) -> None:  # fmt: skip
        if html:  # a person at the console reads it
            from sync.server.console.pages import error_page

            body = error_page(None, "", status, detail).encode()
            kind = b"text/html; charset=utf-8"
        else:
            body = json.dumps(error_body(self.server, detail, **extra), ensure_ascii=False).encode()
            kind = b"application/json"
        raw = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"x-server-time", self.server.now_iso().encode()),
        ]
        raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-server-time", self.server.now_iso().encode()))
                if message.get("status") == 405:
                    headers = [h for h in headers if h[0].lower() != b"allow"]
                    headers.append((b"allow", self.allowed(scope).encode()))
                message = {**message, "headers": headers}
            await send(message)

        unknown = self.unknown_parameters(scope)
        if unknown:
            errors = [{"type": "extra_forbidden", "loc": ["query", name], "msg": "Tham số không được nhận"}
                      for name in unknown]  # fmt: skip
            await self._refuse(send, 422, f"Tham số không được nhận: {_place(unknown[0])}",
                               errors=validation_errors(errors))  # fmt: skip
            return
        method = scope.get("method")
        if method not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, stamped)
            return
        path = scope.get("path", "")
        headers = dict(scope.get("headers") or [])
        limit = BODY_LIMITS.get(path, p.OTHER_BODY_MAX_BYTES)
        quotas = self.server.quotas
        device: Device | None = None
        if path.startswith("/v1/") and path not in OPEN_PATHS:
            token = headers.get(b"authorization", b"").decode("latin-1")
            scheme, _, credential = token.partition(" ")
            try:
                device = await run_in_threadpool(
                    self.server.authenticate, credential.strip() if scheme.lower() == "bearer" else None
                )
            except Refusal as exc:
                extra = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
                await self._refuse(send, exc.status, exc.detail, extra)
                return
            wait = quotas.bytes.wait(device.id)
            if wait > 0:
                await self._throttled(send, device, wait)
                return
            scope.setdefault("state", {})["device"] = device
        length = headers.get(b"content-length")
        too_big = False
        if length is not None:
            try:
                too_big = int(length) > limit
            except ValueError:
                too_big = True
        if too_big:
            await self._too_big(send, limit, path)
            return
        chunks: list[bytes] = []
        size, more, held = 0, True, 0
        try:
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    await self._too_big(send, limit, path)
                    return
                if chunk and not quotas.reserve(len(chunk)):
                    log.warning("bộ nhớ cho các yêu cầu đang nhận đã đầy (%s byte): trả lời 503", quotas.inflight)
                    await self._refuse(send, 503, "Máy chủ đang nhận quá nhiều dữ liệu cùng lúc; thử lại sau.",
                                       {"Retry-After": "5"}, retry_after=5)  # fmt: skip
                    return
                held += len(chunk)
                chunks.append(chunk)
                more = message.get("more_body", False)
            if device is not None:
                quotas.bytes.take(device.id, size)
            replay = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]
            chunks.clear()

            async def replayed():
                if replay:
                    return replay.pop()
                return await receive()

            await self.app(scope, replayed, stamped)
        finally:
            quotas.release(held)

    async def _too_big(self, send, limit: int, path: str = "") -> None:
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
        if path.startswith("/console/"):
            await self._refuse(send, 413, f"Dữ liệu gửi lên quá lớn (tối đa {size}): chọn tệp nhỏ hơn.", html=True)
            return
        await self._refuse(send, 413, f"Yêu cầu quá lớn (tối đa {size}): gửi ít sự kiện hơn mỗi lần.")

    async def _throttled(self, send, device: Device, wait: float) -> None:
        seconds = retry_after(wait)
        log.warning("hạn mức dung lượng: %s (%s) chờ %s s", device.id, device.name, seconds)
        limits = self.server.limits
        await self._refuse(
            send,
            429,
            f"Vượt hạn mức dung lượng của chứng danh này ({limits.bytes_per_s / 1024:g} KB/giây, tối đa "
            f"{limits.bytes_burst // (1024 * 1024)} MB một lúc): gửi tiếp sau {seconds} giây.",
            {"Retry-After": str(seconds)},
            retry_after=seconds,
        )
