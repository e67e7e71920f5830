"""One sync round: push every event the server has not acknowledged, then pull what came for this desk.

The bookkeeping is desk/syncstate.py's (what to send, the server's answers, remote events applied once, the cursor
moved with them, the clock offset); this module only moves it over HTTP. Each step commits on its own, so a round
cut anywhere — a lost answer, a dropped connection, the process killed — is finished by the next round without
losing or duplicating anything: the server answers a re-sent event ``duplicate``, and the desk skips a re-pulled
event it already holds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import random
import threading
import time
from typing import Any

from desk import roles, syncstate, timeutil
from desk.errors import InvalidInput
from desk.signing import open_bundle
from sync import protocol as p
from sync.client.transport import (
    Cancelled,
    CredentialRefused,
    Http,
    NotEnrolled,
    ProtocolError,
    RateLimited,
    ServerUnreachable,
    answer_detail,
    check_server_url,
    clock_offset,
    http_session,
    parse_model,
)

log = logging.getLogger("desk.sync")

DEFAULT_ROUND_TIMEOUT = 60.0  # seconds for one whole round, retries included
DEFAULT_REQUEST_TIMEOUT = 20.0  # seconds for one request to answer
PUSH_BATCH = 500
PULL_PAGE = 500
SYNC_ACTOR = "đồng bộ"


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
    with roles.unattended(desk.store):
        return _round(desk, server_url, timeout, request_timeout, batch_size, page_size, approve_catalogs, actor,
                      cancel, rng)  # fmt: skip


def _round(desk, server_url, timeout, request_timeout, batch_size, page_size, approve_catalogs, actor, cancel,
           rng) -> dict[str, Any]:  # fmt: skip
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
        "notices": [],
        "restarted": None,
        "waiting_bundles": 0,
    }
    started = time.monotonic()
    http = Http(
        url,
        http_session(url, credential, ca),
        deadline=started + timeout,
        request_timeout=request_timeout,
        rng=rng or random.Random(),
        cancel=cancel,
    )
    batch_size, page_size = max(1, min(batch_size, p.PUSH_BATCH_MAX)), max(1, min(page_size, p.PULL_PAGE_MAX))
    try:
        pulled_all = False
        for _ in range(3):  # a second pass only when the server turned out restored: what it lost goes again
            restarted = result["restarted"]
            pushed_all = _push_all(http, store, batch_size, result)
            pulled_all = pushed_all and _pull_all(
                http, desk, page_size, result, approve_catalogs=approve_catalogs, actor=actor
            )
            if not pulled_all or result["restarted"] is restarted or not syncstate.pending_count(store):
                break
        if pulled_all:
            _take_waiting_bundles(http, desk, result, approve=approve_catalogs, actor=actor)
            from sync.client.restore import confirm_codes

            reserved = confirm_codes(http, store)  # after a restore from a backup: the slot's numbers, once
            if reserved is not None:
                result["codes_reserved"] = reserved
            # The digitised documents' PDFs, after their events (never failing the round: they wait for the next).
            from sync.client.attachments import sync_files

            sync_files(http, desk, result)
            requests_made = http.requests
            _report_status(http, desk)
            http.requests = requests_made  # the round's requests are those of its exchange
    except (ServerUnreachable, RateLimited, ProtocolError, CredentialRefused, Cancelled) as exc:
        result.update(requests=http.requests, retries=http.retries, pending=syncstate.pending_count(store))
        if isinstance(exc, ServerUnreachable | RateLimited):
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
        st["clock_offset_s"] = clock_offset(http)
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
        waiting_bundles=len(syncstate.waiting_bundles(store)),
        seconds=round(time.monotonic() - started, 3),
    )
    log.info("sync: %s", _summary(result))
    return result


def _report_status(http: Http, desk) -> None:
    """Tell the province's console how this desk stands (best effort: a server without it, or a failure, is fine)."""
    import desk as desk_package
    from desk import bundles

    try:
        st = syncstate.status(desk.store)
        cat = bundles.active_catalog(desk)
        cal = bundles.latest_calendar(desk)
        body = {
            "pending": int(st.get("pending") or 0),
            "refused": int(st.get("refused") or 0),
            "clock": timeutil.iso(timeutil.now()),
            "catalog": f"{cat['publisher_code']} v{cat['version']}" if cat else None,
            "calendar": f"{cal['publisher']} v{cal['version']}" if cal else None,
            "app_version": desk_package.__version__,
        }
        http.request("POST", f"{p.PREFIX}/status", json_body=body)
    except (ServerUnreachable, RateLimited, ProtocolError, CredentialRefused, Cancelled) as exc:
        log.info("sync: không gửi được tình trạng của bàn: %s", exc.message)


