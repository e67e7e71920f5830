from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

import pytest

from desk import timeutil
from desk.errors import InvalidInput
from desk.service import Desk, ReceiveRequest, init_desk
from tests.conftest import AGENCY, vn

NOW = vn(2026, 11, 26, 9, 15)


def receive(desk, **kw):
    kw.setdefault("procedure", "2.000815")
    kw.setdefault("name", "Nguyễn Văn Đức")
    now = kw.pop("now", NOW)
    return desk.receive(ReceiveRequest(**kw), actor="Lê Thị Hoa", now=now)


def test_code_is_agency_date_and_slot_order(desk):
    first = receive(desk)
    second = receive(desk, name="Trần Thị Bích")
    assert first["code"] == f"{AGENCY}-261126-1001"
    assert second["code"] == f"{AGENCY}-261126-1002"
    next_day = receive(desk, now=vn(2026, 11, 27, 8, 0))
    assert next_day["code"] == f"{AGENCY}-261127-1001"
    assert re.fullmatch(r"[0-9A-Z.]+-\d{6}-\d{4}", first["code"])


def test_slot_two_issues_from_2001(data_dir, tmp_path):
    other = tmp_path / "desk2"
    init_desk(other, agency_code=AGENCY, agency_name="Bàn 2", desk_slot=2).close()
    d = Desk.open(other)
    try:
        assert receive(d)["code"] == f"{AGENCY}-261126-2001"
    finally:
        d.close()


def test_paper_receipt_entered_later_takes_its_own_date_and_appointment(desk):
    d = receive(desk, procedure="1.001022", received_at=vn(2026, 2, 13, 10, 0))
    assert d["code"] == f"{AGENCY}-260213-1001"
    assert d["received_at"] == "2026-02-13T10:00:00+07:00"
    assert d["due_at"] == "2026-02-25T10:00:00+07:00"  # 3 working days over Tết 16–20/02
    assert d["entered_at"] == timeutil.iso(NOW)


def test_receipt_in_the_future_is_refused_and_nothing_written(desk):
    before = desk.store.counts()
    with pytest.raises(InvalidInput) as err:
        receive(desk, received_at=vn(2026, 11, 26, 10, 0))
    assert "tương lai" in err.value.message
    assert desk.store.counts() == before


def test_every_field_error_is_reported_at_once_and_nothing_written(desk):
    before = desk.store.counts()
    with pytest.raises(InvalidInput) as err:
        receive(desk, name="X1", id_number="123", phone="12", email="bad", sets=0, documents={"tp9": 1})
    text = "\n".join(err.value.errors)
    for expected in [
        "Họ và tên",
        "Số giấy tờ tùy thân",
        "Số điện thoại",
        "Email",
        "Số lượng hồ sơ",
        "tp9",
        "Thiếu giấy tờ bắt buộc",
    ]:
        assert expected in text
    assert desk.store.counts() == before
    # every problem carries its field, so a front end places each one without validating again
    assert err.value.by_field() == {
        "name": [err.value.errors[0]],
        "id_number": [err.value.errors[1]],
        "phone": [err.value.errors[2]],
        "email": [err.value.errors[3]],
        "sets": [err.value.errors[4]],
        "documents": err.value.errors[5:],
    }


def test_missing_required_documents_are_listed_by_name(desk):
    with pytest.raises(InvalidInput) as err:
        receive(desk, procedure="1.001193", documents={"tp1": 1})
    msg = " ".join(err.value.errors)
    assert "Thiếu giấy tờ bắt buộc" in msg
    assert "tp2: Giấy chứng sinh" in msg and "tp6:" in msg
    assert "tp1:" not in msg.split("Thiếu giấy tờ bắt buộc")[1]


def test_documents_default_to_the_required_ones_in_catalog_quantities(desk):
    d = receive(desk, procedure="1.001193")
    assert [(x["id"], x["quantity"]) for x in d["documents"]] == [("tp1", 1), ("tp2", 1), ("tp6", 1)]
    assert d["documents"][0]["name"].startswith("Tờ khai đăng ký khai sinh")
    d2 = receive(desk, procedure="1.001193", documents={"tp1": 1, "tp2": 1, "tp6": 1, "tp5": 2})
    assert ("tp5", 2) in [(x["id"], x["quantity"]) for x in d2["documents"]]


