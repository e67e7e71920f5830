"""Made-up dossiers for test prints ('In thử' in settings), the render tool, the tests and the benchmark."""

from __future__ import annotations

import datetime as dt
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
        "book_no": "01/2026",
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
