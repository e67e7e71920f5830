"""Biểu số II.06a/VPCP/KSTT on A4 landscape, and the monthly chart (received / resolved on time / late) as PNG.

Both are drawn from desk.report's plain data (``Report``, ``monthly_series``); nothing here counts anything.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Group, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table

from desk.report import (
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
from printing.flowables import Columns, header, signatures
from printing.fonts import serif_family
from printing.pages import Meta, build_document, numbered, page_frame
from printing.styles import Margins, P, Styles, esc, grid_style, ledger_styles, upper
from printing.vnformat import place_date, thousands

REPORT_MARGINS = Margins(left=12 * mm, right=10 * mm, top=10 * mm, bottom=11 * mm)
PAPER = "A4-landscape"

# Extra table (not part of the template): short headings of the EXTRA counts.
EXTRA_HEADINGS = {
    "late_original_apology": "Quá hạn so với hẹn ban đầu, đã có văn bản xin lỗi và hẹn lại (đã tính ở cột 8–10)",
    "refused": "Từ chối giải quyết",
    "withdrawn": "Công dân rút hồ sơ",
    "stopped": "Dừng giải quyết",
}

# Chart colours: a leader reads blue = came in, green = done on time, red = done late.
RECEIVED_COLOUR = colors.HexColor("#4A7AB5")
ON_TIME_COLOUR = colors.HexColor("#3C9A4B")
LATE_COLOUR = colors.HexColor("#D0362B")


def _n(value: int) -> str:
    """A count as printed: dot-grouped thousands."""
    return thousands(int(value))


def _styles() -> tuple[Styles, dict[str, ParagraphStyle]]:
    st = ledger_styles()
    f = st.fonts
    extra = {
        "marker": ParagraphStyle("rep-marker", parent=st.body, fontName=f.bold, fontSize=9.5, leading=12),
        "title": ParagraphStyle(
            "rep-title", parent=st.body, fontName=f.bold, fontSize=12, leading=15, alignment=TA_CENTER
        ),
        "period": ParagraphStyle(
            "rep-period", parent=st.body, fontName=f.bold, fontSize=10.5, leading=13.5, alignment=TA_CENTER
        ),
        "units": ParagraphStyle("rep-units", parent=st.body, fontSize=9.5, leading=12, alignment=TA_LEFT),
        "unit_note": ParagraphStyle(
            "rep-unit-note", parent=st.body, fontName=f.italic, fontSize=9.5, leading=12, alignment=TA_RIGHT
        ),
        "num": ParagraphStyle("rep-num", parent=st.cell, alignment=TA_RIGHT),
        "head": ParagraphStyle("rep-head", parent=st.cell_head, fontSize=8.5, leading=10.2),
        "colno": ParagraphStyle("rep-colno", parent=st.cell_center, fontName=f.italic, fontSize=8, leading=9.6),
        "note": ParagraphStyle("rep-note", parent=st.note, fontSize=8.5, leading=10.5),
        "section": ParagraphStyle("rep-section", parent=st.body, fontName=f.bold, fontSize=9.5, leading=12),
    }
    return st, extra


def _title_block(report: Report, st: Styles, x: dict[str, ParagraphStyle], width: float) -> Flowable:
    """Form marker | title and period | reporting and receiving units — the template's three-part heading."""
    side, right_w = width * 0.2, width * 0.25
    middle = width - side - right_w
    left = [P(esc(FORM_MARKER), x["marker"])]
    centre = [
        P(esc(TITLE), x["title"]),
        P(esc("TẠI " + upper(report.reporting_unit)), x["title"]),
        Spacer(1, 4),
        P(esc(f"Kỳ báo cáo: {report.period_label}"), x["period"]),
        P(f"<i>({esc(report.period_range)})</i>", st.subtitle),
    ]
    right = [
        P(f"- <b>Đơn vị báo cáo:</b> {esc(report.reporting_unit)}", x["units"]),
        P(f"- <b>Đơn vị nhận báo cáo:</b> {esc(report.receiving_unit) or '……'}", x["units"]),
    ]
    return Columns([left, centre, right], [side, middle, right_w])


