"""Digitised documents (số hóa hồ sơ, số hóa kết quả — Decree 107/2021/NĐ-CP, Circular 01/2023/TT-VPCP): each
document of a dossier, and its result, kept as one PDF, encrypted, beside the store.

- **Files.** A PDF is named by its content: the SHA-256 of its bytes (the events carry it). On disk it is encrypted
  with AES-256-GCM under a key derived (HKDF-SHA256) from the store's data key, its digest bound as associated data,
  in ``attachments/<xx>/<name>`` where the name is an HMAC of the digest (a file name says nothing about what is
  inside, not even a digest someone could match). Written atomically (temp file, fsync, rename), 0600 in 0700
  folders. Decrypted only in memory; nothing is ever written in clear, not even to a temporary folder.
- **Events.** ``digitised`` (desk/lifecycle.py) records which document, the digest, the pages, the size and how it
  came (scanned, imported, reused from an earlier dossier of the same citizen). The encrypted file is written
  first, then the event: a file without an event (the write failed, the PC lost power) is an orphan, harmless and
  removed later (``clean_orphans``); an event never goes without its file.
- **Reuse** (tái sử dụng): a document digitised for an earlier dossier of the same ID number is attached again by
  reference: a new event with the same digest, no new file.
- **Reading** an image is a reading of personal data: every opening is written to the access log (desk/audit.py),
  every export too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desk import audit, images, journal, paths, readmodel, roles, timeutil
from desk.errors import InvalidInput, NotFound, StoreError
from desk.fileio import write_atomic
from desk.images import Page

if TYPE_CHECKING:
    from desk.catalog import Procedure
    from desk.service import Desk
    from desk.store import Store

MAGIC = b"DESKATT1"
RESULT = "result"  # what a clerk types for the result in place of a document id
MAX_PDF_BYTES = 40 * 1024 * 1024
ORPHAN_AGE_S = 3600.0  # a file younger than this may still be waiting for its event (another thread, another process)
SOURCES = {"scan": "quét", "import": "nhập tệp", "reuse": "dùng lại"}


class AttachmentMissing(StoreError):
    """The event says a document was digitised, but its file is not on this PC (a restored desk: sync fetches it)."""


class AttachmentDamaged(StoreError):
    """The file of a digitised document does not decrypt or does not match its digest."""


@dataclass(frozen=True)
class Attachment:
    """A digitised document of a dossier, as the projection holds it."""

    dossier_uid: str
    part: str  # document | result
    document_id: str | None
    name: str
    sha256: str
    pages: int
    bytes: int
    source: str
    reused_from: str | None  # the code of the dossier it was first digitised for
    at: str
    present: bool  # its encrypted file is on this PC

    def as_dict(self) -> dict[str, Any]:
        return {"part": self.part, "document": self.document_id, "name": self.name, "sha256": self.sha256,
                "pages": self.pages, "bytes": self.bytes, "source": self.source, "reused_from": self.reused_from,
                "at": self.at, "present": self.present}  # fmt: skip


# -- keys and files -----------------------------------------------------------------------------------------------


def _subkey(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"desk-attachments/1 " + purpose).derive(key)


def _keys(store: Store) -> tuple[bytes, bytes]:
    """(AES-GCM key, file-name key) of a store, derived from its data key."""
    if store.key is None:
        raise StoreError("Dữ liệu của bàn chưa được mã hóa: không lưu được bản số hóa. Mở lại phần mềm để mã hóa.")
    cached = getattr(store, "_attachment_keys", None)
    if cached is None or cached[0] != store.key:
        cached = (store.key, _subkey(store.key, b"aes-256-gcm"), _subkey(store.key, b"file names"))
        store._attachment_keys = cached  # type: ignore[attr-defined]
    return cached[1], cached[2]


def folder(store: Store) -> Path:
    return paths.attachments_dir(store.path.parent)


def file_of(store: Store, sha256: str) -> Path:
    """Where the encrypted PDF with this digest is kept (its name: an HMAC of the digest)."""
    _, name_key = _keys(store)
    name = hmac.new(name_key, sha256.encode("ascii"), hashlib.sha256).hexdigest()
    return folder(store) / name[:2] / name


def _aad(sha256: str) -> bytes:
    return b"desk-attachment/1:" + sha256.encode("ascii")


def seal(store: Store, pdf: bytes) -> bytes:
    """The PDF encrypted for this store (what the file holds)."""
    aes, _ = _keys(store)
    nonce = secrets.token_bytes(12)
    digest = hashlib.sha256(pdf).hexdigest()
    return MAGIC + nonce + AESGCM(aes).encrypt(nonce, pdf, _aad(digest))


def open_sealed(store: Store, blob: bytes, sha256: str) -> bytes:
    """The PDF of a sealed file, checked against its digest."""
    aes, _ = _keys(store)
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 12 + 16:
        raise AttachmentDamaged(f"Tệp bản số hóa {sha256[:12]}… hỏng (không đúng định dạng).")
    nonce = blob[len(MAGIC) : len(MAGIC) + 12]
    try:
        pdf = AESGCM(aes).decrypt(nonce, blob[len(MAGIC) + 12 :], _aad(sha256))
    except InvalidTag:
        raise AttachmentDamaged(
            f"Tệp bản số hóa {sha256[:12]}… không giải mã được (hỏng, hoặc của bàn khác). Đồng bộ để tải lại từ "
            "máy chủ tỉnh, hoặc số hóa lại giấy tờ."
        ) from None
    if hashlib.sha256(pdf).hexdigest() != sha256:
        raise AttachmentDamaged(f"Tệp bản số hóa {sha256[:12]}… không khớp mã băm: số hóa lại giấy tờ.")
    return pdf


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700)


def has_file(store: Store, sha256: str) -> bool:
    return file_of(store, sha256).exists()


def store_pdf(store: Store, pdf: bytes) -> tuple[str, bool]:
    """Keep a PDF encrypted under its digest; returns (digest, whether this call wrote the file)."""
    if len(pdf) > MAX_PDF_BYTES:
        raise InvalidInput(
            f"Bản số hóa {len(pdf) / 1e6:.1f} MB, quá {MAX_PDF_BYTES // (1024 * 1024)} MB của một giấy tờ: bớt trang "
            "hoặc quét ở 200 dpi thang xám.",
            field="file",
        )
    digest = hashlib.sha256(pdf).hexdigest()
    target = file_of(store, digest)
    if target.exists():
        return digest, False
    _private_dir(folder(store))
    _private_dir(target.parent)
    try:
        write_atomic(target, seal(store, pdf), mode=0o600)
    except OSError as exc:
        if getattr(exc, "errno", None) == 28:  # ENOSPC
            raise StoreError(
                "Ổ đĩa đã đầy: không lưu được bản số hóa. Giải phóng dung lượng ổ đĩa rồi thử lại."
            ) from None
        raise
    return digest, True


def load_pdf(store: Store, sha256: str) -> bytes:
    """The PDF with this digest, decrypted in memory (no reading is logged here: callers log what a person opens)."""
    try:
        blob = file_of(store, sha256).read_bytes()
    except FileNotFoundError:
        raise AttachmentMissing(
            "Bản số hóa chưa có trên máy này (bàn khôi phục từ bản sao lưu hoặc từ máy chủ): đồng bộ (F9) để tải về "
            "từ máy chủ tỉnh."
        ) from None
    return open_sealed(store, blob, sha256)


# -- what a dossier has -------------------------------------------------------------------------------------------


def _procedure(desk: Desk, row: Any) -> Procedure:
    from desk import bundles

    return bundles.procedure_snapshot(desk, row["catalog_id"], row["procedure_code"])


def _names(desk: Desk, row: Any, proc: Procedure | None = None) -> dict[str, str]:
    proc = proc or _procedure(desk, row)
    names = {d.id: d.name for d in proc.documents}
    names[""] = f"Kết quả: {proc.result}" if proc.result else "Kết quả giải quyết"
    return names


def _target(desk: Desk, row: Any, document: str) -> tuple[str, str | None, str]:
    """(part, document id or None, its name) for what a clerk typed: a document id of the dossier, or «result»."""
    proc = _procedure(desk, row)
    if document == RESULT:
        return "result", None, f"Kết quả: {proc.result}" if proc.result else "Kết quả giải quyết"
    by_id = {d.id: d for d in proc.documents}
    if document not in by_id:
        known = ", ".join([*by_id, RESULT])
        raise InvalidInput(
            f"Giấy tờ «{document}» không thuộc thủ tục {proc.code} của hồ sơ {row['code']} (các mã: {known}).",
            field="document",
        )
    return "document", document, by_id[document].name


def check_target(desk: Desk, code: str, document: str) -> None:
    """Refuse what ``attach`` would refuse about the dossier and the document, before a scan takes the clerk's time."""
    roles.require(desk.store, "counter")
    row = readmodel.dossier_row(desk, code)
    _check_part(row, _target(desk, row, document)[0])


