"""The procedure catalog: parsing and validating a ``desk-catalog/1`` bundle (contracts/catalog-format.md).

Every rule is checked and every error collected before one ``InvalidInput`` is raised; each error reads
``<path>: <rule in Vietnamese>``, the path naming the procedure (with its code when known) and the field, e.g.
``procedures[3] (1.001193).duration.value: phải là số dương``.

Extensions to the contract (readers of ``desk-catalog/1`` must accept them; they stay within that name):

- ``documents[].form`` may be null or absent: the source does not say which form is needed; the receipt prints
  the document with neither the "Bản chính" nor the "Bản sao" column ticked.
- ``documents[].quantity`` may be null or absent: as many as the case needs.
- ``documents[].alt_forms``: optional list of other accepted forms (codes of ``FORMS``), e.g. "xuất trình hoặc
  bản sao" is ``"form": "xuat_trinh", "alt_forms": ["ban_sao"]``. It needs a ``form``.

- Digitisation (Decree 107/2021/NĐ-CP, Circular 01/2023/TT-VPCP), all optional: ``documents[].digitise`` (true: the
  desk must digitise this document at intake; counted in the digitisation report); ``procedures[].result_digitise``
  (true: the result must be digitised before it is returned; false: not required); the bundle's top-level
  ``digitise_results`` (true/false) is the default of ``result_digitise`` for procedures that do not say. A catalog
  that says nothing requires nothing (catalogs made before these keys keep working as they did).

Optional keys the contract's example does not show, read here: ``documents[].note``,
``procedures[].aliases`` (other names, for search). ``fee`` (and each of its ``text`` and ``amount``),
``result``, ``deciding_agency`` and ``legal_basis`` may be null or absent: a null is an unknown, never a zero
(a free procedure has ``amount`` 0). ``documents`` is required but may be empty.

Reading rules: text is stored NFC with whitespace collapsed; codes (procedure, field, publisher, document id)
are opaque non-empty strings without whitespace; ``duration`` keeps its known keys only (``unit`` plus
``value`` or the optional ``cutoff``), its ``value`` a positive number (working days and hours may be
fractional, e.g. 0.5 ngày; calendar days are whole; 3.0 is read as 3); ``issued_at`` is ISO 8601 (without an offset it is Vietnam time);
unknown extra keys are ignored (kept only in ``raw_bytes``, for forward compatibility); a UTF-8 byte-order
mark is accepted; duplicate keys in one JSON object and NaN/Infinity are refused (two parsers could read them
differently, and the signature covers the bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from desk.errors import InvalidInput
from desk.text import clean, nfc
from desk.timeutil import parse_instant

__all__ = [
    "DURATION_UNITS",
    "FORMAT",
    "FORMS",
    "CatalogBundle",
    "Document",
    "Procedure",
    "parse_catalog_bundle",
    "procedure_from_dict",
]

FORMAT = "desk-catalog/1"

FORMS = {
    "ban_chinh": "Bản chính",
    "ban_sao": "Bản sao",
    "ban_sao_chung_thuc": "Bản sao có chứng thực",
    "ban_chup": "Bản chụp",
    "xuat_trinh": "Xuất trình",
}

# Units that need a positive integer ``value``; ``same_day`` takes an optional ``cutoff`` instead.
_VALUE_UNITS = ("working_days", "working_hours", "calendar_days")
DURATION_UNITS = (*_VALUE_UNITS, "same_day")

# Integers end up in SQLite, whose INTEGER is a signed 64-bit number.
_MAX_INT = 2**63 - 1
_CUTOFF = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOM = b"\xef\xbb\xbf"
_OTHER_FORMAT = re.compile(r"desk-[a-z]+/\d+")  # another desk format (signed envelope, calendar, catalog/2)

_JSON_MESSAGES = {
    "Expecting value": "thiếu giá trị hoặc giá trị không hợp lệ",
    "Expecting ',' delimiter": "thiếu dấu phẩy",
    "Expecting ':' delimiter": "thiếu dấu hai chấm",
    "Expecting property name enclosed in double quotes": "tên khóa phải nằm trong dấu ngoặc kép",
    "Unterminated string starting at": "chuỗi chưa đóng dấu ngoặc kép",
    "Extra data": "còn dữ liệu thừa sau đối tượng JSON",
    "Invalid control character at": "ký tự điều khiển trong chuỗi",
    "Invalid \\escape": "chuỗi thoát (\\) không hợp lệ",
    "Invalid \\uXXXX escape": "chuỗi thoát \\uXXXX không hợp lệ",
}


@dataclass(frozen=True)
class Document:
    """One component of a dossier (thành phần hồ sơ)."""

    id: str
    name: str
    form: str | None
    quantity: int | None
    required: bool
    note: str | None = None
    alt_forms: tuple[str, ...] = ()
    digitise: bool = False  # must be digitised at intake

    def to_dict(self) -> dict[str, Any]:
        """The catalog JSON object (``form`` and ``quantity`` written as null when unknown)."""
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "form": self.form,
            "quantity": self.quantity,
            "required": self.required,
        }
        if self.alt_forms:
            out["alt_forms"] = list(self.alt_forms)
        if self.note is not None:
            out["note"] = self.note
        if self.digitise:
            out["digitise"] = True
        return out


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure (thủ tục hành chính) as the catalog describes it."""

    code: str
    name: str
    field_code: str
    field_name: str
    duration: dict[str, Any]
    fee_text: str | None
    fee_amount: int | None
    documents: tuple[Document, ...]
    result: str | None
    deciding_agency: str | None
    legal_basis: tuple[str, ...]
    aliases: tuple[str, ...]
    result_digitise: bool = False  # the result must be digitised before it is returned

    def to_dict(self) -> dict[str, Any]:
        """The catalog JSON object; unknown (None) and empty optional values are left out."""
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "field": {"code": self.field_code, "name": self.field_name},
            "duration": dict(self.duration),
        }
        fee: dict[str, Any] = {}
        if self.fee_text is not None:
            fee["text"] = self.fee_text
        if self.fee_amount is not None:
            fee["amount"] = self.fee_amount
        if fee:
            out["fee"] = fee
        out["documents"] = [doc.to_dict() for doc in self.documents]
        if self.result is not None:
            out["result"] = self.result
        if self.deciding_agency is not None:
            out["deciding_agency"] = self.deciding_agency
        if self.legal_basis:
            out["legal_basis"] = list(self.legal_basis)
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if self.result_digitise:
            out["result_digitise"] = True
        return out