def _widths(width: float) -> list[float]:
    stt, name = 10 * mm, 56 * mm
    rest = (width - stt - name) / 11
    return [stt, name] + [rest] * 11


def _counts_table(body: list[list[Any]], total: Any, st: Styles, x: dict[str, ParagraphStyle], width: float, *,
                  field_heading: str, styles: Sequence[tuple[Any, ...]], total_grey: float) -> Table:  # fmt: skip
    """The template's 13 columns: the grouped header (4 rows), the column numbers, ``body``, the totals row;
    ``styles`` go after the header's spans (rows of ``body`` counted from 0), then the body's common alignment."""
    rows: list[list[Any]] = [[""] * 13 for _ in range(HEADER_ROWS)]
    spans: list[tuple[Any, ...]] = []
    for cell in HEADER:
        r, c = cell.row - 1, cell.col - 1
        rows[r][c] = P(esc(field_heading if cell.text == "Lĩnh vực" else cell.text), x["head"])
        if cell.rowspan > 1 or cell.colspan > 1:
            spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
    rows.append([P(esc(n), x["colno"]) for n in NUMBER_ROW])
    first = len(rows)
    rows += body
    rows.append(["", P(f"<b>{esc(total.field_name)}</b>", st.cell), *(_n(v) for v in total.numbers())])
    last = len(rows) - 1
    body_top = HEADER_ROWS + 1
    shifted = [(cmd, (a[0], a[1] + first), (b[0], b[1] + first), *rest) for cmd, a, b, *rest in styles]
    style = grid_style(
        st,
        HEADER_ROWS + 1,
        [
            *spans,
            *shifted,
            ("ALIGN", (0, body_top), (0, -1), "CENTER"),
            ("ALIGN", (2, body_top), (-1, -1), "RIGHT"),
            ("VALIGN", (0, body_top), (-1, -1), "MIDDLE"),
            ("FONT", (2, last), (-1, last), st.fonts.bold, st.cell.fontSize, st.cell.leading),
            ("BACKGROUND", (0, 0), (-1, HEADER_ROWS), colors.Color(0.93, 0.93, 0.93)),
            ("BACKGROUND", (0, last), (-1, last), colors.Color(total_grey, total_grey, total_grey)),
        ],
    )
    return Table(rows, colWidths=_widths(width), repeatRows=HEADER_ROWS + 1, style=style)


def _field_row(row: Any, st: Styles) -> list[Any]:
    return [str(row.stt), P(esc(row.field_name), st.cell), *(_n(v) for v in row.numbers())]


def _main_table(report: Report, st: Styles, x: dict[str, ParagraphStyle], width: float) -> Table:
    """The 13 columns: the grouped header (4 rows), the column numbers, one row per field, the totals."""
    table = _counts_table([_field_row(row, st) for row in report.rows], report.total, st, x, width,
                          field_heading="Lĩnh vực", styles=(), total_grey=0.96)  # fmt: skip
    table.setStyle([("TOPPADDING", (0, HEADER_ROWS), (-1, HEADER_ROWS), 1),
                    ("BOTTOMPADDING", (0, HEADER_ROWS), (-1, HEADER_ROWS), 1.5)])  # fmt: skip
    return table


def _extra_table(report: Report, st: Styles, x: dict[str, ParagraphStyle], width: float) -> Table:
    """Counts outside the template: late against the first appointment with an apology; refused, withdrawn, stopped."""
    stt, name = 10 * mm, 56 * mm
    first = 70 * mm
    rest = (width - stt - name - first) / 3
    widths = [stt, name, first, rest, rest, rest]
    head = [P("STT", x["head"]), P("Lĩnh vực", x["head"]), *(P(esc(EXTRA_HEADINGS[k]), x["head"]) for k in EXTRA)]
    rows: list[list[Any]] = [head]
    for row in report.rows:
        rows.append([str(row.stt), P(esc(row.field_name), st.cell), *(_n(v) for v in row.extras())])
    t = report.total
    rows.append(["", P(f"<b>{esc(t.field_name)}</b>", st.cell), *(_n(v) for v in t.extras())])
    last = len(rows) - 1
    style = grid_style(
        st,
        1,
        [
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ("FONT", (2, last), (-1, last), st.fonts.bold, st.cell.fontSize, st.cell.leading),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
            ("BACKGROUND", (0, last), (-1, last), colors.Color(0.96, 0.96, 0.96)),
        ],
    )
    return Table(rows, colWidths=widths, repeatRows=1, style=style)


