"""Shared page furniture of the forms: styles, the two-column header, tables, signatures, page assembly."""

from __future__ import annotations

import functools
import io
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desk.text import nfc
from printing.fonts import SerifFamily, serif_family
from printing.vnformat import DOTS, count

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
CREATOR = "desk — Phần mềm Bộ phận Một cửa"

PAPER = {"A5": A5, "A4-landscape": landscape(A4)}

# Streams stay binary (Flate only): ASCII85 on top makes every PDF a quarter larger and slower to write, and
# only helps 7-bit transports. Process-wide, but printing/ is the app's only reportlab user.
rl_config.useA85 = 0

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Margins:
    """Page margins in points."""

    left: float
    right: float
    top: float
    bottom: float


SLIP_MARGINS = Margins(left=12 * mm, right=10 * mm, top=10 * mm, bottom=10 * mm)
LEDGER_MARGINS = Margins(left=10 * mm, right=10 * mm, top=10 * mm, bottom=11 * mm)


def content_width(paper: str, margins: Margins) -> float:
    """Usable width of a page of that paper."""
    return PAPER[paper][0] - margins.left - margins.right


# --- text ---------------------------------------------------------------------------------------------------


def esc(value: object | None) -> str:
    """User text made safe for Paragraph markup: NFC, control characters dropped, &<> escaped, lines kept."""
    if value is None:
        return ""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", str(value)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "<br/>".join(escape(line) for line in lines if line)


def val(value: object | None, blank: str = DOTS) -> str:
    """Escaped user text, or dots for the clerk to fill in by hand."""
    text = esc(value)
    return text if text else blank


def upper(value: object | None) -> str:
    """Upper case the Vietnamese way (precomposed letters stay precomposed)."""
    return nfc(str(value or "")).upper()


# --- styles -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of one family at one scale."""

    fonts: SerifFamily
    size: float
    body: ParagraphStyle
    body_just: ParagraphStyle
    body_indent: ParagraphStyle
    body_center: ParagraphStyle
    item: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    marker: ParagraphStyle
    head: ParagraphStyle
    head_bold: ParagraphStyle
    motto: ParagraphStyle
    motto_sub: ParagraphStyle
    place_date: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    sign_title: ParagraphStyle
    sign_hint: ParagraphStyle
    sign_name: ParagraphStyle
    note: ParagraphStyle
    footer: ParagraphStyle