@dataclass(frozen=True)
class CatalogBundle:
    """A validated catalog bundle with the exact bytes it was read from."""

    format: str
    publisher_code: str
    publisher_name: str
    version: int
    issued_at: str
    effective_from: dt.date
    procedures: tuple[Procedure, ...]
    raw_bytes: bytes
    sha256: str


class _Errors:
    """Collects ``path: rule`` messages in the order they are found."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, rule: str) -> None:
        """Record one error; a bare rule when there is no path."""
        self.items.append(f"{path}: {rule}" if path else rule)


_MISSING: Any = object()


def _join(base: str, key: str) -> str:
    """A child path: ``base.key``, or ``key`` alone at the top."""
    return f"{base}.{key}" if base else key


def _show(value: Any) -> str:
    """A value as it would appear in JSON, for messages."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _is_int(value: Any) -> bool:
    """True for a JSON integer (not a boolean, not a float)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    """True for a finite JSON number (not a boolean)."""
    return _is_int(value) or (isinstance(value, float) and math.isfinite(value))


def _req_text(obj: dict[str, Any], key: str, path: str, errs: _Errors) -> str | None:
    """A required text field, cleaned; None after recording the error."""
    value = obj.get(key)
    if value is None:
        errs.add(path, "thiếu (bắt buộc)")
        return None
    if not isinstance(value, str):
        errs.add(path, "phải là chuỗi ký tự")
        return None
    text = clean(value)
    if not text:
        errs.add(path, "không được để trống")
        return None
    return text


def _opt_text(obj: dict[str, Any], key: str, path: str, errs: _Errors) -> str | None:
    """An optional text field, cleaned; None when absent, null or blank."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        errs.add(path, "phải là chuỗi ký tự")
        return None
    return clean(value) or None