def _signature_block(report: Report, desk: dict[str, Any], st: Styles, width: float) -> Flowable:
    place = desk.get("place") or report.place
    dated = [P(f"<i>{esc(place_date(place, report.generated_at))}</i>", st.body_center)]
    head = [
        *dated,
        P("THỦ TRƯỞNG ĐƠN VỊ", st.sign_title),
        P("(Ký tên, đóng dấu)", st.sign_hint),
        Spacer(1, 40),
    ]
    maker = [
        Spacer(1, st.body_center.leading),
        P("NGƯỜI LẬP BIỂU", st.sign_title),
        P("(Ký, ghi rõ họ tên)", st.sign_hint),
        Spacer(1, 40),
    ]
    return signatures(st, width, [maker, None, head])


def build_report_pdf(
    report: Report,
    desk_header: dict[str, Any],
    *,
    series: Sequence[dict[str, Any]] | None = None,
    by_agency: Sequence[Report] = (),
) -> bytes:
    """Biểu II.06a as PDF bytes, A4 landscape: the template page(s) to sign, then an annex of the extra counts
    (and, with ``series`` from monthly_series, the monthly chart); with ``by_agency`` (a province's report), an
    annex of each agency's fields and subtotal."""
    st, x = _styles()
    size, box = page_frame(PAPER, REPORT_MARGINS)
    width = box[2]
    story: list[Flowable] = header(st, width, desk_header, marker=None, date_line=None, left_share=0.45)
    story += [
        Spacer(1, 6),
        _title_block(report, st, x, width),
        Spacer(1, 4),
        P(esc(UNIT_NOTE), x["unit_note"]),
        Spacer(1, 2),
        _main_table(report, st, x, width),
        Spacer(1, 5),
    ]
    notes = [P("<b>Ghi chú:</b>", x["note"])] + [P(esc("- " + n), x["note"]) for n in report.notes]
    story.append(KeepTogether(notes))
    story += [Spacer(1, 6), KeepTogether([_signature_block(report, desk_header, st, width)])]
    # The annex: what the template has no column for, after the signed page (and the chart when asked).
    story += [
        PageBreak(),
        P("PHỤ LỤC: SỐ LIỆU BỔ SUNG (NGOÀI BIỂU MẪU)", x["title"]),
        P(f"<i>{esc(report.period_label)} ({esc(report.period_range)})</i>", st.subtitle),
        Spacer(1, 6),
        _extra_table(report, st, x, width),
    ]
    if series is not None:
        chart_h = 112 * mm
        story += [
            Spacer(1, 10),
            CondPageBreak(chart_h + 20 * mm),
            P("<b>Hồ sơ tiếp nhận và giải quyết theo tháng</b>", x["section"]),
            Spacer(1, 4),
            _DrawingFlowable(monthly_chart(series, width, chart_h)),
        ]
    if by_agency:
        story += [
            PageBreak(),
            P("PHỤ LỤC: CHI TIẾT THEO CƠ QUAN", x["title"]),
            P(f"<i>{esc(report.period_label)} ({esc(report.period_range)})</i>", st.subtitle),
            Spacer(1, 6),
            _agency_table(report, by_agency, st, x, width),
        ]
    sections = [story]
    meta = Meta(
        title=f"{FORM_MARKER} — {report.period_label}",
        author=str(desk_header.get("agency_name") or report.reporting_unit),
        subject=f"{TITLE} — {report.period_range}",
        keywords="báo cáo, II.06a, thủ tục hành chính",
    )
    prefix = esc(f"{FORM_MARKER}, {report.period_label}")
    return build_document(size, box, sections, meta, numbered(st, REPORT_MARGINS, size[0], prefix=prefix))


