from __future__ import annotations

import pypdf
import pytest

from tests.test_cli import INIT


@pytest.fixture
def code(cli):
    assert cli(*INIT).code == 0
    r = cli("receive", "--procedure", "1.001022", "--name", "Nguyễn Thị Thuỳ Dương", "--id-number", "038185000111",
            "--phone", "0779001122", "--address", "Thôn Phú Hữu, xã Tân Phú", "--at", "2026-11-16T08:00", "--json")  # fmt: skip
    assert r.code == 0, r.err
    return r.json()["code"]


def text_of(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def test_a_dossier_through_supplement_extension_and_return(cli, code, tmp_path):
    steps = [
        ("transfer", code, "--to", "Công chức Tư pháp - Hộ tịch", "--to-person", "Trần Văn Minh", "--step-days", "2",
         "--at", "2026-11-16T09:00"),
        ("supplement", code, "--item", "Bản sao Giấy chứng sinh", "--item", "Văn bản ủy quyền", "--reason",
         "Thiếu giấy tờ", "--at", "2026-11-17T10:00"),
        ("supplement", code, "--received", "--at", "2026-11-19T08:00"),
        ("extend", code, "--new-due", "2026-11-27T16:00", "--reason", "Cần xác minh", "--late-unit",
         "Công chức Tư pháp - Hộ tịch", "--letter-no", "15/XL", "--late-notice"),
        ("result-ready", code, "--result", "Trích lục"),
        ("return", code, "--collected-by", "Nguyễn Thị Thuỳ Dương", "--id-number", "038185000111"),
    ]  # fmt: skip
    for argv in steps:
        r = cli(*argv, "--json")
        assert r.code == 0, (argv, r.err)
    d = cli("show", code, "--json").json()
    assert d["status"] == 10 and d["status_label"] == "Đã trả kết quả"
    assert d["original_due_at"] == "2026-11-19T08:00:00+07:00"
    assert d["due_at"] == "2026-11-27T16:00:00+07:00"
    kinds = [e["kind"] for e in d["events"]]
    assert kinds == ["received", "transferred", "supplement_requested", "supplement_received",
                     "apologized_extended", "result_ready", "result_returned"]  # fmt: skip
    resumed = d["events"][3]["payload"]
    assert resumed["waited_minutes"] == 14 * 60 and resumed["due_at"] == "2026-11-20T16:00:00+07:00"

    out = tmp_path / "receipt.pdf"
    assert cli("print", "receipt", code, "-o", str(out)).code == 0
    receipt = text_of(out)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in receipt and code in receipt
    assert "Nguyễn Thị Thuỳ Dương" in receipt
    assert "16 giờ 00 phút, ngày 20 tháng 11 năm 2026" in receipt  # set by the supplement, not the extension
    apology = tmp_path / "apology.pdf"
    assert cli("print", "apology", code, "-o", str(apology)).code == 0
    assert "16 giờ 00 phút, ngày 27 tháng 11 năm 2026" in text_of(apology)
    control = tmp_path / "control.pdf"
    assert cli("print", "control", code, "-o", str(control)).code == 0
    sheet = text_of(control)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in sheet and "Công chức Tư pháp - Hộ tịch" in sheet
    supplement = tmp_path / "supplement.pdf"
    assert cli("print", "supplement", code, "-o", str(supplement)).code == 0
    assert "Bản sao Giấy chứng sinh" in text_of(supplement) and "Văn bản ủy quyền" in text_of(supplement)
    printed = [e for e in cli("show", code, "--json").json()["events"] if e["kind"] == "printed"]
    assert [e["payload"]["form"] for e in printed] == ["receipt", "apology", "control", "supplement"]
    assert all(e["actor"] == "Lê Thị Hoa" for e in printed)


def test_forbidden_transitions_are_refused_with_the_reason(cli, code):
    r = cli("return", code, "--collected-by", "Nguyễn Thị Thuỳ Dương", "--id-number", "038185000111")
    assert r.code == 2 and "chỉ trả kết quả khi hồ sơ đã có kết quả" in r.err
    r = cli("supplement", code, "--received")
    assert r.code == 2 and "trạng thái 2" in r.err
    assert cli("refuse", code, "--reason", "Không thuộc thẩm quyền").code == 0
    r = cli("transfer", code, "--to", "Công chức")
    assert r.code == 2 and "Không được tiếp nhận" in r.err
    r = cli("supplement", code)
    assert r.code == 2
    assert [e["kind"] for e in cli("show", code, "--json").json()["events"]] == ["received", "refused"]


def test_refusal_stop_withdraw_and_their_forms(cli, code, tmp_path):
    refusal = tmp_path / "refusal.pdf"
    r = cli("print", "refusal", code, "-o", str(refusal))
    assert r.code == 2 and "chưa bị từ chối" in r.err and not refusal.exists()
    assert cli("refuse", code, "--reason", "Hồ sơ không thuộc thẩm quyền", "--reason", "Giấy tờ giả mạo").code == 0
    assert cli("print", "refusal", code, "-o", str(refusal)).code == 0
    text = text_of(refusal)
    assert "Hồ sơ không thuộc thẩm quyền" in text and "Giấy tờ giả mạo" in text
    other = cli("receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng", "--json").json()["code"]
    assert cli("stop", other, "--reason", "Có tranh chấp", "--decided-by", "Chủ tịch UBND xã").code == 0
    stop = tmp_path / "stop.pdf"
    assert cli("print", "stop", other, "-o", str(stop)).code == 0
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text_of(stop) and "Có tranh chấp" in text_of(stop)
    third = cli("receive", "--procedure", "2.000815", "--name", "Đỗ Đức Nguyên", "--json").json()["code"]
    assert cli("withdraw", third, "--reason", "Công dân xin rút").json() if False else True
    assert cli("withdraw", third, "--reason", "Công dân xin rút", "--json").json()["status"] == 7


def test_correct_pay_and_list(cli, code):
    r = cli("correct", code, "--field", "phone", "--value", "0912345678", "--reason", "Gõ nhầm", "--json")
    assert r.code == 0 and r.json()["applicant"]["phone"] == "0912345678"
    assert r.json()["events"][-1]["payload"]["old"] == "0779001122"
    r = cli("pay", code, "--amount", "10000", "--receipt-no", "BL-0042", "--json")
    assert r.code == 0 and r.json()["fee_paid"] == 10000
    assert cli("pay", code, "--amount", "-1", "--receipt-no", "x").code == 2
    overdue = cli("list", "overdue", "--json").json()  # received 16/11, due 19/11: late by now
    assert [d["code"] for d in overdue] == [code]
    assert cli("list", "ready", "--json").json() == []


def test_ledger_and_print_refusals(cli, code, tmp_path):
    ledger = tmp_path / "ledger.pdf"
    r = cli("print", "ledger", "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(ledger), "--json")
    assert r.code == 0 and r.json()["entries"] == 1
    reader = pypdf.PdfReader(ledger)
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # A4 landscape
    assert "SỔ THEO DÕI HỒ SƠ" in text_of(ledger)
    assert code in text_of(ledger).replace(" ", "")  # the code wraps in its narrow column
    for argv, reason in [
        (("print", "ledger", "--from", "2026-11-30", "--to", "2026-11-01", "-o", str(tmp_path / "a.pdf")), "--to"),
        (("print", "ledger", "--from", "30/11/2026", "--to", "2026-12-01", "-o", str(tmp_path / "a.pdf")), "--from"),
        (("print", "receipt", code, "-o", str(tmp_path / "a.txt")), ".pdf"),
        (("print", "receipt", code, "-o", str(tmp_path / "no" / "a.pdf")), "không tồn tại"),
        (("print", "receipt", "000.00.12.H62-260101-9999", "-o", str(tmp_path / "a.pdf")), "Không có hồ sơ"),
    ]:
        res = cli(*argv)
        assert res.code == 2 and reason in res.err, (argv, res.err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "ledger.pdf"]
