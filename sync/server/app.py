"""The reference server's HTTP API (FastAPI): protocol v1, documented by its own OpenAPI schema.

Desks authenticate with the credential they got at enrolment, processing units with theirs (``Authorization:
Bearer …``). Every answer carries the server's time (in the body, and in the ``X-Server-Time`` header even for
refusals), from which desks measure their clock offset.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Depends, FastAPI, Path, Query, Request, Response
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.routing import Match

from desk.errors import InvalidInput
from sync import protocol as p
from sync.server.service import VERSION, Device, Refusal, Server

bearer = HTTPBearer(auto_error=False, description="the device credential given at enrolment (or by the admin CLI)")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

_ERR = {"model": p.ErrorBody}
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {401: _ERR, 403: _ERR}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {400: _ERR, 413: _ERR}

DESCRIPTION = """
Protocol v1 between the commune one-stop desks and the provincial server.

* **Enrolment** — an administrator creates a one-time code for a desk (agency, slot) with
  `desk-server enrol-code`; the desk exchanges it at `POST /v1/enrol` for its device credential, which every
  later request carries as `Authorization: Bearer …`. `desk-server revoke` revokes it.
* **Push** — `POST /v1/events`: the desk's unacknowledged events, oldest first. The event id is the idempotency
  key: the same event again is answered `duplicate` with its first sequence number; the same id with different
  content is refused. Each event is answered on its own: `accepted` (with `server_seq`) or `refused` (with a
  reason in Vietnamese for the clerk).
* **Pull** — `GET /v1/events?cursor=…`: events made elsewhere on this desk's dossiers (processing units, the
  province) and new catalog/calendar bundles, after an opaque server-issued cursor, page by page (`more`).
  Bundle bytes: `GET /v1/bundles/{id}`.
* **Processing units** — `POST /v1/processing/events` records hand-overs, supplement requests, refusals, stops,
  extensions, results and notes on an agency's dossiers, checked against the server's view of each dossier;
  they reach the owning desk on its next pull.