def listing(desk: Desk, code: str) -> list[Attachment]:
    """The digitised documents (and result) of a dossier, documents first in catalog order."""
    row = readmodel.dossier_row(desk, code)
    return _listing(desk, row)


def _listing(desk: Desk, row: Any, proc: Procedure | None = None) -> list[Attachment]:
    names = _names(desk, row, proc)
    order = {k: i for i, k in enumerate(names)}
    out = []
    for r in desk.store.conn.execute(
        "SELECT a.part, a.document_id, a.sha256, a.pages, a.bytes, a.source, d.code, a.at FROM attachments a"
        " LEFT JOIN dossiers d ON d.uid = a.reused_from WHERE a.dossier_uid = ?",
        (row["uid"],),
    ):
        part, doc_id, sha, pages, size, source, reused, at = r
        name = names.get(doc_id, doc_id) if part == "document" else names[""]
        out.append(Attachment(row["uid"], part, doc_id or None, name, sha, pages, size, source, reused, at,
                              has_file(desk.store, sha)))  # fmt: skip
    out.sort(key=lambda a: (a.part == "result", order.get(a.document_id or "", 999)))
    return out


def summary(desk: Desk, row: Any, proc: Procedure | None = None) -> dict[str, Any]:
    """What a dossier's JSON says about digitisation: per document, the result, and whether the return needs it."""
    proc = proc or _procedure(desk, row)
    found = {(a.part, a.document_id): a for a in _listing(desk, row, proc)} if _any(desk, row) else {}
    result = found.get(("result", None))
    return {
        "documents": {
            d.id: (found[("document", d.id)].as_dict() if ("document", d.id) in found else None) for d in proc.documents
        },
        "must_digitise": [d.id for d in proc.documents if d.digitise],
        "result": result.as_dict() if result else None,
        "result_required": proc.result_digitise,
    }


