"""Digitised documents on the provincial server: desks upload the PDFs their ``digitised`` events name, in chunks that
resume where they stopped; desks of the same slot (a replacement PC), processing units of the agency and the
province's console read them back.

- **After their events.** A desk may only upload a PDF that one of its own accepted ``digitised`` events names, of the
  size that event says: nothing else is taken. The server learns the digests from its event log (``refs``, indexed
  incrementally by server sequence).
- **Chunked, resumable, idempotent by digest.** ``PUT /v1/attachments?sha256=…&offset=…&size=…`` with at most
  ``CHUNK_MAX_BYTES`` of the file; the server keeps the chunks of an unfinished upload, answers how much it holds
  (``GET /v1/attachments/{sha256}/status``), refuses a chunk at the wrong offset with 409 and that number, and checks
  the SHA-256 of the whole before keeping it. A file it already holds is answered ``complete`` at once, whoever asks.
- **Bounded.** Each chunk's size (the request body limit of the path), the bytes per second of the credential (the
  server's byte quota, limits.py), and the total a desk may store (``DESK_QUOTA_BYTES``, 413 beyond).
- **Stored as received** (the plain PDF, in the database), like everything else the reference server keeps:
  encryption at rest is the province's to set up (README «Personal data on the server»: an encrypted volume).
- **Every reading is recorded** in ``attachment_reads`` (who, when, which dossier): identity cards are sensitive data.

The tables are this module's own (created when missing), so the server's schema number does not move for them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from sync import protocol as p
from sync.server import app as api
from sync.server import storage as s
from sync.server.common import Conflict, Device, Forbidden, Missing, Refusal, Unprocessable

if TYPE_CHECKING:
    from sync.server.service import Server

log = logging.getLogger("desk.server")

CHUNK_MAX_BYTES = 1024 * 1024  # one PUT's body
FILE_MAX_BYTES = 40 * 1024 * 1024  # one document's PDF (desk/attachments.py MAX_PDF_BYTES)
DESK_QUOTA_BYTES = 200 * 1024**3  # what one desk may store (a ten-year desk needs about 200 GB: README)
LIST_MAX = 1000
SHA256 = r"^[0-9a-f]{64}$"
_SHA = re.compile(SHA256)

_BigInt = BigInteger().with_variant(Integer(), "sqlite")
metadata = MetaData()

# Digests named by accepted ``digitised`` events: which dossier, which desk recorded it, how big the file is.
refs = Table(
    "attachment_refs",
    metadata,
    Column("server_seq", _BigInt, primary_key=True, autoincrement=False),
    Column("sha256", String(64), nullable=False),
    Column("bytes", _BigInt, nullable=False),
    Column("dossier_uid", String(36), nullable=False),
    Column("agency_code", String(48), nullable=False),
    Column("origin", String(36), nullable=False),
)
Index("attachment_refs_by_sha", refs.c.sha256)
Index("attachment_refs_by_dossier", refs.c.dossier_uid)
# The files the server holds whole.
files = Table(
    "attachment_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("bytes", _BigInt, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("uploaded_by", String(36), nullable=False),
    Column("created_at", String(40), nullable=False),
)
Index("attachment_files_by_uploader", files.c.uploaded_by)
# Chunks of uploads not finished yet, per desk.
chunks = Table(
    "attachment_chunks",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("device_id", String(36), primary_key=True),
    Column("offset", _BigInt, primary_key=True, autoincrement=False),
    Column("data", LargeBinary, nullable=False),
)
# Who read which file, when (desks fetching their own, processing units, the console).
reads = Table(
    "attachment_reads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False),
    Column("reader", String(200), nullable=False),
    Column("dossier_code", String(80)),
    Column("at", String(40), nullable=False),
)
index_state = Table(
    "attachment_index",
    metadata,
    Column("key", String(16), primary_key=True),
    Column("last_seq", _BigInt, nullable=False),
)


class TooBig(Refusal):
    status = 413


def ensure_tables(storage: s.Storage) -> None:
    """Create this module's tables when the database does not have them yet."""
    with storage.write() as conn:
        metadata.create_all(conn, checkfirst=True)


