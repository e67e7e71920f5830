"""HTTP to the provincial server: address and CA checks, the session, requests retried with back-off and jitter
inside a deadline, the sync error classes, and enrolment.

HTTPS with certificate verification (a province may configure its own CA bundle); plain HTTP only to a server on
this machine's loopback (tests, demos).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import random
import re
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3
from pydantic import BaseModel, ValidationError

from desk import __version__, journal, roles, syncstate, timeutil
from desk.errors import DeskError, InvalidInput
from sync import protocol as p

log = logging.getLogger("desk.sync")

RETRY_BASE = 0.25
RETRY_CAP = 8.0


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


class RateLimited(SyncError):
    """The server asked to wait (429 or 503 with Retry-After) longer than the round has left. ``partial``: what was
    done."""

    def __init__(self, message: str, retry_after: float, partial: dict[str, Any] | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.partial = partial or {}


class ProtocolError(SyncError):
    """The server answered, but not as protocol v1 says."""


class EnrolRefused(InvalidInput):
    """The server refused the enrolment code (unknown, used, expired, for another desk)."""


class Cancelled(SyncError):
    """The round was asked to stop (the application is closing)."""


# -- addresses and TLS ------------------------------------------------------------------------------------------


def is_loopback(host: str | None) -> bool:
    """Whether `host` is this machine (localhost or a loopback address)."""
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


def http_session(url: str, credential: str | None, ca_bundle: str | None) -> requests.Session:
    """A requests session for the server at `url`: certificate check, user agent, the bearer credential."""
    s = requests.Session()
    s.verify = ca_bundle or True
    # Loopback traffic never goes through a proxy from the environment.
    s.trust_env = not is_loopback(urlsplit(url).hostname)
    s.headers["User-Agent"] = f"desk/{__version__} (sync {p.API_VERSION})"
    if credential:
        s.headers["Authorization"] = f"Bearer {credential}"
    return s


# -- HTTP with retries inside a time limit -----------------------------------------------------------------------


class Http:
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
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        raw: bool = False,
        data: bytes | None = None,
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
                extra: dict[str, Any] = {"json": json_body} if data is None else {
                    "data": data, "headers": {"Content-Type": "application/octet-stream"}}  # fmt: skip
                r = self.session.request(method, self.base_url + path, params=params, timeout=timeout, **extra)
                content = r.content  # the whole body now: a truncated one raises here
                self._note_time(r)
                wait = retry_after_header(r) if r.status_code in (429, 503) else None
                if wait is not None:
                    # The server's own wait is honoured: within the round when it fits, else the next round.
                    why = answer_detail(content) or f"máy chủ yêu cầu chờ {wait:g} giây"
                    if wait > self.time_left() - 0.05:
                        raise RateLimited(
                            f"Máy chủ tỉnh yêu cầu chờ {wait:g} giây: {why}. Lần đồng bộ sau sẽ gửi tiếp.", wait
                        )
                    attempt += 1
                    self.retries += 1
                    log.info("sync: %s %s: %s; chờ %.1f s theo Retry-After", method, path, why, wait)
                    self._wait(wait + self.rng.uniform(0, min(1.0, wait / 10)))
                    continue
                if r.status_code >= 500 or r.status_code in (408, 429):
                    last = f"máy chủ trả lời lỗi {r.status_code}"
                elif r.status_code in (401, 403):
                    raise CredentialRefused(answer_detail(content) or "Máy chủ không nhận chứng danh của bàn này.")
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


def retry_after_header(r: requests.Response) -> float | None:
    """The seconds of a Retry-After header given as a number (None when absent or not a number)."""
    value = r.headers.get("Retry-After")
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return min(max(seconds, 0.0), 24 * 3600.0) if seconds is not None else None


def _json_or_none(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None


def answer_detail(content: bytes | Any) -> str | None:
    """The server's ``detail`` of an error answer, as one line for the clerk (None when there is none)."""
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


def parse_model(model: type[BaseModel], body: Any) -> Any:
    """The answer `body` validated as `model`; ProtocolError when it is not what protocol v1 says."""
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
    http = Http(
        url,
        http_session(url, None, ca),
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
        raise EnrolRefused(answer_detail(answer) or "Máy chủ từ chối mã đăng ký.", field="code")
    if status != 200:
        raise EnrolRefused(
            f"Máy chủ từ chối đăng ký ({status}): {answer_detail(answer) or 'không rõ lý do'}.", field="code"
        )
    resp: p.EnrolResponse = parse_model(p.EnrolResponse, answer)
    with roles.unattended(desk.store), desk.store.write() as conn:
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
    offset = clock_offset(http)
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


def publisher_keys(desk, *, timeout: float = 30.0) -> list[dict[str, Any]]:
    """The publisher keys registered on the server the desk is enrolled with (to check out of band, then trust)."""
    meta = desk.store.meta()
    if not meta.get("sync_credential"):
        raise NotEnrolled("Bàn này chưa đăng ký với máy chủ tỉnh.")
    url = check_server_url(meta.get("server_url"))
    http = Http(
        url,
        http_session(url, meta["sync_credential"], meta.get("sync_ca_bundle") or None),
        deadline=time.monotonic() + timeout,
        request_timeout=min(timeout, 20),
        rng=random.Random(),
        cancel=None,
    )
    try:
        status, body = http.request("GET", "/v1/publisher-keys")
    finally:
        http.session.close()
    if status != 200:
        raise ProtocolError(f"Máy chủ không trả danh sách khóa ({status}): {answer_detail(body) or 'không rõ lý do'}.")
    return [k.model_dump() for k in parse_model(p.PublisherKeys, body).keys]


def clock_offset(http: Http) -> int | None:
    """Seconds this PC's clock is ahead of the server's, from the last answer (None before any answer)."""
    if http.server_time is None or http.local_time is None:
        return None
    return round((http.local_time - http.server_time).total_seconds())
