"""Made-up dossiers for test prints ('In thử' in settings), the render tool, the tests and the benchmark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from desk.timeutil import VN_TZ, iso

SAMPLE_DESK: dict[str, Any] = {
    "agency_code": "000.00.12.H62",
    "agency_name": "Trung tâm Phục vụ hành chính công xã Tân Phú",
    "parent_name": "UBND XÃ TÂN PHÚ",
    "place": "Tân Phú",
    "signer_title": "GIÁM ĐỐC",
    "signer_name": "Trần Quốc Bảo",
}

NAMES = (
    "Nguyễn Thị Thuỳ Dương",
    "Đặng Hữu Phước",
    "Trương Ngọc Ánh",
    "Lê Văn Đức",
    "Phạm Thị Hồng Nhung",
    "Hoàng Quốc Việt",
    "Vũ Thị Ngọc Trâm",
    "Bùi Đình Khải",
)


def sample_dossier(**overrides: Any) -> dict[str, Any]:
    """An ordinary dossier: three documents, a fee, received at the desk on 13/02/2026 10:00."""
    dossier: dict[str, Any] = {
        "uid": "0193f1c2-7a10-7000-8000-000000001001",
        "code": "000.00.12.H62-260213-1001",
        "procedure": {
            "code": "2.000635",
            "name": "Cấp bản sao Trích lục hộ tịch",
            "version": 3,
            "field": {"code": "G03-TP07", "name": "Hộ tịch"},
            "duration_text": "01 ngày làm việc",
            "fee_amount": 8000,
        },
        "status": 2,
        "status_label": "Được tiếp nhận",
        "channel": 1,
        "received_at": "2026-02-13T10:00:00+07:00",
        "due_at": "2026-02-16T10:00:00+07:00",
        "applicant": {
            "name": "Nguyễn Thị Thuỳ Dương",
            "id_number": "075190012345",
            "phone": "0912345678",
            "email": "thuyduong@example.vn",
            "address": "Số 12, ấp Phú Lợi, xã Tân Phú, tỉnh Đồng Nai",
        },
        "sets": 1,
        "documents": [
            {"id": "tp1", "name": "Tờ khai cấp bản sao trích lục hộ tịch", "form": "ban_chinh", "quantity": 1},
            {"id": "tp2", "name": "Giấy ủy quyền", "form": "ban_sao_chung_thuc", "quantity": 1},
            {"id": "tp3", "name": "Thẻ Căn cước của người yêu cầu", "form": "xuat_trinh", "quantity": None},
        ],
        "result_delivery": "desk",
        "book_no": 2026,
        "entry_no": "125",
        "actor_name": "Đặng Hữu Phước",
        "note": None,
    }
    dossier.update(overrides)
    return dossier


LONG_PROCEDURE = (
    "Thủ tục liên thông các thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế "
    "cho trẻ em dưới 6 tuổi, kèm theo yêu cầu cấp bản sao trích lục khai sinh, xác nhận thông tin cư trú và "
    "điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư theo quy định hiện hành của Ủy ban nhân dân tỉnh"
)

LONG_ADDRESS = (
    "Căn hộ số 1205, tầng 12, tòa nhà chung cư Hoàng Anh Gia Lai, đường Nguyễn Hữu Thọ nối dài, khu dân cư số 3, "
    "ấp Phước Lộc Thọ, xã Tân Phú Đông, tỉnh Đồng Nai (đối diện Trường Tiểu học Lương Thế Vinh, cạnh chợ)"
)

FORMS_CYCLE = ("ban_chinh", "ban_sao", "ban_sao_chung_thuc", "ban_chup", "xuat_trinh")


def long_document_name(i: int) -> str:
    """A distinct, long-ish document name: the tests look for each one in the extracted text."""
    return f"Giấy tờ số {i:02d}: Bản kê khai thông tin nhân khẩu và xác nhận của Trưởng ấp Phước Lộc Thọ lần {i}"


def long_dossier(n_documents: int = 25) -> dict[str, Any]:
    """A 300-character procedure name, a 200-character address and many documents: flows onto page two."""
    docs = [
        {
            "id": f"tp{i}",
            "name": long_document_name(i),
            "form": FORMS_CYCLE[i % len(FORMS_CYCLE)],
            "quantity": None if FORMS_CYCLE[i % len(FORMS_CYCLE)] == "xuat_trinh" else 1 + i % 3,
        }
        for i in range(1, n_documents + 1)
    ]
    return sample_dossier(
        code="000.00.12.H62-260213-1002",
        procedure={
            "code": "1.001193.000.00.00.H62",
            "name": LONG_PROCEDURE,
            "version": 1,
            "duration_text": "05 ngày làm việc",
            "fee_text": "Miễn lệ phí đăng ký khai sinh; phí cấp bản sao trích lục 8.000 đồng/bản",
        },
        applicant={
            "name": "Đặng Hữu Phước",
            "id_number": "075090054321",
            "phone": "0987654321",
            "email": None,
            "address": LONG_ADDRESS,
        },
        documents=docs,
        sets=2,
        result_delivery="post",
        due_at="2026-02-20T10:00:00+07:00",
    )


def form_extras() -> dict[str, dict[str, Any]]:
    """The keyword extras of each slip, as the desk would pass them."""
    issued = "2026-02-13T14:30:00+07:00"
    return {
        "receipt": {},
        "supplement": {
            "missing": [
                {"name": "Giấy ủy quyền (có chứng thực chữ ký)", "form": "ban_chinh", "quantity": 1, "note": None},
                {
                    "name": "Giấy khai sinh của người được cấp trích lục",
                    "form": "ban_sao",
                    "quantity": 1,
                    "note": "Bản sao có chứng thực",
                },
            ],
            "reason": "Giấy ủy quyền chưa được chứng thực chữ ký; thiếu giấy tờ chứng minh quan hệ nhân thân.",
            "guide_text": "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) và bảng niêm yết tại Trung tâm",
            "contact": {"official": "ông Đặng Hữu Phước, công chức Tư pháp - Hộ tịch", "phone": "0251 3861 234"},
            "issued_at": issued,
        },
        "refusal": {
            "reasons": [
                "Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã.",
                "Người yêu cầu không phải là người có quyền yêu cầu cấp bản sao trích lục.",
            ],
            "issued_at": issued,
        },
        "apology": {
            "letter_no": "15/TTPVHCC",
            "original_due_at": "2026-02-16T10:00:00+07:00",
            "new_due_at": "2026-02-19T10:00:00+07:00",
            "late_unit": "Công chức Tư pháp - Hộ tịch xã Tân Phú",
            "reason": "Cần xác minh thông tin đăng ký hộ tịch gốc tại Sở Tư pháp tỉnh Đồng Nai.",
            "issued_at": "2026-02-15T08:00:00+07:00",
        },
        "stop": {
            "reason": "Người yêu cầu có đơn đề nghị rút hồ sơ ngày 14/02/2026.",
            "decided_by": "Ủy ban nhân dân xã Tân Phú",
            "issued_at": "2026-02-14T15:00:00+07:00",
        },
        "control": {
            "handovers": [
                {
                    "from_unit": "Trung tâm Phục vụ hành chính công xã Tân Phú",
                    "from_person": "Đặng Hữu Phước",
                    "to_unit": "Công chức Tư pháp - Hộ tịch",
                    "to_person": "Trương Ngọc Ánh",
                    "at": "2026-02-13T10:30:00+07:00",
                    "step_due_at": "2026-02-13T16:00:00+07:00",
                    "result": "Trước hạn",
                    "note": None,
                },
                {
                    "from_unit": "Công chức Tư pháp - Hộ tịch",
                    "from_person": "Trương Ngọc Ánh",
                    "to_unit": "Lãnh đạo UBND xã",
                    "to_person": "Lê Văn Đức",
                    "at": "2026-02-13T15:00:00+07:00",
                    "step_due_at": "2026-02-16T08:00:00+07:00",
                    "result": "Đúng hạn",
                    "note": "Trình ký",
                },
                {
                    "from_unit": "Lãnh đạo UBND xã",
                    "from_person": "Lê Văn Đức",
                    "to_unit": "Trung tâm Phục vụ hành chính công xã Tân Phú",
                    "to_person": "Đặng Hữu Phước",
                    "at": None,
                    "step_due_at": None,
                    "result": None,
                    "note": None,
                },
            ],
            "deciding_unit": "Ủy ban nhân dân xã Tân Phú",
            "cooperating_units": ["Sở Tư pháp tỉnh Đồng Nai"],
        },
    }


def ledger_entries(n: int, start: dt.datetime | None = None) -> list[dict[str, Any]]:
    """n ledger lines, sixteen a working morning (07:30–11:15) from 02/02/2026, every third one returned."""
    day = (start or dt.datetime(2026, 2, 2, 7, 30, tzinfo=VN_TZ)).replace(hour=7, minute=30, second=0)
    out: list[dict[str, Any]] = []
    for i in range(n):
        if i and i % 16 == 0:
            day += dt.timedelta(days=3 if day.weekday() == 4 else 1)
        received = day + dt.timedelta(minutes=15 * (i % 16))
        entry = sample_dossier(
            uid=f"0193f1c2-7a10-7000-8000-{i:012d}",
            code=f"000.00.12.H62-{received:%y%m%d}-{1001 + i % 999:04d}",
            received_at=iso(received),
            due_at=iso(received + dt.timedelta(days=3)),
            entry_no=str(i + 1),
        )
        entry["applicant"] = dict(entry["applicant"], name=NAMES[i % len(NAMES)])
        if i % 3 == 0:
            entry["returned_at"] = iso(received + dt.timedelta(days=2, hours=1))
            entry["returned_to"] = NAMES[i % len(NAMES)]
        if i % 7 == 0:
            entry["note"] = "Trả kết quả qua bưu chính công ích"
        out.append(entry)
    return out


# --- stress dossiers: what the visual regression test (tests/test_forms_visual.py) and tools/render_forms.py print --

STRESS_NAME = "Tôn Nữ Hoàng Thị Ỷ Lan Khuê Ngọc Diễm Phượng Trường Ẩn"  # long, with rare letters: Ỷ Ẩ ễ ượ
STRESS_ADDRESS = (  # exactly 120 characters
    "Căn hộ 1205, tầng 12, chung cư Hoàng Anh Gia Lai, 357 Nguyễn Hữu Thọ nối dài, ấp Lộc Thọ, xã Tân Phú Đông, tỉnh Đồng Nai"
)
STRESS_OFFICIALS = (
    "Nguyễn Hoàng Thị Ỷ Lan Khuê",
    "Đặng Hữu Phước",
    "Trương Ngọc Ánh",
    "Lê Văn Đức",
    "Tôn Thất Hoàng Ẩn Dụ",
    "Vũ Thị Ngọc Trâm",
)
STRESS_UNITS = (
    "Trung tâm Phục vụ hành chính công xã Tân Phú",
    "Công chức Tư pháp - Hộ tịch xã Tân Phú",
    "Lãnh đạo Ủy ban nhân dân xã Tân Phú",
    "Công an xã Tân Phú",
    "Sở Tư pháp tỉnh Đồng Nai",
)
STRESS_DESK: dict[str, Any] = dict(
    SAMPLE_DESK, signer_authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", signer_name="Tôn Thất Hoàng Ẩn Dụ"
)


def stress_dossier(n_documents: int = 15) -> dict[str, Any]:
    """Long names with rare diacritics, a 120-character address, ``n_documents`` documents of every form."""
    docs = [
        {
            "id": f"tp{i}",
            "name": long_document_name(i),
            "form": (*FORMS_CYCLE, None)[i % 6],
            "quantity": None if (*FORMS_CYCLE, None)[i % 6] == "xuat_trinh" else 1 + i % 3,
        }
        for i in range(1, n_documents + 1)
    ]
    return sample_dossier(
        code="000.00.12.H62-260702-1009",
        procedure={
            "code": "1.001193",
            "name": "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con và xác định lại dân tộc",
            "version": 1,
            "duration_text": "Trong ngày (nhận sau 15 giờ 00 trả ngày làm việc tiếp theo)",
            "fee_text": "Lệ phí: - Đăng ký khai sinh không đúng hạn: theo mức do Hội đồng nhân dân cấp tỉnh quy định. "
            "- Miễn lệ phí khai sinh đúng hạn, người thuộc hộ nghèo, người khuyết tật.",
            "deciding_agency": "Ủy ban nhân dân xã Tân Phú",
        },
        applicant={
            "name": STRESS_NAME,
            "id_number": "075190012345",
            "phone": "0912345678",
            "email": "ylan.khue.ngocdiem@example.vn",
            "address": STRESS_ADDRESS,
        },
        documents=docs,
        sets=3,
        received_at="2026-07-02T16:45:00+07:00",
        due_at="2026-07-03T17:00:00+07:00",
        book_no="2026",
        entry_no="1009",
        actor_name="Nguyễn Hoàng Thị Ỷ Lan Khuê",
        result_delivery="post",
    )


def stress_extras(n_handovers: int = 20) -> dict[str, dict[str, Any]]:
    """The slips' extras for the stress dossier: long reasons, twenty hand-overs, every cooperating body."""
    start = dt.datetime(2026, 7, 2, 17, 0, tzinfo=VN_TZ)
    handovers = []
    for i in range(n_handovers):
        at = start + dt.timedelta(hours=2 * i + 14)
        handovers.append(
            {
                "from_unit": STRESS_UNITS[i % len(STRESS_UNITS)],
                "from_person": STRESS_OFFICIALS[i % 6],
                "to_unit": STRESS_UNITS[(i + 1) % len(STRESS_UNITS)],
                "to_person": STRESS_OFFICIALS[(i + 1) % 6],
                "at": iso(at),
                "step_due_at": iso(at + dt.timedelta(hours=3)),
                "result": ("Trước hạn", "Đúng hạn", "Quá hạn")[i % 3],
                "note": "Trình ký lại lần hai" if i % 4 else None,
            }
        )
    reason = (
        "Người yêu cầu chưa cung cấp được giấy tờ chứng minh quan hệ cha, mẹ, con theo quy định tại Điều 14 "
        "Nghị định số 123/2015/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định số 07/2025/NĐ-CP"
    )
    return {
        "receipt": {},
        "supplement": {
            "missing": [
                {
                    "name": long_document_name(i),
                    "form": FORMS_CYCLE[i % 5],
                    "quantity": 1,
                    "note": "Bản sao có chứng thực" if i % 2 else None,
                }
                for i in range(1, 7)
            ],
            "reason": reason,
            "contact": {
                "official": "bà Nguyễn Hoàng Thị Ỷ Lan Khuê, công chức Tư pháp - Hộ tịch",
                "phone": "0251 3861 234",
            },
            "issued_at": "2026-07-03T08:15:00+07:00",
        },
        "refusal": {
            "reasons": [reason, "Hồ sơ có dấu hiệu tẩy xóa, sửa chữa nội dung.", reason],
            "issued_at": "2026-07-03T08:15:00+07:00",
        },
        "apology": {
            "letter_no": "09/XL-TTPVHCC",
            "original_due_at": "2026-07-03T17:00:00+07:00",
            "new_due_at": "2026-07-10T16:30:00+07:00",
            "late_unit": STRESS_UNITS[1],
            "reason": reason,
            "issued_at": "2026-07-03T16:00:00+07:00",
            "late": False,
        },
        "stop": {
            "reason": reason,
            "decided_by": "Chủ tịch Ủy ban nhân dân xã Tân Phú",
            "letter_no": "02/TB-TTPVHCC",
            "issued_at": "2026-07-06T09:00:00+07:00",
        },
        "control": {
            "handovers": handovers,
            "deciding_unit": "Ủy ban nhân dân xã Tân Phú",
            "cooperating_units": list(STRESS_UNITS[3:]),
        },
    }


