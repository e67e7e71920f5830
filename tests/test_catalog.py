"""Tests of desk.catalog: the shipped sample, every refusal path, the round trip and NFC storage."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import importlib.util
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # The package is not installed in the venv and the tree has no conftest putting it on the path.
    sys.path.insert(0, str(ROOT))

from desk.catalog import (  # noqa: E402
    DURATION_UNITS,
    FORMS,
    CatalogBundle,
    Procedure,
    parse_catalog_bundle,
    procedure_from_dict,
)
from desk.errors import InvalidInput  # noqa: E402
from desk.text import clean  # noqa: E402

SAMPLE = ROOT / "resources" / "catalog" / "sample-catalog.json"
SHARED_SOURCE = ROOT.parent / "shared" / "data" / "procedures-sample.json"
FORM_LIST = "ban_chinh, ban_sao, ban_sao_chung_thuc, ban_chup, xuat_trinh"
UNIT_LIST = "working_days, working_hours, calendar_days, same_day"
LEFT_OUT = {"1.006714", "2.001019", "1.001699", "1.010803"}


def _procedure(code: str) -> dict[str, Any]:
    """A valid procedure object."""
    return {
        "code": code,
        "name": f"Thủ tục mẫu {code}",
        "field": {"code": "TP-HT", "name": "Hộ tịch"},
        "duration": {"unit": "working_days", "value": 3},
        "fee": {"text": "Miễn lệ phí", "amount": 0},
        "documents": [
            {"id": "tp1", "name": "Tờ khai theo mẫu", "form": "ban_chinh", "quantity": 1, "required": True},
            {"id": "tp2", "name": "Giấy tờ tùy thân", "form": "xuat_trinh", "quantity": 1, "required": True},
        ],
        "result": "Trích lục",
        "deciding_agency": "UBND cấp xã",
        "legal_basis": ["Luật Hộ tịch 2014"],
    }


CODES = ["1.001193", "1.000894", "1.000656", "1.001022", "2.000815", "2.000884"]


def _bundle() -> dict[str, Any]:
    """A valid bundle with six procedures."""
    return {
        "format": "desk-catalog/1",
        "publisher": {"code": "000.00.00.H62", "name": "UBND tỉnh Mẫu"},
        "version": 12,
        "issued_at": "2026-11-20T08:00:00+07:00",
        "effective_from": "2026-12-01",
        "procedures": [_procedure(code) for code in CODES],
    }


def _errors(data: bytes | str | dict[str, Any]) -> list[str]:
    """The errors of a refused bundle (fails the test if it is accepted)."""
    with pytest.raises(InvalidInput) as info:
        parse_catalog_bundle(data)
    exc = info.value
    assert exc.message == f"Danh mục không hợp lệ: {len(exc.errors)} lỗi"
    return exc.errors


def _mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """A copy of the valid bundle with ``change`` applied."""
    bundle = copy.deepcopy(_bundle())
    change(bundle)
    return bundle


def _load_tool() -> Any:
    """tools/build_sample_catalog.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_sample_catalog", ROOT / "tools" / "build_sample_catalog.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The shipped sample


def test_shipped_sample_parses() -> None:
    raw = SAMPLE.read_bytes()
    bundle = parse_catalog_bundle(raw)
    assert isinstance(bundle, CatalogBundle)
    assert bundle.format == "desk-catalog/1"
    assert bundle.publisher_code == "mau"
    assert bundle.publisher_name == "Danh mục mẫu (18 thủ tục cấp xã, 2025)"
    assert bundle.version == 1
    assert bundle.issued_at == "2026-11-26T08:00:00+07:00"
    assert bundle.effective_from == dt.date(2025, 7, 1)
    assert bundle.raw_bytes == raw
    assert bundle.sha256 == hashlib.sha256(raw).hexdigest()
    codes = [p.code for p in bundle.procedures]
    assert len(codes) == 18 == len(set(codes))
    assert not LEFT_OUT & set(codes)
    assert {p.field_code for p in bundle.procedures} == {"TP-HT", "TP-HTLT", "TP-CT", "YT-BTXH"}


def test_shipped_sample_file_is_canonical() -> None:
    raw = SAMPLE.read_bytes()
    text = raw.decode("utf-8")
    assert text.endswith("}\n")
    assert unicodedata.is_normalized("NFC", text)
    assert json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n" == text