def _code(obj: dict[str, Any], key: str, path: str, errs: _Errors) -> str | None:
    """A required opaque code: non-empty, no whitespace, no control characters; NFC, never parsed."""
    value = obj.get(key)
    if value is None:
        errs.add(path, "thiếu (bắt buộc)")
        return None
    if not isinstance(value, str):
        errs.add(path, "phải là chuỗi ký tự")
        return None
    code = nfc(value)
    if not code:
        errs.add(path, "không được để trống")
        return None
    if any(ch.isspace() for ch in code):
        errs.add(path, f"{_show(code)} không được chứa khoảng trắng")
        return None
    if any(unicodedata.category(ch) == "Cc" for ch in code):
        errs.add(path, f"{_show(code)} không được chứa ký tự điều khiển")
        return None
    return code


def _valid_code(value: Any) -> str | None:
    """The NFC code when ``value`` is a valid code, else None (no error recorded)."""
    return _code({"code": value}, "code", "", _Errors()) if isinstance(value, str) else None


def _text_list(obj: dict[str, Any], key: str, path: str, errs: _Errors) -> tuple[str, ...]:
    """An optional list of non-blank texts, cleaned."""
    value = obj.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        errs.add(path, "phải là danh sách chuỗi ký tự")
        return ()
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            errs.add(f"{path}[{i}]", "phải là chuỗi ký tự")
        elif not clean(item):
            errs.add(f"{path}[{i}]", "không được để trống")
        else:
            out.append(clean(item))
    return tuple(out)


def _object(obj: dict[str, Any], key: str, path: str, errs: _Errors, required: bool) -> dict[str, Any] | None:
    """A nested JSON object; None when absent (an error when required) or of the wrong type."""
    value = obj.get(key)
    if value is None:
        if required:
            errs.add(path, "thiếu (bắt buộc)")
        return None
    if not isinstance(value, dict):
        errs.add(path, "phải là đối tượng JSON ({…})")
        return None
    return value


def _duration(d: dict[str, Any], path: str, errs: _Errors) -> dict[str, Any] | None:
    """The duration object, reduced to its known keys."""
    dur = _object(d, "duration", path, errs, required=True)
    if dur is None:
        return None
    unit = dur.get("unit")
    if unit is None:
        errs.add(f"{path}.unit", "thiếu (bắt buộc)")
        return None
    if unit not in DURATION_UNITS:
        errs.add(f"{path}.unit", f"{_show(unit)} không phải giá trị hợp lệ ({', '.join(DURATION_UNITS)})")
        return None
    value = dur.get("value")
    cutoff = dur.get("cutoff")
    if unit == "same_day":
        ok = True
        if value is not None and not (_is_int(value) and value == 0):
            errs.add(f"{path}.value", "không dùng với same_day (bỏ trống hoặc 0)")
            ok = False
        if cutoff is None:
            return {"unit": unit} if ok else None
        if not isinstance(cutoff, str) or not _CUTOFF.fullmatch(cutoff):
            errs.add(f"{path}.cutoff", f'{_show(cutoff)} không đúng dạng giờ HH:MM (ví dụ "15:00")')
            return None
        return {"unit": unit, "cutoff": cutoff} if ok else None
    ok = True
    if value is None:
        errs.add(f"{path}.value", f"thiếu (bắt buộc với {unit})")
        ok = False
    elif not _is_number(value) or value <= 0:
        errs.add(f"{path}.value", "phải là số dương")
        ok = False
    elif value > _MAX_INT:
        errs.add(f"{path}.value", "quá lớn")
        ok = False
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if unit == "calendar_days" and not _is_int(value):
            errs.add(f"{path}.value", "phải là số nguyên dương (ngày theo lịch)")
            ok = False
    if cutoff is not None:
        errs.add(f"{path}.cutoff", "chỉ dùng với unit same_day")
        ok = False
    return {"unit": unit, "value": value} if ok else None


def _fee(d: dict[str, Any], path: str, errs: _Errors) -> tuple[str | None, int | None]:
    """Fee text and amount in đồng; each None when unknown."""
    fee = _object(d, "fee", path, errs, required=False)
    if fee is None:
        return None, None
    text = _opt_text(fee, "text", f"{path}.text", errs)
    amount = fee.get("amount")
    if amount is None:
        return text, None
    if not _is_int(amount):
        errs.add(f"{path}.amount", f"{_show(amount)} phải là số nguyên (đồng)")
        return text, None
    if amount < 0:
        errs.add(f"{path}.amount", f"{amount} không được âm")
        return text, None
    if amount > _MAX_INT:
        errs.add(f"{path}.amount", "quá lớn")
        return text, None
    return text, amount


