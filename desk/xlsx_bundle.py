"""Catalog and calendar bundles from the spreadsheets IT staff keep (XLSX), with errors by sheet, row and column.

Catalog workbook (template: resources/catalog/template-danh-muc.xlsx):

- sheet ``ThuTuc``, one procedure per row, header in row 1: Mã thủ tục | Tên thủ tục | Mã lĩnh vực |
  Tên lĩnh vực | Đơn vị thời hạn | Thời hạn | Giờ nhận muộn nhất | Lệ phí | Lệ phí (đồng) | Kết quả |
  Cơ quan quyết định | Căn cứ pháp lý | Tên gọi khác
- sheet ``GiayTo``, one document per row: Mã thủ tục | Mã giấy tờ | Tên giấy tờ | Hình thức | Số lượng |
  Bắt buộc | Ghi chú

"Đơn vị thời hạn" is ``ngày làm việc``, ``giờ làm việc``, ``ngày`` (calendar days) or ``trong ngày`` (or the
format's codes working_days, working_hours, calendar_days, same_day). "Hình thức" is Bản chính, Bản sao, Bản sao
có chứng thực, Bản chụp, Xuất trình, or two of them joined by "hoặc"; empty when unknown. "Bắt buộc" is
có/không (x = có). Several legal bases or other names go one per line (Alt+Enter). Headers are found
by name (accents and case do not matter); merged cells take the value of their top-left cell; spaces around
values are dropped. Calendar workbook: sheet ``Ngay``: Ngày | Loại (nghỉ/làm bù) | Ghi chú.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from desk.catalog import FORMS, parse_catalog_bundle
from desk.errors import InvalidInput
from desk.text import clean, fold

PROC_COLUMNS = {
    "code": "Mã thủ tục",
    "name": "Tên thủ tục",
    "field_code": "Mã lĩnh vực",
    "field_name": "Tên lĩnh vực",
    "unit": "Đơn vị thời hạn",
    "value": "Thời hạn",
    "cutoff": "Giờ nhận muộn nhất",
    "fee_text": "Lệ phí",
    "fee_amount": "Lệ phí (đồng)",
    "result": "Kết quả",
    "deciding_agency": "Cơ quan quyết định",
    "legal_basis": "Căn cứ pháp lý",
    "aliases": "Tên gọi khác",
}
DOC_COLUMNS = {
    "procedure": "Mã thủ tục",
    "id": "Mã giấy tờ",
    "name": "Tên giấy tờ",
    "form": "Hình thức",
    "quantity": "Số lượng",
    "required": "Bắt buộc",
    "note": "Ghi chú",
}
DAY_COLUMNS = {"date": "Ngày", "kind": "Loại", "label": "Ghi chú"}
REQUIRED_PROC = ("code", "name", "unit")
REQUIRED_DOC = ("procedure", "name")

UNITS = {
    "ngay lam viec": "working_days",
    "gio lam viec": "working_hours",
    "ngay": "calendar_days",
    "ngay lich": "calendar_days",
    "trong ngay": "same_day",
    "working_days": "working_days",
    "working_hours": "working_hours",
    "calendar_days": "calendar_days",
    "same_day": "same_day",
}
FORM_BY_LABEL = {fold(label): code for code, label in FORMS.items()} | {code: code for code in FORMS}
YES = {"co", "x", "bat buoc", "true", "1", "yes"}
NO = {"", "khong", "neu co", "false", "0", "no"}
DAY_KINDS = {"nghi": "off", "off": "off", "lam bu": "work", "lam viec": "work", "work": "work"}


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _Sheet:
    """A worksheet read into rows of values, merged cells filled, with its header columns located by name."""

    def __init__(self, wb: Any, name: str, columns: dict[str, str], errors: list[str]):
        self.name = name
        self.rows: list[tuple[int, dict[str, Any]]] = []
        self.where: dict[str, str] = {}
        ws = next((wb[n] for n in wb.sheetnames if fold(n).replace(" ", "") == fold(name)), None)
        if ws is None:
            errors.append(f"Bảng tính thiếu trang «{name}» (các trang có: {', '.join(wb.sheetnames)}).")
            return
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else None
            for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
                for c in range(rng.min_col - 1, rng.max_col):
                    if c < len(grid[r]):
                        grid[r][c] = top
        if not grid:
            errors.append(f"{name}: trang trống (dòng 1 phải là tiêu đề cột).")
            return
        header = {fold(str(v)): i for i, v in enumerate(grid[0]) if v is not None and clean(str(v))}
        self.index: dict[str, int] = {}
        for key, label in columns.items():
            if fold(label) in header:
                self.index[key] = header[fold(label)]
                self.where[key] = f"{_col(header[fold(label)])} ({label})"
        for r, values in enumerate(grid[1:], start=2):
            row = {k: (values[i] if i < len(values) else None) for k, i in self.index.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values()):
                continue
            self.rows.append((r, row))

    def cell(self, key: str, row: int) -> str:
        return f"{self.name}!{self.where.get(key, key).replace(' (', f'{row} (', 1)}"

    def missing_columns(self, keys: tuple[str, ...], columns: dict[str, str]) -> list[str]:
        return [
            f"{self.name}: thiếu cột «{columns[k]}» ở dòng tiêu đề."
            for k in keys
            if k not in getattr(self, "index", {})
        ]


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return clean(str(v))


def _lines(v: Any) -> list[str]:
    """Several values in one cell, one per line (Alt+Enter in Excel)."""
    return [clean(x) for x in ("" if v is None else str(v)).splitlines() if clean(x)]


def _number(v: Any, where: str, errors: list[str], *, integer: bool = False) -> float | int | None:
    if v is None or _text(v) == "":
        return None
    if isinstance(v, bool):
        errors.append(f"{where}: phải là số.")
        return None
    if isinstance(v, int | float):
        num = v
    else:
        try:
            num = float(_text(v).replace(".", "").replace(",", ".")) if integer else float(_text(v).replace(",", "."))
        except ValueError:
            errors.append(f"{where}: «{_text(v)}» không phải số.")
            return None
    if integer or float(num).is_integer():
        if not float(num).is_integer():
            errors.append(f"{where}: phải là số nguyên.")
            return None
        return int(num)
    return float(num)


def _load_workbook(data: bytes):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise InvalidInput(f"Không đọc được bảng tính (cần tệp .xlsx của Excel/LibreOffice): {exc}") from None
    except Exception as exc:  # zipfile.BadZipFile and friends: a damaged or non-XLSX file
        raise InvalidInput(f"Tệp không phải bảng tính .xlsx hợp lệ hoặc đã hỏng ({type(exc).__name__}).") from None


def catalog_from_xlsx(data: bytes, *, publisher_code: str, publisher_name: str, version: int,
                      effective_from: dt.date, issued_at: str) -> dict[str, Any]:  # fmt: skip
    """A validated ``desk-catalog/1`` document from a workbook; every error names the sheet, row and column."""
    wb = _load_workbook(data)
    errors: list[str] = []
    procs = _Sheet(wb, "ThuTuc", PROC_COLUMNS, errors)
    docs = _Sheet(wb, "GiayTo", DOC_COLUMNS, errors)
    if errors:
        raise InvalidInput(f"Bảng tính danh mục không hợp lệ: {len(errors)} lỗi", errors=errors)
    errors += procs.missing_columns(REQUIRED_PROC, PROC_COLUMNS) + docs.missing_columns(REQUIRED_DOC, DOC_COLUMNS)
    if errors:
        raise InvalidInput(f"Bảng tính danh mục không hợp lệ: {len(errors)} lỗi", errors=errors)

    procedures: list[dict[str, Any]] = []
    rows_of: list[int] = []
    by_code: dict[str, dict[str, Any]] = {}
    for r, row in procs.rows:
        for key in REQUIRED_PROC:
            if not _text(row.get(key)):
                errors.append(f"{procs.cell(key, r)}: chưa nhập.")
        unit_text = fold(_text(row.get("unit")))
        unit = UNITS.get(unit_text)
        if unit_text and unit is None:
            errors.append(
                f"{procs.cell('unit', r)}: «{_text(row.get('unit'))}» không hợp lệ (ngày làm việc, giờ làm việc, ngày, trong ngày)."
            )
        duration: dict[str, Any] = {"unit": unit or _text(row.get("unit"))}
        value = _number(row.get("value"), procs.cell("value", r), errors)
        if unit == "same_day":
            cutoff = row.get("cutoff")
            if isinstance(cutoff, dt.time):
                cutoff = cutoff.strftime("%H:%M")
            if _text(cutoff):
                duration["cutoff"] = _text(cutoff).replace("h", ":").replace("giờ", ":").replace(" ", "")
        elif unit is not None:
            if value is None:
                errors.append(f"{procs.cell('value', r)}: chưa nhập thời hạn.")
            duration["value"] = value
        fee_amount = _number(row.get("fee_amount"), procs.cell("fee_amount", r), errors, integer=True)
        p: dict[str, Any] = {
            "code": _text(row.get("code")),
            "name": _text(row.get("name")),
            "field": {"code": _text(row.get("field_code")) or "KHAC", "name": _text(row.get("field_name")) or "Khác"},
            "duration": duration,
            "fee": {"text": _text(row.get("fee_text")) or None}
            | ({"amount": fee_amount} if fee_amount is not None else {}),
            "documents": [],
            "result": _text(row.get("result")) or None,
            "deciding_agency": _text(row.get("deciding_agency")) or None,
            "legal_basis": _lines(row.get("legal_basis")),
            "aliases": _lines(row.get("aliases")),
        }
        procedures.append(p)
        rows_of.append(r)
        by_code.setdefault(p["code"], p)
    doc_rows: dict[tuple[int, int], int] = {}
    for r, row in docs.rows:
        for key in REQUIRED_DOC:
            if not _text(row.get(key)):
                errors.append(f"{docs.cell(key, r)}: chưa nhập.")
        code = _text(row.get("procedure"))
        proc = by_code.get(code)
        if code and proc is None:
            errors.append(f"{docs.cell('procedure', r)}: thủ tục «{code}» không có ở trang ThuTuc.")
            continue
        if proc is None:
            continue
        form_text = _text(row.get("form"))
        forms = (
            [FORM_BY_LABEL.get(fold(part)) for part in re.split(r"\s+hoặc\s+|\s*/\s*", form_text) if part]
            if form_text
            else []
        )
        if any(f is None for f in forms):
            errors.append(f"{docs.cell('form', r)}: «{form_text}» không hợp lệ ({', '.join(FORMS.values())}).")
            forms = []
        required_text = fold(_text(row.get("required")))
        if required_text not in YES | NO:
            errors.append(f"{docs.cell('required', r)}: «{_text(row.get('required'))}» — ghi «có» hoặc «không».")
        qty = _number(row.get("quantity"), docs.cell("quantity", r), errors, integer=True)
        doc = {
            "id": _text(row.get("id")) or f"tp{len(proc['documents']) + 1}",
            "name": _text(row.get("name")),
            "form": forms[0] if forms else None,
            "quantity": qty,
            "required": required_text in YES,
        }
        if len(forms) > 1:
            doc["alt_forms"] = forms[1:]
        if _text(row.get("note")):
            doc["note"] = _text(row.get("note"))
        doc_rows[(procedures.index(proc), len(proc["documents"]))] = r
        proc["documents"].append(doc)
    if errors:
        raise InvalidInput(f"Bảng tính danh mục không hợp lệ: {len(errors)} lỗi", errors=errors)
    bundle = {
        "format": "desk-catalog/1",
        "publisher": {"code": publisher_code, "name": publisher_name},
        "version": version,
        "issued_at": issued_at,
        "effective_from": effective_from.isoformat(),
        "procedures": procedures,
    }
    try:
        parse_catalog_bundle(bundle)
    except InvalidInput as exc:
        raise InvalidInput(
            f"Bảng tính danh mục không hợp lệ: {len(exc.errors)} lỗi",
            errors=[_locate(e, rows_of, doc_rows) for e in exc.errors],
        ) from None
    return bundle


_PATH = re.compile(r"^procedures\[(\d+)\](?: \([^)]*\))?(?:\.documents\[(\d+)\])?")


def _locate(error: str, rows_of: list[int], doc_rows: dict[tuple[int, int], int]) -> str:
    """Rewrite a bundle path (procedures[3].documents[1]…) as the sheet and row it came from."""
    m = _PATH.match(error)
    if not m:
        return error
    p, d = int(m.group(1)), m.group(2)
    if d is not None and (p, int(d)) in doc_rows:
        return f"GiayTo dòng {doc_rows[(p, int(d))]} — {error}"
    if p < len(rows_of):
        return f"ThuTuc dòng {rows_of[p]} — {error}"
    return error


def calendar_from_xlsx(data: bytes, *, publisher: dict[str, str], version: int, years: list[int], issued_at: str,
                       office_hours: list[list[str]] | None = None) -> dict[str, Any]:  # fmt: skip
    """A ``desk-calendar/1`` document from a workbook with a sheet ``Ngay`` (Ngày | Loại | Ghi chú)."""
    from desk.calendar import parse_calendar_bundle

    wb = _load_workbook(data)
    errors: list[str] = []
    sheet = _Sheet(wb, "Ngay", DAY_COLUMNS, errors)
    errors += [] if errors else sheet.missing_columns(("date", "kind"), DAY_COLUMNS)
    days = []
    for r, row in sheet.rows:
        raw_date = row.get("date")
        if isinstance(raw_date, dt.datetime):
            day = raw_date.date().isoformat()
        elif isinstance(raw_date, dt.date):
            day = raw_date.isoformat()
        else:
            text = _text(raw_date)
            m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
            day = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else text
        kind = DAY_KINDS.get(fold(_text(row.get("kind"))))
        if kind is None:
            errors.append(f"{sheet.cell('kind', r)}: «{_text(row.get('kind'))}» — ghi «nghỉ» hoặc «làm bù».")
            continue
        days.append({"date": day, "kind": kind, "label": _text(row.get("label")) or None})
    if errors:
        raise InvalidInput(f"Bảng tính lịch không hợp lệ: {len(errors)} lỗi", errors=errors)
    doc = {"format": "desk-calendar/1", "version": version, "issued_at": issued_at, "publisher": publisher,
           "years": years, "days": days}  # fmt: skip
    if office_hours:
        doc["office_hours"] = office_hours
    parse_calendar_bundle(doc)
    return doc


UNIT_LABELS = {"working_days": "ngày làm việc", "working_hours": "giờ làm việc", "calendar_days": "ngày",
               "same_day": "trong ngày"}  # fmt: skip

GUIDE = [
    "Cách điền bảng tính danh mục thủ tục (desk-publish build):",
    "Trang ThuTuc: mỗi dòng một thủ tục. Đơn vị thời hạn: ngày làm việc / giờ làm việc / ngày / trong ngày.",
    "  Thủ tục «trong ngày»: để trống Thời hạn, ghi Giờ nhận muộn nhất (ví dụ 15:00) nếu có.",
    "  Lệ phí (đồng): số tiền; để trống nếu chưa rõ (không ghi 0 khi không biết). Căn cứ pháp lý: mỗi văn bản một dòng.",
    "Trang GiayTo: mỗi dòng một thành phần hồ sơ, cột Mã thủ tục trùng với trang ThuTuc (có thể gộp ô).",
    "  Hình thức: Bản chính / Bản sao / Bản sao có chứng thực / Bản chụp / Xuất trình; hai hình thức nối bằng «hoặc».",
    "  Bắt buộc: có / không. Mã giấy tờ: để trống thì tự đánh số tp1, tp2, …",
    "Thủ tục có ở bản trước mà không có ở bảng này sẽ bị bãi bỏ ở bản mới.",
]


def catalog_to_xlsx(bundle: dict[str, Any]) -> bytes:
    """The workbook of a catalog document: the inverse of ``catalog_from_xlsx`` (the template is made with it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "ThuTuc"
    ws.append(list(PROC_COLUMNS.values()))
    docs = wb.create_sheet("GiayTo")
    docs.append(list(DOC_COLUMNS.values()))
    for p in bundle["procedures"]:
        d = p["duration"]
        fee = p.get("fee") or {}
        ws.append([
            p["code"], p["name"], p["field"]["code"], p["field"]["name"], UNIT_LABELS[d["unit"]], d.get("value"),
            d.get("cutoff"), fee.get("text"), fee.get("amount"), p.get("result"), p.get("deciding_agency"),
            "\n".join(p.get("legal_basis") or []), "\n".join(p.get("aliases") or []),
        ])  # fmt: skip
        for doc in p["documents"]:
            forms = [doc["form"], *doc.get("alt_forms", [])] if doc.get("form") else []
            docs.append([
                p["code"], doc["id"], doc["name"], " hoặc ".join(FORMS[f] for f in forms), doc.get("quantity"),
                "có" if doc["required"] else "không", doc.get("note"),
            ])  # fmt: skip
    widths = {"ThuTuc": [12, 60, 10, 18, 15, 9, 10, 40, 12, 30, 20, 40, 30], "GiayTo": [12, 10, 70, 24, 9, 9, 40]}
    for sheet in (ws, docs):
        for i, w in enumerate(widths[sheet.title]):
            sheet.column_dimensions[chr(65 + i)].width = w
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.freeze_panes = "A2"
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide = wb.create_sheet("HuongDan")
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