def _any(desk: Desk, row: Any) -> bool:
    q = "SELECT 1 FROM attachments WHERE dossier_uid = ? LIMIT 1"
    return desk.store.conn.execute(q, (row["uid"],)).fetchone() is not None


def return_refusal(desk: Desk, row: Any) -> str | None:
    """Why the result cannot be returned yet for want of its digitised copy (None when it can)."""
    if not _procedure(desk, row).result_digitise:
        return None
    held = desk.store.conn.execute(
        "SELECT 1 FROM attachments WHERE dossier_uid = ? AND part = 'result'", (row["uid"],)
    ).fetchone()
    return None if held else _not_digitised(row["code"])


def return_refusal_of(dossier: dict[str, Any]) -> str | None:
    """The same, from a dossier's JSON (``readmodel.dossier``), for a front end that holds it already."""
    dg = dossier.get("digitisation") or {}
    if not dg.get("result_required") or dg.get("result"):
        return None
    return _not_digitised(dossier["code"])


def _not_digitised(code: str) -> str:
    return (
        f"Chưa số hóa kết quả của hồ sơ {code}: danh mục thủ tục yêu cầu số hóa kết quả trước khi trả. Quét "
        f"kết quả (F7 ở dòng «Kết quả» trên màn hình hồ sơ, hoặc «desk scan {code} {RESULT}») rồi trả kết quả."
    )


# -- attaching ----------------------------------------------------------------------------------------------------


