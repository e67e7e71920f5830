"""Sổ theo dõi hồ sơ: the desk's ledger on A4 landscape, header row on every page, 'Trang x/y'.

It is the legal book: each row's STT is the Số thứ tự the receipt printed, within the Quyển số in the heading (a
period across two books shows a line where the next book starts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from desk.errors import InvalidInput
from printing.flowables import header
from printing.formsets import DEFAULT_FORM_SET, FORM_NAMES_VI, get_form_set
from printing.pages import Meta, build_document, numbered, page_frame
from printing.styles import LEDGER_MARGINS, P, Styles, content_width, esc, grid_style, ledger_styles
from printing.vnformat import count, date_short, time_short

# Column titles (domain.md §2) and their relative widths.
LEDGER_COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 26),
    ("Mã hồ sơ", 74),
    ("Tên thủ tục", 112),
    ("Số lượng hồ sơ (bộ)", 38),
    ("Tên người nộp", 78),
    ("Địa chỉ", 98),
    ("Số điện thoại", 56),
    ("Ngày nhận hồ sơ", 52),
    ("Ngày hẹn trả", 52),
    ("Ngày trả kết quả", 52),
    ("Người nhận kết quả (ký)", 62),
    ("Ghi chú", 92),
)

_PAD = 3.0


def _plain_or_para(text: str, width: float, st: Styles) -> str | Paragraph:
    """A plain string when every line fits the column (fast), else a wrapping Paragraph."""
    if not text:
        return ""
    font, size = st.fonts.regular, st.cell.fontSize
    if all(stringWidth(line, font, size) <= width - 2 * _PAD for line in text.split("\n")):
        return text
    return P(esc(text), st.cell)


def _code_cell(code: str, width: float, st: Styles) -> str | Paragraph:
    """The dossier code on one line, else broken after the agency part ('000.00.12.H62-' / '260213-1001')."""
    head, sep, tail = code.partition("-")
    if sep and stringWidth(code, st.fonts.regular, st.cell.fontSize) > width - 2 * _PAD:
        return _plain_or_para(f"{head}-\n{tail}", width, st)
    return _plain_or_para(code, width, st)


def _when(value: Any) -> str:
    """'13/02/2026' over '10:00' (Vietnam time), empty when absent."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return date_short(value)
    return f"{date_short(value)}\n{time_short(value)}"


def _text(value: Any) -> str:
    """User text for a cell: escaped and NFC, for a Paragraph."""
    return esc(value)


def _row(n: int, e: dict[str, Any], widths: Sequence[float], st: Styles) -> list[Any]:
    """One ledger line; its STT is the entry's Số thứ tự in the book (the row's place when it has none)."""
    applicant = e.get("applicant") or {}
    procedure = e.get("procedure") or {}
    cell = st.cell

    def para(value: Any) -> Paragraph | str:
        text = _text(value)
        return P(text, cell) if text else ""

    sets = e.get("sets")
    return [
        str(e.get("entry_no") or n),
        _code_cell(str(e.get("code") or ""), widths[1], st),
        para(procedure.get("name")),
        count(sets) if sets is not None else "",
        para(applicant.get("name")),
        para(applicant.get("address")),
        _plain_or_para(str(applicant.get("phone") or ""), widths[6], st),
        _when(e.get("received_at")),
        _when(e.get("due_at")),
        _when(e.get("returned_at")),
        para(e.get("returned_to")),
        para(e.get("note")),
    ]


def _as_date(value: dt.date | str, field: str) -> dt.date:
    """A date from a date or 'YYYY-MM-DD'. Raises InvalidInput."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(f"Ngày không hợp lệ: {value!r} (cần dạng 2026-02-13)", field=field) from None


def build_ledger(
    entries: Sequence[dict[str, Any]],
    desk: dict[str, Any],
    *,
    date_from: dt.date | str,
    date_to: dt.date | str,
    form_set: str = DEFAULT_FORM_SET,
    books: Sequence[int | str] | None = None,
) -> bytes:
    """The ledger of the period as PDF bytes (A4 landscape, as many pages as needed); ``books`` are the Quyển số
    shown in the heading (by default those of the entries)."""
    start, end = _as_date(date_from, "date_from"), _as_date(date_to, "date_to")
    if end < start:
        raise InvalidInput("Khoảng thời gian không hợp lệ: ngày kết thúc trước ngày bắt đầu.", field="date_to")
    fset = get_form_set(form_set)
    spec = fset.spec("ledger")
    st = ledger_styles()
    width = content_width(spec.paper, LEDGER_MARGINS)
    scale = width / sum(w for _t, w in LEDGER_COLUMNS)
    widths = [w * scale for _t, w in LEDGER_COLUMNS]
    period = f"Từ ngày {date_short(start)} đến ngày {date_short(end)}"

    story: list[Flowable] = header(st, width, desk, marker=spec.marker, date_line=None, left_share=0.45)
    shown = [str(b) for b in (books if books is not None else dict.fromkeys(e.get("book_no") for e in entries))
             if b not in (None, "")]  # fmt: skip
    story += [
        Spacer(1, 8),
        P(esc(spec.title), st.title),
        P(f"Quyển số: <b>{esc(', '.join(shown)) or '……'}</b>", st.subtitle),
        P(f"<i>({period})</i>", st.subtitle),
        Spacer(1, 6),
    ]
    rows: list[list[Any]] = [[P(esc(title), st.cell_head) for title, _w in LEDGER_COLUMNS]]
    extra: list[tuple[Any, ...]] = [
        ("FONT", (0, 1), (-1, -1), st.fonts.regular, st.cell.fontSize, st.cell.leading),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (3, 1), (3, -1), "CENTER"),
        ("ALIGN", (7, 1), (9, -1), "CENTER"),
    ]
    book = entries[0].get("book_no") if entries else None
    for n, entry in enumerate(entries, start=1):
        if entry.get("book_no") != book:  # the next book starts within the period
            book = entry.get("book_no")
            rows.append([P(f"<b>Quyển số: {esc(book)}</b>", st.cell)] + [""] * 11)
            extra.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        rows.append(_row(n, entry, widths, st))
    if not entries:
        rows.append([P("<i>Không có hồ sơ trong khoảng thời gian này.</i>", st.cell_center)] + [""] * 11)
        extra.append(("SPAN", (0, 1), (-1, 1)))
    story.append(Table(rows, colWidths=widths, repeatRows=1, style=grid_style(st, 1, extra)))

    title = f"{FORM_NAMES_VI['ledger']} — {period}"
    meta = Meta(
        title=title,
        author=str(desk.get("agency_name") or fset.desk_term),
        subject=f"{spec.marker} — {fset.legal_basis}",
        keywords="sổ theo dõi hồ sơ",
    )
    size, box = page_frame(spec.paper, LEDGER_MARGINS)
    prefix = esc(f"Sổ theo dõi hồ sơ, {period.lower()}")
    return build_document(size, box, [story], meta, numbered(st, LEDGER_MARGINS, size[0], prefix=prefix, always=True))
