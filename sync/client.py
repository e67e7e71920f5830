"""The desk's sync client: enrolment, one sync round (push, then pull), and a back-off runner for the GUI.

The bookkeeping is desk/syncstate.py's (what to send, the server's answers, remote events applied once, the cursor
moved with them, the clock offset); this module only moves it over HTTP. Each step commits on its own, so a round
cut anywhere — a lost answer, a dropped connection, the process killed — is finished by the next round without
losing or duplicating anything: the server answers a re-sent event ``duplicate``, and the desk skips a re-pulled
event it already holds.

HTTPS with certificate verification (a province may configure its own CA bundle); plain HTTP only to a server on
this machine's loopback (tests, demos). No Qt here: ``SyncRunner`` is driven from a GUI worker thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ipaddress
import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3
from pydantic import BaseModel, ValidationError

from desk import __version__, journal, syncstate, timeutil
from desk.errors import DeskError, InvalidInput
from desk.signing import open_bundle
from sync import protocol as p

log = logging.getLogger("desk.sync")

DEFAULT_ROUND_TIMEOUT = 60.0  # seconds for one whole round, retries included
DEFAULT_REQUEST_TIMEOUT = 20.0  # seconds for one request to answer
PUSH_BATCH = 500
PULL_PAGE = 500
RETRY_BASE = 0.25
RETRY_CAP = 8.0
SYNC_ACTOR = "đồng bộ"


class SyncError(DeskError):
    """A sync step could not be done; the message says why and what to do next."""


class NotEnrolled(SyncError):
    """The desk has no credential for a provincial server yet."""

    exit_code = 2


class CredentialRefused(SyncError):
    """The server does not accept this desk's credential (revoked, or the server's data was reset)."""


class ServerUnreachable(SyncError):
    """The server did not answer within the round's time, retries included. ``partial`` holds what was done."""

    def __init__(self, message: str, partial: dict[str, Any] | None = None):
        super().__init__(message)
        self.partial = partial or {}


class ProtocolError(SyncError):
    """The server answered, but not as protocol v1 says."""


class EnrolRefused(InvalidInput):
    """The server refused the enrolment code (unknown, used, expired, for another desk)."""


class Cancelled(SyncError):
    """The round was asked to stop (the application is closing)."""