def _index(conn) -> None:
    """Learn the digests of ``digitised`` events stored since the last look (in server order)."""
    row = conn.execute(select(index_state.c.last_seq).where(index_state.c.key == "refs")).first()
    last = row[0] if row else 0
    new = conn.execute(
        select(s.events.c.server_seq, s.events.c.payload, s.events.c.dossier_uid, s.events.c.agency_code,
               s.events.c.origin)
        .where(s.events.c.server_seq > last, s.events.c.kind == "digitised")
        .order_by(s.events.c.server_seq)
    ).all()  # fmt: skip
    top = conn.execute(select(func.max(s.events.c.server_seq))).scalar() or 0
    rows = []
    for seq, payload, uid, agency, origin in new:
        try:
            body = json.loads(payload)
            sha, size = body["sha256"], int(body["bytes"])
        except (ValueError, KeyError, TypeError):
            continue
        if isinstance(sha, str) and _SHA.match(sha) and uid:
            rows.append({"server_seq": seq, "sha256": sha, "bytes": size, "dossier_uid": uid, "agency_code": agency,
                         "origin": origin})  # fmt: skip
    if rows:
        conn.execute(insert(refs), rows)
    if top > last:
        if row is None:
            conn.execute(insert(index_state).values(key="refs", last_seq=top))
        else:
            conn.execute(update(index_state).where(index_state.c.key == "refs").values(last_seq=top))


def _refresh(server: Server) -> None:
    """Index new ``digitised`` events, taking the write lock only when there are events the index has not seen."""
    with server.storage.read() as conn:
        last = conn.execute(select(index_state.c.last_seq).where(index_state.c.key == "refs")).scalar() or 0
        top = conn.execute(select(func.max(s.events.c.server_seq))).scalar() or 0
    if top > last:
        with server.storage.write() as conn:
            _index(conn)


def _check_sha(sha256: str) -> str:
    if not _SHA.match(sha256 or ""):
        raise Unprocessable("Mã băm SHA-256 không đúng dạng (64 chữ số hex viết thường).")
    return sha256


def _own_ref(conn, device: Device, sha256: str) -> Any:
    return conn.execute(
        select(refs.c.bytes).where(refs.c.sha256 == sha256, refs.c.origin == device.id).limit(1)
    ).first()


def _held(conn, sha256: str) -> int | None:
    return conn.execute(select(files.c.bytes).where(files.c.sha256 == sha256)).scalar()


def _received(conn, device: Device, sha256: str) -> int:
    """Bytes of an unfinished upload held from the start without a gap."""
    got = 0
    for offset, size in conn.execute(
        select(chunks.c.offset, func.length(chunks.c.data))
        .where(chunks.c.sha256 == sha256, chunks.c.device_id == device.id)
        .order_by(chunks.c.offset)
    ):
        if offset != got:
            break
        got += size
    return got


def status(server: Server, device: Device, sha256: str) -> dict[str, Any]:
    """How much of a file the server holds for this desk (all of it once it is complete)."""
    _check_sha(sha256)
    _refresh(server)
    with server.storage.read() as conn:
        size = _held(conn, sha256)
        if size is not None:
            return {"sha256": sha256, "complete": True, "received": size, "size": size}
        ref = _own_ref(conn, device, sha256) if device.kind == "desk" else None
        if ref is None:
            raise Missing("Máy chủ chưa có tệp này, và không có sự kiện số hóa nào của bàn này ghi nó.")
        return {"sha256": sha256, "complete": False, "received": _received(conn, device, sha256), "size": ref[0]}


def put_chunk(server: Server, device: Device, sha256: str, offset: int, size: int, data: bytes) -> dict[str, Any]:
    """Take one chunk of a desk's upload; the last one completes the file after its digest is checked."""
    _check_sha(sha256)
    if device.kind != "desk":
        raise Forbidden("Chỉ bàn tiếp nhận gửi bản số hóa.")
    if not 0 < size <= FILE_MAX_BYTES:
        raise TooBig(f"Bản số hóa quá lớn (tối đa {FILE_MAX_BYTES // (1024 * 1024)} MB).")
    _refresh(server)
    with server.storage.write() as conn:
        held = _held(conn, sha256)
        if held is not None:
            return {"sha256": sha256, "complete": True, "received": held, "size": held}
        ref = _own_ref(conn, device, sha256)
        if ref is None:
            raise Forbidden(
                "Máy chủ chưa nhận sự kiện số hóa nào của bàn này ghi tệp này: gửi sự kiện trước, rồi gửi tệp."
            )
        if ref[0] != size:
            raise Conflict("Kích thước tệp không khớp với sự kiện số hóa đã gửi.")
        if not data or len(data) > CHUNK_MAX_BYTES or offset < 0 or offset + len(data) > size:
            raise Conflict("Phần tệp gửi lên không khớp với tệp (rỗng, quá lớn, hoặc vượt kích thước tệp).")
        got = _received(conn, device, sha256)
        if offset != got:
            raise OffsetMismatch(got)
        used = conn.execute(select(func.coalesce(func.sum(files.c.bytes), 0))
                            .where(files.c.uploaded_by == device.id)).scalar() or 0  # fmt: skip
        if used + size > server_quota(server):
            raise TooBig(
                f"Bàn này đã dùng hết hạn mức lưu bản số hóa trên máy chủ ({server_quota(server) // 1024**3} GB). "
                "Báo quản trị viên máy chủ tỉnh."
            )
        conn.execute(insert(chunks).values(sha256=sha256, device_id=device.id, offset=offset, data=data))
        got += len(data)
        if got < size:
            return {"sha256": sha256, "complete": False, "received": got, "size": size}
        whole = b"".join(
            bytes(r[0])
            for r in conn.execute(
                select(chunks.c.data)
                .where(chunks.c.sha256 == sha256, chunks.c.device_id == device.id)
                .order_by(chunks.c.offset)
            )
        )
        conn.execute(delete(chunks).where(chunks.c.sha256 == sha256, chunks.c.device_id == device.id))
        if hashlib.sha256(whole).hexdigest() != sha256:
            log.warning("bản số hóa từ %s không khớp mã băm: bỏ, gửi lại từ đầu", device.id)
            return {"sha256": sha256, "complete": False, "received": 0, "size": size, "damaged": True}
        with contextlib.suppress(IntegrityError):  # another desk finished the same file at the same moment
            conn.execute(insert(files).values(sha256=sha256, bytes=size, data=whole, uploaded_by=device.id,
                                              created_at=server.now_iso()))  # fmt: skip
        return {"sha256": sha256, "complete": True, "received": size, "size": size}


