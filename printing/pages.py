"""Page assembly: a story flowed into a frame, its pages held, then emitted numbered or once per copy (side by side
on an A4 sheet)."""

from __future__ import annotations

import functools
import io
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph

from printing.flowables import SectionMark
from printing.styles import CREATOR, PAPER, Margins, Styles, esc, st_font_regular


@dataclass(frozen=True)
class Meta:
    """PDF document information."""

    title: str
    author: str
    subject: str = ""
    keywords: str = ""


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


@dataclass(frozen=True)
class Continuation:
    """What heads every page after a section's first: its height (taken from the top of the frame) and the drawing
    (a form's title «(tiếp theo)», the code, the applicant, the appointment), so a loose sheet still says whose it is."""

    height: float
    draw: Callable[[Canvas, float, float, float], None]  # (canvas, x, top, width)


def build_document(
    page_size: tuple[float, float],
    frame_box: tuple[float, float, float, float],
    sections: Sequence[list[Flowable]],
    meta: Meta,
    finish: Finish | None,
    *,
    page_limit: int | None = None,
    later: Continuation | None = None,
) -> bytes:
    """Flow each section from a fresh page in the frame (x, y, w, h); `finish` emits the pages. Compressed PDF.

    With page_limit, raises Overflow (before writing any PDF) when the layout takes more pages than that. With
    `later`, every page after a section's first starts with that continuation heading.
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
    templates = [PageTemplate(id="page", frames=[frame])]
    if later is not None:
        rest = Frame(x, y, w, h - later.height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                     id="later")  # fmt: skip
        templates.append(PageTemplate(id="later", frames=[rest], onPage=lambda c, _d: later.draw(c, x, y + h, w)))
    doc.addPageTemplates(templates)
    story: list[Flowable] = []
    for i, section in enumerate(sections):
        if i:
            story += [NextPageTemplate("page"), PageBreak()] if later is not None else [PageBreak()]
        story.append(SectionMark(i))
        if later is not None:
            story.append(NextPageTemplate("later"))
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