def _form(value: Any, path: str, errs: _Errors) -> str | None:
    """A form code of ``FORMS``; None (after recording the error) otherwise."""
    if isinstance(value, str) and value in FORMS:
        return value
    errs.add(path, f"{_show(value)} không phải giá trị hợp lệ ({', '.join(FORMS)})")
    return None


def _document(doc: Any, path: str, seen: set[str], errs: _Errors) -> Document | None:
    """One document entry; ``seen`` holds the ids met so far in the procedure."""
    if not isinstance(doc, dict):
        errs.add(path, "phải là đối tượng JSON ({…})")
        return None
    before = len(errs.items)
    doc_id = _code(doc, "id", f"{path}.id", errs)
    if doc_id is not None:
        if doc_id in seen:
            errs.add(f"{path}.id", f"trùng mã giấy tờ {_show(doc_id)} trong thủ tục")
        else:
            seen.add(doc_id)
    name = _req_text(doc, "name", f"{path}.name", errs)
    raw_form = doc.get("form")
    form = None if raw_form is None else _form(raw_form, f"{path}.form", errs)
    quantity = doc.get("quantity")
    if quantity is not None and (not _is_int(quantity) or not 0 < quantity <= _MAX_INT):
        errs.add(f"{path}.quantity", "phải là số nguyên dương (hoặc null: tùy trường hợp)")
    required = doc.get("required")
    if not isinstance(required, bool):
        errs.add(f"{path}.required", "phải là true hoặc false")
    note = _opt_text(doc, "note", f"{path}.note", errs)
    digitise = doc.get("digitise", False)
    if not isinstance(digitise, bool):
        errs.add(f"{path}.digitise", "phải là true hoặc false")
    alt_forms: list[str] = []
    raw_alt = doc.get("alt_forms")
    if raw_alt is not None:
        if not isinstance(raw_alt, list):
            errs.add(f"{path}.alt_forms", "phải là danh sách mã hình thức")
        else:
            if raw_alt and raw_form is None:
                errs.add(f"{path}.alt_forms", "cần có form (hình thức chính) khi có hình thức thay thế")
            for i, item in enumerate(raw_alt):
                alt = _form(item, f"{path}.alt_forms[{i}]", errs)
                if alt is None:
                    continue
                if alt == form or alt in alt_forms:
                    errs.add(f"{path}.alt_forms[{i}]", f"{_show(alt)} đã có (trùng với form hoặc lặp lại)")
                else:
                    alt_forms.append(alt)
    if len(errs.items) > before:
        return None
    assert doc_id is not None and name is not None and isinstance(required, bool)
    return Document(doc_id, name, form, quantity, required, note, tuple(alt_forms), digitise is True)


