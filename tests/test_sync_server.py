"""The reference server: enrolment and credentials, strict checks of pushed events, pull paging and isolation,
the processing API, bundles, the admin CLI, health — on SQLite, and on PostgreSQL when one is available.
"""

from __future__ import annotations

import copy
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import requests

from desk import signing, syncstate, workflow
from desk.ids import uuid7
from desk.service import SAMPLE_CATALOG, ReceiveRequest
from desk.store import canonical_json, chain_hash
from sync import client
from sync import protocol as p
from sync.server import cli as server_cli
from tests.conftest import ROOT
from tests.helpers.sync_env import *  # noqa: F403
from tests.helpers.sync_env import AGENCY, OTHER_AGENCY, LiveServer, make_desk, post_processing


def chained(events: list[dict], prev: str) -> list[dict]:
    """Events re-hashed as a desk's chain continuing from ``prev`` (what an honest desk would send)."""
    out = []
    for e in events:
        e = dict(e, prev_hash=prev)
        e["hash"] = chain_hash(bytes.fromhex(prev), e["id"], e.get("dossier_uid"), e["kind"], canonical_json(e["payload"]),
                               e["actor"], e["desk_id"], e["device_time"]).hex()  # fmt: skip
        prev = e["hash"]
        out.append(e)
    return out


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def push(live: LiveServer, token: str, events: list[dict]) -> list[dict]:
    body = json.dumps({"events": events})  # not requests' json=: it refuses NaN, which the server must refuse itself
    headers = auth(token) | {"Content-Type": "application/json"}
    r = requests.post(f"{live.url}/v1/events", data=body, headers=headers, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["answers"]


@pytest.fixture
def sqlite_live(tmp_path: Path):
    server = LiveServer(str(tmp_path / "server.sqlite3"))
    yield server
    server.stop()


@pytest.fixture
def enrolled(live, tmp_path):
    """A desk enrolled on the live server (slot 1), with two dossiers received and not yet pushed."""
    d = make_desk(tmp_path, "ban1", 1)
    client.enrol(d, live.url, live.enrol_code(1))
    for name in ("Nguyễn Văn Đức", "Trần Thị Bình"):
        d.receive(ReceiveRequest(procedure="1.001022", name=name), actor="Hoa")
    yield d
    d.close()


# -- enrolment and credentials ------------------------------------------------------------------------------------


def test_enrolment_code_is_used_once_and_binds_agency_and_slot(live, tmp_path):
    d1, d2 = make_desk(tmp_path, "ban1", 1), make_desk(tmp_path, "ban2", 2)
    try:
        code = live.enrol_code(1)
        with pytest.raises(client.EnrolRefused, match="bàn số 1"):  # a code for slot 1, a desk of slot 2
            client.enrol(d2, live.url, code)
        out = client.enrol(d1, live.url, code.lower().replace("-", " "))  # typed loosely: still the code
        assert (out["agency_code"], out["slot"]) == (AGENCY, 1)
        with pytest.raises(client.EnrolRefused, match="đã được dùng"):
            client.enrol(d2, live.url, code)
        with pytest.raises(client.EnrolRefused, match="không đúng"):
            client.enrol(d2, live.url, "AAAA-BBBB-CCCC")
        with pytest.raises(Exception, match="đang được máy"):  # slot 1 is held: no code for it until revoked
            live.server.create_enrol_code(AGENCY, 1)
        expired = live.server.create_enrol_code(AGENCY, 2, valid_days=1e-9)["code"]
        with pytest.raises(client.EnrolRefused, match="hết hạn"):
            client.enrol(d2, live.url, expired)
        # credentials are random tokens kept hashed: neither the token nor the code is in the database
        token = d1.store.meta()["sync_credential"]
        dump = json.dumps(live.rows("SELECT * FROM devices") + live.rows("SELECT * FROM enrol_codes"), default=str)
        assert token not in dump and code.replace("-", "") not in dump
        who = requests.get(f"{live.url}/v1/whoami", headers=auth(token), timeout=10).json()
        assert (who["kind"], who["device_id"], who["slot"]) == ("desk", d1.store.meta()["desk_id"], 1)
    finally:
        d1.close()
        d2.close()


def test_revoked_credentials_are_refused_with_a_reason(live, enrolled):
    token = enrolled.store.meta()["sync_credential"]
    live.server.revoke(enrolled.store.meta()["desk_id"])
    r = requests.get(f"{live.url}/v1/events", headers=auth(token), timeout=10)
    assert r.status_code == 401 and "thu hồi" in r.json()["detail"]
    assert r.headers["WWW-Authenticate"] == "Bearer" and p.parse_time(r.headers["X-Server-Time"])
    r = requests.get(f"{live.url}/v1/events", timeout=10)
    assert r.status_code == 401 and "Thiếu chứng danh" in r.json()["detail"]
    processor = live.processor()
    r = requests.get(f"{live.url}/v1/events", headers=auth(processor), timeout=10)
    assert r.status_code == 403  # a processing unit's credential does not open the desk's API


# -- push ---------------------------------------------------------------------------------------------------------


def test_pushed_events_are_checked_one_by_one(live, enrolled):
    token = enrolled.store.meta()["sync_credential"]
    events = syncstate.pending(enrolled.store)
    received = [e for e in events if e["kind"] == "received"]
    first = push(live, token, events)
    assert [a["status"] for a in first] == ["accepted"] * len(events)
    seqs = [a["server_seq"] for a in first]
    # the same events again (an answer lost): duplicates with their first sequence numbers, nothing stored twice
    again = push(live, token, events)
    assert [a["status"] for a in again] == ["duplicate"] * len(events)
    assert [a["server_seq"] for a in again] == seqs and live.count("events") == len(events)

    def bad(change, base=received[0]) -> dict:
        e = copy.deepcopy(base)
        e["id"] = uuid7()
        change(e)
        return e

    other_desk = "0193f1c2-0000-7000-8000-000000000001"
    cases = {
        "không hợp lệ": bad(lambda e: e.update(device_time="2026-02-30T10:00:00+07:00")),
        "đã có trên máy chủ": bad(lambda e: None),  # the dossier uid again
        "bản sao lưu cũ nên bàn cấp lại": bad(lambda e: e.update(dossier_uid=uuid7())),  # the code again
        "không thuộc cơ quan": bad(
            lambda e: (
                e.update(dossier_uid=uuid7())
                or e["payload"].update(code=f"{OTHER_AGENCY}-261126-1009", agency_code=OTHER_AGENCY)
            )
        ),
        "không thuộc bàn số 1": bad(
            lambda e: (
                e.update(dossier_uid=uuid7())
                or e["payload"].update(code=e["payload"]["code"][:-4] + "2001", order=2001)
            )
        ),
        "thiếu hoặc sai": bad(lambda e: e.update(dossier_uid=uuid7()) or e["payload"].update(order="1001")),
        "chưa có hồ sơ này": bad(lambda e: e.update(kind="note", dossier_uid=uuid7(), payload={"text": "x"})),
        "thiếu mã hồ sơ": bad(lambda e: e.update(kind="transferred", dossier_uid=None)),
        "lại ghi mã hồ sơ": bad(lambda e: e.update(kind="clerk_added")),
        "trạng thái 2": bad(lambda e: e.update(kind="result_returned", payload={"at": e["device_time"]})),
        "không có trong giao thức": bad(lambda e: e.update(kind="future_kind", dossier_uid=None, payload={})),
    }
    # each refused event above still links the next one; these two are refused before the chain is looked at
    unlinked = {
        "khác": bad(lambda e: e["payload"].update(sets=2), received[0] | {}),  # same id, other content
        "không phải bàn đã đăng ký": bad(lambda e: e.update(desk_id=other_desk)),
    }
    unlinked["khác"]["id"] = received[0]["id"]
    linked = chained(list(cases.values()), events[-1]["hash"])
    cases |= unlinked
    answers = push(live, token, linked + chained(list(unlinked.values()), linked[-1]["hash"]))
    for (expected, _), a in zip(cases.items(), answers, strict=True):
        assert a["status"] == "refused" and expected in a["reason"], (expected, a)
    assert live.count("events") == len(events) and live.count("dossiers") == 2


def test_whole_requests_that_break_the_schema_are_refused(live, enrolled):
    token = enrolled.store.meta()["sync_credential"]
    (e,) = syncstate.pending(enrolled.store, limit=1)
    for broken in (
        {"events": [e | {"kind": "No Such Kind"}]},
        {"events": [e | {"hash": "x"}]},
        {"events": [e | {"id": "not-a-uuid"}]},
        {"events": [e | {"extra": 1}]},
        {"events": [e] * (p.PUSH_BATCH_MAX + 1)},
        {},
    ):
        r = requests.post(f"{live.url}/v1/events", json=broken, headers=auth(token), timeout=30)
        assert r.status_code == 422 and r.json()["server_time"]
    r = requests.post(f"{live.url}/v1/events", data=b"x" * (p.BODY_MAX_BYTES + 1), headers=auth(token), timeout=30)
    assert r.status_code == 413 and "quá lớn" in r.json()["detail"]
    r = requests.get(f"{live.url}/v1/events", params={"cursr": "e0b0"}, headers=auth(token), timeout=30)
    assert r.status_code == 422  # a misspelt parameter is not ignored
    r = requests.get(f"{live.url}/v1/events", params={"cursor": "2026-11-26T10:00:00"}, headers=auth(token), timeout=30)
    assert r.status_code == 422  # a client timestamp is no cursor
    assert live.count("events") == 0


# -- pull and processing ------------------------------------------------------------------------------------------


def test_processing_units_record_checked_events_that_reach_the_owning_desk_page_by_page(live, enrolled, tmp_path):
    client.sync_round(enrolled)
    codes = [c for (c,) in enrolled.store.conn.execute("SELECT code FROM dossiers ORDER BY code")]
    token = live.processor(name="Sở Tư pháp")
    ev = {
        "id": uuid7(),
        "kind": "transferred",
        "code": codes[0],
        "actor": "Trần Văn Minh",
        "payload": {"to_unit": "Phòng Hộ tịch", "note": "Chuyển xử lý"},
    }
    answers = post_processing(
        live.url,
        token,
        [
            ev,
            {"kind": "result_ready", "code": codes[0], "payload": {"result": "Trích lục"}},
            {"kind": "supplement_requested", "code": codes[0], "payload": {"items": ["x"], "reason": "y"}},  # from 9
            {
                "kind": "apologized_extended",
                "code": codes[1],
                "payload": {"reason": "Chậm", "late_unit": "Sở", "new_due_at": "2020-01-01T08:00:00+07:00"},
            },
            {"kind": "note", "code": "000.00.12.H62-261126-9999", "payload": {"text": "?"}},
            {
                "kind": "stopped",
                "dossier_uid": enrolled.store.conn.execute(
                    "SELECT uid FROM dossiers WHERE code = ?", (codes[1],)
                ).fetchone()[0],
                "payload": {"reason": "Theo đề nghị của cơ quan thuế"},
            },
        ],
    )
    assert [a["status"] for a in answers] == ["accepted", "accepted", "refused", "refused", "refused", "accepted"]
    assert "trạng thái 9 «Đã xử lý xong»" in answers[2]["reason"]
    assert "phải sau hẹn trả hiện tại" in answers[3]["reason"] and "Không có hồ sơ" in answers[4]["reason"]
    # a retry of the same request is a duplicate, even though the server fills in the times
    (dup,) = post_processing(live.url, token, [ev])
    assert (dup["status"], dup["server_seq"]) == ("duplicate", answers[0]["server_seq"])
    # another agency's processing unit sees nothing of this agency
    foreign = live.processor(agency=OTHER_AGENCY)
    (a,) = post_processing(live.url, foreign, [{"kind": "note", "code": codes[0], "payload": {"text": "x"}}])
    assert a["status"] == "refused"
    assert (
        requests.get(f"{live.url}/v1/processing/dossiers/{codes[0]}", headers=auth(foreign), timeout=10).status_code
        == 404
    )
    view = requests.get(f"{live.url}/v1/processing/dossiers/{codes[0]}", headers=auth(token), timeout=10).json()
    # the result is back at the desk: nobody holds the dossier any more (the desk and the server say the same)
    assert view["status"] == 9 and view["holder"] is None and len(view["events"]) >= 3
    listed = requests.get(f"{live.url}/v1/processing/dossiers", params={"status": 8}, headers=auth(token), timeout=10)
    assert [d["code"] for d in listed.json()["dossiers"]] == [codes[1]]

    # the desk pulls them one page at a time; the payloads are complete, as the desk's own workflow writes them
    desk_token = enrolled.store.meta()["sync_credential"]
    r = requests.get(f"{live.url}/v1/events", params={"limit": 2}, headers=auth(desk_token), timeout=10).json()
    assert [e["kind"] for e in r["events"]] == ["transferred", "result_ready"] and r["more"] is True
    transferred = r["events"][0]["payload"]
    assert transferred["from_unit"] == "Sở Tư pháp" and transferred["from_person"] == "Trần Văn Minh"
    assert transferred["step_due_at"] and transferred["at"] and r["events"][1]["payload"]["timeliness"]
    r2 = requests.get(
        f"{live.url}/v1/events", params={"limit": 2, "cursor": r["cursor"]}, headers=auth(desk_token), timeout=10
    ).json()
    assert [e["kind"] for e in r2["events"]] == ["stopped"] and r2["more"] is False
    # another desk of the agency gets none of them
    other = make_desk(tmp_path, "ban2", 2)
    try:
        client.enrol(other, live.url, live.enrol_code(2))
        assert client.sync_round(other)["pulled"] == 0
    finally:
        other.close()
    result = client.sync_round(enrolled)
    assert (result["pulled"], result["applied"], result["conflicts"]) == (3, 3, 0)
    assert enrolled.dossier(codes[1])["status"] == 8
    # the desk's printing reads the province's hand-over like its own
    from desk.printdata import handovers

    rows = handovers(enrolled.dossier(codes[0])["events"], enrolled.calendar())
    assert rows[0]["to_unit"] == "Phòng Hộ tịch" and rows[0]["result"]


def test_every_desk_workflow_event_is_accepted(sqlite_live, tmp_path):
    """The server's checks accept every kind of event the desk's own workflow records."""
    live = sqlite_live
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        code = d.receive(ReceiveRequest(procedure="1.001022", name="Lê Văn Dũng"), actor="Hoa")["code"]
        workflow.transfer(d, code, to_unit="Sở Tư pháp", actor="Hoa", step_working_days=1)
        workflow.request_supplement(d, code, items=["Bản sao CCCD"], reason="Thiếu", actor="Hoa")
        workflow.receive_supplement(d, code, actor="Hoa")
        workflow.correct(d, code, field="phone", value="0912345678", reason="Gõ nhầm", actor="Hoa")
        workflow.pay(d, code, amount=8000, receipt_no="BL-01", actor="Hoa")
        workflow.result_ready(d, code, actor="Hoa", result="Trích lục")
        workflow.return_result(d, code, collected_by="Lê Văn Dũng", id_number="001090012345", actor="Hoa")
        d.record_print("receipt", actor="Hoa", code=code)
        for kind, fn in (("withdrawn", workflow.withdraw), ("refused", workflow.refuse), ("stopped", workflow.stop)):
            other = d.receive(ReceiveRequest(procedure="2.000815", name="Trần Thị Bình"), actor="Hoa")["code"]
            kwargs = {"reasons": ["Không đủ điều kiện"]} if kind == "refused" else {"reason": "Lý do"}
            fn(d, other, actor="Hoa", **kwargs)
        r = client.sync_round(d)
        assert r["refused"] == 0, r["refusals"]
        assert live.rows("SELECT status FROM dossiers WHERE code = :c", c=code) == [(10,)]
        assert sorted(s for (s,) in live.rows("SELECT status FROM dossiers WHERE code <> :c", c=code)) == [3, 7, 8]
    finally:
        d.close()


# -- bundles, admin CLI, health -----------------------------------------------------------------------------------


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = server_cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_admin_cli(tmp_path):
    db = str(tmp_path / "admin.sqlite3")
    code, out, _ = run_cli("enrol-code", "--db", db, "--agency", AGENCY, "--slot", "3", "--json")
    assert code == 0 and len(json.loads(out)["code"]) == 14
    code, out, _ = run_cli("processor-key", "--db", db, "--agency", AGENCY, "--name", "Sở Tư pháp", "--json")
    processor = json.loads(out)
    assert code == 0 and processor["credential"].startswith("pk_")
    code, _, err = run_cli("enrol-code", "--db", db, "--agency", "not an agency", "--slot", "1")
    assert code == 2 and "Mã định danh cơ quan" in err
    code, _, err = run_cli("add-bundle", "--db", db, "--kind", "catalog", str(SAMPLE_CATALOG), "--json")
    assert code == 2 and "chưa được ký" in err  # the server keeps signed bundles only
    key = signing.generate_key()
    signed = tmp_path / "catalog.signed.json"
    signed.write_bytes(signing.sign(SAMPLE_CATALOG.read_bytes(), key))
    code, _, err = run_cli("add-bundle", "--db", db, "--kind", "catalog", str(signed))
    assert code == 2 and "Chưa có khóa phát hành nào" in err  # nor by a key nobody registered
    pub = tmp_path / "key.pub"
    pub.write_text(signing.public_key_text(key))
    code, out, _ = run_cli("trust-publisher", "--db", db, "--admin", str(pub), "--name", "Sở Nội vụ", "--json")
    assert code == 0 and json.loads(out)["key_id"] == signing.key_id_of(signing.public_raw(key))
    code, out, _ = run_cli("add-bundle", "--db", db, "--kind", "catalog", str(signed), "--json")
    assert code == 0 and json.loads(out)["label"].startswith("Danh mục mau")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "desk-catalog/1"}', encoding="utf-8")
    code, _, err = run_cli("add-bundle", "--db", db, "--kind", "catalog", str(bad))
    assert code == 2 and "publisher" in err
    code, _, err = run_cli(
        "record-event", "--db", db, "--code", "X-1", "--kind", "note", "--actor", "A", "--set", "text=hi"
    )
    assert code == 2 and "Không có hồ sơ" in err
    code, out, _ = run_cli("devices", "--db", db, "--json")
    assert [d["kind"] for d in json.loads(out)] == ["processor"]
    code, out, _ = run_cli("revoke", "--db", db, processor["device_id"])
    assert code == 0 and "Đã thu hồi" in out
    code, out, _ = run_cli("health", "--db", db, "--json")
    assert code == 0 and json.loads(out)["counts"]["bundles"] == 1
    code, _, err = run_cli("serve", "--db", db, "--host", "0.0.0.0")
    assert code == 2 and "HTTPS" in err  # plain HTTP only on loopback
    code, _, err = run_cli("health", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 1 and "không dùng được cơ sở dữ liệu" in err


def test_record_event_from_the_admin_cli_reaches_the_desk(sqlite_live, tmp_path):
    live = sqlite_live
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        code = d.receive(ReceiveRequest(procedure="2.000815", name="Lê Văn Dũng"), actor="Hoa")["code"]
        client.sync_round(d)
        db = str(live.storage.engine.url.database)
        rc, out, err = run_cli(
            "record-event",
            "--db",
            db,
            "--code",
            code,
            "--kind",
            "result_ready",
            "--actor",
            "Văn phòng UBND tỉnh",
            "--set",
            "result=Giấy chứng nhận",
            "--json",
        )
        assert rc == 0, err
        assert json.loads(out)["status"] == "accepted"
        rc, _, err = run_cli(
            "record-event", "--db", db, "--code", code, "--kind", "transferred", "--actor", "A", "--set", "to_unit=Sở"
        )
        assert rc == 2 and "trạng thái 9" in err
        r = client.sync_round(d)
        assert r["applied"] == 1 and d.dossier(code)["status"] == 9
        rc, out, _ = run_cli("health", "--url", live.url, "--json")
        assert rc == 0 and json.loads(out)["status"] == "ok"
    finally:
        d.close()


def test_health_and_server_time(live):
    r = requests.get(f"{live.url}/v1/health", timeout=10)
    body = r.json()
    assert r.status_code == 200 and body["status"] == "ok" and body["database"] in ("sqlite", "postgresql")
    assert p.parse_time(body["server_time"]) and p.parse_time(r.headers["X-Server-Time"])


def test_openapi_file_is_in_step_with_the_server():
    """sync/openapi.json is generated: «python -m sync.server openapi -o sync/openapi.json» after a change."""
    kept = json.loads((ROOT / "sync" / "openapi.json").read_text(encoding="utf-8"))
    assert kept == server_cli.openapi_document()
    assert set(kept["paths"]) >= {
        "/v1/enrol",
        "/v1/events",
        "/v1/bundles/{bundle_id}",
        "/v1/processing/events",
        "/v1/health",
    }