def test_unknown_procedure_is_refused(desk):
    with pytest.raises(InvalidInput) as err:
        receive(desk, procedure="9.999999")
    assert "9.999999" in err.value.message and "desk catalog list" in err.value.message


def test_applicant_text_is_stored_nfc_and_collapsed(desk):
    name = unicodedata.normalize("NFD", "  Đặng   Hữu Phước ")
    addr = unicodedata.normalize("NFD", "Thôn  Phú Hữu,   xã Tân Phú")
    d = receive(desk, name=name, address=addr, id_number="079 203 001 234", phone="+84 386 123 456")
    a = desk.dossier(d["code"])["applicant"]
    assert a == {
        "name": "Đặng Hữu Phước",
        "id_number": "079203001234",
        "phone": "0386123456",
        "email": None,
        "address": "Thôn Phú Hữu, xã Tân Phú",
    }
    raw = desk.store.conn.execute("SELECT payload FROM events WHERE kind = 'received'").fetchone()[0]
    assert unicodedata.is_normalized("NFC", raw)


def test_slot_runs_out_after_999_codes_in_a_day(desk):
    with desk.store.write() as conn:
        conn.execute("INSERT INTO code_counters VALUES (?, '2026-11-26', 1, 1998)", (AGENCY,))
    assert receive(desk)["code"].endswith("-1999")
    with pytest.raises(InvalidInput) as err:
        receive(desk)
    assert "đã cấp hết" in err.value.message


def test_received_event_records_who_when_and_the_procedure_version(desk):
    d = receive(desk, note="Nộp thay cho mẹ")
    shown = desk.dossier(d["code"])
    (event,) = [e for e in shown["events"] if e["kind"] == "received"]
    assert event["actor"] == "Lê Thị Hoa"
    assert event["at"] == timeutil.iso(NOW)
    assert event["payload"]["procedure"]["version"] == 1
    assert shown["procedure"]["version"] == 1
    assert shown["status"] == 2 and shown["status_label"] == "Được tiếp nhận"
    assert shown["book_no"] == 2026 and shown["entry_no"] == 1


def _catalog_without(code: str, version: int) -> bytes:
    from tests.test_catalog_import import SAMPLE

    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["version"] = version
    data["procedures"] = [p for p in data["procedures"] if p["code"] != code]
    return json.dumps(data, ensure_ascii=False).encode()


def test_retired_procedure_stays_on_old_dossiers_but_cannot_be_chosen(desk):
    old = receive(desk, procedure="2.000884")
    desk.import_catalog(_catalog_without("2.000884", 2), actor="CNTT")
    with pytest.raises(InvalidInput) as err:
        receive(desk, procedure="2.000884")
    assert "bãi bỏ" in err.value.message
    kept = desk.dossier(old["code"])
    assert kept["procedure"]["code"] == "2.000884" and kept["procedure"]["version"] == 1
    assert kept["procedure"]["name"].startswith("Chứng thực chữ ký")


def test_same_day_after_cutoff_is_due_next_working_day(desk):
    d = receive(desk, received_at=vn(2026, 11, 20, 15, 0))  # Friday 15:00, cut-off 15:00
    assert d["due_at"] == "2026-11-23T17:00:00+07:00"


def test_supplement_at_intake_uses_the_catalog_in_force_when_the_citizen_came(desk):
    """A paper dossier entered late is checked against the catalog of its day, also for what it lacks."""
    from tests.test_catalog_import import bundle

    sample = json.loads(bundle())
    sample["procedures"] = [p for p in sample["procedures"] if p["code"] != "2.000815"]  # retired today
    today = timeutil.now().date().isoformat()
    desk.import_catalog(json.dumps(sample | {"version": 2, "effective_from": today}).encode(), actor="CNTT")
    yesterday = timeutil.now() - dt.timedelta(days=1)
    with pytest.raises(InvalidInput):  # today it cannot be chosen
        desk.request_supplement_at_intake(ReceiveRequest(procedure="2.000815", name="Đỗ Văn Tú", documents={}),
                                          actor="Hoa")  # fmt: skip
    res = desk.request_supplement_at_intake(
        ReceiveRequest(procedure="2.000815", name="Đỗ Văn Tú", documents={}, received_at=yesterday), actor="Hoa"
    )
    assert res["procedure"]["version"] == 1 and [m["id"] for m in res["missing"]]