* Every answer carries `server_time` (and the `X-Server-Time` header).
"""


def _desk(request: Request, creds: Credentials) -> Device:
    return request.app.state.server.authenticate(creds.credentials if creds else None, "desk")


def _processor(request: Request, creds: Credentials) -> Device:
    return request.app.state.server.authenticate(creds.credentials if creds else None, "processor")


class TooLarge(Refusal):
    status = 413


class Unprocessable(Refusal):
    status = 422


def _publisher(request: Request, creds: Credentials) -> Device:
    return request.app.state.server.authenticate(creds.credentials if creds else None, "publisher")


def _anyone(request: Request, creds: Credentials) -> Device:
    return request.app.state.server.authenticate(creds.credentials if creds else None)


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
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.server = server

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
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"detail": exc.detail, "server_time": server.now_iso()}, exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        response = await request_validation_exception_handler(request, exc)
        body = json.loads(bytes(response.body))
        body["server_time"] = server.now_iso()
        return JSONResponse(body, response.status_code)

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _busy(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(
            {
                "detail": "Máy chủ đang bận hoặc cơ sở dữ liệu tạm thời không dùng được; thử lại sau.",
                "server_time": server.now_iso(),
            },
            503,
        )

    @app.exception_handler(IntegrityError)
    async def _clash(request: Request, exc: IntegrityError) -> JSONResponse:
        return JSONResponse(
            {"detail": "Dữ liệu trùng với dữ liệu đã có trên máy chủ.", "server_time": server.now_iso()}, 409
        )

    @app.get("/v1/health", response_model=p.Health, tags=["server"], responses={503: _ERR})
    def health() -> dict[str, Any]:
        """Whether the server and its database answer."""
        return server.health()

    @app.post(
        "/v1/enrol", response_model=p.EnrolResponse, tags=["desk"], responses={403: _ERR, 409: _ERR, **BODY_ERRORS}
    )
    def enrol(req: p.EnrolRequest) -> dict[str, Any]:
        """Exchange a one-time enrolment code (for this agency and slot) for the desk's device credential."""
        return server.enrol(req)

    @app.get("/v1/whoami", response_model=p.WhoAmI, tags=["desk", "processing"], responses=AUTH_ERRORS)
    def whoami(d: AnyAuth) -> dict[str, Any]:
        """Who the credential belongs to."""
        return {
            "kind": d.kind,
            "device_id": d.id,
            "agency_code": d.agency_code,
            "slot": d.slot,
            "name": d.name,
            "server_time": server.now_iso(),
        }

    @app.post("/v1/events", response_model=p.PushResponse, tags=["desk"], responses={**AUTH_ERRORS, **BODY_ERRORS})
    def push(req: p.PushRequest, device: DeskAuth) -> dict[str, Any]:
        """Push this desk's events (oldest first); one answer per event."""
        answers = server.push(device, [e.model_dump() for e in req.events])
        return {"answers": answers, "server_time": server.now_iso()}

    @app.get("/v1/events", response_model=p.PullResponse, tags=["desk"], responses=AUTH_ERRORS)
    def pull(
        device: DeskAuth,
        cursor: Annotated[str | None, Query(pattern=p.CURSOR_PATTERN, max_length=40)] = None,
        limit: Annotated[int, Query(ge=1, le=p.PULL_PAGE_MAX)] = 500,
    ) -> dict[str, Any]:
        """Events made elsewhere on this desk's dossiers, and new bundles, after the cursor (one page)."""
        return server.pull(device, cursor, limit)

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
        responses={**AUTH_ERRORS, **BODY_ERRORS, 422: _ERR},
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "a signed envelope (desk-signed/1) of a catalog or calendar bundle, as desk-publish sign wrote it",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    )
    async def upload(
        request: Request, device: PublisherAuth, agency: Annotated[list[str] | None, Query(max_length=50)] = None
    ) -> list[dict[str, Any]]:
        """A publisher (provincial or district IT) hands in a signed bundle for the desks of some agencies (or all)."""
        data = await request.body()
        if len(data) > 64 * 1024 * 1024:
            raise TooLarge("Tệp quá lớn (tối đa 64 MB).")
        try:
            return server.upload_bundle(device, data, agency)
        except InvalidInput as exc:  # unsigned, not a bundle, invalid content, bad agency code
            raise Unprocessable("; ".join(exc.errors) if len(exc.errors) > 1 else exc.message) from None

    @app.post(
        "/v1/processing/events",
        response_model=p.PushResponse,
        tags=["processing"],
        responses={**AUTH_ERRORS, **BODY_ERRORS},
    )
    def record(req: p.ProcessingRequest, device: ProcessorAuth) -> dict[str, Any]:
        """A processing unit records events on its agency's dossiers; one answer per event."""
        answers = server.record(device, [e.model_dump() for e in req.events])
        return {"answers": answers, "server_time": server.now_iso()}

    @app.get("/v1/processing/dossiers", response_model=p.DossierList, tags=["processing"], responses=AUTH_ERRORS)
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
        "/v1/processing/dossiers/{key}",
        response_model=p.DossierView,
        tags=["processing"],
        responses={**AUTH_ERRORS, 404: _ERR},
    )
    def dossier(
        device: ProcessorAuth,
        key: Annotated[str, Path(max_length=80, pattern=r"^[0-9A-Za-z.-]+$", description="dossier code or uid")],
    ) -> dict[str, Any]:
        """One dossier of the agency with every event the server holds for it."""
        return server.dossier_view(device, key)

    return app


class _Envelope:
    """ASGI middleware: refuse bodies over the limit (413), and stamp ``X-Server-Time`` on every answer."""

    def __init__(self, app, server: Server, allowed, unknown_parameters, limit: int = p.BODY_MAX_BYTES):
        self.app = app
        self.server = server
        self.allowed = allowed
        self.unknown_parameters = unknown_parameters
        self.limit = limit

    async def _refuse(self, send, status: int, detail: Any) -> None:
        body = json.dumps({"detail": detail, "server_time": self.server.now_iso()}, ensure_ascii=False).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"x-server-time", self.server.now_iso().encode()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
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
            detail = [
                {"type": "extra_forbidden", "loc": ["query", name], "msg": "Tham số không được nhận"}
                for name in unknown
            ]
            await self._refuse(send, 422, detail)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        too_big = False
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                too_big = True
        chunks: list[bytes] = []
        if not too_big and scope.get("method") in ("POST", "PUT", "PATCH"):
            size, more = 0, True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.limit:
                    too_big = True
                    break
                chunks.append(chunk)
                more = message.get("more_body", False)
        if too_big:
            detail = f"Yêu cầu quá lớn (tối đa {self.limit // (1024 * 1024)} MB): gửi ít sự kiện hơn mỗi lần."
            await self._refuse(send, 413, detail)
            return
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, stamped)
            return
        replay = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replayed():
            if replay:
                return replay.pop()
            return await receive()

        await self.app(scope, replayed, stamped)