def _agency_table(
    report: Report, agencies: Sequence[Report], st: Styles, x: dict[str, ParagraphStyle], width: float
) -> Table:
    """The 13 columns again: per agency a shaded subtotal row (I, II, …), then its fields with something to count."""
    body: list[list[Any]] = []
    shaded: list[tuple[Any, ...]] = []
    for i, agency in enumerate(agencies, start=1):
        name = agency.reporting_unit
        if agency.agency_code and agency.agency_code != name:
            name = f"{name} ({agency.agency_code})"
        shaded.append(("BACKGROUND", (0, len(body)), (-1, len(body)), colors.Color(0.96, 0.96, 0.96)))
        shaded.append(("FONT", (2, len(body)), (-1, len(body)), st.fonts.bold, st.cell.fontSize, st.cell.leading))
        body.append([roman(i), P(f"<b>{esc(name)}</b>", st.cell), *(_n(v) for v in agency.total.numbers())])
        body += [_field_row(row, st) for row in agency.rows if not row.is_empty()]
    return _counts_table(body, report.total, st, x, width, field_heading="Cơ quan / Lĩnh vực", styles=shaded,
                         total_grey=0.9)  # fmt: skip


class _DrawingFlowable(Flowable):
    """A reportlab Drawing placed in a story."""

    def __init__(self, drawing: Drawing):
        super().__init__()
        self.drawing = drawing

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.drawing.width, self.drawing.height

    def draw(self) -> None:
        renderPDF.draw(self.drawing, self.canv, 0, 0)


# -- the chart ----------------------------------------------------------------------------------------------------