# -- addresses and TLS ------------------------------------------------------------------------------------------


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_server_url(url: str | None) -> str:
    """The server's base URL, normalised; HTTPS, or HTTP to this machine's loopback only."""
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput(
            f"Địa chỉ máy chủ «{text}» không hợp lệ: dùng dạng https://tên-máy-chủ (do tỉnh cung cấp).", field="server"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InvalidInput("Địa chỉ máy chủ không được chứa tên đăng nhập, mật khẩu hay tham số.", field="server")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InvalidInput(
            f"Máy chủ {parts.hostname}: chỉ kết nối máy chủ tỉnh bằng HTTPS (có kiểm tra chứng chỉ). HTTP chỉ dùng "
            "cho máy chủ thử nghiệm trên chính máy này (127.0.0.1).",
            field="server",
        )
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def check_ca_bundle(path: str | Path | None) -> str | None:
    """An absolute path to a readable PEM CA bundle (the province's private CA), or None for the system's CAs."""
    if not path:
        return None
    p_ = Path(path).expanduser().resolve()
    try:
        head = p_.read_bytes()[:65536]
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp chứng chỉ CA {p_}: {exc.strerror}.", field="ca_bundle") from None
    if b"-----BEGIN CERTIFICATE-----" not in head:
        raise InvalidInput(f"Tệp {p_} không phải chứng chỉ CA dạng PEM.", field="ca_bundle")
    return str(p_)


def _session(url: str, credential: str | None, ca_bundle: str | None) -> requests.Session:
    s = requests.Session()
    s.verify = ca_bundle or True
    # Loopback traffic never goes through a proxy from the environment.
    s.trust_env = not is_loopback(urlsplit(url).hostname)
    s.headers["User-Agent"] = f"desk/{__version__} (sync {p.API_VERSION})"
    if credential:
        s.headers["Authorization"] = f"Bearer {credential}"
    return s


# -- HTTP with retries inside a time limit -----------------------------------------------------------------------


class _Http:
    """Requests to one server, retried with exponential back-off and jitter until the round's deadline."""

    def __init__(
        self,
        base_url: str,
        session: requests.Session,
        *,
        deadline: float,
        request_timeout: float,
        rng: random.Random,
        cancel: threading.Event | None,
    ) -> None:
        self.base_url = base_url
        self.session = session
        self.deadline = deadline
        self.request_timeout = request_timeout
        self.rng = rng
        self.cancel = cancel
        self.server_time: dt.datetime | None = None
        self.local_time: dt.datetime | None = None
        self.requests = 0
        self.retries = 0

    def time_left(self) -> float:
        return self.deadline - time.monotonic()

    def _wait(self, seconds: float) -> None:
        if self.cancel is not None:
            if self.cancel.wait(seconds):
                raise Cancelled("Đồng bộ đã dừng theo yêu cầu.")
        else:
            time.sleep(seconds)

    def request(
        self, method: str, path: str, *, json_body: Any = None, params: dict[str, Any] | None = None, raw: bool = False
    ) -> tuple[int, Any]:
        """(status, parsed JSON or bytes) of the first answer that is not a transient failure.

        Retried: connection errors, timeouts, truncated or unreadable bodies, 5xx, 408 and 429. Raised at once:
        certificate errors and refused credentials. Other 4xx are returned to the caller.
        """
        attempt = 0
        last = "chưa gửi được yêu cầu"
        while True:
            if self.cancel is not None and self.cancel.is_set():
                raise Cancelled("Đồng bộ đã dừng theo yêu cầu.")
            left = self.time_left()
            if left <= 0.05:
                raise ServerUnreachable(
                    f"Không kết nối được máy chủ tỉnh {self.base_url}: {last}. Dữ liệu trên máy vẫn đủ; "
                    "lần đồng bộ sau sẽ gửi tiếp."
                )
            timeout = (min(left, self.request_timeout, 10.0), min(left, self.request_timeout))
            self.requests += 1
            try:
                r = self.session.request(method, self.base_url + path, json=json_body, params=params, timeout=timeout)
                content = r.content  # the whole body now: a truncated one raises here
                self._note_time(r)
                if r.status_code >= 500 or r.status_code in (408, 429):
                    last = f"máy chủ trả lời lỗi {r.status_code}"
                elif r.status_code in (401, 403):
                    raise CredentialRefused(_detail(content) or "Máy chủ không nhận chứng danh của bàn này.")
                elif r.status_code >= 400:
                    return r.status_code, _json_or_none(content)
                elif raw:
                    return r.status_code, content
                else:
                    try:
                        return r.status_code, json.loads(content)
                    except ValueError:
                        last = "câu trả lời không trọn vẹn"
            except requests.exceptions.SSLError as exc:
                raise SyncError(
                    f"Không xác thực được chứng chỉ của máy chủ {self.base_url} ({_short(exc)}). Kiểm tra đồng hồ máy "
                    "tính và tệp chứng chỉ CA của tỉnh («desk enrol --ca-bundle …»)."
                ) from None
            except requests.exceptions.Timeout:
                last = "máy chủ không trả lời kịp"
            except requests.exceptions.ConnectionError as exc:
                refused = isinstance(
                    exc.args[0] if exc.args else None, urllib3.exceptions.MaxRetryError
                ) and isinstance(exc.args[0].reason, urllib3.exceptions.NewConnectionError)
                last = "mạng bị ngắt hoặc máy chủ không chạy" if refused else "kết nối bị ngắt giữa chừng"
                log.debug("sync: %s", exc)
            except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
                last = "câu trả lời bị ngắt giữa chừng"
                log.debug("sync: %s", exc)
            attempt += 1
            self.retries += 1
            # Exponential back-off with "equal jitter": half the step fixed, half random.
            step = min(RETRY_CAP, RETRY_BASE * 2 ** (attempt - 1))
            delay = min(step / 2 + self.rng.uniform(0, step / 2), max(0.0, self.time_left() - 0.05))
            log.info("sync: %s %s: %s; thử lại sau %.2f s", method, path, last, delay)
            self._wait(delay)

    def _note_time(self, r: requests.Response) -> None:
        value = r.headers.get("X-Server-Time")
        parsed = p.parse_time(value) if value else None
        if parsed is not None:
            self.server_time = parsed
            self.local_time = dt.datetime.now(timeutil.VN_TZ)


def _json_or_none(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None


def _detail(content: bytes | Any) -> str | None:
    body = _json_or_none(content) if isinstance(content, bytes) else content
    if isinstance(body, dict):
        d = body.get("detail")
        if isinstance(d, str):
            return d
        if isinstance(d, list) and d:
            first = d[0] if isinstance(d[0], dict) else {}
            where = ".".join(str(x) for x in first.get("loc", [])[1:])
            return f"dữ liệu không đúng giao thức ({where}: {first.get('msg', '?')})"
    return None


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 160 else text[:157] + "…"


def _model(model: type[BaseModel], body: Any) -> Any:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise ProtocolError(
            f"Máy chủ trả lời không đúng giao thức {p.API_VERSION}: {exc.errors()[0]['msg']}."
        ) from None


# -- enrolment ---------------------------------------------------------------------------------------------------


def enrol(
    desk,
    server_url: str,
    code: str,
    *,
    ca_bundle: str | Path | None = None,
    label: str | None = None,
    timeout: float = 30.0,
    actor: str = "cài đặt",
) -> dict[str, Any]:
    """Exchange a one-time enrolment code for this desk's credential and remember the server.

    The server URL, the credential and the CA bundle path go to the store's settings; the event log records the
    enrolment without the credential.
    """
    url = check_server_url(server_url)
    ca = check_ca_bundle(ca_bundle)
    if not re.fullmatch(p.ENROL_CODE_PATTERN[1:-1], (code or "").strip()):
        raise InvalidInput("Mã đăng ký gồm 12 chữ và số (có thể có dấu gạch), do quản trị viên máy chủ tỉnh cấp.")
    settings = desk.settings
    meta = desk.store.meta()
    body = {
        "code": code.strip(),
        "desk_id": meta["desk_id"],
        "agency_code": settings.agency_code,
        "slot": settings.desk_slot,
        "label": (label or settings.agency_name)[:200],
    }
    http = _Http(
        url,
        _session(url, None, ca),
        deadline=time.monotonic() + timeout,
        request_timeout=min(timeout, 20),
        rng=random.Random(),
        cancel=None,
    )
    try:
        status, answer = http.request("POST", "/v1/enrol", json_body=body)
    except CredentialRefused as exc:  # 403: unknown, used or expired code
        raise EnrolRefused(exc.message, field="code") from None
    if status == 409:
        raise EnrolRefused(_detail(answer) or "Máy chủ từ chối mã đăng ký.", field="code")
    if status != 200:
        raise EnrolRefused(f"Máy chủ từ chối đăng ký ({status}): {_detail(answer) or 'không rõ lý do'}.", field="code")
    resp: p.EnrolResponse = _model(p.EnrolResponse, answer)
    with desk.store.write() as conn:
        values = {
            "server_url": url,
            "sync_credential": resp.credential,
            "sync_ca_bundle": ca or "",
            "sync_enrolled_at": timeutil.iso(timeutil.now()),
        }
        if meta.get("server_url") and meta.get("server_url") != url:
            values["sync_cursor"] = ""  # a cursor is only meaningful to the server that issued it
        desk.store.set_meta(conn, **values)
        journal.record(
            desk.store,
            conn,
            kind="enrolled",
            payload={
                "server_url": url,
                "agency_code": resp.agency_code,
                "slot": resp.slot,
                "label": resp.label,
                "private_ca": bool(ca),
            },
            actor=actor,
        )
    offset = _offset(http)
    return {
        "server_url": url,
        "desk_id": resp.desk_id,
        "agency_code": resp.agency_code,
        "slot": resp.slot,
        "label": resp.label,
        "server_time": resp.server_time,
        "clock_offset_s": offset,
        "clock_warning": offset is not None and abs(offset) > syncstate.CLOCK_WARNING_S,
    }


def _offset(http: _Http) -> int | None:
    if http.server_time is None or http.local_time is None:
        return None
    return round((http.local_time - http.server_time).total_seconds())


# -- one round ---------------------------------------------------------------------------------------------------


def sync_round(
    desk,
    *,
    server_url: str | None = None,
    timeout: float = DEFAULT_ROUND_TIMEOUT,
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
    batch_size: int = PUSH_BATCH,
    page_size: int = PULL_PAGE,
    approve_catalogs: bool = False,
    actor: str = SYNC_ACTOR,
    cancel: threading.Event | None = None,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """One sync round: push every unacknowledged event, then pull what came for this desk; retried within ``timeout``.

    Returns the counts (sent, accepted, duplicates, refused, pulled, applied, already_held, conflicts), the bundles
    taken, the server's time and the clock offset (with a warning past five minutes; work is never refused for it).
    ``complete`` is False when the time ran out while there was still more to do (the next round goes on).
    Raises NotEnrolled, CredentialRefused, ServerUnreachable (with ``partial``), ProtocolError.
    """
    store = desk.store
    meta = store.meta()
    credential = meta.get("sync_credential")
    if not credential:
        raise NotEnrolled(
            "Bàn này chưa đăng ký với máy chủ tỉnh. Xin quản trị viên mã đăng ký rồi chạy «desk enrol URL MÃ»."
        )
    url = check_server_url(server_url or meta.get("server_url"))
    ca = meta.get("sync_ca_bundle") or None
    result: dict[str, Any] = {
        "server": url,
        "sent": 0,
        "accepted": 0,
        "duplicates": 0,
        "refused": 0,
        "refusals": [],
        "pulled": 0,
        "applied": 0,
        "already_held": 0,
        "conflicts": 0,
        "bundles": [],
        "server_time": None,
        "clock_offset_s": None,
        "clock_warning": False,
        "clock_message": None,
        "pending": None,
        "complete": False,
        "requests": 0,
        "retries": 0,
        "last_sync": meta.get("last_sync"),
    }
    started = time.monotonic()
    http = _Http(
        url,
        _session(url, credential, ca),
        deadline=started + timeout,
        request_timeout=request_timeout,
        rng=rng or random.Random(),
        cancel=cancel,
    )
    try:
        pushed_all = _push_all(http, store, max(1, min(batch_size, p.PUSH_BATCH_MAX)), result)
        pulled_all = pushed_all and _pull_all(
            http, desk, max(1, min(page_size, p.PULL_PAGE_MAX)), result, approve_catalogs=approve_catalogs, actor=actor
        )
    except (ServerUnreachable, ProtocolError, CredentialRefused, Cancelled) as exc:
        result.update(requests=http.requests, retries=http.retries, pending=syncstate.pending_count(store))
        if isinstance(exc, ServerUnreachable):
            exc.partial = result
        log.info("sync: vòng đồng bộ không xong: %s (%s)", exc.message, _summary(result))
        raise
    finally:
        http.session.close()
    server_time = http.server_time
    if pulled_all:
        st = syncstate.note_round(store, server_time=server_time, now=http.local_time)
    else:  # out of time with more to do: not a completed round, but the clock offset is known
        st = syncstate.status(store)
        st["clock_offset_s"] = _offset(http)
        st["clock_warning"] = st["clock_offset_s"] is not None and abs(st["clock_offset_s"]) > syncstate.CLOCK_WARNING_S
    result.update(
        server_time=p_iso(server_time),
        clock_offset_s=st["clock_offset_s"],
        clock_warning=st["clock_warning"],
        clock_message=clock_message(st["clock_offset_s"]) if st["clock_warning"] else None,
        pending=st["pending"],
        complete=bool(pulled_all),
        requests=http.requests,
        retries=http.retries,
        last_sync=st["last_sync"],
        seconds=round(time.monotonic() - started, 3),
    )
    log.info("sync: %s", _summary(result))
    return result


def p_iso(value: dt.datetime | None) -> str | None:
    return timeutil.to_vn(value).isoformat(timespec="milliseconds") if value else None


def _summary(r: dict[str, Any]) -> str:
    return (
        f"gửi {r['sent']} (nhận {r['accepted']}, trùng {r['duplicates']}, từ chối {r['refused']}); "
        f"tải về {r['pulled']} (áp dụng {r['applied']}, xung đột {r['conflicts']}); {len(r['bundles'])} bộ dữ liệu"
    )


def _push_all(http: _Http, store, batch_size: int, result: dict[str, Any]) -> bool:
    """Push until nothing is pending (True) or the round's time is up (False)."""
    while True:
        batch = syncstate.pending(store, limit=batch_size)
        if not batch:
            return True
        if http.time_left() <= 0.05:
            return False
        answers = _push_batch(http, batch)
        sent = {e["id"] for e in batch}
        answers = [a for a in answers if a["id"] in sent]
        if not answers:
            raise ProtocolError("Máy chủ không trả lời cho sự kiện nào đã gửi.")
        syncstate.record_answers(store, answers)
        result["sent"] += len(batch)
        for a in answers:
            if a["status"] == "accepted":
                result["accepted"] += 1
            elif a["status"] == "duplicate":
                result["duplicates"] += 1
            else:
                result["refused"] += 1
                if len(result["refusals"]) < 50:
                    result["refusals"].append({"id": a["id"], "reason": a.get("reason")})


def _push_batch(http: _Http, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    status, body = http.request("POST", "/v1/events", json_body={"events": batch})
    if status == 200:
        return [a.model_dump() for a in _model(p.PushResponse, body).answers]
    if status in (413, 422):
        # One event the server cannot even read must not hold back the others: halve until it is alone, and keep
        # the server's words as the reason the clerk reads.
        if len(batch) == 1:
            why = _detail(body) or f"máy chủ không đọc được sự kiện ({status})"
            return [{"id": batch[0]["id"], "status": "refused", "reason": f"Máy chủ không nhận sự kiện: {why}"}]
        mid = len(batch) // 2
        return _push_batch(http, batch[:mid]) + _push_batch(http, batch[mid:])
    raise ProtocolError(f"Máy chủ từ chối yêu cầu gửi sự kiện ({status}): {_detail(body) or 'không rõ lý do'}.")


def _pull_all(http: _Http, desk, page_size: int, result: dict[str, Any], *, approve_catalogs: bool, actor: str) -> bool:
    """Pull pages until the server has no more (True) or the round's time is up (False)."""
    store = desk.store
    reset = False
    while True:
        if http.time_left() <= 0.05:
            return False
        cursor = store.meta().get("sync_cursor") or None
        params: dict[str, Any] = {"limit": page_size}
        if cursor:
            params["cursor"] = cursor
        status, body = http.request("GET", "/v1/events", params=params)
        if status == 422 and cursor and not reset:
            # A cursor this server does not understand (another server's): start again; the desk skips what it holds.
            log.warning("sync: con trỏ %r không hợp lệ với máy chủ này; đọc lại từ đầu", cursor)
            with store.write() as conn:
                store.set_meta(conn, sync_cursor="")
            reset = True
            continue
        if status != 200:
            raise ProtocolError(f"Máy chủ từ chối yêu cầu tải về ({status}): {_detail(body) or 'không rõ lý do'}.")
        page: p.PullResponse = _model(p.PullResponse, body)
        # Bundles first, then the events with the cursor: a round cut in between takes the page again, and a bundle
        # the desk already holds is recognised and skipped.
        for info in page.bundles:
            result["bundles"].append(_take_bundle(http, desk, info, approve=approve_catalogs, actor=actor))
        counts = syncstate.apply_remote(store, [e.model_dump() for e in page.events], page.cursor)
        result["pulled"] += len(page.events)
        result["applied"] += counts["applied"]
        result["already_held"] += counts["duplicates"]
        result["conflicts"] += counts["conflicts"]
        if not page.more:
            return True


def _held_bundle(store, kind: str, data: bytes) -> bool:
    """Whether this bundle (or the document inside its signed envelope) is already stored."""
    digests = {hashlib.sha256(data).hexdigest()}
    with contextlib.suppress(InvalidInput):
        digests.add(hashlib.sha256(open_bundle(data, [], "bộ dữ liệu").payload).hexdigest())
    table = "catalogs" if kind == "catalog" else "calendars"
    marks = ",".join("?" * len(digests))
    return store.conn.execute(f"SELECT 1 FROM {table} WHERE sha256 IN ({marks})", tuple(digests)).fetchone() is not None


def _take_bundle(http: _Http, desk, info: p.BundleInfo, *, approve: bool, actor: str) -> dict[str, Any]:
    """Download one bundle and import it; a refused bundle is reported, never fatal."""
    out: dict[str, Any] = {"id": info.id, "kind": info.kind, "label": info.label}
    data = b""
    for _ in range(3):
        status, data = http.request("GET", f"/v1/bundles/{info.id}", raw=True)
        if status != 200:
            return out | {"status": "refused", "reason": f"máy chủ không gửi được bộ dữ liệu ({status})"}
        if hashlib.sha256(data).hexdigest() == info.sha256:
            break
    else:
        return out | {"status": "refused", "reason": "bộ dữ liệu tải về bị hỏng (mã băm không khớp)"}
    if _held_bundle(desk.store, info.kind, data):
        return out | {"status": "already"}
    try:
        if info.kind == "catalog":
            r = desk.import_catalog(data, actor=actor, approve=approve)
            out |= {
                "status": "imported" if approve else "waiting_approval",
                "version": r["version"],
                "procedures": r["procedures"],
                "catalog_id": r["catalog_id"],
            }
        else:
            r = desk.import_calendar(data, actor=actor)
            out |= {"status": "imported", "version": r["version"]}
    except InvalidInput as exc:
        out |= {"status": "refused", "reason": exc.message, "errors": exc.errors[:5]}
        log.warning("sync: bộ dữ liệu %s bị từ chối: %s", info.id, exc.message)
    return out


def clock_message(offset: int | None) -> str | None:
    """The clerk's warning when the PC clock is off (None when it is close enough)."""
    if offset is None or abs(offset) <= syncstate.CLOCK_WARNING_S:
        return None
    minutes = round(abs(offset) / 60)
    way = "nhanh" if offset > 0 else "chậm"
    return (
        f"Đồng hồ máy tính {way} {minutes} phút so với giờ máy chủ tỉnh. Hãy chỉnh lại giờ máy tính; "
        "phần mềm vẫn làm việc bình thường."
    )


def format_result(r: dict[str, Any]) -> str:
    """What ``desk sync`` prints: what went, what came, what needs a person."""
    lines = [
        f"Máy chủ:   {r['server']}",
        f"Đã gửi:    {r['sent']} sự kiện — máy chủ nhận {r['accepted']}, đã có {r['duplicates']}, từ chối {r['refused']}",
        f"Đã nhận:   {r['pulled']} sự kiện — áp dụng {r['applied']}, đã có {r['already_held']}, "
        f"xung đột {r['conflicts']}",
    ]
    for b in r["bundles"]:
        what = {
            "imported": "đã nhập",
            "waiting_approval": "đã nhập, chờ cán bộ phụ trách duyệt",
            "already": "đã có",
            "refused": f"bị từ chối: {b.get('reason')}",
        }[b["status"]]
        lines.append(f"Bộ dữ liệu: {b.get('label') or b['kind']} — {what}")
    for ref in r["refusals"][:10]:
        lines.append(f"  Từ chối {ref['id']}: {ref['reason']}")
    if r["refused"]:
        lines.append("Xem các sự kiện bị từ chối trong cửa sổ «Sự kiện bị máy chủ từ chối».")
    if r["conflicts"]:
        lines.append("Có xung đột cần cán bộ xem (không tự ghi đè).")
    lines.append(f"Còn chờ gửi: {r['pending']}")
    if not r["complete"]:
        lines.append("Chưa xong trong thời gian cho phép: chạy «desk sync» lần nữa để tiếp tục.")
    if r.get("clock_message"):
        lines.append("CẢNH BÁO: " + r["clock_message"])
    return "\n".join(lines)


# -- background runner for the GUI ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunnerState:
    """What the status bar shows, as of the last round (no I/O to read it)."""

    online: bool | None = None  # None: not tried yet
    enrolled: bool = True
    running: bool = False
    failures: int = 0
    last_error: str | None = None
    next_attempt_in: float | None = None
    status: dict[str, Any] = field(default_factory=dict)  # syncstate.status(): pending, refused, conflicts, …
    last_result: dict[str, Any] | None = None
    rounds: int = 0  # rounds tried since the runner started


class SyncRunner:
    """Background sync without Qt: rounds on a worker thread, exponential back-off with jitter when offline.

    ``run()`` is the worker loop (a QThread's run, or ``start()`` for a plain thread); ``poke()`` after an intake
    asks for a round at once when online; ``state()`` is a snapshot for the status bar; ``on_change(state)`` is
    called from the worker thread after each round or refresh (bridge it to a Qt signal).
    The runner opens its own desk connection in the worker thread (SQLite WAL: the GUI's reads are not blocked).
    """

    def __init__(
        self,
        data_dir: Path | None = None,
        *,
        open_desk: Callable[[], Any] | None = None,
        interval: float = 300.0,
        base_delay: float = 5.0,
        max_delay: float = 900.0,
        round_timeout: float = DEFAULT_ROUND_TIMEOUT,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        on_change: Callable[[RunnerState], None] | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
        sync: Callable[..., dict[str, Any]] = sync_round,
    ) -> None:
        if open_desk is None:
            if data_dir is None:
                raise ValueError("SyncRunner needs data_dir or open_desk")
            from desk.service import Desk

            open_desk = lambda: Desk.open(Path(data_dir))  # noqa: E731
        self._open_desk = open_desk
        self.interval = interval
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.round_timeout = round_timeout
        self.request_timeout = request_timeout
        self.on_change = on_change
        self.rng = rng or random.Random()
        self.clock = clock
        self._sync = sync
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._refresh = False
        self._desk: Any = None
        self._thread: threading.Thread | None = None
        self._next_at = clock()  # the first round at once
        self._state = RunnerState()

    # -- the schedule -----------------------------------------------------------------------------------------

    def backoff_delay(self, failures: int) -> float:
        """Seconds before the next try after ``failures`` failed rounds in a row: doubling, capped, jittered."""
        step = min(self.max_delay, self.base_delay * 2 ** max(0, failures - 1))
        return step / 2 + self.rng.uniform(0, step / 2)

    def state(self) -> RunnerState:
        with self._lock:
            left = None if self._stop.is_set() else max(0.0, self._next_at - self.clock())
            return replace(self._state, next_attempt_in=left)

    def poke(self) -> None:
        """After an intake: a round now when the last one reached the server; otherwise the back-off stands."""
        with self._lock:
            if self._state.online is not False and self._state.enrolled:
                self._next_at = self.clock()
            self._refresh = True
        self._wake.set()

    def refresh(self) -> None:
        """Recount what waits (on the worker thread) without a round."""
        with self._lock:
            self._refresh = True
        self._wake.set()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the loop (and a round in progress) to stop, and wait for the worker thread started by ``start``."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def start(self) -> threading.Thread:
        """Run the loop on a daemon thread of its own."""
        self._thread = threading.Thread(target=self.run, name="desk-sync", daemon=True)
        self._thread.start()
        return self._thread

    # -- the worker side --------------------------------------------------------------------------------------

    def run(self) -> None:
        """The worker loop: wait for the next round (or a poke), run it, until ``stop``."""
        try:
            while not self._stop.is_set():
                with self._lock:
                    wait = self._next_at - self.clock()
                    refresh = self._refresh
                    self._refresh = False
                if refresh:
                    self._publish(None)
                if wait > 0:
                    self._wake.wait(wait)
                    self._wake.clear()
                    continue
                self.run_once()
        finally:
            if self._desk is not None:
                with contextlib.suppress(Exception):
                    self._desk.close()
                self._desk = None

    def run_once(self) -> dict[str, Any] | None:
        """One round now, on the calling thread; updates the back-off. Never raises for network trouble."""
        with self._lock:
            self._state = replace(self._state, running=True)
        result: dict[str, Any] | None = None
        online, enrolled, error = self._state.online, True, None
        failures = self._state.failures
        try:
            if self._desk is None:
                self._desk = self._open_desk()
            result = self._sync(
                self._desk, timeout=self.round_timeout, request_timeout=self.request_timeout, cancel=self._stop
            )
            online, failures = True, 0
            delay = self.interval * self.rng.uniform(0.9, 1.1) if result.get("complete") else 0.5
        except NotEnrolled as exc:
            enrolled, error, delay = False, exc.message, self.max_delay
        except CredentialRefused as exc:
            online, error, delay = True, exc.message, self.max_delay
        except Cancelled:
            delay = self.max_delay
        except DeskError as exc:  # unreachable, protocol trouble, store busy: try again later
            failures += 1
            online, error = (False if isinstance(exc, ServerUnreachable) else online), exc.message
            delay = self.backoff_delay(failures)
        except Exception as exc:  # a bug: logged with its traceback, and the runner keeps its schedule
            log.exception("sync: lỗi không lường trước trong vòng đồng bộ")
            failures += 1
            error = f"Lỗi không lường trước khi đồng bộ: {exc}"
            delay = self.backoff_delay(failures)
        with self._lock:
            self._next_at = self.clock() + delay
            self._state = replace(
                self._state,
                running=False,
                online=online,
                enrolled=enrolled,
                failures=failures,
                last_error=error,
                last_result=result or self._state.last_result,
                rounds=self._state.rounds + 1,
            )
        self._publish(result)
        return result

    def _publish(self, result: dict[str, Any] | None) -> None:
        if self._desk is None:
            with contextlib.suppress(DeskError):
                self._desk = self._open_desk()
        if self._desk is not None:
            with contextlib.suppress(Exception):
                status = syncstate.status(self._desk.store)
                with self._lock:
                    self._state = replace(self._state, status=status)
        if self.on_change is not None:
            try:
                self.on_change(self.state())
            except Exception:
                log.exception("sync: on_change")
