"""The pieces a form's story is made of: rules, QR codes, side-by-side columns, the two-column header,
signatures, the documents table, the per-copy slot."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from printing.styles import MOTTO, MOTTO_SUB, P, Styles, esc, grid_style, upper, val
from printing.vnformat import DOTS, count

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
    left_w = width - right_w - HEADER_GUTTER  # the names never run up against the Quốc hiệu
    left: list[Flowable] = []
    parent = upper(desk.get("parent_name"))
    if parent:
        left.append(P(kept_together(parent), st.head))
    agency = upper(desk.get("agency_name"))
    left.append(P(kept_together(agency) if agency else val(None), st.head_bold))
    left.append(HRule(min(left_w * 0.4, 30 * mm)))
    right: list[Flowable] = [
        P(MOTTO, st.motto),
        P(MOTTO_SUB, st.motto_sub),
        HRule(stringWidth(MOTTO_SUB, st.fonts.bold, st.motto_sub.fontSize)),
    ]
    out: list[Flowable] = []
    if marker:
        out.append(InMargin(P(esc(marker), st.marker)))
    out.append(Columns([left, [], right], [left_w, HEADER_GUTTER, right_w]))
    if date_line is not None or left_extra:
        below: list[Flowable] = [P(esc(date_line), st.place_date)] if date_line else []
        out += [Spacer(1, 3), Columns([list(left_extra), [], below], [left_w, HEADER_GUTTER, right_w])]
    return out


HEADER_GUTTER = 6.0
# Where a name of the header may not break: a locality («XÃ TÂN PHÚ») and «HÀNH CHÍNH CÔNG» stay on one line.
_LOCALITY = re.compile(r"\b(XÃ|PHƯỜNG|ĐẶC KHU|THỊ TRẤN|HUYỆN|QUẬN|THỊ XÃ|THÀNH PHỐ|TỈNH) (\S.*)$")
_PHRASES = ("HÀNH CHÍNH CÔNG", "MỘT CỬA", "ỦY BAN NHÂN DÂN", "TRẢ KẾT QUẢ")


def kept_together(name: str) -> str:
    """An upper-case name escaped for markup, with the spaces inside its locality and its fixed phrases made
    non-breaking: «TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG / XÃ TÂN PHÚ», never «… CÔNG XÃ / TÂN PHÚ»."""
    text = esc(name)
    for phrase in _PHRASES:
        text = text.replace(phrase, phrase.replace(" ", "\u00a0"))
    return _LOCALITY.sub(lambda m: (m.group(1) + " " + m.group(2)).replace(" ", "\u00a0"), text)


def title_block(lines: Sequence[Paragraph]) -> list[Flowable]:
    """Centered title lines (title, 'Mã hồ sơ', copy marker) with a little air around them."""
    return [Spacer(1, 3), *lines, Spacer(1, 2)]


def beside_qr(
    st: Styles, flowables: Sequence[Flowable], data: str | None, width: float, size: float = 16 * mm
) -> Flowable:
    """The flowables in a column, with the QR code of `data` at the right (no QR: the flowables as they are)."""
    if not data:
        return Columns([flowables], [width])
    return Columns([flowables, [qr_code(data, size)]], [width - size - 2, size + 2], align_right=[1])


@dataclass(frozen=True)
class Signer:
    """A signature block: title (NGƯỜI NỘP HỒ SƠ…; a line break between the authority and the title of a letter's
    signer), hint, the space to sign (and stamp), and the printed name under it (may be empty)."""

    title: str
    name: str | None = None
    hint: str = "(Ký và ghi rõ họ tên)"
    space: float | None = None


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
            cell.append(Spacer(1, block.space if block.space is not None else space))
            cell.append(P(esc(block.name), st.sign_name) if block.name else Spacer(1, st.size))
            cells.append(cell)
        else:
            cells.append(block)
    return Columns(cells, [col] * len(blocks))


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
    num_w, qty_w = 8 * mm, 12.5 * mm  # narrow quantity columns leave the names room (they are long in catalogs)
    note_w = 24 * mm if with_note else 0.0
    name_w = width - num_w - 2 * qty_w - note_w
    cols = [num_w, name_w, qty_w, qty_w] + ([note_w] if with_note else [])
    h = st.cell_head
    qty_head = _qty_head(h)
    head1: list[Any] = [P(number_header, h), P(name_header, h), P("Số lượng", h), ""]
    head2: list[Any] = ["", "", P("Bản chính", qty_head), P("Bản sao", qty_head)]
    spans: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (3, 0)),
        ("LEFTPADDING", (2, 1), (3, 1), 1),  # «Bản chính» on one line of its narrow column
        ("RIGHTPADDING", (2, 1), (3, 1), 1),
        ("LEFTPADDING", (0, 0), (0, -1), 1.5),  # and «STT» on one line of its own
        ("RIGHTPADDING", (0, 0), (0, -1), 1.5),
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
        elif qty is not None:  # the catalog does not say original or copy: the quantity stands across both
            row[2] = P(shown, st.cell_center)
            spans.append(("SPAN", (2, r), (3, r)))
        if with_note:
            row.append(P(esc(doc.get("note")), st.cell))
        rows.append(row)
    for _ in range(blank_rows if not docs else 0):
        rows.append(["", P(DOTS * 6, st.cell), "", ""] + ([""] if with_note else []))
    return Table(rows, colWidths=cols, repeatRows=2, style=grid_style(st, 2, spans))


@functools.cache
def _qty_head(head: ParagraphStyle) -> ParagraphStyle:
    """The quantity columns' headings, a little smaller than the others."""
    return ParagraphStyle(f"{head.name}-qty", parent=head, fontSize=min(head.fontSize, 7.5), leading=9)


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
