"""The client's side of a desk that survives its PC (desk/restore.py; the server's side is sync/server/restore.py).

- ``confirm_codes``: after a restore from a backup, the first sync round asks the server for the highest number
  issued per day on this slot, and reserves them: no code is issued twice, whatever the lost PC did after the backup.
- ``restore_from_server``: a new PC on the slot of a dead one. A lead revokes the dead PC and issues a new enrolment
  code for the same slot; this enrols with it, pulls every event of the slot's dossiers and the old PCs' own records,
  checks each PC's hash chain, rebuilds the projections, and numbers on after the last code the server holds.
  Without a network it says so and leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import time
from pathlib import Path
from typing import Any

from desk import journal, keys, machine, paths, projections, roles, timeutil
from desk import restore as desk_restore
from desk.errors import InvalidInput
from desk.store import canonical_json, chain_hash
from sync import protocol as p
from sync.client.transport import (
    Http,
    ProtocolError,
    check_ca_bundle,
    check_server_url,
    enrol,
    http_session,
    parse_model,
)

RESTORE_PAGE = 500


def confirm_codes(http: Http, store) -> dict[str, int] | None:
    """Ask the server for this slot's numbers since the restored backup's day and reserve them (None: nothing was
    waiting for confirmation)."""
    since = store.meta().get(desk_restore.UNCONFIRMED)
    if not since:
        return None
    status, body = http.request("GET", "/v1/slot-codes", params={"since": since})
    if status != 200:
        raise ProtocolError(f"Máy chủ không trả lời số mã hồ sơ của bàn ({status}).")
    answer: p.SlotCodes = parse_model(p.SlotCodes, body)
    return desk_restore.reserve(store, {d.day: d.last_order for d in answer.days}, "số mã máy chủ tỉnh đã có",
                                confirmed=True)  # fmt: skip


def _check_chains(events: list[p.ServerEvent]) -> dict[str, Any]:
    """Each old PC's hash chain over its events, as the server kept them: the links that do not follow."""
    by_desk: dict[str, list[p.ServerEvent]] = {}
    for e in events:
        if e.hash:  # events made on the server (processing units) are in no desk's chain
            by_desk.setdefault(e.desk_id, []).append(e)
    breaks: list[str] = []
    for desk_id, chain in by_desk.items():
        prev = b""
        for e in chain:
            payload = canonical_json(e.payload)
            expected = chain_hash(prev, e.id, e.dossier_uid, e.kind, payload, e.actor, e.desk_id, e.device_time)
            got = bytes.fromhex(e.hash)
            if expected != got and prev:  # a link that does not follow (the first one may follow an older part)
                breaks.append(f"{desk_id[:8]}…: sự kiện {e.server_seq}")
            prev = got
    return {"desks": len(by_desk), "breaks": breaks}


def restore_from_server(
    data_dir: Path,
    server_url: str,
    code: str,
    *,
    agency_code: str,
    desk_slot: int,
    agency_name: str | None = None,
    ca_bundle: str | Path | None = None,
    timeout: float = 300.0,
) -> dict[str, Any]:
    """Make this PC the desk of ``agency_code``/``desk_slot`` again from what the server holds (all or nothing)."""
    from desk.service import init_desk

    data_dir = Path(data_dir)
    if paths.store_path(data_dir).exists():
        raise InvalidInput(
            f"Thư mục {data_dir} đã có dữ liệu bàn tiếp nhận: khôi phục từ máy chủ chỉ vào một thư mục trống (máy mới).",
            field="data_dir",
        )
    url = check_server_url(server_url)
    ca = check_ca_bundle(ca_bundle)
    machine.check_slot(agency_code, int(desk_slot), data_dir)
    work = data_dir / ".restoring-from-server"
    shutil.rmtree(work, ignore_errors=True)
    paths.make_dir(data_dir)
    desk = None
    try:
        desk = init_desk(work, agency_code=agency_code, agency_name=agency_name or agency_code, desk_slot=desk_slot,
                         actor="khôi phục từ máy chủ tỉnh", server_url=url)  # fmt: skip
        enrolled = enrol(desk, url, code, ca_bundle=ca, actor="khôi phục từ máy chủ tỉnh")  # raises when offline
        credential = desk.store.meta()["sync_credential"]
        http = Http(url, http_session(url, credential, ca), deadline=time.monotonic() + timeout,
                    request_timeout=60, rng=random.Random(), cancel=None)  # fmt: skip
        events: list[p.ServerEvent] = []
        after = 0
        try:
            while True:
                status, body = http.request("GET", "/v1/restore", params={"after": after, "limit": RESTORE_PAGE})
                if status != 200:
                    raise ProtocolError(f"Máy chủ không trả lời quá khứ của bàn ({status}).")
                page: p.RestorePage = parse_model(p.RestorePage, body)
                events += page.events
                after = page.after
                if not page.more:
                    break
            codes_status, codes_body = http.request(
                "GET", "/v1/slot-codes", params={"since": (timeutil.now().date() - dt.timedelta(days=400)).isoformat()}
            )
        finally:
            http.session.close()
        chains = _check_chains(events)
        store = desk.store
        own = store.meta()["desk_id"]
        settings: dict[str, Any] = {}
        with roles.unattended(store), store.write() as conn:
            for e in events:
                if e.desk_id == own:
                    continue
                journal.record_remote(conn, e.model_dump())
                if e.kind == "settings_changed":
                    settings.update({k: c.get("to") for k, c in (e.payload.get("changes") or {}).items()})
            if settings:
                store.set_meta(conn, **{k: v or "" for k, v in settings.items() if isinstance(v, str | None)})
            projections.rebuild(conn)
            diffs = projections.differences(conn)
        if codes_status == 200:
            answer: p.SlotCodes = parse_model(p.SlotCodes, codes_body)
            desk_restore.reserve(store, {d.day: d.last_order for d in answer.days}, "số mã máy chủ tỉnh đã có",
                                 confirmed=True)  # fmt: skip
        counts = store.counts()
        info = keys.read_info(work)
        desk.close()
        desk = None
        # Into place: the key's sidecar, then the store (the one step that makes a desk of the folder).
        keys.write_info(data_dir, info)
        (work / keys.SIDECAR).unlink(missing_ok=True)
        paths.store_path(work).replace(paths.store_path(data_dir))
        machine.register(agency_code, int(desk_slot), data_dir)
        shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        if desk is not None:
            desk.close()
        shutil.rmtree(work, ignore_errors=True)
        raise
    return {"data_dir": str(data_dir), "server": url, "agency_code": enrolled["agency_code"],
            "desk_slot": enrolled["slot"], "events": len(events), "dossiers": counts["dossiers"],
            "chains": chains, "projections_match": not diffs}  # fmt: skip
