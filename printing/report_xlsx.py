"""Biểu số II.06a/VPCP/KSTT as an .xlsx workbook (openpyxl): the template's merged header, numbers as numbers,
a totals row of SUM formulas (with their values cached, so viewers that do not calculate show them too), A4
landscape fitted to the page width.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet

from desk.report import (
    COLUMN_TITLES,
    EXTRA,
    FORM_MARKER,
    HEADER,
    HEADER_ROWS,
    NUMBER_ROW,
    TITLE,
    UNIT_NOTE,
    Report,
    roman,
)
from printing.styles import MOTTO, MOTTO_SUB, upper
from printing.vnformat import place_date

FONT_NAME = "Times New Roman"  # LibreOffice shows its metric twin, Liberation Serif
SHEET_MAIN = "II.06a"
SHEET_EXTRA = "Bo sung"
SHEET_AGENCIES = "Theo co quan"

# Where the table starts (1-based): rows above it hold the heading.
TABLE_TOP = 10
FIRST_DATA_ROW = TABLE_TOP + HEADER_ROWS + 1  # after the 4 header rows and the column numbers

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="EDEDED")
_TOTAL_FILL = PatternFill("solid", fgColor="F5F5F5")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_NUMBER_FORMAT = "#,##0"


def _font(size: float = 12, *, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def _put(ws: Worksheet, ref: str, value: Any, *, font: Font | None = None, align: Alignment | None = None) -> None:
    """Write a value (merging ``ref`` when it is a range) with its font and alignment."""
    first = ref.split(":")[0]
    ws[first] = value
    ws[first].font = font or _font()
    if align is not None:
        ws[first].alignment = align
    if ":" in ref:
        ws.merge_cells(ref)


def _counts(ws: Worksheet, r: int, values: Any, *, bold: bool = False) -> None:
    """Counts from column C along row ``r``, right-aligned, as numbers."""
    for c, value in enumerate(values, start=3):
        _put(ws, f"{get_column_letter(c)}{r}", int(value), font=_font(12, bold=True) if bold else None, align=_RIGHT)
        ws.cell(r, c).number_format = _NUMBER_FORMAT


def _box(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    for row in ws.iter_rows(min_row=top, max_row=bottom, min_col=left, max_col=right):
        for cell in row:
            cell.border = _BOX


def build_report_xlsx(report: Report, desk_header: dict[str, Any], *, by_agency: Sequence[Report] = ()) -> bytes:
    """The report as .xlsx bytes: sheet «II.06a» (the template) and «Bo sung» (extra counts and the rules); with
    ``by_agency`` (a province's report), a third sheet «Theo co quan»: each agency's fields and its subtotal."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_MAIN
    totals_row = _main_sheet(ws, report, desk_header)
    extra = wb.create_sheet(SHEET_EXTRA)
    extra_totals = _extra_sheet(extra, report)
    if by_agency:
        _agency_sheet(wb.create_sheet(SHEET_AGENCIES), report, by_agency)
    wb.calculation = CalcProperties(fullCalcOnLoad=True)  # Excel recalculates on opening
    wb.properties.title = f"{FORM_MARKER} — {report.period_label}"
    wb.properties.creator = str(desk_header.get("agency_name") or report.reporting_unit)
    wb.properties.subject = f"{TITLE} — {report.period_range}"
    buf = io.BytesIO()
    wb.save(buf)
    cached = {
        "xl/worksheets/sheet1.xml": _cached_totals(totals_row, 3, report.total.numbers()),
        "xl/worksheets/sheet2.xml": _cached_totals(extra_totals, 3, report.total.extras()),
    }
    return _with_cached_values(buf.getvalue(), cached)


def _agency_sheet(ws: Worksheet, report: Report, agencies: Sequence[Report]) -> None:
    """Per agency: a heading row with its subtotal (I, II, …), its field rows (1, 2, …); the province's total."""
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 40
    for col in range(3, 14):
        ws.column_dimensions[get_column_letter(col)].width = 11.5
    _put(ws, "A1:M1", f"{TITLE} — CHI TIẾT THEO CƠ QUAN", font=_font(13, bold=True), align=_CENTER)
    _put(ws, "A2:M2", f"{report.period_label} ({report.period_range})", font=_font(12, italic=True), align=_CENTER)
    top = 4
    for cell in HEADER:
        r, c = top + cell.row - 1, cell.col
        ref = f"{get_column_letter(c)}{r}"
        if cell.rowspan > 1 or cell.colspan > 1:
            ref += f":{get_column_letter(c + cell.colspan - 1)}{r + cell.rowspan - 1}"
        text = "Cơ quan / Lĩnh vực" if cell.text == "Lĩnh vực" else cell.text
        _put(ws, ref, text, font=_font(11, bold=True), align=_CENTER)
    number_row = top + HEADER_ROWS
    for c, text in enumerate(NUMBER_ROW, start=1):
        _put(ws, f"{get_column_letter(c)}{number_row}", text, font=_font(10, italic=True), align=_CENTER)
    for row in ws.iter_rows(min_row=top, max_row=number_row, min_col=1, max_col=13):
        for c in row:
            c.fill = _HEAD_FILL
    r = number_row + 1
    for i, agency in enumerate(agencies, start=1):
        _put(ws, f"A{r}", roman(i), font=_font(12, bold=True), align=_CENTER)
        name = agency.reporting_unit if agency.reporting_unit == agency.agency_code else (
            f"{agency.reporting_unit} ({agency.agency_code})")  # fmt: skip
        _put(ws, f"B{r}", name, font=_font(12, bold=True), align=_LEFT)
        _counts(ws, r, agency.total.numbers(), bold=True)
        for c in range(1, 14):
            ws.cell(r, c).fill = _TOTAL_FILL
        r += 1
        for line in agency.rows:
            if line.is_empty():
                continue
            _put(ws, f"A{r}", line.stt, align=_CENTER)
            _put(ws, f"B{r}", line.field_name, align=_LEFT)
            _counts(ws, r, line.numbers())
            r += 1
    _put(ws, f"B{r}", report.total.field_name, font=_font(12, bold=True), align=_LEFT)
    _counts(ws, r, report.total.numbers(), bold=True)
    _box(ws, top, 1, r, 13)
    ws.freeze_panes = f"C{number_row + 1}"
    _print_setup(ws, f"{top}:{number_row}", f"A1:M{r}")


def _main_sheet(ws: Worksheet, report: Report, desk: dict[str, Any]) -> int:
    """Fill the template sheet; returns the row of the totals."""
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 34
    for col in range(3, 14):
        ws.column_dimensions[get_column_letter(col)].width = 11.5
    parent = upper(desk.get("parent_name") or report.parent_name or "")
    agency = upper(desk.get("agency_name") or report.reporting_unit)
    if parent:
        _put(ws, "A1:E1", parent, font=_font(12), align=_CENTER)
    _put(ws, "A2:E2", agency, font=_font(12, bold=True), align=_CENTER)
    _put(ws, "H1:M1", MOTTO, font=_font(12, bold=True), align=_CENTER)
    _put(ws, "H2:M2", MOTTO_SUB, font=_font(13, bold=True), align=_CENTER)
    ws.row_dimensions[2].height = 30
    _put(ws, "A4:B4", FORM_MARKER, font=_font(11, bold=True), align=_LEFT)
    _put(ws, "C4:J4", TITLE, font=_font(13, bold=True), align=_CENTER)
    _put(ws, "C5:J5", "TẠI " + upper(report.reporting_unit), font=_font(13, bold=True), align=_CENTER)
    _put(ws, "C6:J6", f"Kỳ báo cáo: {report.period_label}", font=_font(12, bold=True), align=_CENTER)
    _put(ws, "C7:J7", f"({report.period_range})", font=_font(12, italic=True), align=_CENTER)
    _put(ws, "K4:M5", f"- Đơn vị báo cáo: {report.reporting_unit}", font=_font(11), align=_LEFT)
    _put(ws, "K6:M7", f"- Đơn vị nhận báo cáo: {report.receiving_unit or '……'}", font=_font(11), align=_LEFT)
    _put(ws, "K9:M9", UNIT_NOTE, font=_font(11, italic=True), align=Alignment(horizontal="right"))
    for r in (4, 5, 6, 7):
        ws.row_dimensions[r].height = 20

    top = TABLE_TOP
    for cell in HEADER:
        r, c = top + cell.row - 1, cell.col
        ref = f"{get_column_letter(c)}{r}"
        if cell.rowspan > 1 or cell.colspan > 1:
            ref += f":{get_column_letter(c + cell.colspan - 1)}{r + cell.rowspan - 1}"
        _put(ws, ref, cell.text, font=_font(11, bold=True), align=_CENTER)
    number_row = top + HEADER_ROWS
    for c, text in enumerate(NUMBER_ROW, start=1):
        _put(ws, f"{get_column_letter(c)}{number_row}", text, font=_font(10, italic=True), align=_CENTER)
    for r, height in zip(range(top, number_row + 1), (22, 36, 36, 42, 16), strict=True):
        ws.row_dimensions[r].height = height
    for row in ws.iter_rows(min_row=top, max_row=number_row, min_col=1, max_col=13):
        for c in row:
            c.fill = _HEAD_FILL

    r = FIRST_DATA_ROW
    for line in report.rows:
        ws.row_dimensions[r].height = 18
        _put(ws, f"A{r}", line.stt, align=_CENTER)
        _put(ws, f"B{r}", line.field_name, align=_LEFT)
        _counts(ws, r, line.numbers())
        r += 1
    totals = r
    ws.row_dimensions[totals].height = 18
    _put(ws, f"B{totals}", report.total.field_name, font=_font(12, bold=True), align=_LEFT)
    for c, value in enumerate(report.total.numbers(), start=3):
        letter = get_column_letter(c)
        formula: Any = f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{totals - 1})" if report.rows else int(value)
        _put(ws, f"{letter}{totals}", formula, font=_font(12, bold=True), align=_RIGHT)
        ws.cell(totals, c).number_format = _NUMBER_FORMAT
    for c in range(1, 14):
        ws.cell(totals, c).fill = _TOTAL_FILL
    _box(ws, top, 1, totals, 13)

    r = totals + 2
    _put(ws, f"A{r}:M{r}", "Ghi chú:", font=_font(11, bold=True), align=_LEFT)
    for note in report.notes:
        r += 1
        _put(ws, f"A{r}:M{r}", f"- {note}", font=_font(11), align=_LEFT)
        ws.row_dimensions[r].height = 30 if len(note) > 190 else 16
    r += 2
    place = desk.get("place") or report.place
    _put(ws, f"I{r}:M{r}", place_date(place, report.generated_at), font=_font(12, italic=True), align=_CENTER)
    r += 1
    _put(ws, f"A{r}:E{r}", "NGƯỜI LẬP BIỂU", font=_font(12, bold=True), align=_CENTER)
    _put(ws, f"I{r}:M{r}", "THỦ TRƯỞNG ĐƠN VỊ", font=_font(12, bold=True), align=_CENTER)
    r += 1
    _put(ws, f"A{r}:E{r}", "(Ký, ghi rõ họ tên)", font=_font(11, italic=True), align=_CENTER)
    _put(ws, f"I{r}:M{r}", "(Ký tên, đóng dấu)", font=_font(11, italic=True), align=_CENTER)

    ws.freeze_panes = f"C{FIRST_DATA_ROW}"
    _print_setup(ws, f"{top}:{number_row}", f"A1:M{r + 4}")
    return totals