def test_shipped_sample_content() -> None:
    by_code = {p.code: p for p in parse_catalog_bundle(SAMPLE.read_bytes()).procedures}
    assert by_code["2.000815"].duration == {"unit": "same_day", "cutoff": "15:00"}
    assert by_code["1.004884"].duration == {"unit": "working_days", "value": 5}
    assert by_code["1.000894"].fee_amount == 0  # "Miễn lệ phí": a known zero
    assert by_code["1.001193"].fee_amount is None  # set by the province: unknown, not zero
    assert by_code["2.000986"].fee_text is None and by_code["2.000986"].result is None
    marital = by_code["1.004873"].documents[1]
    assert (marital.id, marital.form, marital.alt_forms) == ("tp2", "xuat_trinh", ("ban_sao",))
    deed = by_code["2.001035"].documents[1]
    assert (deed.form, deed.alt_forms) == ("ban_chinh", ("ban_sao_chung_thuc",))
    birth = by_code["1.001193"].documents
    assert [d.id for d in birth] == [f"tp{i}" for i in range(1, 8)]
    assert (birth[2].form, birth[2].quantity, birth[2].required) == (None, None, False)
    assert by_code["1.001776"].deciding_agency == "Chủ tịch UBND cấp xã"
    assert by_code["1.000689"].aliases[0] == "Đăng ký khai sinh kết hợp nhận cha, mẹ, con"


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason="the shared procedures-sample.json is not next to the repo")
def test_shipped_sample_is_what_the_tool_builds() -> None:
    tool = _load_tool()
    bundle, left_out = tool.build(json.loads(SHARED_SOURCE.read_text(encoding="utf-8")))
    assert tool.render(bundle) == SAMPLE.read_bytes()
    assert {code for code, _name, _reason in left_out} == LEFT_OUT


def test_tool_refuses_an_unknown_form() -> None:
    tool = _load_tool()
    source = {"procedures": [{"code": "1.1", "name": "X", "field": "Hộ tịch", "duration": {"unit": "same_day"}}]}
    source["procedures"][0]["documents"] = [{"name": "Y", "form": "bản gốc", "required": True}]
    with pytest.raises(tool.SourceError):
        tool.build(source)


# Inputs


def test_bytes_str_and_dict_give_the_same_catalog() -> None:
    text = json.dumps(_bundle(), ensure_ascii=False)
    from_bytes = parse_catalog_bundle(text.encode("utf-8"))
    from_str = parse_catalog_bundle(text)
    from_dict = parse_catalog_bundle(_bundle())
    assert from_bytes.procedures == from_str.procedures == from_dict.procedures
    assert from_str.raw_bytes == text.encode("utf-8")
    assert from_dict.sha256 == hashlib.sha256(from_dict.raw_bytes).hexdigest()
    assert json.loads(from_dict.raw_bytes) == _bundle()


def test_utf8_bom_is_accepted() -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(_bundle()).encode("utf-8")
    assert parse_catalog_bundle(raw).raw_bytes == raw


def test_extensions_and_unknown_keys_are_accepted() -> None:
    def change(b: dict[str, Any]) -> None:
        b["x_future"] = {"anything": [1, 2]}
        b["publisher"]["contact"] = "sotp@example.vn"
        p = b["procedures"][0]
        p["level"] = "xa"
        p["duration"]["text"] = "03 ngày làm việc"
        p["documents"].append({"id": "tp3", "name": "Giấy tờ khác", "required": False, "scan": True})
        p["documents"].append(
            {"id": "tp4", "name": "Giấy tờ ly hôn", "form": "xuat_trinh", "alt_forms": ["ban_sao"], "required": False}
        )
        p["aliases"] = ["Tên khác"]

    proc = parse_catalog_bundle(_mutated(change)).procedures[0]
    assert proc.duration == {"unit": "working_days", "value": 3}
    assert proc.documents[2].form is None and proc.documents[2].quantity is None
    assert proc.documents[3].alt_forms == ("ban_sao",)
    assert proc.aliases == ("Tên khác",)