def _check_part(row: Any, part: str) -> None:
    if part == "result" and row["status"] not in (9, 10):
        raise InvalidInput(
            f"Hồ sơ {row['code']} chưa có kết quả (trạng thái {row['status']}): ghi nhận «Đã có kết quả» trước, rồi số "
            "hóa kết quả.",
            field="document",
        )


def attach(desk: Desk, code: str, document: str, pages: Iterable[Page] | None = None, *, pdf: bytes | None = None,
           source: str = "scan", actor: str, now: dt.datetime | None = None) -> Attachment:  # fmt: skip
    """Digitise one document (or the result, ``document="result"``) of a dossier: the pages become one PDF, kept
    encrypted, and a ``digitised`` event records it — the file first, then the event, so never an event without its
    file. Replaces an earlier digitisation of the same document (the history keeps both)."""
    roles.require(desk.store, "counter")
    row = readmodel.dossier_row(desk, code)
    part, doc_id, name = _target(desk, row, document)
    _check_part(row, part)
    if source not in ("scan", "import"):
        raise InvalidInput(f"Nguồn «{source}»: phải là scan hoặc import.", field="source")
    if pdf is None:
        pages = list(pages or [])
        pdf = images.build_pdf(pages)
        count = len(pages)
    else:
        count = images.page_count(pdf)
    digest, wrote = store_pdf(desk.store, pdf)
    now = timeutil.to_vn(now) if now else timeutil.now()
    payload = {"part": part, "document": doc_id, "name": name, "sha256": digest, "pages": count, "bytes": len(pdf),
               "source": source, "reused_from": None, "at": timeutil.iso(now)}  # fmt: skip
    try:
        _record(desk, row, payload, actor, now)
    except BaseException:
        if wrote and not _referenced(desk.store, digest):
            file_of(desk.store, digest).unlink(missing_ok=True)
        raise
    return next(a for a in _listing(desk, row) if a.part == part and a.document_id == doc_id)


def _record(desk: Desk, row: Any, payload: dict[str, Any], actor: str, now: dt.datetime) -> None:
    with desk.store.write() as conn:
        fresh = conn.execute("SELECT status FROM dossiers WHERE uid = ?", (row["uid"],)).fetchone()
        _check_part({"status": fresh[0], "code": row["code"]}, payload["part"])
        journal.record(desk.store, conn, kind="digitised", payload=payload, actor=actor, dossier_uid=row["uid"],
                       device_time=now)  # fmt: skip