def _extra_sheet(ws: Worksheet, report: Report) -> int:
    """Counts outside the template and the counting rules; returns the row of the totals."""
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 34
    for col in range(3, 3 + len(EXTRA)):
        ws.column_dimensions[get_column_letter(col)].width = 22
    last_col = get_column_letter(2 + len(EXTRA))
    _put(ws, f"A1:{last_col}1", "SỐ LIỆU BỔ SUNG (NGOÀI BIỂU MẪU)", font=_font(13, bold=True), align=_CENTER)
    _put(ws, f"A2:{last_col}2", f"{report.period_label} ({report.period_range})", font=_font(12, italic=True),
         align=_CENTER)  # fmt: skip
    head = 4
    _put(ws, f"A{head}", "STT", font=_font(11, bold=True), align=_CENTER)
    _put(ws, f"B{head}", "Lĩnh vực", font=_font(11, bold=True), align=_CENTER)
    for c, key in enumerate(EXTRA, start=3):
        _put(ws, f"{get_column_letter(c)}{head}", COLUMN_TITLES[key], font=_font(11, bold=True), align=_CENTER)
        ws.cell(head, c).fill = _HEAD_FILL
    ws.cell(head, 1).fill = ws.cell(head, 2).fill = _HEAD_FILL
    ws.row_dimensions[head].height = 48
    r = head + 1
    for line in report.rows:
        _put(ws, f"A{r}", line.stt, align=_CENTER)
        _put(ws, f"B{r}", line.field_name, align=_LEFT)
        _counts(ws, r, line.extras())
        r += 1
    totals = r
    _put(ws, f"B{totals}", report.total.field_name, font=_font(12, bold=True), align=_LEFT)
    for c, value in enumerate(report.total.extras(), start=3):
        letter = get_column_letter(c)
        formula: Any = f"=SUM({letter}{head + 1}:{letter}{totals - 1})" if report.rows else int(value)
        _put(ws, f"{letter}{totals}", formula, font=_font(12, bold=True), align=_RIGHT)
        ws.cell(totals, c).number_format = _NUMBER_FORMAT
    _box(ws, head, 1, totals, 2 + len(EXTRA))
    r = totals + 2
    _put(ws, f"A{r}:{last_col}{r}", "Cách tính:", font=_font(11, bold=True), align=_LEFT)
    for note in report.notes:
        r += 1
        _put(ws, f"A{r}:{last_col}{r}", f"- {note}", font=_font(11), align=_LEFT)
        ws.row_dimensions[r].height = 30 if len(note) > 150 else 16
    _print_setup(ws, f"{head}:{head}", f"A1:{last_col}{r}")
    return totals


