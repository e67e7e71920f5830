"""Desks and the reference server on loopback: offline intake then sync, processing updates, conflicts, faults,
a desk killed in the middle of a sync, bundles, clock offset, HTTPS with a private CA.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from desk import journal, syncstate, workflow
from desk.service import DEFAULT_CALENDAR, SAMPLE_CATALOG, ReceiveRequest
from sync import client
from sync.client import transport
from tests.conftest import PYTHON, ROOT, python_env
from tests.helpers.faulty_proxy import FAULTS, FaultyProxy
from tests.helpers.sync_env import *  # noqa: F403
from tests.helpers.sync_env import AGENCY, OTHER_AGENCY, LiveServer, make_desk, post_processing

PROCEDURES = ("2.000815", "1.001022", "1.004845")
NAMES = ("Nguyễn Văn Đức", "Trần Thị Bình", "Lê Văn Dũng", "Phạm Thị Hoa", "Hoàng Minh Châu", "Võ Thị Lan")


@pytest.fixture
def live_sqlite(tmp_path: Path):
    server = LiveServer(str(tmp_path / "server.sqlite3"))
    yield server
    server.stop()


def receive(desk, n: int, tag: str = "") -> list[str]:
    codes = []
    for i in range(n):
        req = ReceiveRequest(
            procedure=PROCEDURES[i % len(PROCEDURES)],
            name=NAMES[i % len(NAMES)],
            phone="0912345678",
            note=f"{tag}{i}" or None,
        )
        d = desk.receive(req, actor="Lê Thị Hoa")
        codes.append(d["code"])
    return codes


def own_event_ids(desk) -> set[str]:
    desk_id = desk.store.meta()["desk_id"]
    return {e.id for e in desk.store.events() if e.desk_id == desk_id and e.server_seq is None}


def remote_event_ids(desk) -> list[str]:
    return [e.id for e in desk.store.events() if e.server_seq is not None]


def check_server_holds_exactly(live: LiveServer, desks, codes: list[str]) -> None:
    """Every dossier once with distinct codes; every event of every desk exactly once."""
    rows = live.rows("SELECT code FROM dossiers")
    assert sorted(r[0] for r in rows) == sorted(codes)
    assert len({r[0] for r in rows}) == len(rows)
    sent = set().union(*(own_event_ids(d) for d in desks))
    on_server = [r[0] for r in live.rows("SELECT id FROM events WHERE deliver_to IS NULL")]
    assert len(on_server) == len(set(on_server))
    assert set(on_server) == sent


def check_desk_consistent(desk) -> None:
    """Nothing waits, remote events held once, the chain intact, a rebuild equals the incremental projections."""
    assert syncstate.pending_count(desk.store) == 0
    remote = remote_event_ids(desk)
    assert len(remote) == len(set(remote))
    assert desk.store.verify_chain() == (True, None)
    before = desk.store.conn.execute("SELECT * FROM dossiers ORDER BY uid").fetchall()
    desk.rebuild()
    assert desk.store.conn.execute("SELECT * FROM dossiers ORDER BY uid").fetchall() == before


def test_two_desks_receive_offline_then_sync_and_see_the_provinces_updates(live, tmp_path):
    d1, d2 = make_desk(tmp_path, "ban1", 1), make_desk(tmp_path, "ban2", 2)
    try:
        client.enrol(d1, live.url, live.enrol_code(1))
        client.enrol(d2, live.url, live.enrol_code(2))
        codes1, codes2 = receive(d1, 6, "a"), receive(d2, 6, "b")  # offline: nobody syncs yet
        workflow.transfer(d1, codes1[0], to_unit="Sở Tư pháp", actor="Lê Thị Hoa")
        assert not set(codes1) & set(codes2)

        r1, r2 = client.sync_round(d1), client.sync_round(d2)
        assert (r1["refused"], r2["refused"]) == (0, 0) and r1["complete"] and r2["complete"]
        assert r1["accepted"] == len(own_event_ids(d1)) and r2["accepted"] == len(own_event_ids(d2))
        check_server_holds_exactly(live, (d1, d2), codes1 + codes2)

        token = live.processor()
        answers = post_processing(
            live.url,
            token,
            [
                {"kind": "result_ready", "code": codes1[0], "payload": {"result": "Giấy khai sinh"}},
                {"kind": "transferred", "code": codes1[1], "payload": {"to_unit": "Phòng Tư pháp"}},
                {
                    "kind": "supplement_requested",
                    "code": codes2[2],
                    "payload": {"items": ["Bản sao CCCD"], "reason": "Thiếu"},
                },
                {"kind": "refused", "code": codes2[3], "payload": {"reasons": ["Không thuộc thẩm quyền"]}},
            ],
        )
        assert [a["status"] for a in answers] == ["accepted"] * 4

        r1, r2 = client.sync_round(d1), client.sync_round(d2)
        assert (r1["pulled"], r1["applied"], r1["conflicts"]) == (2, 2, 0)
        assert (r2["pulled"], r2["applied"], r2["conflicts"]) == (2, 2, 0)
        assert d1.dossier(codes1[0])["status"] == 9 and d1.dossier(codes1[1])["holder"] == "Phòng Tư pháp"
        assert d2.dossier(codes2[2])["status"] == 5 and d2.dossier(codes2[3])["status"] == 3
        # each desk holds only its own dossiers' updates
        uids2 = {u for (u,) in d2.store.conn.execute("SELECT uid FROM dossiers")}
        assert not {e.dossier_uid for e in d1.store.events() if e.server_seq is not None} & uids2
        # the desk carries on from the province's state, and that goes back up
        workflow.return_result(
            d1, codes1[0], collected_by="Nguyễn Văn Đức", id_number="001090012345", actor="Lê Thị Hoa"
        )
        r1 = client.sync_round(d1)
        assert (r1["accepted"], r1["pulled"]) == (1, 0)
        assert live.rows("SELECT status FROM dossiers WHERE code = :c", c=codes1[0]) == [(10,)]
        check_server_holds_exactly(live, (d1, d2), codes1 + codes2)
        for d in (d1, d2):
            check_desk_consistent(d)
        again = client.sync_round(d2)
        assert (again["sent"], again["pulled"]) == (0, 0)
    finally:
        d1.close()
        d2.close()


def test_a_true_conflict_is_shown_to_the_clerk_never_overwritten(live_sqlite, tmp_path):
    live = live_sqlite
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        (code,) = receive(d, 1)
        workflow.transfer(d, code, to_unit="Sở Tư pháp", actor="Hoa")
        client.sync_round(d)
        # the province finishes it while the desk, offline, asks the citizen for a supplement
        post_processing(live.url, live.processor(), [{"kind": "result_ready", "code": code, "payload": {}}])
        workflow.request_supplement(d, code, items=["Bản sao sổ hộ khẩu"], reason="Thiếu giấy tờ", actor="Hoa")
        r = client.sync_round(d)
        assert (r["refused"], r["conflicts"]) == (1, 1)
        assert "trạng thái 9" in r["refusals"][0]["reason"]
        assert d.dossier(code)["status"] == 5  # the desk's state stays as the clerk left it
        (refused,) = syncstate.refused_events(d.store.conn)
        assert refused["kind"] == "supplement_requested" and refused["code"] == code
        (c,) = syncstate.conflicts(d.store.conn)
        assert c["kind"] == "result_ready" and c["code"] == code
        assert live.rows("SELECT status FROM dossiers WHERE code = :c", c=code) == [(9,)]
        st = syncstate.status(d.store)
        assert (st["pending"], st["refused"], st["conflicts"]) == (0, 1, 1)
    finally:
        d.close()


def test_faults_between_desk_and_server_lose_and_duplicate_nothing(live_sqlite, tmp_path, monkeypatch):
    live = live_sqlite
    monkeypatch.setattr(transport, "RETRY_BASE", 0.02)  # the same back-off, on a test's time scale
    desks = [make_desk(tmp_path, "ban1", 1), make_desk(tmp_path, "ban2", 2)]
    # every kind of fault at least twice, early; then about one request in three meets one
    script = [x for f in FAULTS for x in (f, None, f, None)]
    rates = {f: 0.045 for f in FAULTS}
    token = live.processor()
    codes: list[str] = []
    try:
        for i, d in enumerate(desks):
            client.enrol(d, live.url, live.enrol_code(i + 1))
            codes += receive(d, 4, f"{i}-")
        with FaultyProxy(live.port, seed=11, script=script, rates=rates, timeout_hold=10) as proxy:
            kwargs = {"server_url": proxy.url, "timeout": 4.0, "request_timeout": 0.4, "batch_size": 3, "page_size": 2}
            for round_no in range(6):
                for i, d in enumerate(desks):
                    codes += receive(d, 2, f"{i}-{round_no}-")
                    with contextlib.suppress(client.ServerUnreachable):
                        client.sync_round(d, **kwargs)
                # the province works on some of each desk's dossiers that have reached the server
                for d in desks:
                    known = live.rows(
                        "SELECT code FROM dossiers WHERE status = 2 AND owner_desk = :d ORDER BY code",
                        d=d.store.meta()["desk_id"],
                    )
                    post_processing(
                        live.url,
                        token,
                        [
                            {"kind": "transferred", "code": c, "payload": {"to_unit": "Phòng Tư pháp"}}
                            for (c,) in known[:2]
                        ],
                    )
            assert set(FAULTS) <= set(proxy.counts), proxy.counts
            proxy.clean()
            for d in desks:
                r = client.sync_round(d, **kwargs)
                assert r["complete"] and r["pending"] == 0
        check_server_holds_exactly(live, desks, codes)
        for d in desks:
            check_desk_consistent(d)
            assert syncstate.status(d.store)["refused"] == 0
            delivered = {
                i for (i,) in live.rows("SELECT id FROM events WHERE deliver_to = :d", d=d.store.meta()["desk_id"])
            }
            assert set(remote_event_ids(d)) == delivered and delivered
            for code, status in live.rows(
                "SELECT code, status FROM dossiers WHERE owner_desk = :d", d=d.store.meta()["desk_id"]
            ):
                assert d.dossier(code)["status"] == status
    finally:
        for d in desks:
            d.close()


_KILLABLE = """
import sys
from pathlib import Path
from desk.service import Desk
from sync import client
desk = Desk.open(Path(sys.argv[1]))
print("ready", flush=True)
client.sync_round(desk, server_url=sys.argv[2], timeout=60, batch_size=3, page_size=4)
print("done", flush=True)
"""


def test_killing_the_desk_in_the_middle_of_a_sync_then_syncing_again(live_sqlite, tmp_path):
    live = live_sqlite
    d = make_desk(tmp_path, "ban1", 1)
    data_dir = Path(d.store.path).parent
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        first = receive(d, 8, "x")
        client.sync_round(d)
        post_processing(
            live.url,
            live.processor(),
            [{"kind": "transferred", "code": c, "payload": {"to_unit": f"Phòng {k}"}} for c in first for k in range(2)],
        )
        later = receive(d, 15, "y")
        d.close()
        with FaultyProxy(live.port, timeout_hold=30) as proxy:
            # killed: after the server committed a push (answer never seen), while recording a push's answers, while
            # applying a pulled page, and while waiting for a page
            for n, method, answer_first in ((2, "POST", False), (1, "POST", True), (2, "GET", True), (1, "GET", False)):
                proxy.hold_next(n, method=method, answer_first=answer_first)
                proc = subprocess.Popen(
                    [PYTHON, "-c", _KILLABLE, str(data_dir), proxy.url],
                    cwd=ROOT,
                    env=python_env(),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                assert proc.stdout.readline().strip() == "ready"
                assert proxy.held.wait(30), (n, proxy.requests, proc.communicate())
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)
                proxy.release()
                proc.stdout.close()
                proc.stderr.close()
        from desk.service import Desk

        d = Desk.open(data_dir)
        r = client.sync_round(d)
        assert r["complete"] and r["refused"] == 0
        check_server_holds_exactly(live, (d,), first + later)
        check_desk_consistent(d)
        assert len(remote_event_ids(d)) == 16
        assert {d.dossier(c)["holder"] for c in first} == {"Phòng 1"}
    finally:
        d.close()


def test_bundles_reach_the_desks_of_their_agency_and_a_refused_one_is_reported(live_sqlite, tmp_path):
    from desk import signing

    live = live_sqlite
    key = signing.generate_key()
    live.server.register_key(None, signing.public_key_text(key), name="Sở Nội vụ")
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        d.trust_key(signing.parse_public_key(signing.public_key_text(key), "Sở Nội vụ"), actor="CNTT")
        catalog = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
        catalog["version"] = 2
        catalog["procedures"] = catalog["procedures"][:5]
        calendar = json.loads(DEFAULT_CALENDAR.read_text(encoding="utf-8"))
        calendar["version"] = 2
        stale = dict(catalog, version=1)  # the same version as the desk's, other content: the desk refuses it

        def signed(doc) -> bytes:
            return signing.sign(doc if isinstance(doc, bytes) else json.dumps(doc).encode(), key)

        live.server.add_bundle("catalog", signed(SAMPLE_CATALOG.read_bytes()), label="mẫu v1 (đã có)")
        live.server.add_bundle("catalog", signed(catalog), agency_code=AGENCY)
        live.server.add_bundle("calendar", signed(calendar))
        live.server.add_bundle("catalog", signed(stale), label="bản cũ")
        live.server.add_bundle("catalog", signed(dict(catalog, version=9)), agency_code=OTHER_AGENCY)
        r = client.sync_round(d)
        assert [b["status"] for b in r["bundles"]] == ["already", "waiting_approval", "imported", "refused"]
        assert "không mới hơn" in r["bundles"][3]["reason"]
        pending = d.pending_catalogs()
        assert [c["version"] for c in pending] == [2]
        d.approve_catalog(pending[0]["id"], actor="Trưởng bộ phận")
        assert len(d.procedures()) == 5
        assert d.info()["calendar"]["version"] == 2
        assert client.sync_round(d)["bundles"] == []
    finally:
        d.close()


def test_the_desk_warns_about_its_clock_and_keeps_working(tmp_path):
    from sync.server.service import precise_now

    live = LiveServer(str(tmp_path / "s.sqlite3"), clock=lambda: precise_now() + dt.timedelta(minutes=10))
    d = make_desk(tmp_path, "ban1", 1)
    try:
        enrolled = client.enrol(d, live.url, live.enrol_code(1))
        assert enrolled["clock_warning"] and abs(enrolled["clock_offset_s"] + 600) < 5
        receive(d, 1)
        r = client.sync_round(d)
        assert r["clock_warning"] and "chậm 10 phút" in r["clock_message"]
        st = syncstate.status(d.store)
        assert st["clock_warning"] and abs(st["clock_offset_s"] + 600) < 5 and st["last_sync"]
        receive(d, 1)  # never refuses to work
    finally:
        d.close()
        live.stop()


def test_two_desks_pushing_at_once(live, tmp_path):
    desks = [make_desk(tmp_path, f"ban{i}", i) for i in (1, 2, 3)]
    try:
        codes = []
        for i, d in enumerate(desks):
            client.enrol(d, live.url, live.enrol_code(i + 1))
            codes += receive(d, 10, f"{i}-")
        errors: list[BaseException] = []

        def push(desk) -> None:
            try:
                client.sync_round(desk, batch_size=2)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=push, args=(d,)) for d in desks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        check_server_holds_exactly(live, desks, codes)
        seqs = [s for (s,) in live.rows("SELECT server_seq FROM events ORDER BY server_seq")]
        assert seqs == list(range(1, len(seqs) + 1))
    finally:
        for d in desks:
            d.close()


def test_an_event_the_server_cannot_read_is_refused_alone(live_sqlite, tmp_path):
    live = live_sqlite
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        receive(d, 2)
        with d.store.write() as conn:  # a kind a newer desk might record, unknown to protocol v1
            journal.record(d.store, conn, kind="future_kind", payload={}, actor="Hoa")
        receive(d, 2, "z")
        r = client.sync_round(d, batch_size=100)
        assert r["refused"] == 1 and r["pending"] == 0
        (refused,) = syncstate.refused_events(d.store.conn)
        # refused on its own, with a reason the clerk reads, and the chain goes on past it
        assert refused["kind"] == "future_kind" and "không có trong giao thức" in refused["reason"]
        assert live.count("dossiers") == 4
    finally:
        d.close()


def test_revoked_desk_is_refused_and_a_new_code_brings_it_back(live_sqlite, tmp_path):
    live = live_sqlite
    d = make_desk(tmp_path, "ban1", 1)
    try:
        client.enrol(d, live.url, live.enrol_code(1))
        receive(d, 1)
        client.sync_round(d)
        live.server.revoke(d.store.meta()["desk_id"])
        receive(d, 1)
        with pytest.raises(client.CredentialRefused, match="thu hồi"):
            client.sync_round(d)
        assert syncstate.pending_count(d.store) == 1  # nothing lost meanwhile
        client.enrol(d, live.url, live.enrol_code(1))
        r = client.sync_round(d)
        assert r["accepted"] == 2  # the new dossier and the second enrolment
        assert "sync_credential" not in json.dumps([e.payload for e in d.store.events()])
        assert d.store.meta()["sync_credential"] not in json.dumps([e.payload for e in d.store.events()])
    finally:
        d.close()


def test_sync_runner_in_a_worker_thread(live_sqlite, tmp_path):
    live = live_sqlite
    d = make_desk(tmp_path, "ban1", 1)
    data_dir = Path(d.store.path).parent
    client.enrol(d, live.url, live.enrol_code(1))
    receive(d, 2)
    d.close()
    rounds = threading.Semaphore(0)
    states = []

    def on_change(state) -> None:
        if state.rounds > (states[-1].rounds if states else 0):
            rounds.release()
        states.append(state)

    runner = client.SyncRunner(data_dir, interval=3600, on_change=on_change)
    runner.start()
    try:
        assert rounds.acquire(timeout=30)  # the first round at start
        assert runner.state().online is True and runner.state().status["pending"] == 0
        assert threading.current_thread() is threading.main_thread()
        before = len(states)
        runner.poke()  # after an intake, when online: a round at once
        assert rounds.acquire(timeout=30) and len(states) > before
        assert runner.state().next_attempt_in > 3000
    finally:
        runner.stop()
    live.stop()
    # the server gone: the runner goes offline and backs off
    runner = client.SyncRunner(data_dir, base_delay=60, round_timeout=1.0, request_timeout=0.3)
    runner.run_once()
    st = runner.state()
    assert st.online is False and st.failures == 1 and 30 <= st.next_attempt_in <= 60
    assert "Không kết nối được" in st.last_error


def _tls_files(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A private CA and a certificate for 127.0.0.1 signed by it (what a province might run)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA thử nghiệm tỉnh")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = tmp_path / "ca.pem", tmp_path / "server.pem", tmp_path / "server.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_path, {"cert": str(cert_path), "key": str(key_path)}


def test_https_with_the_provinces_private_ca(tmp_path):
    ca, files = _tls_files(tmp_path)
    live = LiveServer(str(tmp_path / "s.sqlite3"), ssl=files)
    d1, d2 = make_desk(tmp_path, "ban1", 1), make_desk(tmp_path, "ban2", 2)
    try:
        with pytest.raises(client.SyncError, match="chứng chỉ"):  # not trusted without the province's CA
            client.enrol(d2, live.url, live.enrol_code(2))
        client.enrol(d1, live.url, live.enrol_code(1), ca_bundle=ca)
        assert d1.store.meta()["sync_ca_bundle"] == str(ca)
        receive(d1, 1)
        assert client.sync_round(d1)["accepted"] >= 1
    finally:
        d1.close()
        d2.close()
        live.stop()
