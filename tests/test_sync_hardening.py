"""The provincial server cannot be flooded, fooled or quietly desynchronised: one test (or more) per finding of the
hardening issue — bounded errors and NaN, rate limits and quotas, the hash chain and time window, final revocation,
the trust bootstrap, server epochs, what ``desk sync`` says and returns, bundle limits and keys, the docs page, and
what processing units see of applicants.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import requests

from desk import backups, signing, syncstate
from desk.ids import uuid7
from desk.service import DEFAULT_CALENDAR, SAMPLE_CATALOG, Desk, ReceiveRequest
from desk.store import canonical_json, chain_hash
from sync import client
from sync import protocol as p
from sync.server import cli as server_cli
from sync.server.limits import Limits, Throttle
from tests.helpers.sync_env import *  # noqa: F403
from tests.helpers.sync_env import AGENCY, LiveServer, make_desk, post_processing


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def raw_push(live: LiveServer, token: str, events: list[dict], **extra) -> requests.Response:
    body = json.dumps({"events": events, **extra})
    return requests.post(
        f"{live.url}/v1/events", data=body, headers=auth(token) | {"Content-Type": "application/json"}, timeout=30
    )


def rehash(e: dict, prev: str) -> dict:
    e = dict(e, prev_hash=prev)
    e["hash"] = chain_hash(bytes.fromhex(prev), e["id"], e.get("dossier_uid"), e["kind"], canonical_json(e["payload"]),
                           e["actor"], e["desk_id"], e["device_time"]).hex()  # fmt: skip
    return e


def receive(desk, n: int) -> list[str]:
    return [
        desk.receive(ReceiveRequest(procedure="2.000815", name="Nguyễn Văn Đức", id_number="001090012345",
                                    phone="0912345678", address="Thôn 3, xã Tân Phú"), actor="Hoa")["code"]
        for _ in range(n)
    ]  # fmt: skip


@pytest.fixture
def sqlite_live(tmp_path: Path):
    server = LiveServer(str(tmp_path / "server.sqlite3"))
    yield server
    server.stop()


@pytest.fixture
def desk1(live, tmp_path):
    d = make_desk(tmp_path, "ban1", 1)
    client.enrol(d, live.url, live.enrol_code(1))
    yield d
    d.close()


def publisher_key(live: LiveServer):
    key = signing.generate_key()
    live.server.register_key(None, signing.public_key_text(key), name="Sở Nội vụ")
    return key


# -- 1. errors never echo input; NaN; body limits ------------------------------------------------------------------


def test_errors_are_bounded_never_echo_the_input_and_nan_is_refused(live, desk1):
    junk = "Đ" * 300
    body = {"code": "ABCD-EFGH-JKLM", "desk_id": junk, "agency_code": junk, "slot": junk, "label": junk, junk: 1}
    r = requests.post(f"{live.url}/v1/enrol", json=body, timeout=30)
    assert r.status_code == 422 and len(r.content) < 3000 and "ĐĐĐĐĐĐĐĐ" not in r.text
    body = r.json()
    assert set(body) <= {"detail", "server_time", "errors"} and len(body["errors"]) <= p.ERRORS_MAX
    p.ErrorBody.model_validate(body)
    # a 15 MB enrolment is refused before it is read, and the answer is small
    r = requests.post(f"{live.url}/v1/enrol", data=b"[" * (15 * 1024 * 1024), timeout=60)
    assert r.status_code == 413 and len(r.content) < 500
    # NaN and Infinity are not JSON: 422, not 500
    token = desk1.store.meta()["sync_credential"]
    (e,) = syncstate.pending(desk1.store, limit=1)
    for literal in ("NaN", "Infinity", "-Infinity"):
        text = json.dumps({"events": [e]}).replace('"payload": {', f'"payload": {{"x": {literal}, ', 1)
        r = requests.post(
            f"{live.url}/v1/events", data=text, headers=auth(token) | {"Content-Type": "application/json"}, timeout=30
        )
        assert r.status_code == 422 and literal not in r.text, (literal, r.text)
    r = requests.post(f"{live.url}/v1/enrol", data='{"slot": NaN}', headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    # a misspelt parameter is named, shortened
    r = requests.get(f"{live.url}/v1/events", params={"x" * 3000: "1"}, headers=auth(token), timeout=30)
    assert r.status_code == 422 and len(r.content) < 1500
    # 404 and 405 have the same shape
    for r in (requests.get(f"{live.url}/nowhere", timeout=10), requests.delete(f"{live.url}/v1/events", timeout=10)):
        assert r.status_code in (404, 405) and p.ErrorBody.model_validate(r.json())
    assert live.count("events") == 0


def test_whoami_of_every_kind_of_credential(sqlite_live):
    live = sqlite_live
    pub = live.server.create_publisher("Sở Nội vụ")["credential"]
    r = requests.get(f"{live.url}/v1/whoami", headers=auth(pub), timeout=10)
    assert r.status_code == 200 and r.json()["kind"] == "publisher"
    r = requests.get(f"{live.url}/v1/whoami", headers=auth(live.processor()), timeout=10)
    assert r.status_code == 200 and r.json()["role"] == "contact"


# -- 1. rate limits and quotas -------------------------------------------------------------------------------------


def test_enrolment_is_throttled_per_address_and_per_code_with_a_lockout(tmp_path, caplog):
    limits = Limits(enrol_failures_per_address=4, enrol_failures_per_code=3, enrol_lockout_s=600)
    live = LiveServer(str(tmp_path / "s.sqlite3"), limits=limits)
    try:
        desk_id = str(uuid7())
        body = {"desk_id": desk_id, "agency_code": AGENCY, "slot": 2}
        code = live.enrol_code(1)  # a real code, tried for the wrong slot: fails each time
        caplog.set_level(logging.WARNING, logger="desk.server")
        statuses = [requests.post(f"{live.url}/v1/enrol", json=body | {"code": code}, timeout=10).status_code
                    for _ in range(4)]  # fmt: skip
        assert statuses == [409, 409, 409, 429]  # the code is locked out after 3 failures
        r = requests.post(f"{live.url}/v1/enrol", json=body | {"code": code}, timeout=10)
        assert r.status_code == 429 and int(r.headers["Retry-After"]) > 500 and r.json()["retry_after"] > 500
        r = requests.post(f"{live.url}/v1/enrol", json=body | {"code": "ZZZZ-ZZZZ-ZZZ1"}, timeout=10)
        assert r.status_code == 403  # another code: the address has one failure left
        r = requests.post(f"{live.url}/v1/enrol", json=body | {"code": "ZZZZ-ZZZZ-ZZZ2"}, timeout=10)
        assert r.status_code == 429  # the address is locked out too
        assert any("khóa tạm" in rec.getMessage() or "bị hãm" in rec.getMessage() for rec in caplog.records)
    finally:
        live.stop()
    t = Throttle(2, 1.0, clock=lambda: 0.0)
    assert (t.take("a", 5), t.take("a")) == (0.0, pytest.approx(3.0, abs=0.01))  # a batch larger than the bucket


def test_each_credential_has_an_event_quota_answered_429_which_the_desk_honours(tmp_path):
    live = LiveServer(str(tmp_path / "s.sqlite3"), limits=Limits(events_burst=4, events_per_s=8))
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        receive(d, 6)
        token = d.store.meta()["sync_credential"]
        flood = syncstate.pending(d.store, limit=20)
        assert raw_push(live, token, flood[:5]).status_code == 200
        r = raw_push(live, token, flood[5:])
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1 and "hạn mức" in r.json()["detail"]
        result = client.sync_round(d, batch_size=3)  # waits as told, then goes on
        assert result["complete"] and result["pending"] == 0 and result["refused"] == 0 and result["retries"] >= 1
        # a wait longer than the round has: the round ends with the server's reason, the runner waits that long
        receive(d, 10)
        live.server.quotas.events.take(d.store.meta()["desk_id"], 400)
        with pytest.raises(client.RateLimited) as exc:
            client.sync_round(d, timeout=3)
        assert exc.value.retry_after > 3 and "hạn mức" in exc.value.message
        runner = client.SyncRunner(open_desk=lambda: d, sync=lambda desk, **kw: client.sync_round(desk, timeout=3))
        runner.run_once()
        assert runner.state().online is True and runner.state().next_attempt_in > 3
    finally:
        d.close()
        live.stop()


def test_each_credential_has_a_byte_quota(tmp_path):
    live = LiveServer(str(tmp_path / "s.sqlite3"), limits=Limits(bytes_burst=200_000, bytes_per_s=1000))
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        token = d.store.meta()["sync_credential"]
        big = {"events": [], "x": "a" * 300_000}
        first = requests.post(f"{live.url}/v1/events", json=big, headers=auth(token), timeout=30)
        assert first.status_code == 422  # read (and counted), then refused by the schema
        r = requests.post(f"{live.url}/v1/events", json={"events": []}, headers=auth(token), timeout=30)
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 100
        # without a credential, nothing is read at all
        r = requests.post(f"{live.url}/v1/events", data=b"x" * 1_000_000, timeout=30)
        assert r.status_code == 401
    finally:
        d.close()
        live.stop()


# -- 2. the server checks what a desk sends ------------------------------------------------------------------------


def test_the_hash_chain_and_the_time_window_are_checked_event_by_event(live, desk1):
    receive(desk1, 1)
    token = desk1.store.meta()["sync_credential"]
    events = syncstate.pending(desk1.store)
    answers = raw_push(live, token, events).json()["answers"]
    assert {a["status"] for a in answers} == {"accepted"}
    head = events[-1]["hash"]
    note = {"id": uuid7(), "dossier_uid": None, "kind": "note", "payload": {"text": "x"}, "actor": "Hoa",
            "desk_id": desk1.store.meta()["desk_id"], "device_time": events[-1]["device_time"]}  # fmt: skip
    cases = {
        "không khớp với nội dung": lambda h: dict(rehash(note, h), hash="0" * 64),
        "không nối tiếp": lambda h: {k: v for k, v in dict(rehash(note, h), hash="f" * 64).items() if k != "prev_hash"},
        "thiếu sự kiện ở giữa": lambda h: rehash(note, "ab" * 32),
        "sớm hơn ngày bàn đăng ký": lambda h: rehash(note | {"device_time": "0001-01-01T00:00:00+07:00"}, h),
        "muộn hơn giờ máy chủ": lambda h: rehash(note | {"device_time": "2999-01-01T00:00:00+07:00"}, h),
    }
    for expected, make in cases.items():
        note["id"] = uuid7()
        event = make(head)
        (a,) = raw_push(live, token, [event]).json()["answers"]
        assert a["status"] == "refused" and expected in a["reason"], (expected, a)
        if "prev_hash" in event and event["hash"] != "0" * 64 and expected != "thiếu sự kiện ở giữa":
            head = event["hash"]  # refused for its time, its link holds: it carries the chain
    assert live.count("events") == len(events)
    # the desk's own next events chain on past the refused ones and are accepted
    desk_head = desk1.store.conn.execute("SELECT value FROM meta WHERE key = 'chain_head'").fetchone()[0]
    assert desk_head == events[-1]["hash"]


def test_a_desk_restored_from_an_old_backup_is_named_as_such(sqlite_live, tmp_path):
    live = sqlite_live
    d = make_desk(tmp_path, "ban1", 1)
    data_dir = Path(d.store.path).parent
    backup = tmp_path / "old.desk-backup"
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        receive(d, 1)
        client.sync_round(d)
        d.store.backup(backup)
        receive(d, 2)
        assert client.sync_round(d)["refused"] == 0
    finally:
        d.close()
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / f"desk.sqlite3{suffix}").unlink()
    backups.unpack(backup, data_dir)  # put back by hand (desk restore would skip the codes ahead)
    d = Desk.open(data_dir)
    try:
        assert "sync_credential" not in d.store.meta()  # a backup carries no credential: the desk enrols again
        live.server.revoke(d.store.meta()["desk_id"])  # with a new code, issued after revoking the old credential
        client.enrol(d, live.url, live.enrol_code(1))
        receive(d, 1)  # the restored desk issues a code it had already issued
        r = client.sync_round(d)
        assert r["refused"] >= 1
        # the first event after the branch names the cause; those after it follow the refused one (a gap)
        assert "khôi phục từ bản sao lưu cũ" in r["refusals"][0]["reason"], r["refusals"]
        assert "hai máy" not in json.dumps(r["refusals"], ensure_ascii=False)
    finally:
        d.close()


def test_two_desks_on_one_slot_are_named_as_such(sqlite_live, tmp_path):
    live = sqlite_live
    a, b = make_desk(tmp_path, "may-a", 1), make_desk(tmp_path, "may-b", 1)
    try:
        client.enrol(a, live.url, live.enrol_code(1))
        receive(a, 1)
        client.sync_round(a)
        live.server.revoke(a.store.meta()["desk_id"])
        client.enrol(b, live.url, live.enrol_code(1))  # a second PC given the same slot
        receive(b, 1)
        r = client.sync_round(b)
        assert r["refused"] == 1 and "hai máy cùng một số hiệu bàn" in r["refusals"][0]["reason"]
    finally:
        a.close()
        b.close()


# -- 3. revocation is final ----------------------------------------------------------------------------------------


def test_revocation_is_final(live, tmp_path):
    d = make_desk(tmp_path, "ban1", 1)
    try:
        older = live.enrol_code(1)  # issued before anything, never used
        code = live.enrol_code(1)
        client.enrol(d, live.url, code)
        client.enrol(d, live.url, code)  # the answer was lost: the same desk, within minutes, may ask again
        live.server.revoke(d.store.meta()["desk_id"])
        with pytest.raises(client.EnrolRefused, match="đã được dùng"):
            client.enrol(d, live.url, code)  # within 10 minutes of its first use: still refused
        with pytest.raises(client.EnrolRefused, match="trước khi một máy của bàn số 1 bị thu hồi"):
            client.enrol(d, live.url, older)
        r = requests.get(f"{live.url}/v1/whoami", headers=auth(d.store.meta()["sync_credential"]), timeout=10)
        assert r.status_code == 401  # the revocation stands
        client.enrol(d, live.url, live.enrol_code(1))  # a new code, issued after the revocation
        assert requests.get(f"{live.url}/v1/whoami", headers=auth(d.store.meta()["sync_credential"])).ok
    finally:
        d.close()


def test_a_code_issued_in_the_same_millisecond_as_the_revocation_is_after_it(live, tmp_path):
    """The order of a revocation and the next code is the order they were made in, whatever the clock says."""
    d = make_desk(tmp_path, "ban1", 1)
    frozen = live.server.now()
    clock = live.server.clock
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        live.server.clock = lambda: frozen  # the revocation and the new code in one millisecond (or a clock step)
        live.server.revoke(d.store.meta()["desk_id"])
        code = live.enrol_code(1)
        live.server.clock = clock
        client.enrol(d, live.url, code)
        assert requests.get(f"{live.url}/v1/whoami", headers=auth(d.store.meta()["sync_credential"]), timeout=10).ok
    finally:
        live.server.clock = clock
        d.close()


# -- 4. the trust bootstrap ----------------------------------------------------------------------------------------


def test_a_desk_that_trusts_no_key_applies_nothing_from_the_server_until_it_does(sqlite_live, tmp_path):
    live = sqlite_live
    key = publisher_key(live)
    calendar = json.loads(DEFAULT_CALENDAR.read_text(encoding="utf-8")) | {"version": 7}
    live.server.add_bundle("calendar", signing.sign(json.dumps(calendar).encode(), key))
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        assert d.trusted_keys() == []
        r = client.sync_round(d)
        assert [b["status"] for b in r["bundles"]] == ["untrusted"] and "chưa tin cậy" in client.format_result(r)
        assert d.info()["calendar"]["version"] != 7 and syncstate.status(d.store)["waiting_bundles"] == 1
        # desk enrol … --trust-key: the server lists its keys, the desk trusts the one whose id was checked
        kid = signing.key_id_of(signing.public_raw(key))
        keys = client.publisher_keys(d)
        assert [k["key_id"] for k in keys] == [kid]
        d.trust_key(signing.parse_public_key(keys[0]["public_key"], keys[0]["name"]), actor="CNTT")
        r = client.sync_round(d)
        assert [b["status"] for b in r["bundles"]] == ["imported"] and d.info()["calendar"]["version"] == 7
        assert syncstate.status(d.store)["waiting_bundles"] == 0
    finally:
        d.close()


def test_desk_enrol_with_trust_key_and_the_fingerprints_it_prints(sqlite_live, tmp_path):
    from desk.cli import main as desk_main

    live = sqlite_live
    key = publisher_key(live)
    kid = signing.key_id_of(signing.public_raw(key))
    d = make_desk(tmp_path, "ban1", 1)
    d.close()
    data = str(tmp_path / "ban1")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = desk_main(["--data-dir", data, "enrol", live.url, live.enrol_code(1)])
    assert rc == 0 and f"ed25519:{kid}" in out.getvalue() and "chưa tin cậy khóa nào" in out.getvalue()
    live.server.revoke(Desk.open(Path(data)).store.meta()["desk_id"])
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        rc = desk_main(["--data-dir", data, "enrol", live.url, live.enrol_code(1), "--trust-key", f"ed25519:{kid}"])
    assert rc == 0
    d = Desk.open(Path(data))
    try:
        assert [k.key_id for k in d.trusted_keys()] == [kid]
    finally:
        d.close()


def test_an_evil_pending_catalog_does_not_block_a_later_legitimate_one(desk):
    evil = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8")) | {"version": 99}
    desk.import_catalog(json.dumps(evil).encode(), actor="?", approve=False)  # before the desk trusted a key
    key = signing.generate_key()
    desk.trust_key(signing.parse_public_key(signing.public_key_text(key), "Sở Nội vụ"), actor="CNTT")
    good = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8")) | {"version": 3}
    res = desk.import_catalog(signing.sign(json.dumps(good).encode(), key), actor="CNTT", approve=False)
    assert res["version"] == 3
    evil_id = next(c["id"] for c in desk.pending_catalogs() if c["version"] == 99)
    with pytest.raises(Exception, match="không được ký bằng khóa"):
        desk.approve_catalog(evil_id, actor="Trưởng bộ phận")


# -- 5. server epochs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("announced", [True, False])
def test_a_restored_server_is_noticed_and_nothing_is_lost(tmp_path, announced):
    db = tmp_path / "server.sqlite3"
    live = LiveServer(str(db))
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        codes = receive(d, 3)
        client.sync_round(d)
        token = live.processor()
        live.stop()
        shutil.copy(db, tmp_path / "backup.sqlite3")  # the nightly backup
        live = LiveServer(str(db))
        post_processing(live.url, token, [{"kind": "transferred", "code": c, "payload": {"to_unit": "Sở"}}
                                          for c in codes])  # fmt: skip
        later = receive(d, 2)
        r = client.sync_round(d, server_url=live.url)
        assert r["applied"] == 3 and not r["notices"]
        live.stop()
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{db}{suffix}").unlink()
        shutil.copy(tmp_path / "backup.sqlite3", db)  # the disk died: restored from last night
        if announced:
            rc = server_cli.main(["restored", "--db", str(db)])
            assert rc == 0
        live = LiveServer(str(db))
        # after the restore, new events get sequence numbers the desk's cursor has already passed
        (a,) = post_processing(live.url, token, [{"kind": "result_ready", "code": codes[0], "payload": {}}])
        assert a["status"] == "accepted"
        r = client.sync_round(d, server_url=live.url)
        assert r["complete"] and r["refused"] == 0 and r["pending"] == 0
        assert r["restarted"] and "khôi phục từ bản sao lưu" in r["notices"][0]
        assert d.dossier(codes[0])["status"] == 9  # the result reached the desk
        held = {i for (i,) in live.rows("SELECT id FROM events WHERE deliver_to IS NULL")}
        own = {e.id for e in d.store.events() if e.desk_id == d.store.meta()["desk_id"] and e.server_seq is None}
        assert own <= held  # what the server lost was sent again
        assert sorted(c for (c,) in live.rows("SELECT code FROM dossiers")) == sorted(codes + later)
        st = syncstate.status(d.store)
        assert st["notice"] and "khôi phục" in st["notice"]["message"]
        again = client.sync_round(d, server_url=live.url)
        assert not again["notices"] and again["sent"] == 0
    finally:
        d.close()
        live.stop()


def test_cursors_name_the_server_and_its_epoch_and_old_ones_still_read(live, desk1):
    token = desk1.store.meta()["sync_credential"]
    r = requests.get(f"{live.url}/v1/events", headers=auth(token), timeout=10).json()
    sid, epoch, pos, seal = r["cursor"].split(".")
    assert len(sid) == 32 and epoch == "1" and pos == "e0b0" and len(seal) == 16 and r["reset"] is None
    # a cursor made up by a client (from the future, to make every desk read again) is refused: no new epoch
    forged = f"{sid}.1.e99999999b0.{'0' * 16}"
    r2 = requests.get(f"{live.url}/v1/events", params={"cursor": forged}, headers=auth(token), timeout=10)
    assert r2.status_code == 422 and "không do máy chủ này cấp" in r2.json()["detail"]
    r2 = requests.get(f"{live.url}/v1/events", params={"cursor": "e99999999b0"}, headers=auth(token), timeout=10)
    assert r2.json()["reset"]["why"] == "restored" and r2.json()["epoch"] == 1  # that desk alone reads again
    assert live.rows("SELECT count(*) FROM epochs") == [(1,)]
    r = requests.get(f"{live.url}/v1/events", params={"cursor": "e0b0"}, headers=auth(token), timeout=10)
    assert r.status_code == 200 and r.json()["reset"] is None  # a desk of the previous version
    r = requests.get(f"{live.url}/v1/events", params={"cursor": "0" * 32 + ".1.e5b0"}, headers=auth(token))
    assert r.json()["reset"]["why"] == "other_server" and ".e0b0." in r.json()["cursor"]


# -- 6. desk sync says what was refused, and why -------------------------------------------------------------------


def test_desk_sync_exits_1_when_something_was_refused(sqlite_live, tmp_path):
    from desk import workflow
    from desk.cli import main as desk_main

    live = sqlite_live
    d = make_desk(tmp_path, "ban1", 1)
    data = str(tmp_path / "ban1")
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        (code,) = receive(d, 1)
        client.sync_round(d)
        post_processing(live.url, live.processor(), [{"kind": "result_ready", "code": code, "payload": {}}])
        workflow.request_supplement(d, code, items=["Bản sao"], reason="Thiếu", actor="Hoa")
    finally:
        d.close()
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = desk_main(["--data-dir", data, "sync", "--json"])
    assert rc == 1 and json.loads(out.getvalue())["refused"] == 1
    assert "trạng thái 9" in err.getvalue() and "xung đột" in err.getvalue()
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        assert desk_main(["--data-dir", data, "sync"]) == 0  # nothing new refused


# -- 7. bundles: the 64 MB limit, registered keys, one copy -----------------------------------------------------------


def test_bundles_signed_by_registered_keys_only_kept_once_up_to_64_mb(sqlite_live):
    live = sqlite_live
    key, stranger = signing.generate_key(), signing.generate_key()
    pub = live.server.create_publisher("Sở Nội vụ", [signing.public_key_text(key)])["credential"]
    data = signing.sign(SAMPLE_CATALOG.read_bytes(), key)
    url = f"{live.url}/v1/bundles"
    ids = [requests.post(url, data=data, headers=auth(pub), timeout=30).json()[0]["id"] for _ in range(3)]
    assert len(set(ids)) == 1 and live.count("bundles") == 1
    r = requests.post(url, data=signing.sign(SAMPLE_CATALOG.read_bytes(), stranger), headers=auth(pub), timeout=30)
    assert r.status_code == 422 and "khóa" in r.json()["detail"] and live.count("bundles") == 1
    r = requests.post(url, data=b"{" + b" " * (20 * 1024 * 1024) + b"}", headers=auth(pub), timeout=60)
    assert r.status_code == 422  # past the 16 MB of a push, within the 64 MB of a bundle: read, then judged
    r = requests.post(url, data=b" " * (p.BUNDLE_MAX_BYTES + 1), headers=auth(pub), timeout=60)
    assert r.status_code == 413


def test_the_docs_page_loads_nothing_from_elsewhere(sqlite_live):
    import re

    r = requests.get(f"{sqlite_live.url}/docs", timeout=10)
    assert r.status_code == 200 and "/openapi.json" in r.text
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", r.text) and "cdn" not in r.text.lower()


# -- 8. personal data ----------------------------------------------------------------------------------------------


def test_processing_units_see_what_their_role_allows(live, desk1):
    (code,) = receive(desk1, 1)
    client.sync_round(desk1)
    seen = {}
    for role in ("contact", "full"):
        token = live.server.create_processor(AGENCY, f"Đơn vị {role}", role=role)["credential"]
        view = requests.get(f"{live.url}/v1/processing/dossiers/{code}", headers=auth(token), timeout=10).json()
        seen[role] = json.dumps(view, ensure_ascii=False)
    assert "001090012345" in seen["full"] and "0912345678" in seen["full"] and "Thôn 3" in seen["full"]
    for private in ("001090012345", "0912345678", "Thôn 3"):
        assert private not in seen["contact"]
    assert "Nguyễn Văn Đức" in seen["contact"] and "•••••••678" in seen["contact"]
    # events flowing to the desk are unchanged
    assert live.rows("SELECT payload FROM events WHERE kind = 'received'")[0][0].count("001090012345") == 1