def _print_setup(ws: Worksheet, title_rows: str, area: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_title_rows = title_rows
    ws.print_area = area


# -- cached values of the totals formulas ---------------------------------------------------------------------------


def _cached_totals(row: int, first_col: int, values: tuple[int, ...]) -> dict[str, int]:
    return {f"{get_column_letter(first_col + i)}{row}": int(v) for i, v in enumerate(values)}


def _with_cached_values(xlsx: bytes, cached: dict[str, dict[str, int]]) -> bytes:
    """Write the computed value next to each totals formula (openpyxl writes formulas without one).

    Excel and LibreOffice recalculate anyway (fullCalcOnLoad); the cached value is what viewers that do not
    calculate, and readers such as openpyxl's data_only mode, show.
    """
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            values = cached.get(info.filename)
            if values:
                text = data.decode("utf-8")
                for ref, value in values.items():
                    text, n = re.subn(
                        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(?:<v>[^<]*</v>|<v\s*/>)?(</c>)',
                        rf"\g<1>\g<2><v>{value}</v>\g<3>",
                        text,
                    )
                    if n == 0 and f'r="{ref}"' in text and "<f>" in text.split(f'r="{ref}"', 1)[1].split("</c>", 1)[0]:
                        raise AssertionError(f"formula cell {ref} not found in the expected form")
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()
