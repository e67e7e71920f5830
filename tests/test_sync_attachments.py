"""Digitised documents between desks and the reference server on loopback: sent after their events, an upload
interrupted and resumed through the fault proxy, read by a processing unit (recorded), refused to others, and fetched
back by a replacement PC enrolled on the same slot."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import requests

from desk import attachments, images
from desk.service import ReceiveRequest
from sync import client
from sync.client import attachments as sync_files
from sync.server import attachments as server_files
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.scans import photo_jpeg, text_pdf
from tests.helpers.sync_env import LiveServer, make_desk

ID = "001090012345"


@pytest.fixture
def live(tmp_path: Path):
    server = LiveServer(str(tmp_path / "server.sqlite3"))
    yield server
    server.stop()


def enrolled(live: LiveServer, base: Path, name: str, slot: int):
    desk = make_desk(base, name, slot)
    client.enrol(desk, live.url, live.enrol_code(slot))
    return desk


def digitised(desk, pages=None) -> tuple[str, attachments.Attachment]:
    d = desk.receive(ReceiveRequest(procedure="1.001193", name="Nguyễn Văn Đức", id_number=ID), actor="Hoa")
    pages = pages or [*images.from_pdf(text_pdf(2)), images.from_image(photo_jpeg())]
    return d["code"], attachments.attach(desk, d["code"], "tp1", pages, actor="Hoa")


def server_file(live: LiveServer, sha: str) -> bytes | None:
    rows = live.rows("SELECT data FROM attachment_files WHERE sha256 = :s", s=sha)
    return bytes(rows[0][0]) if rows else None


def test_files_go_after_their_events_and_a_processing_unit_reads_them(live, tmp_path):
    desk = enrolled(live, tmp_path, "a", 1)
    code, a = digitised(desk)
    r = client.sync_round(desk, timeout=30)
    assert r["attachments"]["uploaded"] == 1 and r["attachments"]["waiting"] == 0
    assert server_file(live, a.sha256) == attachments.load_pdf(desk.store, a.sha256)
    assert "Bản số hóa: gửi 1 tệp" in client.format_result(r)
    again = client.sync_round(desk, timeout=30)  # idempotent: nothing goes twice
    assert again["attachments"]["uploaded"] == 0 and again["attachments"]["bytes_sent"] == 0
    # a processing unit of the agency opens it; the reading is recorded with the dossier
    token = live.processor()
    got = requests.get(f"{live.url}/v1/processing/attachments/{a.sha256}", headers={"Authorization": f"Bearer {token}"},
                       timeout=10)  # fmt: skip
    assert got.status_code == 200 and hashlib.sha256(got.content).hexdigest() == a.sha256
    assert live.rows("SELECT dossier_code FROM attachment_reads") == [(code,)]
    # a processing unit of another agency, and a desk of another slot, do not
    other = live.server.create_processor("000.00.99.H62", "Sở khác")["credential"]
    no = requests.get(f"{live.url}/v1/processing/attachments/{a.sha256}", headers={"Authorization": f"Bearer {other}"},
                      timeout=10)  # fmt: skip
    assert no.status_code == 404
    desk2 = enrolled(live, tmp_path, "b", 2)
    cred2 = desk2.store.meta()["sync_credential"]
    no = requests.get(f"{live.url}/v1/attachments/{a.sha256}", headers={"Authorization": f"Bearer {cred2}"}, timeout=10)
    assert no.status_code == 404
    desk.close()
    desk2.close()


def test_the_server_takes_only_files_its_events_name_within_bounds(live, tmp_path):
    desk = enrolled(live, tmp_path, "a", 1)
    cred = desk.store.meta()["sync_credential"]
    auth = {"Authorization": f"Bearer {cred}"}
    stray = b"%PDF-1.4 not named by any event"
    sha = hashlib.sha256(stray).hexdigest()
    r = requests.put(f"{live.url}/v1/attachments", params={"sha256": sha, "offset": 0, "size": len(stray)},
                     data=stray, headers=auth, timeout=10)  # fmt: skip
    assert r.status_code == 403 and "sự kiện số hóa" in r.json()["detail"]
    big = b"x" * (server_files.CHUNK_MAX_BYTES + 1)
    r = requests.put(f"{live.url}/v1/attachments", params={"sha256": sha, "offset": 0, "size": len(big)},
                     data=big, headers=auth, timeout=10)  # fmt: skip
    assert r.status_code == 413
    r = requests.get(f"{live.url}/v1/attachments/{sha}/status", headers=auth, timeout=10)
    assert r.status_code == 404
    # a chunk at the wrong offset is told where the server stands
    _code, a = digitised(desk)
    client.sync_round(desk, timeout=30)
    pdf = attachments.load_pdf(desk.store, a.sha256)
    with live.storage.write() as conn:  # forget it, as if the upload had never finished
        conn.execute(server_files.files.delete())
    r = requests.put(f"{live.url}/v1/attachments", params={"sha256": a.sha256, "offset": 100, "size": len(pdf)},
                     data=pdf[100:200], headers=auth, timeout=10)  # fmt: skip
    assert r.status_code == 409 and r.json()["received"] == 0
    desk.close()


def test_an_upload_interrupted_and_resumed_through_the_fault_proxy(live, tmp_path):
    desk = enrolled(live, tmp_path, "a", 1)
    _code, a = digitised(desk)
    chunk = 16 * 1024
    assert a.bytes > 6 * chunk
    # push, pull, status, two chunks; a chunk the server took whose answer is lost, a truncated answer, one more
    # chunk; then the network goes away until the round's time is up.
    script = [None, None, None, None, None, "lost", None, "truncate", None, None] + ["drop"] * 400
    calls = []
    real = sync_files.sync_files

    def small_chunks(http, d, result, *, chunk=chunk):
        calls.append(1)
        return real(http, d, result, chunk=chunk)

    sync_files.sync_files = small_chunks
    try:
        with FaultyProxy(live.port, script=script, timeout_hold=5) as proxy:
            first = client.sync_round(desk, server_url=proxy.url, timeout=4, request_timeout=1)
            assert proxy.counts["lost"] == 1 and proxy.counts["truncate"] == 1 and proxy.counts["drop"] > 0
        assert first["attachments"]["uploaded"] == 0 and first["attachments"]["problems"]
        held = server_files_received(live, desk, a.sha256)
        assert 0 < held < a.bytes  # part of it is on the server
        assert server_file(live, a.sha256) is None
        second = client.sync_round(desk, timeout=30)
    finally:
        sync_files.sync_files = real
    assert second["attachments"]["uploaded"] == 1
    assert second["attachments"]["bytes_sent"] == a.bytes - held  # resumed where the server stopped, not anew
    assert server_file(live, a.sha256) == attachments.load_pdf(desk.store, a.sha256)
    assert live.count("attachment_chunks") == 0
    desk.close()


def server_files_received(live: LiveServer, desk, sha: str) -> int:
    rows = live.rows("SELECT sum(length(data)) FROM attachment_chunks WHERE sha256 = :s", s=sha)
    return rows[0][0] or 0


def test_a_replacement_pc_on_the_same_slot_fetches_its_dossiers_files(live, tmp_path):
    old = enrolled(live, tmp_path, "old", 1)
    _code, a = digitised(old)
    _code2, b = digitised(old, pages=images.from_pdf(text_pdf(1, seed=5)))
    client.sync_round(old, timeout=30)
    original = attachments.load_pdf(old.store, a.sha256)
    old_id = old.store.meta()["desk_id"]
    old.close()
    live.server.revoke(old_id)  # the old PC is gone
    new = enrolled(live, tmp_path, "new", 1)
    got = sync_files.fetch_all(new)
    assert got["fetched"] == 2 and got["unavailable"] == 0
    assert attachments.load_pdf(new.store, a.sha256) == original
    assert attachments.has_file(new.store, b.sha256)
    assert sync_files.fetch_all(new)["already"] == 2
    # a desk of another slot of the agency is offered none of them
    other = enrolled(live, tmp_path, "other", 2)
    assert sync_files.fetch_all(other)["listed"] == 0
    new.close()
    other.close()