def monthly_chart(
    series: Sequence[dict[str, Any]], width: float, height: float, *, title: str | None = None
) -> Drawing:
    """Per month: a blue bar of dossiers received beside a stacked bar of those resolved (green on time, red late).

    Late counts are written above the red part, so a month with late results stands out even when they are few.
    """
    fonts = serif_family()
    d = Drawing(width, height)
    top = height
    if title:
        d.add(String(width / 2, height - 16, title, fontName=fonts.bold, fontSize=14, textAnchor="middle"))
        top -= 26
    received = [int(m["received"]) for m in series]
    on_time = [int(m["on_time"]) for m in series]
    late = [int(m["late"]) for m in series]
    legend_h = 22
    line = summary_line(series)
    summary_h = 18 if line else 0
    chart = VerticalBarChart()
    chart.x, chart.y = 52, 34
    chart.width = width - chart.x - 16
    chart.height = top - legend_h - summary_h - chart.y - 12
    if line:
        d.add(String(chart.x, top - legend_h - 14, line, fontName=fonts.regular, fontSize=10.5))
    # Two bars per month: received, and resolved with on time and late stacked ('mixed' style: series 1 and 2 share a bar).
    chart.data = [received, on_time, late]
    chart.categoryAxis.style = "mixed"
    chart.bars[0].fillColor = RECEIVED_COLOUR
    chart.bars[1].fillColor = ON_TIME_COLOUR
    chart.bars[2].fillColor = LATE_COLOUR
    chart.bars.strokeColor = None
    for i in range(3):
        chart.bars[i].strokeWidth = 0
    chart.seriesOrder = [[0], [1, 2]]
    chart.barSpacing = 1.5
    chart.groupSpacing = 10
    peak = max([1, *(r for r in received), *(a + b for a, b in zip(on_time, late, strict=True))])
    step = _nice_step(peak)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * (-(-peak // step) + (1 if peak % step == 0 and peak else 0))
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.labelTextFormat = lambda v: thousands(int(v))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.categoryAxis.categoryNames = [f"Tháng {m['month']}" for m in series]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 9.5
    chart.categoryAxis.labels.dy = -2
    d.add(chart)
    axis_title = Group(String(0, 0, "Số hồ sơ", fontName=fonts.italic, fontSize=9.5, textAnchor="middle"))
    axis_title.transform = (0, 1, -1, 0, 14, chart.y + chart.height / 2)  # rotated a quarter turn
    d.add(axis_title)
    # Numbers a leader looks for: how many came in, and the late ones, above their bars.
    n = len(series)
    slot = chart.width / max(n, 1)
    scale = chart.height / chart.valueAxis.valueMax
    inner = slot - chart.groupSpacing
    bar_w = (inner - chart.barSpacing) / 2
    for i in range(n):
        x0 = chart.x + i * slot + chart.groupSpacing / 2
        if received[i]:
            d.add(
                String(
                    x0 + bar_w / 2,
                    chart.y + received[i] * scale + 2.5,
                    thousands(received[i]),
                    fontName=fonts.regular,
                    fontSize=8,
                    fillColor=colors.Color(0.2, 0.3, 0.45),
                    textAnchor="middle",
                )
            )
        if late[i]:
            d.add(
                String(
                    x0 + bar_w * 1.5 + chart.barSpacing,
                    chart.y + (on_time[i] + late[i]) * scale + 2.5,
                    thousands(late[i]),
                    fontName=fonts.bold,
                    fontSize=8.5,
                    fillColor=LATE_COLOUR,
                    textAnchor="middle",
                )
            )
    legend = Legend()
    legend.x, legend.y = chart.x, top - 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = fonts.regular
    legend.fontSize = 10.5
    legend.dx = legend.dy = 9
    legend.deltax = 18
    legend.dxTextSpace = 5
    legend.strokeWidth = 0
    legend.strokeColor = None
    legend.colorNamePairs = [
        (RECEIVED_COLOUR, "Hồ sơ tiếp nhận trong tháng"),
        (ON_TIME_COLOUR, "Giải quyết trước hạn, đúng hạn"),
        (LATE_COLOUR, "Giải quyết quá hạn"),
    ]
    d.add(legend)
    d.add(Line(chart.x, chart.y, chart.x + chart.width, chart.y, strokeColor=colors.black, strokeWidth=0.8))
    return d


def summary_line(series: Sequence[dict[str, Any]]) -> str:
    """'Cả năm: tiếp nhận 1.819 hồ sơ; đã giải quyết 1.808, trong đó trước hạn, đúng hạn 1.735 (96,0%), quá hạn 73
    (4,0%).' — the figures a leader asks for first."""
    received = sum(int(m["received"]) for m in series)
    on_time = sum(int(m["on_time"]) for m in series)
    late = sum(int(m["late"]) for m in series)
    resolved = on_time + late
    if not received and not resolved:
        return ""

    def pct(n: int) -> str:
        return f"{100 * n / resolved:.1f}".replace(".", ",") + "%"

    busy = [int(m["month"]) for m in series if m["received"] or m["on_time"] or m["late"]]
    last = max(busy) if busy else 12
    span = "Cả năm" if last == 12 else f"Từ tháng 1 đến tháng {last}"
    text = f"{span}: tiếp nhận {thousands(received)} hồ sơ; đã giải quyết {thousands(resolved)}"
    if resolved:
        text += f", trong đó trước hạn, đúng hạn {thousands(on_time)} ({pct(on_time)}), quá hạn {thousands(late)} ({pct(late)})"
    return text + "."


def _nice_step(peak: int) -> int:
    """A round step (1, 2, 5 × 10^k) giving at most 8 grid lines up to ``peak``."""
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            if peak <= 8 * base * magnitude:
                return base * magnitude
        magnitude *= 10


def build_monthly_chart_png(
    series: Sequence[dict[str, Any]],
    *,
    title: str | None = None,
    width_px: int = 1400,
    height_px: int = 700,
) -> bytes:
    """The monthly chart as PNG bytes (drawn as PDF, rasterised by pypdfium2: no Cairo needed)."""
    import pypdfium2 as pdfium

    scale = 2.0  # points → pixels
    drawing = monthly_chart(series, width_px / scale, height_px / scale, title=title)
    pdf = renderPDF.drawToString(drawing)
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        doc.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()