def _procedure(d: Any, index_path: str, errs: _Errors, digitise_results: bool = False) -> Procedure | None:
    """One procedure; paths start with ``index_path`` plus the code in parentheses when it is valid."""
    if not isinstance(d, dict):
        errs.add(index_path, "phải là đối tượng JSON ({…})")
        return None
    before = len(errs.items)
    code = _code(d, "code", _join(index_path, "code"), errs)
    base = f"{index_path} ({code})" if code is not None and index_path else index_path
    name = _req_text(d, "name", _join(base, "name"), errs)
    field_code = field_name = None
    field = _object(d, "field", _join(base, "field"), errs, required=True)
    if field is not None:
        field_code = _code(field, "code", _join(base, "field.code"), errs)
        field_name = _req_text(field, "name", _join(base, "field.name"), errs)
    duration = _duration(d, _join(base, "duration"), errs)
    fee_text, fee_amount = _fee(d, _join(base, "fee"), errs)
    documents: list[Document] = []
    docs = d.get("documents")
    docs_path = _join(base, "documents")
    if docs is None:
        errs.add(docs_path, "thiếu (bắt buộc; [] khi không có giấy tờ)")
    elif not isinstance(docs, list):
        errs.add(docs_path, "phải là danh sách ([…])")
    else:
        seen: set[str] = set()
        for i, doc in enumerate(docs):
            parsed = _document(doc, f"{docs_path}[{i}]", seen, errs)
            if parsed is not None:
                documents.append(parsed)
    result = _opt_text(d, "result", _join(base, "result"), errs)
    agency = _opt_text(d, "deciding_agency", _join(base, "deciding_agency"), errs)
    legal_basis = _text_list(d, "legal_basis", _join(base, "legal_basis"), errs)
    aliases = _text_list(d, "aliases", _join(base, "aliases"), errs)
    result_digitise = d.get("result_digitise")
    if result_digitise is None:
        result_digitise = digitise_results
    elif not isinstance(result_digitise, bool):
        errs.add(_join(base, "result_digitise"), "phải là true hoặc false")
    if len(errs.items) > before:
        return None
    assert code and name and field_code and field_name and duration
    return Procedure(
        code=code,
        name=name,
        field_code=field_code,
        field_name=field_name,
        duration=duration,
        fee_text=fee_text,
        fee_amount=fee_amount,
        documents=tuple(documents),
        result=result,
        deciding_agency=agency,
        legal_basis=legal_basis,
        aliases=aliases,
        result_digitise=result_digitise is True,
    )


def procedure_from_dict(d: dict[str, Any]) -> Procedure:
    """Validate one procedure's catalog JSON object; raises InvalidInput listing every error."""
    errs = _Errors()
    procedure = _procedure(d, "", errs)
    if procedure is None:
        code = d.get("code") if isinstance(d, dict) else None
        label = f"Thủ tục {code}" if isinstance(code, str) and code.strip() else "Thủ tục"
        raise InvalidInput(f"{label} không hợp lệ: {len(errs.items)} lỗi", errors=errs.items)
    return procedure


def _to_bytes(data: bytes | str | dict[str, Any]) -> bytes:
    """The bytes to parse: as given, UTF-8 of a string, or a deterministic dump of a dict."""
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("utf-8", errors="surrogatepass")
    if isinstance(data, dict):
        try:
            text = json.dumps(data, ensure_ascii=False, indent=1)
        except (TypeError, ValueError) as exc:
            message = f"Danh mục không hợp lệ: không chuyển được sang JSON ({exc})"
            raise InvalidInput(message, errors=[message]) from exc
        return (text + "\n").encode("utf-8", errors="surrogatepass")
    message = f"Danh mục không hợp lệ: kiểu dữ liệu {type(data).__name__} không đọc được"
    raise InvalidInput(message, errors=[message])


def _load_json(raw: bytes, errs: _Errors) -> Any:
    """Decode UTF-8 and parse JSON, recording why not; _MISSING when it cannot be read."""
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        errs.add("", "Tệp không phải UTF-8 (có vẻ là UTF-16): hãy lưu lại dưới dạng UTF-8")
        return _MISSING
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        errs.add("", f"Tệp không phải UTF-8: byte không hợp lệ ở vị trí {exc.start}")
        return _MISSING
    if not text.strip():
        errs.add("", "Tệp rỗng: không phải JSON hợp lệ")
        return _MISSING
    duplicates: list[str] = []
    constants: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out and key not in duplicates:
                duplicates.append(key)
            out[key] = value
        return out

    def constant(name: str) -> None:
        constants.append(name)

    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        reason = _JSON_MESSAGES.get(exc.msg, exc.msg)
        errs.add("", f"Tệp không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {reason}")
        return _MISSING
    except (ValueError, RecursionError) as exc:
        errs.add("", f"Tệp không phải JSON hợp lệ: {exc}")
        return _MISSING
    for name in constants:
        errs.add("", f"Tệp không phải JSON hợp lệ: giá trị {name} không có trong JSON chuẩn")
    for key in duplicates:
        errs.add("", f"Tệp không phải JSON hợp lệ: khóa {_show(key)} lặp lại trong cùng một đối tượng")
    return doc


