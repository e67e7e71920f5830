"""Digitised documents over the sync channel: after the events, the PDFs they name go to the server in chunks that
resume where the server stopped; files the desk's events name but this PC lacks (a restored desk) come back.

The server's side is sync/server/attachments.py. A PDF is decrypted in memory only to be sent (over HTTPS to the
province); nothing is written in clear. This step never fails a round: trouble with one file is reported in the
round's result and the file waits for the next round.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from desk import attachments, roles
from sync.client.transport import (
    Http,
    NotEnrolled,
    ProtocolError,
    RateLimited,
    ServerUnreachable,
    SyncError,
    answer_detail,
    check_server_url,
    http_session,
)

log = logging.getLogger("desk.sync")

CHUNK = 512 * 1024  # bytes per PUT (the server takes up to 1 MiB)


def _counts() -> dict[str, Any]:
    return {"uploaded": 0, "bytes_sent": 0, "fetched": 0, "waiting": 0, "problems": []}


def sync_files(http: Http, desk, result: dict[str, Any], *, chunk: int = CHUNK) -> dict[str, Any]:
    """Upload what the server lacks, then fetch what this PC lacks, within the round's time. Never raises for the
    network: what is left waits for the next round."""
    counts = _counts()
    result["attachments"] = counts
    try:
        for sha, size in attachments.to_upload(desk.store):
            if http.time_left() <= 0.5:
                break
            try:
                if _upload(http, desk, sha, size, chunk, counts):
                    counts["uploaded"] += 1
            except attachments.AttachmentDamaged as exc:
                counts["problems"].append(exc.message)
        for sha in attachments.missing(desk.store):
            if http.time_left() <= 0.5:
                break
            if fetch(http, desk, sha):
                counts["fetched"] += 1
    except (ServerUnreachable, RateLimited, ProtocolError) as exc:
        counts["problems"].append(exc.message)
        log.info("sync: bản số hóa chưa gửi/tải xong: %s", exc.message)
    counts["waiting"] = attachments.waiting_uploads(desk.store)
    return counts


def _upload(http: Http, desk, sha: str, size: int, chunk: int, counts: dict[str, Any]) -> bool:
    """Send one file from where the server stopped; True once the server holds it whole."""
    status, body = http.request("GET", f"/v1/attachments/{sha}/status")
    if status == 404:
        return False  # the server has not taken the event yet: next round
    if status != 200:
        raise ProtocolError(f"Máy chủ không cho biết trạng thái bản số hóa ({status}): {answer_detail(body) or '?'}.")
    if body.get("complete"):
        attachments.mark_uploaded(desk.store, sha, size)
        return True
    received = int(body.get("received") or 0)
    pdf = attachments.load_pdf(desk.store, sha)  # in memory only
    if len(pdf) != size:
        raise attachments.AttachmentDamaged(f"Bản số hóa {sha[:12]}… không đúng kích thước đã ghi.")
    restarts = 0
    while received < size:
        if http.time_left() <= 0.5:
            return False
        piece = pdf[received : received + chunk]
        status, body = http.request("PUT", "/v1/attachments", params={"sha256": sha, "offset": received, "size": size},
                                    data=piece)  # fmt: skip
        if status == 200:
            counts["bytes_sent"] += len(piece)
            if body.get("complete"):
                attachments.mark_uploaded(desk.store, sha, size)
                return True
            if body.get("damaged"):
                restarts += 1
                if restarts > 2:
                    counts["problems"].append(f"Máy chủ báo bản số hóa {sha[:12]}… hỏng khi nhận: thử lại sau.")
                    return False
            received = int(body.get("received") or 0)
        elif status == 409 and isinstance(body, dict) and isinstance(body.get("received"), int):
            received = body["received"]  # a chunk whose answer was lost: the server already has it
        elif status in (403, 404, 413):
            counts["problems"].append(answer_detail(body) or f"Máy chủ từ chối bản số hóa ({status}).")
            return False
        else:
            raise ProtocolError(f"Máy chủ từ chối phần bản số hóa ({status}): {answer_detail(body) or '?'}.")
    return False


def fetch(http: Http, desk, sha: str) -> bool:
    """Download one file this PC lacks and keep it encrypted; False when the server does not have it (yet)."""
    status, data = http.request("GET", f"/v1/attachments/{sha}", raw=True)
    if status != 200:
        return False
    if not attachments.keep_fetched(desk.store, sha, data):
        log.warning("sync: bản số hóa tải về không khớp mã băm %s…", sha[:12])
        return False
    attachments.mark_uploaded(desk.store, sha, len(data))  # the server holds it: nothing to send back
    return True


def fetch_all(desk, *, server_url: str | None = None, timeout: float = 600.0, request_timeout: float = 60.0) -> dict:
    """A replacement PC (enrolled on the same slot) fetches every digitised document of its slot's dossiers that the
    server holds, whether or not its own store has their events yet (``desk attachments fetch``)."""
    meta = desk.store.meta()
    credential = meta.get("sync_credential")
    if not credential:
        raise NotEnrolled("Bàn này chưa đăng ký với máy chủ tỉnh: «desk enrol URL MÃ» trước.")
    url = check_server_url(server_url or meta.get("server_url"))
    http = Http(url, http_session(url, credential, meta.get("sync_ca_bundle") or None),
                deadline=time.monotonic() + timeout, request_timeout=request_timeout, rng=random.Random(),
                cancel=None)  # fmt: skip
    out = {"listed": 0, "fetched": 0, "already": 0, "unavailable": 0}
    after = 0
    try:
        with roles.unattended(desk.store):
            while True:
                status, body = http.request("GET", "/v1/attachments", params={"after": after, "limit": 500})
                if status != 200:
                    raise SyncError(f"Máy chủ không trả danh sách bản số hóa ({status}): {answer_detail(body) or '?'}.")
                for item in body["attachments"]:
                    out["listed"] += 1
                    sha = item["sha256"]
                    if attachments.has_file(desk.store, sha):
                        out["already"] += 1
                    elif item["available"] and fetch(http, desk, sha):
                        out["fetched"] += 1
                    else:
                        out["unavailable"] += 1
                after = body["after"]
                if not body["more"]:
                    break
    finally:
        http.session.close()
    return out