def test_duration_values() -> None:
    def change(b: dict[str, Any]) -> None:
        b["procedures"][0]["duration"] = {"unit": "working_days", "value": 0.5}
        b["procedures"][1]["duration"] = {"unit": "calendar_days", "value": 15.0}
        b["procedures"][2]["duration"] = {"unit": "same_day", "value": 0, "cutoff": "15:00"}
        b["procedures"][3]["duration"] = {"unit": "working_hours", "value": 4}

    durations = [p.duration for p in parse_catalog_bundle(_mutated(change)).procedures[:4]]
    assert durations == [
        {"unit": "working_days", "value": 0.5},
        {"unit": "calendar_days", "value": 15},
        {"unit": "same_day", "cutoff": "15:00"},
        {"unit": "working_hours", "value": 4},
    ]


def test_forms_have_labels() -> None:
    assert list(FORMS) == FORM_LIST.split(", ")
    assert FORMS["ban_sao_chung_thuc"] == "Bản sao có chứng thực"


# Refusals: each names the procedure (with its code) and the field


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change setting a dotted path (integers index lists); the value "!del" deletes the key."""
    keys: list[str | int] = [int(k) if k.isdigit() else k for k in path.split(".")]

    def change(b: dict[str, Any]) -> None:
        target: Any = b
        for key in keys[:-1]:
            target = target[key]
        if value == "!del":
            del target[keys[-1]]
        else:
            target[keys[-1]] = value

    return change


def _dup_code(b: dict[str, Any]) -> None:
    b["procedures"][5]["code"] = "1.001193"


def _dup_doc(b: dict[str, Any]) -> None:
    b["procedures"][2]["documents"][1]["id"] = "tp1"


BAD = [
    ("procedures.3.duration.value", 0, "procedures[3] (1.001022).duration.value: phải là số dương"),
    ("procedures.3.duration.value", -2, "procedures[3] (1.001022).duration.value: phải là số dương"),
    ("procedures.3.duration.value", "3", "procedures[3] (1.001022).duration.value: phải là số dương"),
    ("procedures.3.duration.value", True, "procedures[3] (1.001022).duration.value: phải là số dương"),
    (
        "procedures.3.duration",
        {"unit": "calendar_days", "value": 1.5},
        "procedures[3] (1.001022).duration.value: phải là số nguyên dương (ngày theo lịch)",
    ),
    (
        "procedures.3.duration.value",
        "!del",
        "procedures[3] (1.001022).duration.value: thiếu (bắt buộc với working_days)",
    ),
    (
        "procedures.4.documents.0.form",
        "bản chính",
        f'procedures[4] (2.000815).documents[0].form: "bản chính" không phải giá trị hợp lệ ({FORM_LIST})',
    ),
    (
        "procedures.4.documents.0.alt_forms",
        ["photo"],
        f'procedures[4] (2.000815).documents[0].alt_forms[0]: "photo" không phải giá trị hợp lệ ({FORM_LIST})',
    ),
    ("format", "!del", 'format: phải là "desk-catalog/1"'),
    ("format", "catalog", 'format: phải là "desk-catalog/1" (đang là "catalog")'),
    ("version", 0, "version: phải là số nguyên dương"),
    ("version", -3, "version: phải là số nguyên dương"),
    ("version", "12", "version: phải là số nguyên dương"),
    ("version", 1.5, "version: phải là số nguyên dương"),
    ("version", True, "version: phải là số nguyên dương"),
    ("effective_from", "2026-13-01", "effective_from: không phải ngày hợp lệ (YYYY-MM-DD)"),
    ("effective_from", "01/12/2026", "effective_from: không phải ngày hợp lệ (YYYY-MM-DD)"),
    ("effective_from", "20261201", "effective_from: không phải ngày hợp lệ (YYYY-MM-DD)"),
    ("effective_from", 20261201, "effective_from: không phải ngày hợp lệ (YYYY-MM-DD)"),
    ("effective_from", "!del", "effective_from: thiếu (bắt buộc)"),
    ("issued_at", "hôm qua", "issued_at: không phải thời điểm hợp lệ (ISO 8601, ví dụ 2026-11-20T08:00:00+07:00)"),
    ("procedures", [], "procedures: danh sách trống: cần ít nhất một thủ tục"),
    ("procedures", "!del", "procedures: thiếu (bắt buộc)"),
    ("procedures.1.name", "!del", "procedures[1] (1.000894).name: thiếu (bắt buộc)"),
    ("procedures.1.name", " \t ", "procedures[1] (1.000894).name: không được để trống"),
    ("procedures.1.name", 7, "procedures[1] (1.000894).name: phải là chuỗi ký tự"),
    (
        "procedures.0.duration.unit",
        "weeks",
        f'procedures[0] (1.001193).duration.unit: "weeks" không phải giá trị hợp lệ ({UNIT_LIST})',
    ),
    ("procedures.0.duration", "!del", "procedures[0] (1.001193).duration: thiếu (bắt buộc)"),
    (
        "procedures.4.duration",
        {"unit": "same_day", "cutoff": "3pm"},
        'procedures[4] (2.000815).duration.cutoff: "3pm" không đúng dạng giờ HH:MM (ví dụ "15:00")',
    ),
    (
        "procedures.4.duration",
        {"unit": "same_day", "cutoff": "24:00"},
        'procedures[4] (2.000815).duration.cutoff: "24:00" không đúng dạng giờ HH:MM (ví dụ "15:00")',
    ),
    (
        "procedures.4.duration",
        {"unit": "working_days", "value": 2, "cutoff": "15:00"},
        "procedures[4] (2.000815).duration.cutoff: chỉ dùng với unit same_day",
    ),
    ("procedures.0.fee.amount", -1, "procedures[0] (1.001193).fee.amount: -1 không được âm"),
    ("procedures.0.fee.amount", 2000.5, "procedures[0] (1.001193).fee.amount: 2000.5 phải là số nguyên (đồng)"),
    ("procedures.0.fee.amount", "2000", 'procedures[0] (1.001193).fee.amount: "2000" phải là số nguyên (đồng)'),
    ("procedures.0.code", "1.001 193", 'procedures[0].code: "1.001 193" không được chứa khoảng trắng'),
    ("procedures.0.code", "", "procedures[0].code: không được để trống"),
    ("procedures.0.code", 1.001193, "procedures[0].code: phải là chuỗi ký tự"),
    ("procedures.2.field", "!del", "procedures[2] (1.000656).field: thiếu (bắt buộc)"),
    ("procedures.2.documents", "!del", "procedures[2] (1.000656).documents: thiếu (bắt buộc; [] khi không có giấy tờ)"),
    (
        "procedures.2.documents.0.required",
        "có",
        "procedures[2] (1.000656).documents[0].required: phải là true hoặc false",
    ),
    (
        "procedures.2.documents.0.quantity",
        0,
        "procedures[2] (1.000656).documents[0].quantity: phải là số nguyên dương (hoặc null: tùy trường hợp)",
    ),
    (
        "procedures.2.documents.0",
        {"id": "tp1", "name": "X", "alt_forms": ["ban_sao"], "required": True},
        "procedures[2] (1.000656).documents[0].alt_forms: cần có form (hình thức chính) khi có hình thức thay thế",
    ),
    ("publisher", "!del", "publisher: thiếu (bắt buộc)"),
    ("publisher.code", "UBND tỉnh", 'publisher.code: "UBND tỉnh" không được chứa khoảng trắng'),
]


@pytest.mark.parametrize(("path", "value", "expected"), BAD, ids=[f"{p}={v!r}" for p, v, _ in BAD])
def test_refusal_names_the_path(path: str, value: Any, expected: str) -> None:
    assert expected in _errors(_mutated(_set(path, value)))


def test_duplicate_procedure_code() -> None:
    errors = _errors(_mutated(_dup_code))
    assert errors == ["procedures[0] (1.001193).code: trùng mã với procedures[5] (1.001193)"]


def test_duplicate_document_id() -> None:
    errors = _errors(_mutated(_dup_doc))
    assert errors == ['procedures[2] (1.000656).documents[1].id: trùng mã giấy tờ "tp1" trong thủ tục']


def test_every_error_is_reported_at_once() -> None:
    def change(b: dict[str, Any]) -> None:
        b["format"] = "desk-catalogue"
        b["version"] = 0
        b["effective_from"] = "2026-02-30"
        _dup_code(b)
        _dup_doc(b)
        b["procedures"][1]["name"] = ""
        b["procedures"][3]["duration"]["value"] = 0
        b["procedures"][4]["documents"][0]["form"] = "bản chính"
        b["procedures"][0]["fee"]["amount"] = -5

    errors = _errors(_mutated(change))
    assert errors == [
        'format: phải là "desk-catalog/1" (đang là "desk-catalogue")',
        "version: phải là số nguyên dương",
        "effective_from: không phải ngày hợp lệ (YYYY-MM-DD)",
        "procedures[0] (1.001193).fee.amount: -5 không được âm",
        "procedures[1] (1.000894).name: không được để trống",
        'procedures[2] (1.000656).documents[1].id: trùng mã giấy tờ "tp1" trong thủ tục',
        "procedures[3] (1.001022).duration.value: phải là số dương",
        f'procedures[4] (2.000815).documents[0].form: "bản chính" không phải giá trị hợp lệ ({FORM_LIST})',
        "procedures[0] (1.001193).code: trùng mã với procedures[5] (1.001193)",
    ]


def test_invalid_json_gives_line_and_column() -> None:
    raw = b'{\n "format": "desk-catalog/1"\n "version": 1\n}\n'
    assert _errors(raw) == ["Tệp không phải JSON hợp lệ (dòng 3, cột 2): thiếu dấu phẩy"]


def test_truncated_json() -> None:
    raw = json.dumps(_bundle(), indent=1).encode("utf-8")[:-40]
    (error,) = _errors(raw)
    assert error.startswith("Tệp không phải JSON hợp lệ (dòng ")


@pytest.mark.parametrize("raw", [b"", b"  \n"])
def test_empty_file(raw: bytes) -> None:
    assert _errors(raw) == ["Tệp rỗng: không phải JSON hợp lệ"]


def test_not_utf8() -> None:
    good = json.dumps(_bundle(), ensure_ascii=False).encode("utf-8")
    position = good.index("ủ".encode())
    raw = good.replace("ủ".encode(), b"\xfb")  # a legacy single-byte encoding's letter
    assert _errors(raw) == [f"Tệp không phải UTF-8: byte không hợp lệ ở vị trí {position}"]


def test_utf16_is_named() -> None:
    raw = json.dumps(_bundle(), ensure_ascii=False).encode("utf-16")
    assert _errors(raw) == ["Tệp không phải UTF-8 (có vẻ là UTF-16): hãy lưu lại dưới dạng UTF-8"]


def test_nan_and_duplicate_keys_are_refused() -> None:
    text = json.dumps(_bundle(), ensure_ascii=False)
    text = text.replace('"version": 12', '"version": 12, "version": 13, "x": NaN')
    assert _errors(text) == [
        "Tệp không phải JSON hợp lệ: giá trị NaN không có trong JSON chuẩn",
        'Tệp không phải JSON hợp lệ: khóa "version" lặp lại trong cùng một đối tượng',
    ]


def test_top_level_must_be_an_object() -> None:
    assert _errors("[]") == ["Tệp phải chứa một đối tượng JSON ({…}) ở cấp cao nhất"]


def test_signed_envelope_is_named_and_not_checked_further() -> None:
    envelope = {"format": "desk-signed/1", "key_id": "k", "alg": "ed25519", "payload": "e30=", "signature": "AA=="}
    assert _errors(envelope) == [
        'format: phải là "desk-catalog/1" (đây là gói có chữ ký: kiểm tra chữ ký và mở gói trước)'
    ]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "desk-catalog/2",
            'format: phải là "desk-catalog/1" (gói dùng định dạng desk-catalog/2: cần phiên bản phần mềm mới hơn)',
        ),
        ("desk-calendar/1", 'format: phải là "desk-catalog/1" (đang là "desk-calendar/1")'),
    ],
)
def test_other_desk_formats_stop_at_the_format(fmt: str, expected: str) -> None:
    assert _errors({"format": fmt}) == [expected]


def test_procedure_that_is_not_an_object() -> None:
    assert "procedures[2]: phải là đối tượng JSON ({…})" in _errors(_mutated(_set("procedures.2", "1.000656")))


def test_procedure_from_dict_uses_bare_paths() -> None:
    d = _procedure("1.001193")
    d["duration"]["value"] = 0
    d["documents"][0]["form"] = "ban_goc"
    with pytest.raises(InvalidInput) as info:
        procedure_from_dict(d)
    assert info.value.message == "Thủ tục 1.001193 không hợp lệ: 2 lỗi"
    assert info.value.errors == [
        "duration.value: phải là số dương",
        f'documents[0].form: "ban_goc" không phải giá trị hợp lệ ({FORM_LIST})',
    ]


# Text storage


def test_decomposed_text_is_stored_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Thủ tục  đăng ký\tkhai sinh ")
    assert decomposed != unicodedata.normalize("NFC", decomposed)

    def change(b: dict[str, Any]) -> None:
        b["procedures"][0]["name"] = decomposed
        b["procedures"][0]["documents"][0]["name"] = unicodedata.normalize("NFD", "Tờ khai")
        b["publisher"]["name"] = unicodedata.normalize("NFD", "UBND tỉnh Lào Cai")

    bundle = parse_catalog_bundle(_mutated(change))
    proc = bundle.procedures[0]
    assert proc.name == "Thủ tục đăng ký khai sinh"
    assert unicodedata.is_normalized("NFC", proc.name)
    assert proc.documents[0].name == "Tờ khai"
    assert bundle.publisher_name == "UBND tỉnh Lào Cai"


# Round trip


_CODE_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"))
codes = st.text(_CODE_CHARS, min_size=1, max_size=16).filter(lambda s: not any(c.isspace() for c in s))
texts = st.text(min_size=1, max_size=24).filter(lambda s: clean(s) != "")
optional_texts = st.none() | st.just("   ") | texts
durations = st.one_of(
    st.builds(lambda u, v: {"unit": u, "value": v}, st.sampled_from(DURATION_UNITS[:3]), st.integers(1, 10**6)),
    st.builds(
        lambda u, v: {"unit": u, "value": v},
        st.sampled_from(DURATION_UNITS[:2]),
        st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False),
    ),
    st.just({"unit": "same_day"}),
    st.builds(lambda h, m: {"unit": "same_day", "cutoff": f"{h:02d}:{m:02d}"}, st.integers(0, 23), st.integers(0, 59)),
)
fees = st.none() | st.fixed_dictionaries(
    {}, optional={"text": optional_texts, "amount": st.none() | st.integers(0, 10**9)}
)


@st.composite
def documents(draw: st.DrawFn, doc_id: str) -> dict[str, Any]:
    """A valid document object."""
    form = draw(st.none() | st.sampled_from(list(FORMS)))
    doc: dict[str, Any] = {
        "id": doc_id,
        "name": draw(texts),
        "required": draw(st.booleans()),
    }
    if form is not None or draw(st.booleans()):
        doc["form"] = form
    quantity = draw(st.none() | st.integers(1, 1000))
    if quantity is not None or draw(st.booleans()):
        doc["quantity"] = quantity
    if form is not None:
        others = [f for f in FORMS if f != form]
        doc["alt_forms"] = draw(st.lists(st.sampled_from(others), unique=True, max_size=2))
    if draw(st.booleans()):
        doc["note"] = draw(optional_texts)
    return doc


@st.composite
def procedures(draw: st.DrawFn) -> dict[str, Any]:
    """A valid procedure object, with optional keys sometimes absent, null or empty."""
    doc_ids = draw(st.lists(codes, max_size=4, unique_by=lambda s: unicodedata.normalize("NFC", s)))
    d: dict[str, Any] = {
        "code": draw(codes),
        "name": draw(texts),
        "field": {"code": draw(codes), "name": draw(texts)},
        "duration": draw(durations),
        "documents": [draw(documents(doc_id)) for doc_id in doc_ids],
    }
    optional = {
        "fee": fees,
        "result": optional_texts,
        "deciding_agency": optional_texts,
        "legal_basis": st.none() | st.lists(texts, max_size=3),
        "aliases": st.none() | st.lists(texts, max_size=3),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            d[key] = draw(strategy)
    return d


@settings(max_examples=200, deadline=None)
@given(procedures())
def test_valid_procedure_survives_the_round_trip(d: dict[str, Any]) -> None:
    proc = procedure_from_dict(d)
    assert isinstance(proc, Procedure)
    out = proc.to_dict()
    again = procedure_from_dict(json.loads(json.dumps(out, ensure_ascii=False)))
    assert again == proc
    assert again.to_dict() == out
    assert unicodedata.is_normalized("NFC", json.dumps(out, ensure_ascii=False))
    bundle = _bundle()
    bundle["procedures"] = [d]
    assert parse_catalog_bundle(bundle).procedures == (proc,)
