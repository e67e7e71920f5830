"""Type and text of the printed forms: paper and margins, user text made safe for markup, paragraph and table styles."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, TableStyle

from desk.text import nfc
from printing.fonts import SerifFamily, serif_family
from printing.vnformat import DOTS

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


SLIP_MARGINS = Margins(left=12 * mm, right=10 * mm, top=7 * mm, bottom=6 * mm)
# A slip that runs onto several sheets keeps room under the frame for its footer (code, copy, «Trang x/y»).
FLOW_MARGINS = Margins(left=12 * mm, right=10 * mm, top=7 * mm, bottom=11 * mm)
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
    hanging: ParagraphStyle  # «- reason» lines: wrapped lines start under the text, not under the dash
    footer: ParagraphStyle


@functools.cache
def _styles(fonts: SerifFamily, size: float, cell_size: float) -> Styles:
    """Build the styles for a family; cached because ParagraphStyle creation shows in the warm profile."""
    lead = round(size * 1.15, 2)
    base = ParagraphStyle("desk-body", fontName=fonts.regular, fontSize=size, leading=lead, alignment=TA_LEFT)

    def st(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(f"desk-{name}", parent=base, **kw)

    head_size = size - 1
    cell_lead = round(cell_size * 1.12, 2)
    return Styles(
        fonts=fonts,
        size=size,
        body=base,
        body_just=st("just", alignment=TA_JUSTIFY),
        body_indent=st("indent", alignment=TA_JUSTIFY, firstLineIndent=18, spaceBefore=1.5),
        body_center=st("center", alignment=TA_CENTER),
        item=st("item", spaceBefore=0.5),
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
        sign_hint=st("sign-hint", fontName=fonts.italic, fontSize=size - 1, leading=size, alignment=TA_CENTER),
        sign_name=st("sign-name", fontName=fonts.bold, alignment=TA_CENTER),
        note=st("note", fontSize=size - 2, leading=size - 1, alignment=TA_JUSTIFY),
        hanging=st("hanging", spaceBefore=1, leftIndent=9, firstLineIndent=-9),
        footer=st("footer", fontName=fonts.italic, fontSize=8, leading=10, alignment=TA_CENTER),
    )


SLIP_SIZES = (10.0, 9.5, 9.0)  # body sizes tried in turn to keep a slip that just overflows on one sheet


def slip_styles(size: float = SLIP_SIZES[0]) -> Styles:
    """Styles of the A5 slips (10 pt body and 9 pt tables by default)."""
    return _styles(serif_family(), size, size - 1)


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


def st_font_regular() -> str:
    """The registered regular face, the canvas's initial font, so no unembedded Helvetica is referenced."""
    return serif_family().regular


# --- table styles --------------------------------------------------------------------------------------------

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
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            *extra,
        ]
    )