def stress_ledger_entries() -> list[dict[str, Any]]:
    """Ledger rows at their longest: the stress applicant, every kind of note, a refused dossier without appointment."""
    out = ledger_entries(12, start=dt.datetime(2026, 7, 1, 7, 30, tzinfo=VN_TZ))
    for i, e in enumerate(out):
        e["book_no"] = 2026
        e["entry_no"] = 1001 + i
        if i % 3 == 1:
            e["applicant"] = dict(e["applicant"], name=STRESS_NAME, address=STRESS_ADDRESS)
            e["procedure"] = dict(e["procedure"], name="Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con")
            e["note"] = (
                "Yêu cầu bổ sung 02/07/2026; Nhận bổ sung 06/07/2026, hẹn trả trước đó 17:00 03/07/2026; "
                "Gia hạn (văn bản số 09/XL-TTPVHCC) đến 16:30 10/07/2026"
            )
        if i == 5:
            e["due_at"], e["note"] = None, "Từ chối giải quyết 02/07/2026"
    return out


def render_jobs() -> list[tuple[str, Callable[[], bytes]]]:
    """(file stem, builder) of every form of both sets for the ordinary and the stress dossier, the receipts two on
    an A4 sheet, and the ledgers: what tools/render_forms.py draws and tests/test_forms_visual.py checks."""
    from printing.forms import build_form, build_receipt
    from printing.formsets import FORM_SETS
    from printing.ledger import build_ledger

    jobs: list[tuple[str, Callable[[], bytes]]] = []
    for kind, dossier, extras, desk in (
        ("sample", sample_dossier(), form_extras(), SAMPLE_DESK),
        ("stress", stress_dossier(), stress_extras(), STRESS_DESK),
    ):
        for set_key, fset in FORM_SETS.items():
            for form, spec in fset.forms.items():
                stem = f"{kind}-{set_key}-{spec.number}-{form}"
                if form == "ledger":
                    entries = ledger_entries(40) if kind == "sample" else stress_ledger_entries()
                    day = dt.date(2026, 2, 1) if kind == "sample" else dt.date(2026, 7, 1)
                    jobs.append(
                        (
                            stem,
                            lambda e=entries, d=day, s=set_key, k=desk: build_ledger(
                                e, k, date_from=d, date_to=d + dt.timedelta(days=27), form_set=s, books=[d.year]
                            ),
                        )
                    )
                elif form == "receipt":
                    jobs.append((stem, lambda d=dossier, s=set_key, k=desk: build_receipt(d, k, form_set=s)))
                    jobs.append(
                        (
                            f"{stem}-a4",
                            lambda d=dossier, s=set_key, k=desk: build_receipt(d, k, form_set=s, two_on_a4=True),
                        )
                    )
                else:
                    jobs.append(
                        (
                            stem,
                            lambda f=form, d=dossier, s=set_key, k=desk, x=extras[form]: build_form(
                                f, d, k, form_set=s, **x
                            ),
                        )
                    )
    return jobs