class OffsetMismatch(Conflict):
    def __init__(self, received: int):
        super().__init__(f"Phần tệp gửi sai vị trí: máy chủ đang giữ {received} byte đầu; gửi tiếp từ đó.")
        self.received = received


def server_quota(server: Server) -> int:
    return int(getattr(server, "attachment_quota", DESK_QUOTA_BYTES))


def _dossier(conn, uid: str) -> Any:
    return conn.execute(select(s.dossiers.c.code, s.dossiers.c.agency_code).where(s.dossiers.c.uid == uid)).first()


def _slot_of(code: str) -> int | None:
    m = p.CODE_RE.match(code or "")
    return int(m["order"]) // p.SLOT_WIDTH if m else None


def _readable(conn, device: Device | None, sha256: str) -> str | None:
    """The code of a dossier whose files the caller may read that names this digest (None: none)."""
    for (uid,) in conn.execute(select(refs.c.dossier_uid).where(refs.c.sha256 == sha256)):
        d = _dossier(conn, uid)
        if d is None:
            continue
        code, agency = d
        if device is None:  # the province's console
            return code
        if agency != device.agency_code:
            continue
        if device.kind == "processor" or (device.kind == "desk" and _slot_of(code) == device.slot):
            return code
    return None


def read(server: Server, device: Device | None, sha256: str, *, reader: str | None = None) -> tuple[bytes, str]:
    """The PDF of a digest, for a desk of the slot that owns a dossier naming it, a processing unit of its agency, or
    the province's console (``device`` None, ``reader`` says who); every reading is recorded."""
    _check_sha(sha256)
    _refresh(server)
    with server.storage.read() as conn:
        code = _readable(conn, device, sha256)
        data = conn.execute(select(files.c.data).where(files.c.sha256 == sha256)).scalar() if code else None
    if code is None or data is None:
        raise Missing("Không có bản số hóa này cho cơ quan (bàn) của chứng danh này.")
    who = reader or (f"{device.kind}:{device.id} ({device.name})" if device else "console")
    with server.storage.write() as conn:
        conn.execute(insert(reads).values(sha256=sha256, reader=who[:200], dossier_code=code, at=server.now_iso()))
    return bytes(data), code


def listing(server: Server, device: Device, after: int, limit: int) -> dict[str, Any]:
    """The digitised documents of the dossiers of this desk's slot that the server holds whole (for a replacement PC
    to fetch), after a server sequence number."""
    _refresh(server)
    limit = max(1, min(limit, LIST_MAX))
    out: list[dict[str, Any]] = []
    last = after
    with server.storage.read() as conn:
        rows = conn.execute(
            select(refs.c.server_seq, refs.c.sha256, refs.c.bytes, refs.c.dossier_uid, s.dossiers.c.code,
                   files.c.sha256.is_not(None))
            .join(s.dossiers, s.dossiers.c.uid == refs.c.dossier_uid)
            .outerjoin(files, files.c.sha256 == refs.c.sha256)
            .where(refs.c.server_seq > after, s.dossiers.c.agency_code == device.agency_code)
            .order_by(refs.c.server_seq)
            .limit(limit * 4)
        ).all()  # fmt: skip
        more = False
        for seq, sha, size, uid, code, held in rows:
            if len(out) >= limit:
                more = True
                break
            last = seq
            if _slot_of(code) != device.slot:
                continue
            out.append({"server_seq": seq, "sha256": sha, "bytes": size, "dossier_uid": uid, "code": code,
                        "available": bool(held)})  # fmt: skip
        more = more or len(rows) == limit * 4
    return {"attachments": out, "after": last, "more": more, "server_time": server.now_iso()}


