"""Publishing: keys, spreadsheet → bundle → sign → desk verifies, shows the changes, activates on approval."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import stat

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk import signing
from desk.catalog import parse_catalog_bundle
from desk.cli.publish import main as publish
from desk.errors import InvalidInput
from desk.xlsx_bundle import catalog_from_xlsx, catalog_to_xlsx
from tests.conftest import ROOT

TEMPLATE = ROOT / "resources" / "catalog" / "template-danh-muc.xlsx"
SAMPLE = json.loads((ROOT / "resources" / "catalog" / "sample-catalog.json").read_text(encoding="utf-8"))
META = {"publisher_code": "000.00.00.H62", "publisher_name": "Sở Nội vụ tỉnh", "version": 2,
        "effective_from": dt.date(2026, 12, 1), "issued_at": "2026-11-26T08:00:00+07:00"}  # fmt: skip


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = publish(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def xlsx_errors(wb) -> list[str]:
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(InvalidInput) as err:
        catalog_from_xlsx(buf.getvalue(), **META)
    return err.value.errors


def test_template_round_trips_to_the_sample_catalog():
    doc = catalog_from_xlsx(TEMPLATE.read_bytes(), **META)
    assert parse_catalog_bundle(doc).procedures == parse_catalog_bundle(SAMPLE).procedures


def test_spreadsheet_errors_name_sheet_row_and_column():
    wb = openpyxl.load_workbook(TEMPLATE)
    ws, docs = wb["ThuTuc"], wb["GiayTo"]
    ws["E6"] = "tuần"
    docs["D4"] = "bản gốc"
    docs["F5"] = "có lẽ"
    errors = "\n".join(xlsx_errors(wb))
    assert "ThuTuc!E6 (Đơn vị thời hạn)" in errors
    assert "GiayTo!D4 (Hình thức)" in errors and "GiayTo!F5 (Bắt buộc)" in errors


def test_bundle_level_errors_point_back_to_rows():
    wb = openpyxl.load_workbook(TEMPLATE)
    ws, docs = wb["ThuTuc"], wb["GiayTo"]
    ws["E3"], ws["F3"] = "ngày làm việc", -2
    ws.append([c.value for c in ws[4]])  # the same procedure twice
    first_doc_proc = docs["A2"].value
    docs["A3"] = first_doc_proc
    docs["B3"] = docs["B2"].value
    errors = "\n".join(xlsx_errors(wb))
    assert "ThuTuc dòng 3" in errors and "duration.value" in errors
    assert "trùng mã" in errors and "ThuTuc dòng" in errors
    assert "GiayTo dòng 3" in errors and "trùng" in errors


def test_merged_cells_and_trailing_spaces_are_read_as_people_mean_them():
    wb = openpyxl.load_workbook(TEMPLATE)
    docs = wb["GiayTo"]
    # the procedure code typed once over its document rows (merged), and values with stray spaces
    code = docs["A2"].value
    rows = [r for r in range(2, docs.max_row + 1) if docs.cell(r, 1).value == code]
    for r in rows[1:]:
        docs.cell(r, 1).value = None
    docs.merge_cells(start_row=rows[0], start_column=1, end_row=rows[-1], end_column=1)
    docs["C2"] = "  " + docs["C2"].value + "   "
    wb["ThuTuc"]["B2"] = wb["ThuTuc"]["B2"].value + "  "
    buf = io.BytesIO()
    wb.save(buf)
    doc = catalog_from_xlsx(buf.getvalue(), **META)
    assert parse_catalog_bundle(doc).procedures == parse_catalog_bundle(SAMPLE).procedures


def test_not_a_spreadsheet_and_missing_sheets():
    with pytest.raises(InvalidInput, match="xlsx"):
        catalog_from_xlsx(b"PK\x03\x04 broken zip", **META)
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    assert any("thiếu trang «ThuTuc»" in e for e in xlsx_errors(wb))


def test_keygen_sign_verify_and_tampering(tmp_path, capsys, monkeypatch):
    key = tmp_path / "ky.pem"
    code, out, err = run(capsys, "keygen", "-o", str(key), "--passphrase-stdin", stdin="bí mật dài\nbí mật dài\n",
                         monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0, err
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert b"ENCRYPTED" in key.read_bytes()
    pub = (tmp_path / "ky.pem.pub").read_text().strip()
    assert pub.startswith("ed25519:") and pub in out
    assert run(capsys, "keygen", "-o", str(key), "--no-passphrase")[0] == 2  # never overwrite a key

    bundle = tmp_path / "dm.json"
    code, out, err = run(capsys, "build", str(TEMPLATE), "-o", str(bundle), "--publisher-code", "000.00.00.H62",
                         "--publisher-name", "Sở Nội vụ", "--version", "2", "--effective-from", "2026-12-01")  # fmt: skip
    assert code == 0, err and "18 thủ tục" in out
    signed = tmp_path / "dm.signed.json"
    assert run(capsys, "sign", str(bundle), "--key", str(key), "-o", str(signed), "--passphrase-stdin",
               stdin="sai\n", monkeypatch=monkeypatch)[0] == 2  # fmt: skip
    assert not signed.exists()
    code, out, err = run(capsys, "sign", str(bundle), "--key", str(key), "-o", str(signed), "--passphrase-stdin",
                         stdin="bí mật dài\n", monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0, err
    assert run(capsys, "verify", str(signed), "--public-key", pub)[0] == 0

    env = json.loads(signed.read_text())
    tampered = copy.deepcopy(env)
    payload = json.loads(signing.base64.b64decode(env["payload"]))
    payload["procedures"][0]["fee"] = {"text": "500.000 đồng", "amount": 500000}
    tampered["payload"] = signing.base64.b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tampered))
    code, _, err = run(capsys, "verify", str(bad), "--public-key", pub)
    assert code == 2 and "Chữ ký số" in err and "không hợp lệ" in err
    other = signing.public_key_text(signing.generate_key())
    code, _, err = run(capsys, "verify", str(signed), "--public-key", other)
    assert code == 2 and "không nằm trong danh sách khóa tin cậy" in err


def test_diff_is_readable(tmp_path, capsys):
    old = tmp_path / "old.json"
    old.write_text(json.dumps(SAMPLE, ensure_ascii=False), encoding="utf-8")
    new_doc = copy.deepcopy(SAMPLE)
    new_doc["version"] = 2
    removed = new_doc["procedures"].pop(0)
    new_doc["procedures"][0]["name"] += " (sửa đổi)"
    new_doc["procedures"][1]["duration"] = {"unit": "working_days", "value": 7}
    new_doc["procedures"][2]["fee"] = {"text": "15.000 đồng", "amount": 15000}
    new_doc["procedures"][3]["documents"].append(
        {"id": "tp9", "name": "Giấy tờ mới", "form": "ban_sao", "quantity": 1, "required": True}
    )
    new_doc["procedures"].append({**copy.deepcopy(removed), "code": "9.999999", "name": "Thủ tục mới thêm"})
    new = tmp_path / "new.json"
    new.write_text(json.dumps(new_doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "diff", str(old), str(new))
    assert code == 0, err
    for text in ("Thêm 1 thủ tục", "9.999999", "Bãi bỏ 1 thủ tục", removed["code"], "Đổi tên 1 thủ tục", "(sửa đổi)",
                 "Đổi thời hạn giải quyết 1 thủ tục", "07 ngày làm việc", "Đổi phí, lệ phí 1 thủ tục", "15.000 đồng",
                 "Đổi thành phần hồ sơ 1 thủ tục", "thêm tp9: Giấy tờ mới"):  # fmt: skip
        assert text in out, text
    data = json.loads(run(capsys, "diff", str(old), str(new), "--json")[1])
    assert data["added"] == ["9.999999"] and data["retired"] == [removed["code"]]


def sign_doc(doc: dict, key) -> bytes:
    return signing.sign(json.dumps(doc, ensure_ascii=False).encode(), key)


def test_desk_with_trusted_key_refuses_unsigned_tampered_wrong_key_truncated_and_wrong_format(desk):
    key = signing.generate_key()
    desk.trust_key(signing.parse_public_key(signing.public_key_text(key), "Sở Nội vụ"), actor="CNTT")
    before = (desk.active_catalog(), desk.store.conn.execute("SELECT count(*) FROM catalogs").fetchone()[0])
    doc = copy.deepcopy(SAMPLE) | {"version": 2}
    good = sign_doc(doc, key)
    env = json.loads(good)
    bad_sig = json.dumps(env | {"signature": signing.base64.b64encode(b"x" * 64).decode()}).encode()
    cases = {
        "chưa được ký số": json.dumps(doc, ensure_ascii=False).encode(),
        "không hợp lệ (nội dung đã bị thay đổi": bad_sig,
        "không nằm trong danh sách khóa tin cậy": sign_doc(doc, signing.generate_key()),
        "bị hỏng hoặc không trọn vẹn": good[: len(good) // 2],
        "desk-catalog/1": sign_doc(doc | {"format": "desk-katalog/1"}, key),
    }
    for reason, data in cases.items():
        with pytest.raises(InvalidInput) as err:
            desk.import_catalog(data, actor="CNTT")
        assert reason in " ".join([err.value.message, *err.value.errors]), reason
        assert (desk.active_catalog(), desk.store.conn.execute("SELECT count(*) FROM catalogs").fetchone()[0]) == before
    res = desk.import_catalog(good, actor="CNTT", approve=False)
    assert res["signed_by"] == signing.key_id_of(signing.public_raw(key))


def test_signed_catalog_waits_for_approval_then_applies_on_its_date(cli, desk, tmp_path, monkeypatch):
    key = signing.generate_key()
    pub = tmp_path / "k.pub"
    pub.write_text(signing.public_key_text(key) + "\n")
    assert cli("trust", "add", str(pub), "--name", "Sở Nội vụ").code == 0
    doc = copy.deepcopy(SAMPLE) | {"version": 2, "effective_from": "2026-12-01"}
    retired = doc["procedures"].pop()  # a procedure retired by the new catalog
    f = tmp_path / "dm.signed.json"
    f.write_bytes(sign_doc(doc, key))
    r = cli("catalog", "import", str(f), "--json")
    assert r.code == 0, r.err
    res = r.json()
    assert "Bãi bỏ 1 thủ tục" in res["changes"] and retired["code"] in res["changes"]
    assert desk.active_catalog()["version"] == 1  # not yet approved
    pending = cli("catalog", "pending", "--json").json()
    assert [p["version"] for p in pending] == [2]
    from desk import accounts

    accounts.add_clerk(desk.store, username="hoa", full_name="Lê Thị Hoa", password="12345678", role="lead", actor="x")
    r = cli("catalog", "approve", str(res["catalog_id"]))
    assert r.code == 2 and "--as-user" in r.err
    monkeypatch.setattr("sys.stdin", io.StringIO("12345678\n"))
    r = cli("catalog", "approve", str(res["catalog_id"]), "--as-user", "hoa", "--password-stdin")
    assert r.code == 0, r.err
    assert desk.active_catalog(dt.date(2026, 11, 30))["version"] == 1
    assert desk.active_catalog(dt.date(2026, 12, 1))["version"] == 2
    with pytest.raises(InvalidInput, match="bãi bỏ"):
        desk.procedure(retired["code"], dt.date(2026, 12, 2))
    approved = [e for e in desk.store.events() if e.kind == "catalog_approved"]
    assert approved[-1].actor == "Lê Thị Hoa"
    assert cli("catalog", "import", str(f)).code == 2  # the same version again: refused


names = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệ ")), min_size=1, max_size=40
)


@st.composite
def procedures(draw):
    unit = draw(st.sampled_from(["working_days", "working_hours", "calendar_days", "same_day"]))
    duration = {"unit": unit}
    if unit == "same_day":
        if draw(st.booleans()):
            duration["cutoff"] = draw(st.sampled_from(["15:00", "16:30", "11:00"]))
    else:
        duration["value"] = draw(st.integers(1, 60))
    docs = []
    for i in range(draw(st.integers(0, 4))):
        form = draw(st.sampled_from([None, "ban_chinh", "ban_sao", "ban_sao_chung_thuc", "ban_chup", "xuat_trinh"]))
        d = {"id": f"tp{i + 1}", "name": draw(names).strip() or "giấy tờ", "form": form,
             "quantity": draw(st.one_of(st.none(), st.integers(1, 5))), "required": draw(st.booleans())}  # fmt: skip
        if form and draw(st.booleans()):
            d["alt_forms"] = ["ban_sao"] if form != "ban_sao" else ["ban_chinh"]
        docs.append(d)
    fee_amount = draw(st.one_of(st.none(), st.integers(0, 500000)))
    return {"name": draw(names).strip() or "thủ tục", "field": {"code": "TP-HT", "name": "Hộ tịch"}, "duration": duration,
            "fee": {"text": draw(st.one_of(st.none(), names))} | ({"amount": fee_amount} if fee_amount is not None else {}),
            "documents": docs, "result": None, "deciding_agency": "UBND cấp xã", "legal_basis": [], "aliases": []}  # fmt: skip


@given(st.lists(procedures(), min_size=1, max_size=6))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_built_bundle_validates_signs_verifies_and_round_trips(procs):
    for i, p in enumerate(procs):
        p["code"] = f"1.{i:06d}"
    doc = {"format": "desk-catalog/1", "publisher": {"code": "P", "name": "N"}, "version": 3,
           "issued_at": "2026-11-26T08:00:00+07:00", "effective_from": "2026-12-01", "procedures": procs}  # fmt: skip
    built = catalog_from_xlsx(catalog_to_xlsx(doc), publisher_code="P", publisher_name="N", version=3,
                              effective_from=dt.date(2026, 12, 1), issued_at="2026-11-26T08:00:00+07:00")  # fmt: skip
    assert parse_catalog_bundle(built).procedures == parse_catalog_bundle(doc).procedures
    key = signing.generate_key()
    payload = json.dumps(built, ensure_ascii=False).encode()
    opened = signing.open_bundle(signing.sign(payload, key), [signing.parse_public_key(signing.public_key_text(key))])
    assert opened.payload == payload
    assert parse_catalog_bundle(opened.payload).procedures == parse_catalog_bundle(doc).procedures


def test_calendar_signed_and_from_a_spreadsheet(desk, tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ngay"
    ws.append(["Ngày", "Loại", "Ghi chú"])
    ws.append([dt.date(2027, 2, 8), "nghỉ", "Tết Nguyên Đán"])
    ws.append(["13/02/2027", "Làm bù", "Làm bù cho ngày 12/02/2027"])
    ws.append([dt.date(2027, 2, 12), "nghỉ", "Nghỉ hoán đổi"])
    src = tmp_path / "lich.xlsx"
    wb.save(src)
    out = tmp_path / "lich.json"
    code, _, err = run(capsys, "build", str(src), "--kind", "calendar", "-o", str(out), "--version", "2",
                       "--years", "2027", "--publisher-code", "000.00.00.H62")  # fmt: skip
    assert code == 0, err
    key = signing.generate_key()
    desk.trust_key(signing.parse_public_key(signing.public_key_text(key)), actor="CNTT")
    with pytest.raises(InvalidInput, match="chưa được ký số"):
        desk.import_calendar(out.read_bytes(), actor="CNTT")
    desk.import_calendar(signing.sign(out.read_bytes(), key), actor="CNTT")
    cal = desk.calendar()
    assert cal.is_working_day(dt.date(2027, 2, 13)) and not cal.is_working_day(dt.date(2027, 2, 12))
