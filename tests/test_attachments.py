"""Digitised documents in the core: scanned on a real SANE test device, imported, reused, kept encrypted, opened
with an access-log entry, required before the return when the catalog says so."""

from __future__ import annotations

import json
import os
import stat

import pytest

from desk import attachments, audit, images, scanning, timeutil
from desk import workflow as wf
from desk.errors import InvalidInput, NotFound
from desk.service import Desk, ReceiveRequest
from tests.conftest import vn
from tests.helpers.scans import MARK, photo_jpeg, text_pdf

NOW = vn(2026, 3, 10, 9, 0)
ID = "001090012345"


def receive(desk, *, procedure="1.001193", id_number=ID, name="Nguyễn Văn Đức"):
    req = ReceiveRequest(procedure=procedure, name=name, id_number=id_number, received_at=vn(2026, 3, 9, 8, 0))
    return desk.receive(req, actor="Hoa", now=NOW)


def test_a_real_sane_test_device_scanned_at_intake(desk, sane_test_device):
    d = receive(desk)
    got = []
    pages = scanning.scan(sane_test_device, pages=2, on_page=got.append)
    assert len(pages) == 2 and len(got) == 2
    assert all(p.data[:2] == b"P5" for p in pages)  # gray PNM, read from scanimage's standard output
    a = attachments.attach(desk, d["code"], "tp1", [images.from_scan(p.data, p.dpi) for p in pages], actor="Hoa")
    assert a.pages == 2 and a.source == "scan" and a.present
    shown = desk.dossier(d["code"])
    assert shown["digitisation"]["documents"]["tp1"]["pages"] == 2
    assert shown["digitisation"]["documents"]["tp2"] is None
    event = shown["events"][-1]
    assert event["kind"] == "digitised"
    assert event["payload"]["sha256"] == a.sha256 and event["payload"]["pages"] == 2


def test_an_imported_multi_page_pdf(desk, tmp_path):
    d = receive(desk)
    src = tmp_path / "Nguyen Van Duc - CCCD.pdf"
    src.write_bytes(text_pdf(3))
    a = attachments.attach_files(desk, d["code"], "tp2", [src], actor="Hoa")
    assert a.pages == 3 and a.source == "import"
    _, pdf = attachments.open_pdf(desk, d["code"], "tp2")
    assert images.page_count(pdf) == 3
    # text pages become bilevel: well within 150 KB a page
    assert a.bytes / a.pages < 150 * 1024
    # the opening is in the access log, named by the document, never by the file
    log = audit.entries(desk.store, NOW.date().replace(day=1), timeutil.now().date())
    opened = [e for e in log if e.action == "view" and e.what.startswith("Mở bản số hóa")]
    assert opened and opened[-1].code == d["code"]
    assert all("Nguyen Van Duc" not in e.what for e in log)


def test_pages_mix_photo_and_text_and_keep_their_order_and_turns(desk):
    d = receive(desk)
    photo = images.from_image(photo_jpeg())
    text = images.from_pdf(text_pdf(1))[0]
    assert photo.codec == "jpeg" and text.codec == "g4"
    a = attachments.attach(desk, d["code"], "tp1", [text.rotated(1), photo], actor="Hoa")
    _, pdf = attachments.open_pdf(desk, d["code"], "tp1")
    rendered = images.render(pdf, dpi=50)
    (w0, h0, _), (w1, h1, _) = rendered
    assert w0 > h0  # the A4 text page turned a quarter: landscape
    assert w1 > h1  # the card as it was
    assert a.pages == 2


def test_bad_files_are_refused_in_the_clerks_words(desk, tmp_path):
    d = receive(desk)
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04 not a scan")
    with pytest.raises(InvalidInput, match="không phải tệp PDF, JPEG hay PNG"):
        attachments.attach_files(desk, d["code"], "tp1", [bad], actor="Hoa")
    broken = tmp_path / "y.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(InvalidInput, match="không đọc được PDF"):
        attachments.attach_files(desk, d["code"], "tp1", [broken], actor="Hoa")
    with pytest.raises(NotFound, match="không có tệp"):
        attachments.attach_files(desk, d["code"], "tp1", [tmp_path / "none.pdf"], actor="Hoa")
    with pytest.raises(InvalidInput, match="không thuộc thủ tục"):
        attachments.attach_files(desk, d["code"], "tp99", [tmp_path / "none.pdf"], actor="Hoa")
    with pytest.raises(NotFound, match="Không có hồ sơ"):
        attachments.attach(desk, "000.00.12.H62-260309-9999", "tp1", [], actor="Hoa")
    with pytest.raises(InvalidInput, match="chưa có kết quả"):
        attachments.attach(desk, d["code"], "result", [images.from_pdf(text_pdf(1))[0]], actor="Hoa")
    assert not [e for e in desk.store.events() if e.kind == "digitised"]
    assert attachments.folder(desk.store).exists() is False or not list(attachments.folder(desk.store).rglob("*"))


