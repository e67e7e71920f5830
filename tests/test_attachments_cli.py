"""The digitisation commands: desk scan (the SANE test device), attach, attachments list|reuse|export, digitisation;
bad input refused with exit 2 and nothing written."""

from __future__ import annotations

import json

from desk import attachments, digitisation, images, workflow
from desk.service import Desk, ReceiveRequest
from tests.conftest import vn
from tests.helpers.scans import photo_jpeg, text_pdf

ID = "001090012345"


def test_scan_attach_reuse_list_export_and_the_rate(cli, data_dir, tmp_path, sane_test_device):
    assert cli("init", "--agency-code", "000.00.12.H62", "--agency-name", "TT", "--place", "Tân Phú").code == 0
    first = cli("receive", "--procedure", "1.001193", "--name", "Nguyễn Văn Đức", "--id-number", ID, "--json").json()
    r = cli("scan", first["code"], "tp1", "--device", sane_test_device, "--pages", "2", "--json")
    assert r.code == 0, r.err
    assert r.json()["pages"] == 2 and r.json()["source"] == "scan"
    card = tmp_path / "cccd.jpg"
    card.write_bytes(photo_jpeg())
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(text_pdf(2))
    r = cli("attach", first["code"], "tp2", str(card), str(pdf), "--json")
    assert r.code == 0, r.err
    assert r.json()["pages"] == 3 and r.json()["source"] == "import"
    listed = cli("attachments", "list", first["code"], "--json").json()
    assert [a["document"] for a in listed] == ["tp1", "tp2"]
    second = cli("receive", "--procedure", "1.000894", "--name", "Nguyễn Văn Đức", "--id-number", ID, "--json").json()
    offered = cli("attachments", "reuse", second["code"], "tp1", "--json").json()
    assert {o["document"] for o in offered} == {"tp1", "tp2"}
    r = cli("attachments", "reuse", second["code"], "tp1", "--from", first["code"], "--from-document", "tp2", "--json")
    assert r.code == 0, r.err
    assert r.json()["source"] == "reuse" and r.json()["reused_from"] == first["code"]
    out = tmp_path / "ban-so-hoa.pdf"
    assert cli("attachments", "export", first["code"], "tp2", "-o", str(out)).code == 0
    assert images.page_count(out.read_bytes()) == 3
    rate = cli("digitisation", "--from", "2020-01-01", "--to", "2035-12-31", "--json").json()
    assert rate["total"]["documents_digitised"] == 3 and rate["total"]["documents_reused"] == 1
    assert "TÌNH HÌNH SỐ HÓA" in cli("digitisation", "--from", "2020-01-01", "--to", "2035-12-31").out


def test_bad_input_is_refused_with_exit_2_and_nothing_written(cli, data_dir, tmp_path):
    cli("init", "--agency-code", "000.00.12.H62", "--agency-name", "TT", "--place", "Tân Phú")
    code = cli("receive", "--procedure", "1.001193", "--name", "Nguyễn Văn Đức", "--json").json()["code"]
    text = tmp_path / "notes.txt"
    text.write_text("xin chào", encoding="utf-8")
    for argv, words in (
        (("attach", code, "tp1", str(text)), "không phải tệp PDF, JPEG hay PNG"),
        (("attach", code, "tp1", str(tmp_path / "none.pdf")), "không có tệp"),
        (("attach", code, "tp42", str(text)), "không thuộc thủ tục"),
        (("attach", "000.00.12.H62-260101-1999", "tp1", str(text)), "Không có hồ sơ"),
        (("attach", code, "result", str(text)), "chưa có kết quả"),
        (("attachments", "export", code, "tp1", "-o", str(tmp_path / "x.pdf")), "chưa được số hóa"),
        (("scan", code, "tp1", "--pages", "0"), "--pages"),
    ):
        r = cli(*argv)
        assert r.code == 2, (argv, r.err)
        assert words in r.err, (argv, r.err)
    d = Desk.open(data_dir)
    try:
        assert not [e for e in d.store.events() if e.kind == "digitised"]
    finally:
        d.close()


def test_the_rate_counts_alike_from_the_desk_and_from_the_events_the_server_holds(desk):
    now = vn(2026, 3, 10, 9, 0)
    a = desk.receive(ReceiveRequest(procedure="1.001193", name="Nguyễn Văn Đức", id_number=ID,
                                    received_at=vn(2026, 3, 9, 8, 0)), actor="Hoa", now=now)  # fmt: skip
    b = desk.receive(ReceiveRequest(procedure="2.000815", name="Trần Thị Bích", received_at=vn(2026, 3, 9, 9, 0)),
                     actor="Hoa", now=now)  # fmt: skip
    page = images.from_pdf(text_pdf(1))
    attachments.attach(desk, a["code"], "tp1", page, actor="Hoa", now=now)
    attachments.attach(desk, a["code"], "tp1", page + page, actor="Hoa", now=now)  # scanned again: one document
    workflow.result_ready(desk, b["code"], actor="Hoa", now=now)
    attachments.attach(desk, b["code"], "result", page, actor="Hoa", now=now)
    mine = digitisation.for_desk(desk, vn(2026, 3, 1, 0, 0).date(), vn(2026, 3, 31, 0, 0).date())
    wire = [{"kind": e.kind, "dossier_uid": e.dossier_uid, "payload": e.payload} for e in desk.store.events()]
    facts = digitisation.facts_from_events(wire)
    from desk.report import field_names

    theirs = digitisation.compute(*facts, "2026-03-01", "2026-03-31", field_names(desk))
    assert json.dumps(mine.as_dict(), sort_keys=True) == json.dumps(theirs.as_dict(), sort_keys=True)
    assert mine.total.received == 2 and mine.total.documents_digitised == 1
    assert mine.total.results == 1 and mine.total.results_digitised == 1 and mine.total.results_rate == 100.0
