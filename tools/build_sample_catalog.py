"""Build resources/catalog/sample-catalog.json (``desk-catalog/1``) from the shared procedures-sample.json.

Usage: ``python tools/build_sample_catalog.py [SOURCE] [--out FILE]``; SOURCE defaults to
``../shared/data/procedures-sample.json`` next to the repository. The field codes written (TP-HT, TP-HTLT, TP-CT,
YT-BTXH, NV-NCC) are sample codes of the form ``<unit>-<field>``, not the portal's. Procedures whose duration is
unknown are left out (no appointment can be computed for them) and listed on the output. Nulls in the source
are unknowns, never zeros: an unknown fee amount is left out, not written as 0. The output is deterministic.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desk.catalog import FORMAT, parse_catalog_bundle, procedure_from_dict  # noqa: E402
from desk.errors import InvalidInput  # noqa: E402
from desk.text import clean  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "procedures-sample.json"
DEFAULT_OUTPUT = ROOT / "resources" / "catalog" / "sample-catalog.json"

PUBLISHER_CODE = "mau"
VERSION = 1
ISSUED_AT = "2026-11-26T08:00:00+07:00"
EFFECTIVE_FROM = "2025-07-01"

# Sample field codes <unit>-<field> (TP Tư pháp, YT Y tế, NV Nội vụ); not the portal's codes.
FIELD_CODES = {
    "Hộ tịch": "TP-HT",
    "Hộ tịch (liên thông)": "TP-HTLT",
    "Chứng thực": "TP-CT",
    "Bảo trợ xã hội": "YT-BTXH",
    "Người có công": "NV-NCC",
}

# Source wording of a document's form → (form code, other accepted forms).
FORM_CODES: dict[str, tuple[str, tuple[str, ...]]] = {
    "bản chính": ("ban_chinh", ()),
    "bản sao": ("ban_sao", ()),
    "bản sao có chứng thực": ("ban_sao_chung_thuc", ()),
    "bản chụp": ("ban_chup", ()),
    "xuất trình": ("xuat_trinh", ()),
    "xuất trình hoặc bản sao": ("xuat_trinh", ("ban_sao",)),
    "bản chính hoặc bản sao có chứng thực": ("ban_chinh", ("ban_sao_chung_thuc",)),
}

DEFAULT_AGENCY = "UBND cấp xã"
# Where procedures-sample-notes.md names another deciding agency.
DECIDING_AGENCY = {
    "1.001776": "Chủ tịch UBND cấp xã",  # NĐ 147/2025 Art. 5
    "1.010803": "Sở Nội vụ",  # received at the commune, decided by the province
}

NOTES = (
    "Danh mục mẫu dựng từ procedures-sample.json (mẫu thủ tục cấp xã sau 01/7/2025) bằng "
    "tools/build_sample_catalog.py; nguồn và độ tin cậy từng thủ tục: procedures-sample-notes.md. "
    "Mã lĩnh vực (TP-HT, TP-HTLT, TP-CT, YT-BTXH, NV-NCC) là mã mẫu dạng <đơn vị>-<lĩnh vực>, không phải mã "
    "lĩnh vực trên Cổng Dịch vụ công quốc gia. Giá trị vắng mặt hoặc null là chưa xác nhận được, không phải "
    "bằng 0; fee.amount là đơn giá ghi trong fee.text."
)


class SourceError(Exception):
    """The source file holds a value this tool does not know how to map."""


def _duration(src: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """The catalog duration, or None and the reason the procedure is left out."""
    dur = src.get("duration") or {}
    unit = dur.get("unit")
    if unit is None:
        return None, "thời hạn giải quyết chưa xác định (duration.unit = null): không tính được ngày hẹn trả"
    if unit == "same_day":
        cutoff = dur.get("cutoff")
        return ({"unit": unit, "cutoff": cutoff} if cutoff else {"unit": unit}), None
    value = dur.get("value")
    if value is None:
        return None, f"thời hạn {unit} không có số (duration.value = null): không tính được ngày hẹn trả"
    return {"unit": unit, "value": value}, None


def _document(index: int, src: dict[str, Any]) -> dict[str, Any]:
    """One document entry with id tp<index>."""
    raw_form = src.get("form")
    form: str | None = None
    alt_forms: tuple[str, ...] = ()
    if raw_form is not None:
        try:
            form, alt_forms = FORM_CODES[clean(raw_form)]
        except KeyError:
            raise SourceError(f"hình thức giấy tờ chưa biết: {raw_form!r}") from None
    doc: dict[str, Any] = {
        "id": f"tp{index}",
        "name": src.get("name"),
        "form": form,
        "quantity": src.get("quantity"),
        "required": src.get("required"),
    }
    if alt_forms:
        doc["alt_forms"] = list(alt_forms)
    if src.get("note") is not None:
        doc["note"] = src["note"]
    return doc


def convert_procedure(src: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """The catalog object of one source procedure, or None and why it is left out."""
    duration, reason = _duration(src)
    if duration is None:
        return None, reason
    field = clean(src.get("field"))
    if field not in FIELD_CODES:
        raise SourceError(f"{src.get('code')}: lĩnh vực chưa có mã mẫu: {field!r}")
    fee_src = src.get("fee") or {}
    fee: dict[str, Any] = {}
    if fee_src.get("text") is not None:
        fee["text"] = fee_src["text"]
    if fee_src.get("vnd") is not None:
        fee["amount"] = fee_src["vnd"]
    obj: dict[str, Any] = {
        "code": src.get("code"),
        "name": src.get("name"),
        "field": {"code": FIELD_CODES[field], "name": field},
        "duration": duration,
        "fee": fee or None,
        "documents": [_document(i, doc) for i, doc in enumerate(src.get("documents") or [], start=1)],
        "result": src.get("result"),
        "deciding_agency": DECIDING_AGENCY.get(src.get("code", ""), DEFAULT_AGENCY),
        "legal_basis": src.get("legal_basis") or [],
        "aliases": src.get("aliases") or [],
    }
    # Through the parser and back: NFC, whitespace collapsed, canonical key order.
    return procedure_from_dict(obj).to_dict(), None


def build(source: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The bundle object and the procedures left out as (code, name, reason)."""
    procedures: list[dict[str, Any]] = []
    left_out: list[tuple[str, str, str]] = []
    for src in source["procedures"]:
        obj, reason = convert_procedure(src)
        if obj is None:
            left_out.append((src.get("code", "?"), clean(src.get("name")), reason or ""))
        else:
            procedures.append(obj)
    bundle = {
        "format": FORMAT,
        "publisher": {
            "code": PUBLISHER_CODE,
            "name": f"Danh mục mẫu ({len(procedures)} thủ tục cấp xã, 2025)",
        },
        "version": VERSION,
        "issued_at": ISSUED_AT,
        "effective_from": EFFECTIVE_FROM,
        "notes": NOTES,
        "procedures": procedures,
    }
    return bundle, left_out


def render(bundle: dict[str, Any]) -> bytes:
    """Deterministic UTF-8 JSON: NFC, one-space indent, trailing newline."""
    text = json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"
    return unicodedata.normalize("NFC", text).encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="procedures-sample.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="the catalog file to write")
    args = parser.parse_args(argv)
    try:
        source = json.loads(args.source.read_text(encoding="utf-8"))
        bundle, left_out = build(source)
        data = render(bundle)
        parsed = parse_catalog_bundle(data)
    except (OSError, ValueError, SourceError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except InvalidInput as exc:
        print(exc.message, file=sys.stderr)
        for line in exc.errors:
            print(f"  {line}", file=sys.stderr)
        return 1
    _write_atomic(args.out, data)
    if left_out:
        print(f"Bỏ qua {len(left_out)} thủ tục:")
        for code, name, reason in left_out:
            print(f"  {code} {name}: {reason}")
    print(f"Đã ghi {args.out}: {len(parsed.procedures)} thủ tục, sha256 {parsed.sha256}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