def reads_of(server: Server, *, limit: int = 1000) -> list[dict[str, Any]]:
    """The latest readings, newest first (for the console and the admin)."""
    with server.storage.read() as conn:
        return [dict(r) for r in conn.execute(select(reads).order_by(reads.c.id.desc()).limit(limit)).mappings()]


# -- HTTP ----------------------------------------------------------------------------------------------------------


Sha = Annotated[str, Path(pattern=SHA256, min_length=64, max_length=64)]
ShaQuery = Annotated[str, Query(pattern=SHA256, min_length=64, max_length=64)]
Offset = Annotated[int, Query(ge=0, le=FILE_MAX_BYTES)]
Size = Annotated[int, Query(ge=1, le=FILE_MAX_BYTES)]
After = Annotated[int, Query(ge=0, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=LIST_MAX)]
DeskAuth = api.DeskAuth
ProcessorAuth = api.ProcessorAuth


def register(app: FastAPI, server: Server) -> None:
    """Add the attachment routes to the API (called by create_app) and make this module's tables."""
    if server.storage is not None:
        ensure_tables(server.storage)
    api.BODY_LIMITS["/v1/attachments"] = CHUNK_MAX_BYTES
    binary = {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}

    @app.exception_handler(OffsetMismatch)
    async def _offset(request: Request, exc: OffsetMismatch) -> JSONResponse:
        return JSONResponse(api.error_body(server, exc.detail, received=exc.received), 409)

    @app.get("/v1/attachments/{sha256}/status", response_model=p.AttachmentStatus, tags=["desk"],
             responses={**api.AUTH_ERRORS, 404: api._ERR, **api.COMMON_ERRORS})  # fmt: skip
    def attachment_status(device: DeskAuth, sha256: Sha) -> dict[str, Any]:
        """How much of a digitised document's PDF the server holds for this desk (``complete`` once it has it)."""
        return status(server, device, sha256) | {"server_time": server.now_iso()}

    @app.put(
        "/v1/attachments",
        response_model=p.AttachmentStatus,
        tags=["desk"],
        responses={**api.AUTH_ERRORS, **api.BODY_ERRORS, 409: api._ERR, **api.COMMON_ERRORS},
        openapi_extra={"requestBody": {"required": True, "description": "bytes [offset, offset + length) of the PDF",
                                       "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                             "format": "binary"}}}}},
    )  # fmt: skip
    async def attachment_put(
        request: Request,
        device: DeskAuth,
        sha256: ShaQuery,
        offset: Offset,
        size: Size,
    ) -> dict[str, Any]:
        """One chunk of the PDF a ``digitised`` event of this desk names, at the offset the server holds up to."""
        data = await request.body()  # at most CHUNK_MAX_BYTES: the envelope refused more while it streamed in
        answer = await run_in_threadpool(put_chunk, server, device, sha256, offset, size, data)
        return answer | {"server_time": server.now_iso()}

    @app.get("/v1/attachments", response_model=p.AttachmentList, tags=["desk"],
             responses={**api.AUTH_ERRORS, **api.COMMON_ERRORS})  # fmt: skip
    def attachment_list(
        device: DeskAuth,
        after: After = 0,
        limit: Limit = 500,
    ) -> dict[str, Any]:
        """The digitised documents of this desk slot's dossiers, in server order (a replacement PC fetches them)."""
        return listing(server, device, after, limit)

    @app.get("/v1/attachments/{sha256}", tags=["desk"], response_class=Response,
             responses={200: binary, **api.AUTH_ERRORS, 404: api._ERR, **api.COMMON_ERRORS})  # fmt: skip
    def attachment_get(device: DeskAuth, sha256: Sha) -> Response:
        """The PDF of a digitised document of a dossier of this desk's slot (recorded as read)."""
        data, _code = read(server, device, sha256)
        return Response(data, media_type="application/pdf", headers={"X-Sha256": sha256})

    @app.get("/v1/processing/attachments/{sha256}", tags=["processing"], response_class=Response,
             responses={200: binary, **api.AUTH_ERRORS, 404: api._ERR, **api.COMMON_ERRORS})  # fmt: skip
    def processing_attachment(device: ProcessorAuth, sha256: Sha) -> Response:
        """The PDF of a digitised document of the agency's dossiers (recorded as read by this processing unit)."""
        data, _code = read(server, device, sha256)
        return Response(data, media_type="application/pdf", headers={"X-Sha256": sha256})