def _parse_date(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` calendar date, or None."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _format_hint(fmt: Any) -> str:
    """Why a wrong ``format`` is wrong, when it names another desk format."""
    if fmt is None:
        return ""
    if fmt == "desk-signed/1":
        return " (đây là gói có chữ ký: kiểm tra chữ ký và mở gói trước)"
    if isinstance(fmt, str) and fmt.startswith("desk-catalog/"):
        return f" (gói dùng định dạng {fmt}: cần phiên bản phần mềm mới hơn)"
    return f" (đang là {_show(fmt)})"


def parse_catalog_bundle(data: bytes | str | dict[str, Any]) -> CatalogBundle:
    """Validate a ``desk-catalog/1`` bundle; raises one InvalidInput whose ``errors`` lists every problem."""
    raw = _to_bytes(data)
    errs = _Errors()
    doc = _load_json(raw, errs)
    if doc is _MISSING:
        raise _invalid(errs)
    if not isinstance(doc, dict):
        errs.add("", "Tệp phải chứa một đối tượng JSON ({…}) ở cấp cao nhất")
        raise _invalid(errs)

    fmt = doc.get("format")
    if fmt != FORMAT:
        errs.add("format", f'phải là "{FORMAT}"{_format_hint(fmt)}')
        if isinstance(fmt, str) and _OTHER_FORMAT.fullmatch(fmt):
            # Another desk format: checking its fields against this one would only add noise.
            raise _invalid(errs)

    publisher_code = publisher_name = None
    publisher = _object(doc, "publisher", "publisher", errs, required=True)
    if publisher is not None:
        publisher_code = _code(publisher, "code", "publisher.code", errs)
        publisher_name = _req_text(publisher, "name", "publisher.name", errs)

    version = doc.get("version")
    if not _is_int(version) or not 0 < version <= _MAX_INT:
        errs.add("version", "phải là số nguyên dương")

    issued_at = doc.get("issued_at")
    if issued_at is None:
        errs.add("issued_at", "thiếu (bắt buộc)")
    else:
        try:
            parse_instant(issued_at)
        except (TypeError, ValueError, AttributeError):
            errs.add("issued_at", "không phải thời điểm hợp lệ (ISO 8601, ví dụ 2026-11-20T08:00:00+07:00)")

    effective_from: dt.date | None = None
    raw_date = doc.get("effective_from")
    if raw_date is None:
        errs.add("effective_from", "thiếu (bắt buộc)")
    else:
        effective_from = _parse_date(raw_date)
        if effective_from is None:
            errs.add("effective_from", "không phải ngày hợp lệ (YYYY-MM-DD)")

    digitise_results = doc.get("digitise_results", False)
    if not isinstance(digitise_results, bool):
        errs.add("digitise_results", "phải là true hoặc false")
        digitise_results = False
    procedures: list[Procedure] = []
    items = doc.get("procedures")
    if items is None:
        errs.add("procedures", "thiếu (bắt buộc)")
    elif not isinstance(items, list):
        errs.add("procedures", "phải là danh sách ([…])")
    elif not items:
        errs.add("procedures", "danh sách trống: cần ít nhất một thủ tục")
    else:
        first_at: dict[str, int] = {}
        repeats: dict[int, list[int]] = {}
        for i, item in enumerate(items):
            parsed = _procedure(item, f"procedures[{i}]", errs, digitise_results)
            if parsed is not None:
                procedures.append(parsed)
            code = _valid_code(item.get("code")) if isinstance(item, dict) else None
            if code is not None:
                if code in first_at:
                    repeats.setdefault(first_at[code], []).append(i)
                else:
                    first_at[code] = i
        for first, others in repeats.items():
            code = nfc(items[first]["code"])
            where = ", ".join(f"procedures[{i}] ({code})" for i in others)
            errs.add(f"procedures[{first}] ({code}).code", f"trùng mã với {where}")

    if errs.items:
        raise _invalid(errs)
    assert publisher_code and publisher_name and isinstance(issued_at, str) and effective_from
    return CatalogBundle(
        format=FORMAT,
        publisher_code=publisher_code,
        publisher_name=publisher_name,
        version=version,
        issued_at=clean(issued_at),
        effective_from=effective_from,
        procedures=tuple(procedures),
        raw_bytes=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _invalid(errs: _Errors) -> InvalidInput:
    """The single error raised for a refused bundle."""
    return InvalidInput(f"Danh mục không hợp lệ: {len(errs.items)} lỗi", errors=list(errs.items))