def _referenced(store: Store, sha256: str) -> bool:
    return store.conn.execute("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone() is not None


def attach_files(desk: Desk, code: str, document: str, files: Iterable[Path], *, actor: str) -> Attachment:
    """Import files (PDF, JPEG, PNG; their pages in the order given) as one document."""
    check_target(desk, code, document)  # what is refused anyway, before reading any file
    pages: list[Page] = []
    for n, path in enumerate(files, start=1):
        pages += read_file(Path(path), n)
        if len(pages) > images.MAX_PAGES:
            raise InvalidInput(f"Quá {images.MAX_PAGES} trang cho một giấy tờ: tách thành nhiều lần.", field="file")
    return attach(desk, code, document, pages, source="import", actor=actor)


def read_file(path: Path, n: int = 1) -> list[Page]:
    """The pages of one imported file; refused in the clerk's words (the file's name is not repeated: it may name
    the citizen)."""
    what = f"Tệp thứ {n}"
    try:
        size = path.stat().st_size
        if size > images.MAX_FILE_BYTES:
            raise InvalidInput(
                f"{what}: {size / 1e6:.1f} MB, quá {images.MAX_FILE_BYTES // (1024 * 1024)} MB. Quét lại ở 200 dpi, "
                "hoặc tách tệp.",
                field="file",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{what}: không có tệp này (đã bị xóa hoặc đổi tên?).", field="file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{what}: là một thư mục, không phải tệp.", field="file") from None
    except OSError as exc:
        raise InvalidInput(f"{what}: không đọc được ({exc.strerror}).", field="file") from None
    return images.from_file(data, what)


# -- reuse --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reusable:
    """A document digitised for an earlier dossier of the same citizen, offered to attach again."""

    code: str  # the earlier dossier
    dossier_uid: str
    received_at: str
    part: str
    document_id: str | None
    name: str
    sha256: str
    pages: int
    present: bool

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "received_at": self.received_at, "part": self.part, "document": self.document_id,
                "name": self.name, "sha256": self.sha256, "pages": self.pages, "present": self.present}  # fmt: skip


def reusable(desk: Desk, id_number: str | None, *, exclude_code: str | None = None, limit: int = 50) -> list[Reusable]:
    """The digitised documents of earlier dossiers with this ID number (newest first; one per digest)."""
    from desk import validation

    if not id_number or not id_number.strip():
        return []
    try:
        ident = validation.id_number(id_number).value
    except InvalidInput:
        return []
    roles.require(desk.store, "view")
    rows = desk.store.conn.execute(
        "SELECT d.uid, d.code, d.received_at, d.catalog_id, d.procedure_code, a.part, a.document_id, a.sha256, a.pages"
        " FROM dossiers d JOIN attachments a ON a.dossier_uid = d.uid WHERE d.id_number = ? AND d.code != ?"
        " ORDER BY d.received_at DESC, a.part, a.document_id LIMIT ?",
        (ident, exclude_code or "", limit * 4),
    ).fetchall()
    out: list[Reusable] = []
    seen: set[str] = set()
    names_cache: dict[tuple[int, str], dict[str, str]] = {}
    for uid, code, received_at, catalog_id, proc_code, part, doc_id, sha, pages in rows:
        if sha in seen:
            continue
        seen.add(sha)
        key = (catalog_id, proc_code)
        if key not in names_cache:
            names_cache[key] = _names(desk, {"catalog_id": catalog_id, "procedure_code": proc_code})
        names = names_cache[key]
        name = names.get(doc_id, doc_id) if part == "document" else names[""]
        out.append(Reusable(code, uid, received_at, part, doc_id or None, name, sha, pages, has_file(desk.store, sha)))
        if len(out) >= limit:
            break
    return out


def reuse(desk: Desk, code: str, document: str, *, from_code: str, sha256: str | None = None,
          from_document: str | None = None, actor: str, now: dt.datetime | None = None) -> Attachment:  # fmt: skip
    """Attach a document digitised for an earlier dossier of the same citizen (same ID number) to this one, by
    reference (same file), recorded as reused."""
    roles.require(desk.store, "counter")
    row = readmodel.dossier_row(desk, code)
    part, doc_id, name = _target(desk, row, document)
    _check_part(row, part)
    src = readmodel.dossier_row(desk, from_code)
    if not row["id_number"] or src["id_number"] != row["id_number"]:
        raise InvalidInput(
            f"Hồ sơ {src['code']} không cùng số giấy tờ tùy thân với hồ sơ {row['code']}: chỉ dùng lại giấy tờ đã số "
            "hóa của chính công dân đó.",
            field="from_code",
        )
    if src["uid"] == row["uid"]:
        raise InvalidInput("Không dùng lại giấy tờ của chính hồ sơ này.", field="from_code")
    held = [a for a in _listing(desk, src)
            if (sha256 is None or a.sha256 == sha256)
            and (from_document is None or (a.document_id or RESULT) == from_document)]  # fmt: skip
    if not held:
        raise NotFound(f"Hồ sơ {src['code']} không có bản số hóa đó để dùng lại.", field="from_code")
    chosen = held[0]
    if not has_file(desk.store, chosen.sha256):
        raise AttachmentMissing(
            "Bản số hóa cũ chưa có trên máy này: đồng bộ (F9) để tải về từ máy chủ tỉnh, rồi dùng lại."
        )
    now = timeutil.to_vn(now) if now else timeutil.now()
    payload = {"part": part, "document": doc_id, "name": name, "sha256": chosen.sha256, "pages": chosen.pages,
               "bytes": chosen.bytes, "source": "reuse",
               "reused_from": {"dossier_uid": src["uid"], "code": src["code"], "document": chosen.document_id},
               "at": timeutil.iso(now)}  # fmt: skip
    _record(desk, row, payload, actor, now)
    return next(a for a in _listing(desk, row) if a.part == part and a.document_id == doc_id)


# -- opening and exporting ----------------------------------------------------------------------------------------


def _find(desk: Desk, code: str, document: str) -> tuple[Any, Attachment]:
    row = readmodel.dossier_row(desk, code)
    part, doc_id, _name = _target(desk, row, document)
    for a in _listing(desk, row):
        if a.part == part and a.document_id == doc_id:
            return row, a
    raise NotFound(f"Hồ sơ {row['code']}: «{document}» chưa được số hóa.", field="document")


def open_pdf(desk: Desk, code: str, document: str) -> tuple[Attachment, bytes]:
    """A person opens a digitised document: checked (view), decrypted in memory, and written to the access log."""
    roles.require(desk.store, "view")
    row, a = _find(desk, code, document)
    pdf = load_pdf(desk.store, a.sha256)
    audit.record(desk.store, "view", f"Mở bản số hóa: {a.name}", code=row["code"])
    return a, pdf


def export_pdf(desk: Desk, code: str, document: str, dest: Path) -> Path:
    """Write a digitised document out in clear, where a person chose (a lead's right: export), access-logged."""
    roles.require(desk.store, "export")
    row, a = _find(desk, code, document)
    pdf = load_pdf(desk.store, a.sha256)
    write_atomic(dest, pdf, mode=0o600)
    audit.record(desk.store, "export", f"Xuất bản số hóa: {a.name} → {dest.name}", code=row["code"])
    return dest


# -- housekeeping -------------------------------------------------------------------------------------------------


def referenced_digests(store: Store) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT DISTINCT sha256 FROM attachments")}


def missing(store: Store) -> list[str]:
    """Digests the events name whose file is not on this PC (to fetch from the server)."""
    return sorted(d for d in referenced_digests(store) if not has_file(store, d))


def clean_orphans(store: Store, *, older_than_s: float = ORPHAN_AGE_S) -> int:
    """Remove encrypted files no event names (a write that never got its event), and stray temp files, once they
    are old enough not to be another thread's file in the middle of its attach. Returns how many went."""
    base = folder(store)
    if not base.exists():
        return 0
    wanted = {file_of(store, d).name for d in referenced_digests(store)}
    cutoff = time.time() - older_than_s
    removed = 0
    for path in base.glob("*/*"):
        try:
            if path.name not in wanted and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def keep_fetched(store: Store, sha256: str, pdf: bytes) -> bool:
    """Keep a PDF fetched from the server (after checking it is the one asked for); False when it does not match."""
    if hashlib.sha256(pdf).hexdigest() != sha256:
        return False
    store_pdf(store, pdf)
    return True


# -- sync bookkeeping (the HTTP side is sync/client/attachments.py) ----------------------------------------------


def to_upload(store: Store, limit: int = 200) -> list[tuple[str, int]]:
    """(digest, size) of files whose ``digitised`` event the server has accepted and which it does not hold yet,
    oldest first; only files this PC holds."""
    rows = store.conn.execute(
        "SELECT a.sha256, a.bytes FROM attachments a JOIN events e ON e.seq = a.seq"
        " JOIN event_acks k ON k.event_id = e.id AND k.server_seq IS NOT NULL"
        " WHERE a.sha256 NOT IN (SELECT sha256 FROM attachment_uploads)"
        " GROUP BY a.sha256 ORDER BY min(a.seq) LIMIT ?",
        (limit,),
    ).fetchall()
    return [(sha, size) for sha, size in rows if has_file(store, sha)]


def waiting_uploads(store: Store) -> int:
    """How many files wait to go to the server (their events are sent or not)."""
    return store.conn.execute(
        "SELECT count(DISTINCT sha256) FROM attachments WHERE sha256 NOT IN (SELECT sha256 FROM attachment_uploads)"
    ).fetchone()[0]


def mark_uploaded(store: Store, sha256: str, size: int) -> None:
    with store.write() as conn:
        conn.execute(
            "INSERT INTO attachment_uploads (sha256, bytes, uploaded_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (sha256, size, timeutil.iso(timeutil.now())),
        )
