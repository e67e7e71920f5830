"""Spreadsheet → bundle → sign → upload → the desk pulls → it waits for approval → active on its date.

With the real reference server on loopback (tests/helpers/sync_env.py).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest

from desk import accounts, signing
from desk.cli.publish import main as publish
from desk.errors import InvalidInput
from sync.client import enrol, sync_round
from sync.publish import upload_bundle
from tests.conftest import ROOT
from tests.helpers.sync_env import AGENCY, OTHER_AGENCY, LiveServer, make_desk

TEMPLATE = ROOT / "resources" / "catalog" / "template-danh-muc.xlsx"


@pytest.fixture
def server(tmp_path):
    live = LiveServer(str(tmp_path / "server.sqlite3"))
    yield live
    live.stop()


def run(capsys, monkeypatch, *argv, stdin=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = publish(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_spreadsheet_to_desk_through_the_server(tmp_path, server, capsys, monkeypatch):
    # IT: a key, a spreadsheet with one procedure changed and one retired, a bundle, a signature
    key = tmp_path / "so-noi-vu.pem"
    assert run(capsys, monkeypatch, "keygen", "-o", str(key), "--no-passphrase")[0] == 0
    pub = (tmp_path / "so-noi-vu.pem.pub").read_text().strip()
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb["ThuTuc"]
    retired = ws.cell(ws.max_row, 1).value
    ws.delete_rows(ws.max_row)
    docs = wb["GiayTo"]
    for r in range(docs.max_row, 1, -1):
        if docs.cell(r, 1).value == retired:
            docs.delete_rows(r)
    changed_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "2.000884")
    ws.cell(changed_row, 9).value = 12000  # new fee
    src = tmp_path / "danh-muc.xlsx"
    wb.save(src)
    bundle, signed = tmp_path / "dm.json", tmp_path / "dm.signed.json"
    code, _, err = run(capsys, monkeypatch, "build", str(src), "-o", str(bundle), "--publisher-code", "000.00.00.H62",
                       "--publisher-name", "Sở Nội vụ", "--version", "5", "--effective-from", "2026-12-01")  # fmt: skip
    assert code == 0, err
    assert run(capsys, monkeypatch, "sign", str(bundle), "--key", str(key), "-o", str(signed))[0] == 0

    # the desk trusts the publisher and is enrolled with the province
    desk = make_desk(tmp_path, "ban1", 1)
    try:
        desk.trust_key(signing.parse_public_key(pub, "Sở Nội vụ"), actor="CNTT")
        accounts.add_clerk(
            desk.store, username="hoa", full_name="Lê Thị Hoa", password="12345678", role="lead", actor="x"
        )
        enrol(desk, server.url, server.enrol_code(1), actor="CNTT")

        # upload: an unsigned file and a stranger are refused; the signed bundle for this agency is taken
        token = server.server.create_publisher("Sở Nội vụ", [pub])["credential"]  # its key registered with it
        with pytest.raises(InvalidInput, match="chưa được ký"):
            upload_bundle(server.url, bundle.read_bytes(), token=token, agencies=[AGENCY])
        with pytest.raises(InvalidInput, match="401"):
            upload_bundle(server.url, signed.read_bytes(), token="pub_not-a-token", agencies=[AGENCY])
        code, out, err = run(capsys, monkeypatch, "upload", str(signed), "--server", server.url, "--token-stdin",
                             "--agency", AGENCY, stdin=token + "\n")  # fmt: skip
        assert code == 0, err
        assert json.loads(out.split(": ", 1)[1])[0]["agency_code"] == AGENCY

        # the desk pulls it: it waits for the lead clerk with its changes listed
        res = sync_round(desk, actor="CNTT")
        assert res["bundles"], res
        (pending,) = desk.pending_catalogs()
        assert pending["version"] == 5 and pending["signed_by"] == signing.parse_public_key(pub).key_id
        assert (
            retired in pending["changes"] and "2.000884" in pending["changes"] and "12.000 đồng" in pending["changes"]
        )
        assert desk.active_catalog()["version"] == 1
        with pytest.raises(InvalidInput, match="cán bộ phụ trách"):
            desk.approve_catalog(pending["id"], actor="x", by=None)
        lead = accounts.authenticate(desk.store, "hoa", "12345678")
        desk.approve_catalog(pending["id"], actor="x", by=lead)
        # active on its date, not before; the retired procedure is gone for new dossiers only
        assert desk.active_catalog(dt.date(2026, 11, 30))["version"] == 1
        assert desk.active_catalog(dt.date(2026, 12, 1))["version"] == 5
        proc, _ = desk.procedure("2.000884", dt.date(2026, 12, 1))
        assert proc.fee_amount == 12000
        with pytest.raises(InvalidInput, match="bãi bỏ"):
            desk.procedure(retired, dt.date(2026, 12, 1))
        # a second pull brings nothing twice
        assert not sync_round(desk, actor="CNTT")["bundles"]
    finally:
        desk.close()

    # a desk of another agency never sees it
    other = make_desk(tmp_path, "xa-khac", 1, agency=OTHER_AGENCY)
    try:
        enrol(other, server.url, server.enrol_code(1, OTHER_AGENCY), actor="CNTT")
        sync_round(other, actor="CNTT")
        assert other.pending_catalogs() == []
    finally:
        other.close()


def test_upload_refusals(tmp_path, server):
    key = signing.generate_key()
    token = server.server.create_publisher("Sở Nội vụ", [signing.public_key_text(key)])["credential"]
    with pytest.raises(InvalidInput, match="422"):  # signed, but by a key not registered for this publisher
        upload_bundle(server.url, signing.sign(b'{"format": "desk-catalog/1"}', signing.generate_key()), token=token)
    not_a_bundle = signing.sign(b'{"format": "something-else/1"}', key)
    with pytest.raises(InvalidInput, match="422"):
        upload_bundle(server.url, not_a_bundle, token=token)
    sample = (ROOT / "resources" / "catalog" / "sample-catalog.json").read_bytes()
    with pytest.raises(InvalidInput, match="422"):
        upload_bundle(server.url, signing.sign(sample, key), token=token, agencies=["không phải mã"])
    desk_token = server.server.create_processor(AGENCY, "Sở Tư pháp")["credential"]
    with pytest.raises(InvalidInput, match="403"):
        upload_bundle(server.url, signing.sign(sample, key), token=desk_token)
    assert server.count("bundles") == 0
    ok = upload_bundle(server.url, signing.sign(sample, key), token=token)
    assert ok[0]["agency_code"] is None and ok[0]["kind"] == "catalog"