def p_iso(value: dt.datetime | None) -> str | None:
    """A time as ISO 8601 in Vietnam time, to the millisecond (None stays None)."""
    return timeutil.to_vn(value).isoformat(timespec="milliseconds") if value else None


def _summary(r: dict[str, Any]) -> str:
    return (
        f"gửi {r['sent']} (nhận {r['accepted']}, trùng {r['duplicates']}, từ chối {r['refused']}); "
        f"tải về {r['pulled']} (áp dụng {r['applied']}, xung đột {r['conflicts']}); {len(r['bundles'])} bộ dữ liệu"
    )


def _push_all(http: Http, store, batch_size: int, result: dict[str, Any]) -> bool:
    """Push until nothing is pending (True) or the round's time is up (False)."""
    while True:
        batch = syncstate.pending(store, limit=batch_size)
        if not batch:
            return True
        if http.time_left() <= 0.05:
            return False
        try:
            answers = _push_batch(http, batch, store.meta().get("sync_cursor") or None)
        except _Restart as restart:  # the server was restored: forget what it lost, then push again
            _restart(store, restart.reset, result)
            continue
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


class _Restart(Exception):
    """The server answered that the desk's cursor is from another epoch or server (409 with ``reset``)."""

    def __init__(self, reset: dict[str, Any]):
        super().__init__(reset.get("message"))
        self.reset = reset


def _restart(store, reset: dict[str, Any], result: dict[str, Any]) -> None:
    """Read again from the server's safe point and send again what it lost; the round's result says so."""
    if result["restarted"] and result["restarted"].get("cursor") == reset.get("cursor"):
        raise ProtocolError("Máy chủ báo khôi phục lặp lại với cùng một vị trí: dừng vòng đồng bộ này.")
    notice = syncstate.restart(store, reset)
    result["restarted"] = {**reset, "resent": notice["resent"]}
    result["notices"].append(f"{notice['message']} ({notice['resent']} sự kiện gửi lại)")
    log.warning("sync: %s", notice["message"])


def _push_batch(http: Http, batch: list[dict[str, Any]], since: str | None = None) -> list[dict[str, Any]]:
    body_out: dict[str, Any] = {"events": batch}
    if since and "." in since:  # a cursor of a server that has epochs: it checks it before storing anything
        body_out["since"] = since
    status, body = http.request("POST", "/v1/events", json_body=body_out)
    if status == 200:
        return [a.model_dump() for a in parse_model(p.PushResponse, body).answers]
    if status == 409 and isinstance(body, dict) and isinstance(body.get("reset"), dict):
        raise _Restart(parse_model(p.CursorReset, body["reset"]).model_dump())
    if status in (413, 422):
        # One event the server cannot even read must not hold back the others: halve until it is alone, and keep
        # the server's words as the reason the clerk reads.
        if len(batch) == 1:
            why = answer_detail(body) or f"máy chủ không đọc được sự kiện ({status})"
            return [{"id": batch[0]["id"], "status": "refused", "reason": f"Máy chủ không nhận sự kiện: {why}"}]
        mid = len(batch) // 2
        return _push_batch(http, batch[:mid], since) + _push_batch(http, batch[mid:], since)
    raise ProtocolError(f"Máy chủ từ chối yêu cầu gửi sự kiện ({status}): {answer_detail(body) or 'không rõ lý do'}.")


def _pull_all(http: Http, desk, page_size: int, result: dict[str, Any], *, approve_catalogs: bool, actor: str) -> bool:
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
            raise ProtocolError(
                f"Máy chủ từ chối yêu cầu tải về ({status}): {answer_detail(body) or 'không rõ lý do'}."
            )
        page: p.PullResponse = parse_model(p.PullResponse, body)
        if page.reset is not None:  # the server read from a safe point, not from our cursor: it was restored
            _restart(store, page.reset.model_dump(), result)
        # Bundles first, then the events with the cursor: a round cut in between takes the page again, and a bundle
        # the desk already holds is recognised and skipped. With no trusted publisher key, none is applied: they
        # wait, and are taken once the desk trusts a key.
        if page.bundles and not desk.trusted_keys():
            _wait_for_trust(store, page.bundles, result)
        else:
            for info in page.bundles:
                result["bundles"].append(_take_bundle(http, desk, info, approve=approve_catalogs, actor=actor))
        counts = syncstate.apply_remote(store, [e.model_dump() for e in page.events], page.cursor)
        result["pulled"] += len(page.events)
        result["applied"] += counts["applied"]
        result["already_held"] += counts["duplicates"]
        result["conflicts"] += counts["conflicts"]
        if not page.more:
            return True


