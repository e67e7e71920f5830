"""What the desk puts on its forms: the signer and contact settings, letter numbers, the apology's timing, the ledger
as the legal book, returns by post, the clerk's name from the command line."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pypdf import PdfReader

import printing
from desk import accounts, printdata, projections
from desk import workflow as wf
from desk.errors import InvalidInput
from desk.service import Desk, ReceiveRequest, init_desk
from tests.conftest import AGENCY, vn
from tests.test_cli import INIT

SIGNER = {"signer_authority": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC", "signer_name": "Trần Quốc Bảo",
          "contact_official": "bà Vũ Thị Ngọc Trâm, công chức Tư pháp - Hộ tịch", "contact_phone": "0251 3861 234"}  # fmt: skip


def text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def signed(data_dir):
    """A desk whose letters are signed by a deputy for the head, with a contact official for Mẫu 02."""
    init_desk(data_dir, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú",
              parent_name="UBND XÃ TÂN PHÚ", place="Tân Phú", printed=SIGNER).close()  # fmt: skip
    d = Desk.open(data_dir)
    yield d
    d.close()


def receive(desk: Desk, at=None, procedure: str = "1.004873", **kw) -> dict:
    at = at or vn(2026, 7, 6, 8, 0)
    req = ReceiveRequest(procedure=procedure, name="Nguyễn Văn Đức", id_number="079085001234", received_at=at, **kw)
    return desk.receive(req, actor="Lê Thị Hoa", now=at)


# --- 1. who signs the letters ------------------------------------------------------------------------------------


def test_letters_are_signed_by_the_head_as_set_with_room_to_sign(signed):
    d = receive(signed)
    due = vn(2026, 7, 6, 8, 0)
    wf.extend(signed, d["code"], new_due_at=vn(2026, 7, 20, 16, 0), reason="Chờ xác minh", late_unit="Công an xã",
              actor="Lê Thị Hoa", now=due)  # fmt: skip
    pdf = printing.render(signed.printable("apology", d["code"]))
    words = text(pdf)
    assert "THỦ TRƯỞNG" not in words
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in words and "Trần Quốc Bảo" in words
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        title = page.search("PHÓ GIÁM ĐỐC")[0]
        name = page.search("Trần Quốc Bảo")[0]
    assert name["top"] - title["bottom"] > 40  # room for the signature and the seal
    assert abs((name["x0"] + name["x1"]) / 2 - (title["x0"] + title["x1"]) / 2) < 3  # centred under the title


def test_the_stop_notice_is_the_centres_and_names_who_decided(signed):
    d = receive(signed)
    wf.stop(signed, d["code"], reason="Có tranh chấp", decided_by="Chủ tịch UBND xã Tân Phú", actor="Lê Thị Hoa",
            now=vn(2026, 7, 7, 9, 0))  # fmt: skip
    words = text(printing.render(signed.printable("stop", d["code"])))
    assert ("Theo quyết định của Chủ tịch UBND xã Tân Phú, Trung tâm Phục vụ hành chính công xã Tân Phú thông báo "
            "dừng giải quyết hồ sơ nêu trên.") in words  # fmt: skip
    assert "Số: 01/TB-TTPVHCC" in words and "KT. GIÁM ĐỐC" in words and "THỦ TRƯỞNG" not in words


def test_an_unset_signer_prints_the_title_never_the_placeholder(desk):
    d = receive(desk)
    wf.stop(desk, d["code"], reason="Có tranh chấp", actor="Lê Thị Hoa", now=vn(2026, 7, 7, 9, 0))
    words = text(printing.render(desk.printable("stop", d["code"])))
    assert "GIÁM ĐỐC" in words and "THỦ TRƯỞNG" not in words and "(Ký" not in words


def test_the_supplement_request_names_the_contact_official(signed):
    d = receive(signed)
    wf.request_supplement(signed, d["code"], items=["Bản sao Giấy khai sinh"], reason="Thiếu giấy tờ",
                          actor="Lê Thị Hoa", now=vn(2026, 7, 6, 9, 0))  # fmt: skip
    words = text(printing.render(signed.printable("supplement", d["code"])))
    assert "liên hệ bà Vũ Thị Ngọc Trâm, công chức Tư pháp - Hộ tịch, số điện thoại 0251 3861 234" in words
    missing = signed.request_supplement_at_intake(
        ReceiveRequest(procedure="1.004873", name="Đỗ Văn Tú", documents={}), actor="Lê Thị Hoa"
    )
    from desk.printdata import intake_supplement

    assert "0251 3861 234" in text(printing.render(intake_supplement(signed, missing["event_id"])))


# --- settings: desk init, desk settings, the core's checks ---------------------------------------------------------


def test_settings_are_checked_by_field_and_changed_by_a_lead_only(desk):
    with pytest.raises(InvalidInput) as caught:
        desk.update_settings({"signer_authority": "Giám đốc", "contact_phone": "gọi tôi", "letter_no_pattern": "{x}",
                              "desk_slot": "2"}, actor="Hoa")  # fmt: skip
    assert {p.field for p in caught.value.problems} == {"signer_authority", "contact_phone", "letter_no_pattern",
                                                        "desk_slot"}  # fmt: skip
    changes = desk.update_settings({"signer_name": "Trần Quốc Bảo", "signer_title": "giám đốc"}, actor="Hoa")
    assert changes == {"signer_name": {"from": None, "to": "Trần Quốc Bảo"}}  # the title was GIÁM ĐỐC already
    assert desk.settings.signer_name == "Trần Quốc Bảo"
    event = list(desk.store.events())[-1]
    assert event.kind == "settings_changed" and event.payload["changes"] == changes
    assert desk.update_settings({"signer_name": "Trần Quốc Bảo"}, actor="Hoa") == {}  # nothing new: no event
    lead = accounts.add_clerk(desk.store, username="lan.nt", full_name="Ngô Thị Lan", password="mat-khau-1",
                              role="lead", actor="cài đặt")  # fmt: skip
    clerk = accounts.add_clerk(desk.store, username="hoa.lt", full_name="Lê Thị Hoa", password="mat-khau-1",
                               actor="Ngô Thị Lan", by=lead)  # fmt: skip
    with pytest.raises(InvalidInput, match="cán bộ phụ trách"):
        desk.update_settings({"signer_name": "Lê Văn Đức"}, actor=clerk.full_name, by=clerk)
    with pytest.raises(InvalidInput, match="cán bộ phụ trách"):
        desk.update_settings({"signer_name": "Lê Văn Đức"}, actor="ai đó")
    assert desk.update_settings({"signer_name": "Lê Văn Đức"}, actor=lead.full_name, by=lead)
    assert Desk.open(desk.store.path.parent).settings.signer_name == "Lê Văn Đức"


def test_cli_init_settings_show_and_set(cli):
    r = cli(*INIT, "--signer-authority", "kt. giám đốc", "--signer-title", "Phó Giám đốc", "--signer-name",
            "Trần Quốc Bảo", "--letter-no-pattern", "{n}/{kind}-TTPVHCC-{slot}")  # fmt: skip
    assert r.code == 0, r.err
    shown = cli("settings", "show", "--json").json()
    assert shown["signer_authority"] == "KT. GIÁM ĐỐC" and shown["signer_title"] == "PHÓ GIÁM ĐỐC"
    r = cli("settings", "set", "contact_official", "ông Lê Văn Đức", "contact_phone", "0912 345 678", "--json")
    assert r.code == 0, r.err and r.json()["settings"]["contact_phone"] == "0912 345 678"
    r = cli("settings", "set", "letter_no_pattern", "{kind}")
    assert r.code == 2 and "{n}" in r.err
    r = cli("settings", "set", "signer_name")
    assert r.code == 2 and "chưa có giá trị" in r.err
    assert cli("settings", "set", "signer_authority", "", "--json").json()["settings"]["signer_authority"] is None
    code = cli("receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng", "--json").json()["code"]
    r = cli("stop", code, "--reason", "Có tranh chấp", "--json")
    assert r.code == 0, r.err
    assert r.json()["events"][-1]["payload"]["letter_no"].startswith("01/TB-TTPVHCC-1")
    other = cli("receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng", "--json").json()["code"]
    r = cli("stop", other, "--reason", "Có tranh chấp", "--letter-no", "25/TB-UBND", "--json")
    assert r.json()["events"][-1]["payload"]["letter_no"] == "25/TB-UBND"


# --- 5. letter numbers and the apology's timing ------------------------------------------------------------------------


def test_letters_take_the_desks_numbers_per_year_and_kind_and_a_rebuild_keeps_them(desk):
    codes = [receive(desk, at=vn(2026, 7, 6, 8, i))["code"] for i in range(4)]
    late = dict(new_due_at=vn(2026, 12, 30, 16, 0), reason="Chờ xác minh", late_unit="Công an xã", actor="Hoa")
    first = wf.extend(desk, codes[0], now=vn(2026, 7, 6, 9, 0), **late)["events"][-1]["payload"]
    given = wf.extend(desk, codes[1], letter_no="7/XL-UBND", now=vn(2026, 7, 6, 9, 5), **late)["events"][-1]["payload"]
    second = wf.extend(desk, codes[2], now=vn(2026, 7, 6, 9, 10), **late)["events"][-1]["payload"]
    stop = wf.stop(desk, codes[3], reason="Có tranh chấp", actor="Hoa", now=vn(2026, 7, 6, 9, 20))["events"][-1]
    assert (first["letter_no"], first["letter_seq"], first["letter_year"]) == ("01/XL-TTPVHCC", 1, 2026)
    assert given["letter_no"] == "7/XL-UBND" and "letter_seq" not in given  # the records office's number
    assert second["letter_no"] == "02/XL-TTPVHCC"
    assert stop["payload"]["letter_no"] == "01/TB-TTPVHCC"  # another kind counts apart
    counters = desk.store.conn.execute("SELECT * FROM letter_counters ORDER BY kind").fetchall()
    assert counters == [(2026, "apologized_extended", 2), (2026, "stopped", 1)]
    with desk.store.write() as conn:
        assert projections.differences(conn) == []
    desk.rebuild()
    assert desk.store.conn.execute("SELECT * FROM letter_counters ORDER BY kind").fetchall() == counters
    next_year = receive(desk, at=vn(2027, 1, 4, 8, 0))["code"]
    third = wf.extend(desk, next_year, now=vn(2027, 1, 4, 9, 0), **dict(late, new_due_at=vn(2027, 2, 1, 16, 0)))
    assert third["events"][-1]["payload"]["letter_no"] == "01/XL-TTPVHCC"  # numbers start again each year


def test_an_apology_after_the_appointment_needs_the_clerks_confirmation_and_says_so(desk):
    d = receive(desk)  # received Monday 06/07/2026 08:00, due in three working days
    assert d["due_at"] == "2026-07-09T08:00:00+07:00"
    args = dict(new_due_at=vn(2026, 7, 20, 16, 0), reason="Chờ xác minh", late_unit="Công an xã", actor="Hoa")
    with pytest.raises(InvalidInput) as caught:
        wf.extend(desk, d["code"], now=vn(2026, 7, 9, 8, 1), **args)
    assert caught.value.field == "late_notice" and "đã qua" in caught.value.message
    assert [e["kind"] for e in desk.dossier(d["code"])["events"]] == ["received"]  # nothing written
    late = wf.extend(desk, d["code"], late_notice=True, now=vn(2026, 7, 9, 8, 1), **args)
    assert late["events"][-1]["payload"]["sent_after_due"] is True
    words = text(printing.render(desk.printable("apology", d["code"])))
    assert "đã quá thời gian hẹn trả kết quả nêu trên" in words
    assert "văn bản này được gửi sau thời gian hẹn trả kết quả" in words


def test_an_apology_before_the_appointment_announces_the_delay(desk):
    d = receive(desk)
    args = dict(new_due_at=vn(2026, 7, 20, 16, 0), reason="Chờ xác minh", late_unit="Công an xã", actor="Hoa")
    wf.extend(desk, d["code"], now=vn(2026, 7, 9, 8, 0), **args)  # at the appointment itself: still in time
    words = text(printing.render(desk.printable("apology", d["code"])))
    assert "Công an xã không thể trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời gian hẹn nêu trên." in words
    assert "chưa trả kết quả" not in words and "gửi sau" not in words
    assert "Số: 01/XL-TTPVHCC" in words


# --- 2. the ledger is the book -------------------------------------------------------------------------------------


def _ledger_rows(pdf: bytes) -> list[list[str]]:
    rows = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows += [[" ".join((c or "").split()) for c in row] for row in table]
    return [r for r in rows if r and r[0] not in ("STT",)]


def test_the_ledger_is_the_book(desk):
    desk.receive(
        ReceiveRequest(procedure="2.000815", name="Trước Kỳ", received_at=vn(2026, 7, 1, 8, 0)),
        actor="Hoa",
        now=vn(2026, 7, 1, 8, 0),
    )  # fmt: skip  (entries 1 and 2: before the printed period)
    desk.receive(ReceiveRequest(procedure="2.000815", name="Trước Kỳ Hai", received_at=vn(2026, 7, 1, 8, 5)),
                 actor="Hoa", now=vn(2026, 7, 1, 8, 5))  # fmt: skip
    plain = receive(desk, at=vn(2026, 7, 6, 8, 0))
    moved = receive(desk, at=vn(2026, 7, 6, 8, 10))
    refused = receive(desk, at=vn(2026, 7, 6, 8, 20))
    waiting = receive(desk, at=vn(2026, 7, 6, 8, 30))
    posted = receive(desk, at=vn(2026, 7, 6, 8, 40))
    assert plain["entry_no"] == 3
    wf.request_supplement(desk, moved["code"], items=["Ảnh"], reason="Thiếu", actor="Hoa", now=vn(2026, 7, 6, 9, 0))
    back = wf.receive_supplement(desk, moved["code"], actor="Hoa", now=vn(2026, 7, 7, 9, 0))
    ext = wf.extend(desk, moved["code"], new_due_at=vn(2026, 7, 24, 16, 0), reason="Xác minh", late_unit="Công an xã",
                    actor="Hoa", now=vn(2026, 7, 8, 9, 0))  # fmt: skip
    wf.refuse(desk, refused["code"], reasons=["Không thuộc thẩm quyền"], actor="Hoa", now=vn(2026, 7, 6, 10, 0))
    wf.request_supplement(desk, waiting["code"], items=["Ảnh"], reason="Thiếu", actor="Hoa", now=vn(2026, 7, 6, 10, 0))
    wf.result_ready(desk, posted["code"], actor="Hoa", now=vn(2026, 7, 7, 10, 0))
    wf.return_result(desk, posted["code"], by_post=True, post_tracking="EB123456789VN", actor="Hoa",
                     now=vn(2026, 7, 7, 11, 0))  # fmt: skip
    day = vn(2026, 7, 6).date()
    book = printing.render(printdata.ledger(desk, day, day))
    assert "Quyển số: 2026" in text(book)
    rows = {r[1].replace(" ", ""): r for r in _ledger_rows(book)}
    by_code = {k: rows[k.replace(" ", "")] for k in (plain["code"], moved["code"], refused["code"], waiting["code"],
                                                      posted["code"])}  # fmt: skip
    assert [by_code[c][0] for c in (plain["code"], moved["code"], refused["code"])] == ["3", "4", "5"]  # Số thứ tự
    row = by_code[moved["code"]]
    receipt = text(printing.render(desk.printable("receipt", moved["code"])))
    shown = back["due_at"]  # moved by the supplement: what the receipt says
    assert f"{shown[8:10]}/{shown[5:7]}/{shown[:4]}" in row[8] and "24/07/2026" not in row[8]
    assert f"Số thứ tự: {moved['entry_no']}" in receipt and "Quyển số: 2026" in receipt
    assert "Nhận bổ sung 07/07/2026, hẹn trả trước đó" in row[11]
    assert f"Gia hạn (văn bản số {ext['events'][-1]['payload']['letter_no']}) đến 16:00 24/07/2026" in row[11]
    assert by_code[refused["code"]][8] == "" and "Từ chối giải quyết 06/07/2026" in by_code[refused["code"]][11]
    assert "Đang chờ bổ sung" in by_code[waiting["code"]][11]
    assert "Trả qua bưu chính, mã bưu gửi EB123456789VN" in by_code[posted["code"]][11]
    assert by_code[posted["code"]][10] == ""  # nobody signed for it at the desk


# --- 9. return by post; 10. the clerk's name from the command line --------------------------------------------------


def test_return_by_post_needs_no_collector_but_the_desk_does(cli):
    assert cli(*INIT).code == 0
    code = cli("receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng", "--delivery", "post", "--json").json()[
        "code"
    ]
    assert cli("result-ready", code).code == 0
    r = cli("return", code, "--post", "--tracking", "EB123456789VN", "--json")
    assert r.code == 0, r.err
    assert r.json()["status"] == 10 and r.json()["returned_to"] is None
    other = cli("receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng", "--json").json()["code"]
    assert cli("result-ready", other).code == 0
    r = cli("return", other, "--id-number", "079085001234")
    assert r.code == 2 and "họ tên người nhận" in r.err


def test_the_receipt_names_the_clerk_whose_username_acts(cli, tmp_path, monkeypatch):
    assert cli(*INIT).code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-1\nmat-khau-1\n"))
    assert cli("clerk", "add", "hoa.lt", "--full-name", "Lê Thị Hoa", "--password-stdin").code == 0
    r = cli("--actor", "hoa.lt", "receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng", "--json")
    assert r.code == 0, r.err
    code = r.json()["code"]
    assert r.json()["actor"] == "Lê Thị Hoa"
    out = tmp_path / "r.pdf"
    assert cli("--actor", "hoa.lt", "print", "receipt", code, "-o", str(out)).code == 0
    with pdfplumber.open(out) as doc:
        page = doc.pages[0]
        title = page.search("NGƯỜI TIẾP NHẬN HỒ SƠ")[0]
        name = " ".join(w["text"] for w in page.extract_words() if w["top"] > title["bottom"] + 20
                        and w["x0"] > title["x0"] - 20 and w["top"] < title["bottom"] + 80)  # fmt: skip
    assert "Lê Thị Hoa" in name and "hoa.lt" not in name
    # Once the desk has accounts, only an account acts (its role decides what it may do): a typed name is refused.
    r = cli("--actor", "Nguyễn Văn Nam", "receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng", "--json")
    assert r.code == 2 and "--actor TÊN_ĐĂNG_NHẬP" in r.err


# --- 3. the receipt lists what was handed in, on one sheet -----------------------------------------------------------


def test_a_receipt_made_without_naming_documents_lists_the_required_ones_with_quantities(cli, tmp_path):
    assert cli(*INIT).code == 0
    code = cli("receive", "--procedure", "1.004859", "--name", "Lê Văn Dũng", "--json").json()["code"]
    out = tmp_path / "r.pdf"
    assert cli("print", "receipt", code, "-o", str(out)).code == 0
    with pdfplumber.open(out) as doc:
        rows = [r for r in doc.pages[0].extract_tables()[0] if r[0] and r[0].strip().isdigit()]
    names = [" ".join((r[1] or "").split()) for r in rows]
    assert len(rows) == 3 and names[0].startswith("Tờ khai theo mẫu") and "ủy quyền" not in " ".join(names)
    assert [[c for c in r[2:] if c] for r in rows] == [["01"], ["01"], ["Xuất trình"]]  # no blank quantity


def test_birth_registration_with_all_seven_documents_fits_one_sheet_per_copy(cli, tmp_path):
    assert cli(*INIT).code == 0
    docs = [a for i in range(1, 8) for a in ("--doc", f"tp{i}=1")]
    r = cli("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Thuỳ Dương", "--address",
            "Số 12, ấp Phú Lợi, xã Tân Phú, tỉnh Đồng Nai", *docs, "--json")  # fmt: skip
    assert r.code == 0, r.err
    out = tmp_path / "r.pdf"
    assert cli("print", "receipt", r.json()["code"], "-o", str(out)).code == 0
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    assert len(pages) == 2 and "(Liên 1: Lưu)" in pages[0] and "(Liên 2: Giao người nộp)" in pages[1]
    assert "Phí, lệ phí: Đối với trường hợp đăng ký khai sinh không đúng hạn" in pages[0]
    with pdfplumber.open(out) as doc:
        page = doc.pages[0]
        line = page.search("2. Số lượng hồ sơ")[0]
        assert min(c["size"] for c in page.chars if abs(c["top"] - line["top"]) < 1) >= 9


def test_the_supplement_request_at_intake_puts_each_quantity_in_its_forms_column(desk):
    from desk.printdata import intake_supplement

    asked = desk.request_supplement_at_intake(ReceiveRequest(procedure="1.001193", name="Đỗ Văn Tú", documents={}),
                                              actor="Lê Thị Hoa")  # fmt: skip
    pdf = printing.render(intake_supplement(desk, asked["event_id"]))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        rows = [r for r in doc.pages[0].extract_tables()[0] if r[0] and r[0].strip().isdigit()]
    first = rows[0]  # the birth registration form: an original, one copy
    assert "Tờ khai đăng ký khai sinh" in first[1] and first[2] == "01" and first[3] == ""  # not one merged cell