@functools.cache
def _styles(fonts: SerifFamily, size: float, cell_size: float) -> Styles:
    """Build the styles for a family; cached because ParagraphStyle creation shows in the warm profile."""
    lead = round(size * 1.27, 2)
    base = ParagraphStyle("desk-body", fontName=fonts.regular, fontSize=size, leading=lead, alignment=TA_LEFT)

    def st(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(f"desk-{name}", parent=base, **kw)

    head_size = size - 1
    cell_lead = round(cell_size * 1.2, 2)
    return Styles(
        fonts=fonts,
        size=size,
        body=base,
        body_just=st("just", alignment=TA_JUSTIFY),
        body_indent=st("indent", alignment=TA_JUSTIFY, firstLineIndent=18, spaceBefore=1.5),
        body_center=st("center", alignment=TA_CENTER),
        item=st("item", spaceBefore=1.5),
        title=st(
            "title",
            fontName=fonts.bold,
            fontSize=size + 2,
            leading=size + 4.5,
            alignment=TA_CENTER,
        ),
        subtitle=st("subtitle", alignment=TA_CENTER),
        marker=st("marker", fontName=fonts.bold, fontSize=8.5, leading=10, alignment=TA_RIGHT),
        head=st("head", fontSize=head_size, leading=head_size + 2, alignment=TA_CENTER),
        head_bold=st("head-bold", fontName=fonts.bold, fontSize=head_size, leading=head_size + 2, alignment=TA_CENTER),
        motto=st("motto", fontName=fonts.bold, fontSize=head_size, leading=head_size + 2, alignment=TA_CENTER),
        motto_sub=st("motto-sub", fontName=fonts.bold, fontSize=size, leading=size + 2, alignment=TA_CENTER),
        place_date=st("place-date", fontName=fonts.italic, alignment=TA_CENTER),
        cell=st("cell", fontSize=cell_size, leading=cell_lead),
        cell_center=st("cell-center", fontSize=cell_size, leading=cell_lead, alignment=TA_CENTER),
        cell_head=st("cell-head", fontName=fonts.bold, fontSize=cell_size, leading=cell_lead, alignment=TA_CENTER),
        sign_title=st("sign-title", fontName=fonts.bold, alignment=TA_CENTER),
        sign_hint=st("sign-hint", fontName=fonts.italic, fontSize=size - 1, leading=size + 1, alignment=TA_CENTER),
        sign_name=st("sign-name", fontName=fonts.bold, alignment=TA_CENTER),
        note=st("note", fontSize=size - 1.5, leading=size, alignment=TA_JUSTIFY),
        footer=st("footer", fontName=fonts.italic, fontSize=8, leading=10, alignment=TA_CENTER),
    )


SLIP_SIZES = (10.0, 9.5, 9.0)  # body sizes tried in turn to keep a slip that just overflows on one sheet


def slip_styles(size: float = SLIP_SIZES[0]) -> Styles:
    """Styles of the A5 slips (10 pt body and 9.5 pt tables by default)."""
    return _styles(serif_family(), size, size - 0.5)


def ledger_styles() -> Styles:
    """Styles of the A4 ledger (10.5 pt heading, 8.5 pt cells)."""
    return _styles(serif_family(), 10.5, 8.5)


def P(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of markup already escaped with esc()/val()."""
    return Paragraph(text, style)


def labelled(label: str, value: object | None, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """'Label: value' with the value escaped (bold when asked), a dotted line when empty."""
    shown = val(value, DOTS * 12)
    if bold and esc(value):
        shown = f"<b>{shown}</b>"
    return Paragraph(f"{label} {shown}", style)


# --- small flowables -----------------------------------------------------------------------------------------


class HRule(Flowable):
    """A centered horizontal rule of fixed width: the short underline of the header blocks."""

    def __init__(self, width: float, thickness: float = 0.6, space: float = 3.0):
        super().__init__()
        self.rule_width = width
        self.thickness = thickness
        self.space = space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Take the full width; the rule itself is centered."""
        self._avail = availWidth
        return availWidth, self.thickness + 2 * self.space

    def draw(self) -> None:
        """Stroke the rule."""
        x0 = (self._avail - self.rule_width) / 2
        y = self.space + self.thickness / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, y, x0 + self.rule_width, y)


class InMargin(Flowable):
    """A line drawn in the top margin just above the frame ('Mẫu số 01'), taking no room from the form."""

    _ZEROSIZE = True

    def __init__(self, para: Paragraph, lift: float = 2.0):
        super().__init__()
        self.para = para
        self.lift = lift

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """No height: the line sits above the frame's top edge."""
        self._avail = availWidth
        return availWidth, 0

    def draw(self) -> None:
        """Draw the paragraph just above this point."""
        self.para.wrapOn(self.canv, self._avail, 100)
        self.para.drawOn(self.canv, 0, self.lift)


class SectionMark(Flowable):
    """Zero-size marker: pages from here on belong to section `key` (each receipt copy is numbered apart)."""

    _ZEROSIZE = True

    def __init__(self, key: object):
        super().__init__()
        self.key = key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """No space."""
        return 0, 0

    def draw(self) -> None:
        """Tag the canvas page."""
        self.canv.desk_section = self.key


@functools.lru_cache(maxsize=64)
def qr_matrix(data: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR modules of `data` (reportlab's encoder, best mask; cached for reprints of the same dossier)."""
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(data)
    qr.make()
    return tuple(tuple(bool(v) for v in row) for row in qr.modules)


# Not QrCodeWidget: it encodes twice per use and builds one validated Rect shape per run of modules (~30 ms a
# code, most of a receipt's time); this draws the same encoder's modules straight onto the canvas.
class QrFlowable(Flowable):
    """A QR code of `data`, size × size points with a 4-module quiet zone, drawn as one filled path."""

    def __init__(self, data: str, size: float, border: int = 4, level: str = "M"):
        super().__init__()
        self.data = data
        self.size = size
        self.border = border
        self.level = level
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Fixed size."""
        return self.size, self.size

    def draw(self) -> None:
        """Fill the dark modules, one rectangle per horizontal run."""
        modules = qr_matrix(self.data, self.level)
        box = self.size / (len(modules) + 2 * self.border)
        path = self.canv.beginPath()
        for r, row in enumerate(modules):
            col = 0
            for dark, run in itertools.groupby(row):
                n = len(list(run))
                if dark:
                    # a hair taller than a module so rows do not show seams when rasterised
                    path.rect((col + self.border) * box, self.size - (r + self.border + 1) * box, n * box, box * 1.02)
                col += n
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def qr_code(data: str, size: float) -> QrFlowable:
    """A QR code of `data` (level M, 4-module quiet zone), size × size points."""
    return QrFlowable(data, size)


# Used instead of layout Tables, which wrap every cell twice (a visible share of a receipt's time). Too tall for
# the space left, it splits into its stacks one after another, so nothing is ever clipped.
class Columns(Flowable):
    """Side-by-side stacks of flowables, each wrapped once."""

    def __init__(self, stacks: Sequence[Sequence[Flowable]], widths: Sequence[float], align_right: Sequence[int] = ()):
        super().__init__()
        self.stacks = [list(s) for s in stacks]
        self.widths = list(widths)
        self.align_right = set(align_right)

    def _stack_height(self, stack: list[Flowable], width: float) -> float:
        """Wrap a stack at `width`; its height with the flowables' spacing."""
        height = 0.0
        for i, f in enumerate(stack):
            _w, h = f.wrap(width, 10_000)
            f._desk_size = (_w, h)
            height += h + (f.getSpaceBefore() if i else 0) + (f.getSpaceAfter() if i < len(stack) - 1 else 0)
        return height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Height of the tallest stack."""
        self.height = max((self._stack_height(s, w) for s, w in zip(self.stacks, self.widths, strict=True)), default=0)
        self.width = availWidth
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Whole on the next page; only a block taller than a fresh page comes apart, one stack after another."""
        if self.wrap(availWidth, availHeight)[1] <= availHeight:
            return [self]
        frame = getattr(self, "_frame", None)
        if frame is not None and not frame._atTop and self.height <= frame._height:
            return []
        return [f for stack in self.stacks for f in stack]

    def draw(self) -> None:
        """Draw each stack from the top of the block down."""
        x = 0.0
        for k, (stack, width) in enumerate(zip(self.stacks, self.widths, strict=True)):
            y = self.height
            for i, f in enumerate(stack):
                fw, fh = f._desk_size
                if i:
                    y -= f.getSpaceBefore()
                y -= fh
                dx = width - fw if k in self.align_right else 0.0
                f.drawOn(self.canv, x + dx, y)
                y -= f.getSpaceAfter()
            x += width


# --- blocks --------------------------------------------------------------------------------------------------

_NO_PAD = [
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]


def plain_style(st: Styles, *extra: tuple[Any, ...]) -> TableStyle:
    """Layout table: no padding, top-aligned, our font (Table's default Helvetica would be referenced unembedded)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), st.fonts.regular, st.size), *_NO_PAD, *extra])


def header(
    st: Styles,
    width: float,
    desk: dict[str, Any],
    *,
    marker: str | None,
    date_line: str | None,
    left_extra: Sequence[Flowable] = (),
    left_share: float | None = None,
) -> list[Flowable]:
    """'Mẫu số' marker, then parent authority over desk name | national motto, each underlined; place-date."""
    motto_w = stringWidth(MOTTO, st.fonts.bold, st.motto.fontSize)
    right_w = motto_w + 8 if left_share is None else width * (1 - left_share)
    left_w = width - right_w
    left: list[Flowable] = []
    parent = upper(desk.get("parent_name"))
    if parent:
        left.append(P(esc(parent), st.head))
    left.append(P(val(upper(desk.get("agency_name"))), st.head_bold))
    left.append(HRule(min(left_w * 0.4, 30 * mm)))
    right: list[Flowable] = [
        P(MOTTO, st.motto),
        P(MOTTO_SUB, st.motto_sub),
        HRule(stringWidth(MOTTO_SUB, st.fonts.bold, st.motto_sub.fontSize)),
    ]
    out: list[Flowable] = []
    if marker:
        out.append(InMargin(P(esc(marker), st.marker)))
    out.append(Columns([left, right], [left_w, right_w]))
    if date_line is not None or left_extra:
        below: list[Flowable] = [P(esc(date_line), st.place_date)] if date_line else []
        out += [Spacer(1, 3), Columns([list(left_extra), below], [left_w, right_w])]
    return out


def title_block(lines: Sequence[Paragraph]) -> list[Flowable]:
    """Centered title lines (title, 'Mã hồ sơ', copy marker) with a little air around them."""
    return [Spacer(1, 5), *lines, Spacer(1, 4)]


def beside_qr(
    st: Styles, flowables: Sequence[Flowable], data: str | None, width: float, size: float = 20 * mm
) -> Flowable:
    """The flowables in a column, with the QR code of `data` at the right (no QR: the flowables as they are)."""
    if not data:
        return Columns([flowables], [width])
    return Columns([flowables, [qr_code(data, size)]], [width - size - 2, size + 2], align_right=[1])


@dataclass(frozen=True)
class Signer:
    """A signature block: title (NGƯỜI NỘP HỒ SƠ…), hint, and the printed name under the space (may be empty)."""

    title: str
    name: str | None = None
    hint: str = "(Ký và ghi rõ họ tên)"


def signatures(
    st: Styles, width: float, blocks: Sequence[Signer | list[Flowable] | None], space: float = 34
) -> Flowable:
    """Blocks side by side (None = empty column); a flowable list (e.g. 'Nơi nhận') goes in as it is."""
    col = width / len(blocks)
    cells: list[list[Flowable]] = []
    for block in blocks:
        if block is None:
            cells.append([])
        elif isinstance(block, Signer):
            cell: list[Flowable] = [P(esc(block.title), st.sign_title)]
            if block.hint:
                cell.append(P(esc(block.hint), st.sign_hint))
            cell.append(Spacer(1, space))
            cell.append(P(esc(block.name), st.sign_name) if block.name else Spacer(1, st.size))
            cells.append(cell)
        else:
            cells.append(block)
    return Columns(cells, [col] * len(blocks))


def grid_style(st: Styles, header_rows: int, extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    """Thin black grid, centered header rows, cells top-aligned with small padding, our font for plain strings."""
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), st.fonts.regular, st.cell.fontSize, st.cell.leading),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


FORM_SUFFIX = {
    "ban_sao_chung_thuc": "bản sao có chứng thực",
    "ban_chup": "bản chụp",
}
COPY_FORMS = {"ban_sao", "ban_sao_chung_thuc", "ban_chup"}


def documents_table(
    st: Styles,
    width: float,
    docs: Sequence[dict[str, Any]],
    *,
    number_header: str = "TT",
    name_header: str = "Tên giấy tờ",
    with_note: bool = False,
    blank_rows: int = 3,
) -> Table:
    """TT | Tên giấy tờ | Số lượng (Bản chính | Bản sao) [| Ghi chú]: quantity in the column of its form."""
    num_w, qty_w = 9.5 * mm, 17.5 * mm
    note_w = 24 * mm if with_note else 0.0
    name_w = width - num_w - 2 * qty_w - note_w
    cols = [num_w, name_w, qty_w, qty_w] + ([note_w] if with_note else [])
    h = st.cell_head
    head1: list[Any] = [P(number_header, h), P(name_header, h), P("Số lượng", h), ""]
    head2: list[Any] = ["", "", P("Bản chính", h), P("Bản sao", h)]
    spans: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (3, 0)),
    ]
    if with_note:
        head1.append(P("Ghi chú", h))
        head2.append("")
        spans.append(("SPAN", (4, 0), (4, 1)))
    rows: list[list[Any]] = [head1, head2]
    for i, doc in enumerate(docs, start=1):
        form = doc.get("form")
        qty = doc.get("quantity")
        shown = "x" if qty is None else count(qty)
        name = val(doc.get("name"))
        if form in FORM_SUFFIX:
            name += f" <i>({FORM_SUFFIX[form]})</i>"
        row: list[Any] = [P(str(i), st.cell_center), P(name, st.cell), "", ""]
        r = len(rows)
        if form == "ban_chinh":
            row[2] = P(shown, st.cell_center)
        elif form in COPY_FORMS:
            row[3] = P(shown, st.cell_center)
        elif form == "xuat_trinh":
            row[2] = P("<i>Xuất trình</i>", st.cell_center)
            spans.append(("SPAN", (2, r), (3, r)))
        if with_note:
            row.append(P(esc(doc.get("note")), st.cell))
        rows.append(row)
    for _ in range(blank_rows if not docs else 0):
        rows.append(["", P(DOTS * 6, st.cell), "", ""] + ([""] if with_note else []))
    return Table(rows, colWidths=cols, repeatRows=2, style=grid_style(st, 2, spans))


# --- pages ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    """PDF document information."""

    title: str
    author: str
    subject: str = ""
    keywords: str = ""


class Slot(Flowable):
    """A reserved line whose text differs per copy ('(Liên 1: Lưu)'): filled in when the page is emitted."""

    def __init__(self, height: float):
        super().__init__()
        self.slot_height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """A full-width line."""
        self._avail = availWidth
        return availWidth, self.slot_height

    def draw(self) -> None:
        """Record where the slot landed, in page coordinates."""
        _a, _b, _c, _d, e, f = self.canv._currentMatrix
        self.canv.desk_slots.append((e, f, self._avail, self.slot_height))


class Overflow(Exception):
    """The layout took more pages than allowed (a probe for shrink-to-fit); carries the page count."""

    def __init__(self, pages: int):
        super().__init__(pages)
        self.pages = pages


Page = dict[str, Any]
Finish = Callable[["PagedCanvas", list[Page]], None]


class PagedCanvas(Canvas):
    """Canvas that holds its laid-out pages until save(), then emits them (numbered, per copy) via `finish`."""

    def __init__(self, *args: Any, finish: Finish | None = None, page_limit: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._finish = finish
        self._page_limit = page_limit
        self._held: list[Page] = []
        self.desk_section: object = None
        self.desk_slots: list[tuple[float, float, float, float]] = []

    def showPage(self) -> None:
        """Hold the page instead of emitting it."""
        self._held.append(dict(self.__dict__))
        self._startPage()
        self.desk_slots = []

    def emit(
        self, page: Page, extra: Callable[[Canvas], None] | None = None, offsets: Sequence[float] = (0.0,)
    ) -> None:
        """Write a held page (its drawing repeated at each x offset), with `extra` drawn on top."""
        self.__dict__.update(page)
        code: list[str] = page["_code"]
        if list(offsets) == [0.0]:
            self._code = list(code)
        else:
            self._code = []
            for dx in offsets:
                self._code += ["q", f"1 0 0 1 {dx:.4f} 0 cm", *code, "Q"]
        self.setFont(self._initialFontName, 8)  # the replayed state may still name the default Helvetica
        if extra is not None:
            extra(self)
        super().showPage()

    def save(self) -> None:
        """Emit the held pages, then write the file."""
        held, self._held = self._held, []
        if self._page_limit is not None and len(held) > self._page_limit:
            raise Overflow(len(held))
        if self._finish is not None:
            self._finish(self, held)
        else:
            for page in held:
                self.emit(page)
        super().save()


def draw_text(canv: Canvas, text: str, x: float, width: float, top: float, style: ParagraphStyle) -> None:
    """A Paragraph of markup wrapped in [x, x+width], hanging from `top`."""
    para = Paragraph(text, style)
    _w, h = para.wrapOn(canv, width, 200)
    para.drawOn(canv, x, top - h)


def numbered(st: Styles, margins: Margins, page_w: float, *, prefix: str = "", always: bool = False) -> Finish:
    """Emit pages with '<prefix> — Trang x/y' counted within each section; only when >1 page unless always."""

    def finish(canv: PagedCanvas, pages: list[Page]) -> None:
        totals = Counter(page["desk_section"] for page in pages)
        seen: Counter[object] = Counter()
        for page in pages:
            section = page["desk_section"]
            seen[section] += 1
            if totals[section] < 2 and not always:
                canv.emit(page)
                continue
            text = f"Trang {seen[section]}/{totals[section]}"
            text = f"{prefix} — {text}" if prefix else text

            def footer(c: Canvas, text: str = text) -> None:
                draw_text(c, text, margins.left, page_w - margins.left - margins.right, margins.bottom - 3, st.footer)

            canv.emit(page, footer)

    return finish


def replicate(
    st: Styles,
    margins: Margins,
    markers: Sequence[str],
    *,
    prefix: str = "",
    side_by_side: float | None = None,
    page_w: float,
    origin: float = 0.0,
) -> Finish:
    """Emit one laid-out copy once per (plain-text) marker: in turn, or side by side `side_by_side` apart (A4).

    The copies differ only by the marker line, so the layout is done once and its drawing replayed.
    """

    def finish(canv: PagedCanvas, pages: list[Page]) -> None:
        total = len(pages)
        width = page_w - margins.left - margins.right

        def overlay(c: Canvas, page: Page, marker: str, dx: float, number: int) -> None:
            for x, y, w, h in page["desk_slots"]:
                draw_text(c, f"<i>{esc(marker)}</i>", x + dx, w, y + h, st.body_center)
            if total > 1:  # loose sheets must still say which dossier and which copy they belong to
                text = " — ".join(t for t in (prefix, esc(marker), f"Trang {number}/{total}") if t)
                draw_text(c, text, origin + dx + margins.left, width, margins.bottom - 3, st.footer)

        if side_by_side is None:
            for marker in markers:
                for number, page in enumerate(pages, start=1):
                    canv.emit(page, lambda c, p=page, m=marker, n=number: overlay(c, p, m, 0.0, n))
            return
        offsets = [k * side_by_side for k in range(len(markers))]

        def sheet(c: Canvas, page: Page, number: int) -> None:
            for marker, dx in zip(markers, offsets, strict=True):
                overlay(c, page, marker, dx, number)
            c.saveState()
            c.setLineWidth(0.5)
            c.setDash([4, 3], 0)
            c.setStrokeColor(colors.grey)
            for dx in offsets[1:]:
                c.line(dx, 4 * mm, dx, c._pagesize[1] - 4 * mm)
            c.restoreState()

        for number, page in enumerate(pages, start=1):
            canv.emit(page, lambda c, p=page, n=number: sheet(c, p, n), offsets)

    return finish


def st_font_regular() -> str:
    """The registered regular face, the canvas's initial font, so no unembedded Helvetica is referenced."""
    return serif_family().regular


def build_document(
    page_size: tuple[float, float],
    frame_box: tuple[float, float, float, float],
    sections: Sequence[list[Flowable]],
    meta: Meta,
    finish: Finish | None,
    *,
    page_limit: int | None = None,
) -> bytes:
    """Flow each section from a fresh page in the frame (x, y, w, h); `finish` emits the pages. Compressed PDF.

    With page_limit, raises Overflow (before writing any PDF) when the layout takes more pages than that.
    """
    buf = io.BytesIO()
    x, y, w, h = frame_box
    doc = BaseDocTemplate(
        buf,
        pagesize=page_size,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=meta.keywords,
        creator=CREATOR,
        pageCompression=1,
        lang="vi-VN",
        initialFontName=st_font_regular(),
    )
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story: list[Flowable] = []
    for i, section in enumerate(sections):
        if i:
            story.append(PageBreak())
        story.append(SectionMark(i))
        story.extend(section)
    doc.build(story, canvasmaker=functools.partial(PagedCanvas, finish=finish, page_limit=page_limit))
    return buf.getvalue()


def page_frame(paper: str, margins: Margins) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """Page size and frame box (x, y, w, h) of a paper with margins."""
    page_w, page_h = PAPER[paper]
    box = (margins.left, margins.bottom, page_w - margins.left - margins.right, page_h - margins.top - margins.bottom)
    return (page_w, page_h), box


def imposed_frame(margins: Margins) -> tuple[tuple[float, float], tuple[float, float, float, float], float, float]:
    """A4 landscape sheet, the frame of an A5 copy centered in its left half, that A5's left edge, the half width."""
    sheet_w, sheet_h = landscape(A4)
    half = sheet_w / 2
    a5_w, a5_h = A5
    inset = (half - a5_w) / 2
    box = (
        inset + margins.left,
        margins.bottom,
        a5_w - margins.left - margins.right,
        a5_h - margins.top - margins.bottom,
    )
    return (sheet_w, sheet_h), box, inset, half