def test_reuse_across_two_dossiers_of_one_citizen(desk, tmp_path):
    first = receive(desk)
    card = tmp_path / "card.jpg"
    card.write_bytes(photo_jpeg())
    a = attachments.attach_files(desk, first["code"], "tp2", [card], actor="Hoa")
    other = receive(desk, procedure="1.000894", id_number="079085001234", name="Trần Thị Bích")
    second = receive(desk, procedure="1.000894")
    offered = attachments.reusable(desk, ID, exclude_code=second["code"])
    assert [(r.code, r.sha256) for r in offered] == [(first["code"], a.sha256)]
    assert attachments.reusable(desk, "079085001234") == []
    files_before = sorted(attachments.folder(desk.store).rglob("*"))
    b = attachments.reuse(desk, second["code"], "tp1", from_code=first["code"], sha256=a.sha256, actor="Hoa")
    assert b.source == "reuse" and b.reused_from == first["code"] and b.sha256 == a.sha256
    assert sorted(attachments.folder(desk.store).rglob("*")) == files_before  # by reference: no new file
    with pytest.raises(InvalidInput, match="không cùng số giấy tờ"):
        attachments.reuse(desk, other["code"], "tp1", from_code=first["code"], actor="Hoa")
    event = desk.dossier(second["code"])["events"][-1]
    assert event["payload"]["source"] == "reuse" and event["payload"]["reused_from"]["code"] == first["code"]