UNTRUSTED = "chưa tin cậy khóa nào của đơn vị phát hành"


def _wait_for_trust(store, bundles: list[p.BundleInfo], result: dict[str, Any]) -> None:
    """Keep the bundles offered while the desk trusts no publisher key: listed, not applied."""
    waiting = syncstate.waiting_bundles(store)
    held = {b["id"] for b in waiting}
    waiting += [b.model_dump() for b in bundles if b.id not in held]
    syncstate.set_waiting_bundles(store, waiting)
    for b in bundles:
        result["bundles"].append({"id": b.id, "kind": b.kind, "label": b.label, "status": "untrusted",
                                  "reason": UNTRUSTED})  # fmt: skip


def _take_waiting_bundles(http: Http, desk, result: dict[str, Any], *, approve: bool, actor: str) -> None:
    """Once the desk trusts a publisher key, the bundles that waited for it are verified and taken."""
    waiting = syncstate.waiting_bundles(desk.store)
    if not waiting or not desk.trusted_keys():
        return
    for b in waiting:
        info = p.BundleInfo.model_validate(b)
        result["bundles"].append(_take_bundle(http, desk, info, approve=approve, actor=actor))
    syncstate.set_waiting_bundles(desk.store, [])


def _held_bundle(store, kind: str, data: bytes) -> bool:
    """Whether this bundle (or the document inside its signed envelope) is already stored."""
    digests = {hashlib.sha256(data).hexdigest()}
    with contextlib.suppress(InvalidInput):
        digests.add(hashlib.sha256(open_bundle(data, [], "bộ dữ liệu").payload).hexdigest())
    table = "catalogs" if kind == "catalog" else "calendars"
    marks = ",".join("?" * len(digests))
    return store.conn.execute(f"SELECT 1 FROM {table} WHERE sha256 IN ({marks})", tuple(digests)).fetchone() is not None


def _take_bundle(http: Http, desk, info: p.BundleInfo, *, approve: bool, actor: str) -> dict[str, Any]:
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


def problems(r: dict[str, Any]) -> list[str]:
    """What in a round's result needs a person (``desk sync`` exits 1 when there is any): the real causes."""
    out = []
    if r.get("refused"):
        reasons = sorted({ref.get("reason") or "?" for ref in r.get("refusals") or []})
        out.append(f"Máy chủ từ chối {r['refused']} sự kiện: " + " | ".join(reasons[:3]))
    if r.get("conflicts"):
        out.append(f"{r['conflicts']} sự kiện từ nơi khác xung đột với dữ liệu của bàn: cần cán bộ xem.")
    for b in r.get("bundles") or []:
        if b.get("status") == "refused":
            out.append(f"Bộ dữ liệu {b.get('label') or b.get('kind')} bị từ chối: {b.get('reason')}")
    return out


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
            "untrusted": f"chưa áp dụng — {UNTRUSTED} («desk trust add …» rồi đồng bộ lại)",
        }[b["status"]]
        lines.append(f"Bộ dữ liệu: {b.get('label') or b['kind']} — {what}")
    for ref in r["refusals"][:10]:
        lines.append(f"  Từ chối {ref['id']}: {ref['reason']}")
    if r["refused"]:
        lines.append("Xem các sự kiện bị từ chối trong cửa sổ «Sự kiện bị máy chủ từ chối».")
    if r["conflicts"]:
        lines.append("Có xung đột cần cán bộ xem (không tự ghi đè).")
    for notice in r.get("notices") or []:
        lines.append("LƯU Ý: " + notice)
    files = r.get("attachments")
    if files:
        lines.append(f"Bản số hóa: gửi {files['uploaded']} tệp ({files['bytes_sent'] // 1024} KB), tải về "
                     f"{files['fetched']}, còn chờ gửi {files['waiting']}")  # fmt: skip
        lines += [f"  {problem}" for problem in files["problems"][:5]]
    lines.append(f"Còn chờ gửi: {r['pending']}")
    if not r["complete"]:
        lines.append("Chưa xong trong thời gian cho phép: chạy «desk sync» lần nữa để tiếp tục.")
    if r.get("clock_message"):
        lines.append("CẢNH BÁO: " + r["clock_message"])
    return "\n".join(lines)