def test_files_are_encrypted_owner_only_and_named_by_nobody(desk, tmp_path):
    d = receive(desk)
    pdf = images.build_pdf(images.from_pdf(text_pdf(1)))
    a = attachments.attach(desk, d["code"], "tp1", pdf=pdf, source="import", actor="Hoa")
    path = attachments.file_of(desk.store, a.sha256)
    blob = path.read_bytes()
    assert blob.startswith(attachments.MAGIC) and b"%PDF" not in blob and pdf[:200] not in blob
    assert a.sha256 not in str(path)  # the name is an HMAC, not the digest
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (path.parent, attachments.folder(desk.store)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # another store's key does not open it
    other_dir = tmp_path / "other"
    from desk.service import init_desk

    init_desk(other_dir, agency_code="000.00.12.H62", agency_name="X", parent_name="Y", place="Z").close()
    other = Desk.open(other_dir)
    try:
        with pytest.raises(attachments.AttachmentDamaged):
            attachments.open_sealed(other.store, blob, a.sha256)
    finally:
        other.close()


def test_an_event_never_goes_without_its_file_and_orphans_are_cleaned(desk, monkeypatch):
    d = receive(desk)
    pages = images.from_pdf(text_pdf(1))

    def fail(*_a, **_k):
        raise RuntimeError("power cut between the file and the event")

    monkeypatch.setattr(attachments.journal, "record", fail)
    with pytest.raises(RuntimeError):
        attachments.attach(desk, d["code"], "tp1", pages, actor="Hoa")
    monkeypatch.undo()
    assert not list(attachments.folder(desk.store).rglob("*/*"))  # the file written first went with the failure
    # an orphan left by a crash (no chance to remove it) goes once it is old enough
    attachments.store_pdf(desk.store, images.build_pdf(pages))
    assert attachments.clean_orphans(desk.store) == 0  # too young: maybe another thread's attach in progress
    assert attachments.clean_orphans(desk.store, older_than_s=-1) == 1
    a = attachments.attach(desk, d["code"], "tp1", pages, actor="Hoa")
    assert attachments.clean_orphans(desk.store, older_than_s=-1) == 0
    assert attachments.file_of(desk.store, a.sha256).exists()


def test_the_result_before_the_return_when_the_catalog_requires_it(desk, tmp_path):
    catalog = json.loads((desk_catalog_path()).read_text(encoding="utf-8"))
    catalog["version"] += 1
    catalog["digitise_results"] = True
    for p in catalog["procedures"]:
        if p["code"] == "2.000815":
            p["result_digitise"] = False
        if p["code"] == "1.001193":
            p["documents"][0]["digitise"] = True
    desk.import_catalog(json.dumps(catalog, ensure_ascii=False).encode(), actor="Hoa")
    d = receive(desk)
    assert desk.dossier(d["code"])["digitisation"]["result_required"] is True
    assert desk.dossier(d["code"])["digitisation"]["must_digitise"] == ["tp1"]
    wf.result_ready(desk, d["code"], actor="Hoa", now=NOW)
    with pytest.raises(InvalidInput, match="Chưa số hóa kết quả"):
        wf.return_result(desk, d["code"], collected_by="Nguyễn Văn Đức", id_number=ID, actor="Hoa", now=NOW)
    attachments.attach(desk, d["code"], "result", images.from_pdf(text_pdf(1)), actor="Hoa")
    done = wf.return_result(desk, d["code"], collected_by="Nguyễn Văn Đức", id_number=ID, actor="Hoa", now=NOW)
    assert done["status"] == 10
    # a procedure the catalog exempts returns without it
    exempt = receive(desk, procedure="2.000815")
    wf.result_ready(desk, exempt["code"], actor="Hoa", now=NOW)
    wf.return_result(desk, exempt["code"], collected_by="Nguyễn Văn Đức", id_number=ID, actor="Hoa", now=NOW)


def desk_catalog_path():
    from desk.setup import SAMPLE_CATALOG

    return SAMPLE_CATALOG


def test_roles_decide_who_digitises_and_who_exports(desk, tmp_path):
    from desk.accounts import add_clerk

    lead = add_clerk(desk.store, username="hoa.lt", full_name="Lê Thị Hoa", role="lead", password="motcua2026!",
                     actor="x")  # fmt: skip
    add_clerk(desk.store, username="lan.nt", full_name="Nguyễn Thị Lan", role="viewer", password="motcua2026!",
              actor="x", by=lead)  # fmt: skip
    desk.act_as("hoa.lt", "motcua2026!")
    d = receive(desk)
    attachments.attach(desk, d["code"], "tp1", images.from_pdf(text_pdf(1)), actor="Hoa")
    out = attachments.export_pdf(desk, d["code"], "tp1", tmp_path / "out.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    desk.act_as("lan.nt", "motcua2026!")
    with pytest.raises(InvalidInput, match="không được tiếp nhận"):
        attachments.attach(desk, d["code"], "tp2", images.from_pdf(text_pdf(1)), actor="Lan")
    with pytest.raises(InvalidInput, match="không được xuất"):
        attachments.export_pdf(desk, d["code"], "tp1", tmp_path / "out2.pdf")
    attachments.open_pdf(desk, d["code"], "tp1")  # a viewer reads


def test_rebuild_and_verify_keep_the_attachments(desk):
    from desk import projections

    d = receive(desk)
    attachments.attach(desk, d["code"], "tp1", images.from_pdf(text_pdf(1)), actor="Hoa")
    before = [a.as_dict() for a in attachments.listing(desk, d["code"])]
    with desk.store.write() as conn:
        assert projections.differences(conn) == []
    desk.rebuild()
    assert [a.as_dict() for a in attachments.listing(desk, d["code"])] == before


def test_scanner_errors_are_worded(monkeypatch, tmp_path, sane_test_device):
    with pytest.raises(scanning.NoScanner, match="Không mở được máy quét"):
        scanning.scan("nosuch:0")
    monkeypatch.setenv("PATH", str(tmp_path))  # no scanimage on this PATH
    with pytest.raises(scanning.NoScanner, match="sane-utils"):
        scanning.scan("test:0")


def test_a_busy_scanner(monkeypatch):
    err = scanning._sane_error("test:0", 3, "scanimage: sane_read: Device busy")
    assert isinstance(err, scanning.ScannerBusy) and "đang bận" in err.message
    assert isinstance(scanning._sane_error("x", 7, "Document feeder out of documents"), scanning.FeederEmpty)


def test_the_sane_test_device_is_listed(sane_test_device):
    assert "test:0" in [d.id for d in scanning.devices()]


def test_data_dir_modes(desk):
    assert stat.S_IMODE(os.stat(desk.store.path.parent).st_mode) == 0o700


def test_nothing_in_clear_outside_the_encrypted_files(desk, tmp_path, monkeypatch, sane_test_device):
    """Scanned and imported images, and the imported file's name, are found nowhere in clear: not in the data dir,
    not in the temp folder (the scanner's pages come through a pipe, previews are rendered in memory)."""
    import tempfile

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    d = receive(desk)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    src = inbox / f"CCCD {MARK}.pdf"
    src.write_bytes(text_pdf(2))
    card = inbox / f"{MARK}-the.jpg"
    card.write_bytes(photo_jpeg())
    attachments.attach_files(desk, d["code"], "tp2", [src, card], actor="Hoa")
    scanned = scanning.scan(sane_test_device, pages=1)
    attachments.attach(desk, d["code"], "tp1", [images.from_scan(p.data) for p in scanned], actor="Hoa")
    _, pdf = attachments.open_pdf(desk, d["code"], "tp2")
    images.render(pdf, dpi=50)
    desk.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # headers long enough never to turn up by chance in encrypted bytes
    clear_marks = (b"%PDF-1.", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"II*\x00\x08\x00\x00\x00", b"# SANE data follows",
                   MARK.encode(), f"CCCD {MARK}".encode())  # fmt: skip
    found = []
    for root in (desk.store.path.parent, temp):
        for path in root.rglob("*"):
            if not path.is_file():
                continue
            if MARK in path.name or "CCCD" in path.name:
                found.append(f"name: {path}")
            data = path.read_bytes()
            found += [f"{m!r} in {path}" for m in clear_marks if m in data]
    assert found == []
