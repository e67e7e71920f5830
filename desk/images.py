"""Pages of a digitised document, in memory: from the scanner, from imported files (PDF, JPEG, PNG), rotated,
reordered, deleted, and wrapped into the document's one PDF.

Every page becomes a gray JPEG at 200 dpi (Circular 01/2023/TT-VPCP asks for 200 dpi; gray keeps stamps and
signatures legible), about 60–120 KB for a typed A4 page. An imported PDF is rasterised page by page (its text,
scripts and attachments do not come along: the stored copy is an image of what the citizen handed in). Nothing here
touches the disk.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, replace

from PIL import Image, ImageOps, UnidentifiedImageError

from desk import pdfwrap
from desk.errors import InvalidInput

DPI = 200
JPEG_QUALITY = 55
MAX_FILE_BYTES = 50 * 1024 * 1024  # one imported file
MAX_PAGES = 100  # one document
MAX_PIXELS = 60_000_000  # one page (A0 at 200 dpi is 46 Mpx): more is a decompression bomb, not a document
KINDS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}
PAGE_TARGET_BYTES = 150 * 1024  # one A4 text page (issue 19)
A4_PIXELS = round(210 / 25.4 * DPI) * round(297 / 25.4 * DPI)
TEXT_MIDTONES = 0.15  # a page with fewer mid-gray pixels than this is ink on paper, not a photograph


@dataclass(frozen=True)
class Page:
    """One page, encoded: a gray JPEG, or (text) a bilevel CCITT G4 image in a one-strip TIFF; its resolution and
    the quarter turns to apply to it (clockwise) when the PDF is built."""

    data: bytes
    codec: str  # "jpeg" | "g4"
    width: int
    height: int
    dpi: float = DPI
    rotation: int = 0  # 0, 90, 180, 270

    def rotated(self, quarter_turns: int = 1) -> Page:
        return replace(self, rotation=(self.rotation + 90 * quarter_turns) % 360)

    @property
    def size(self) -> int:
        return len(self.data)


def kind_of(data: bytes) -> str | None:
    """What a file is, from its first bytes (never from its name): pdf, jpeg, png, or None."""
    head = data[:1024]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if b"%PDF-" in head:
        return "pdf"
    return None


def _otsu(histogram: list[int]) -> int:
    """The gray level that best splits ink from paper (Otsu's method on a 256-bin histogram)."""
    total = sum(histogram)
    sum_all = sum(i * h for i, h in enumerate(histogram))
    best, best_var, w_b, sum_b = 128, -1.0, 0, 0.0
    for t in range(256):
        w_b += histogram[t]
        if w_b == 0:
            continue
        w_f = total - w_b
        if w_f == 0:
            break
        sum_b += t * histogram[t]
        m_b, m_f = sum_b / w_b, (sum_all - sum_b) / w_f
        var = w_b * w_f * (m_b - m_f) ** 2
        if var > best_var:
            best, best_var = t, var
    return best


def _jpeg(im: Image.Image, dpi: float, quality: int = JPEG_QUALITY) -> Page:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality, optimize=True, dpi=(round(dpi), round(dpi)))
    return Page(out.getvalue(), "jpeg", im.width, im.height, float(dpi))


def _g4(im: Image.Image, dpi: float, threshold: int) -> Page:
    bilevel = im.point(lambda v: 255 if v > threshold else 0).convert("1")
    out = io.BytesIO()
    # One strip (rows per strip = the height): the G4 stream is then copied into the PDF as it is.
    bilevel.save(out, "TIFF", compression="group4", dpi=(round(dpi), round(dpi)), tiffinfo={278: im.height})
    return Page(out.getvalue(), "g4", im.width, im.height, float(dpi))


def _is_text(im: Image.Image) -> tuple[bool, int]:
    """Whether a page is ink on paper (few mid-tones: typed or written text, stamps, tables), and where to cut."""
    histogram = im.histogram()
    mid = sum(histogram[64:192]) / max(1, im.width * im.height)
    return mid < TEXT_MIDTONES, _otsu(histogram)


def _encode(im: Image.Image, dpi: float) -> Page:
    """A page from a decoded image: gray, scaled down to 200 dpi when finer; a text page (few mid-tones) bilevel
    CCITT G4, which keeps text sharp at a tenth of a gray JPEG's size; anything else (an ID card, a photo) a gray
    JPEG."""
    im = ImageOps.exif_transpose(im) if im.format == "JPEG" else im
    if im.mode not in ("L",):
        if im.mode in ("RGBA", "LA", "P", "PA"):
            base = Image.new("RGBA", im.size, (255, 255, 255, 255))
            base.alpha_composite(im.convert("RGBA"))
            im = base
        im = im.convert("L")
    if dpi > DPI * 1.05:
        factor = DPI / dpi
        im = im.resize((max(1, round(im.width * factor)), max(1, round(im.height * factor))), Image.Resampling.LANCZOS)
        dpi = DPI
    text, threshold = _is_text(im)
    if text:  # ink on paper: bilevel keeps it sharp at a fraction of a gray JPEG's size
        return _g4(im, dpi, threshold)
    return _jpeg(im, dpi)


def _open(data: bytes, what: str) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        im = Image.open(io.BytesIO(data))
        if im.width * im.height > MAX_PIXELS:
            raise InvalidInput(f"{what}: ảnh quá lớn ({im.width}×{im.height} điểm ảnh).", field="file")
        im.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise InvalidInput(
            f"{what}: không đọc được ảnh (tệp hỏng hoặc không đúng định dạng). Quét lại, hoặc lưu lại thành JPEG/PNG.",
            field="file",
        ) from None
    return im


def _dpi_of(im: Image.Image, default: float) -> float:
    value = im.info.get("dpi")
    try:
        x = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    return x if 50 <= x <= 1200 else default


def from_scan(data: bytes, dpi: float = DPI) -> Page:
    """A page from the scanner's bytes (PNM from SANE, PNG/BMP from WIA)."""
    im = _open(data, "Trang quét")
    return _encode(im, dpi)


def from_image(data: bytes, what: str = "Tệp ảnh") -> Page:
    """A page from a JPEG or PNG file (its resolution from the file, 200 dpi when it says none)."""
    im = _open(data, what)
    return _encode(im, _dpi_of(im, DPI))


def from_pdf(data: bytes, what: str = "Tệp PDF", *, limit: int = MAX_PAGES) -> list[Page]:
    """Every page of a PDF, rasterised at 200 dpi in gray."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise InvalidInput(
            f"{what}: không đọc được PDF (tệp hỏng, hoặc có mật khẩu). Mở tệp bằng trình đọc PDF, lưu lại rồi thử lại.",
            field="file",
        ) from None
    try:
        count = len(pdf)
        if count == 0:
            raise InvalidInput(f"{what}: PDF không có trang nào.", field="file")
        if count > limit:
            raise InvalidInput(
                f"{what}: {count} trang, quá {limit} trang của một giấy tờ. Tách thành nhiều tệp.", field="file"
            )
        pages = []
        for i in range(count):
            page = pdf[i]
            try:
                w, h = page.get_size()
                if (w / 72 * DPI) * (h / 72 * DPI) > MAX_PIXELS:
                    raise InvalidInput(f"{what}: trang {i + 1} quá lớn ({w / 72 * 25.4:.0f} mm).", field="file")
                bitmap = page.render(scale=DPI / 72, grayscale=True)
                pages.append(_encode(bitmap.to_pil(), DPI))
            finally:
                page.close()
        return pages
    finally:
        pdf.close()


def from_file(data: bytes, what: str = "Tệp") -> list[Page]:
    """The pages of an imported file: PDF (every page), JPEG or PNG (one page); refused in the clerk's words."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            f"{what}: {len(data) / 1e6:.1f} MB, quá {MAX_FILE_BYTES // (1024 * 1024)} MB. Quét lại ở 200 dpi, hoặc tách "
            "tệp.",
            field="file",
        )
    if not data:
        raise InvalidInput(f"{what}: tệp rỗng.", field="file")
    kind = kind_of(data)
    if kind is None:
        raise InvalidInput(
            f"{what}: không phải tệp PDF, JPEG hay PNG. Chỉ nhận bản quét dạng PDF, JPEG hoặc PNG.", field="file"
        )
    if kind == "pdf":
        return from_pdf(data, what)
    return [from_image(data, what)]


_TURN = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


def upright(page: Page) -> Page:
    """The page with its turns applied to the image (re-encoded only when turned)."""
    if page.rotation % 360 == 0:
        return page
    with Image.open(io.BytesIO(page.data)) as im:
        turned = im.transpose(_TURN[page.rotation % 360])
    if page.codec == "g4":
        out = io.BytesIO()
        turned.save(out, "TIFF", compression="group4", dpi=(round(page.dpi), round(page.dpi)),
                    tiffinfo={278: turned.height})  # fmt: skip
        return Page(out.getvalue(), "g4", turned.width, turned.height, page.dpi)
    return _jpeg(turned, page.dpi)


def _wrappable(page: Page) -> pdfwrap.JpegPage | pdfwrap.G4Page:
    page = upright(page)
    if page.codec == "jpeg":
        return pdfwrap.JpegPage(page.data, page.width, page.height, page.dpi, 1)
    return pdfwrap.g4_from_tiff(page.data, page.dpi)


def pixels(page: Page, max_side: int = 0) -> tuple[int, int, bytes]:
    """A page as gray pixels (width, height, 8-bit rows), turned as asked and scaled to ``max_side``, for a
    preview in memory."""
    with Image.open(io.BytesIO(page.data)) as im:
        if max_side and page.codec == "jpeg":
            im.draft("L", (max_side, max_side))  # decode at a fraction of the size: fast thumbnails
        im = im.convert("L")
        if page.rotation % 360:
            im = im.transpose(_TURN[page.rotation % 360])
        if max_side and max(im.size) > max_side:
            im.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
        return im.width, im.height, im.tobytes()


def build_pdf(pages: Iterable[Page]) -> bytes:
    """The document's PDF: one page per image, in order, turned as asked, the JPEGs wrapped as they are."""
    pages = list(pages)
    if not pages:
        raise InvalidInput("Chưa có trang nào: quét hoặc nhập tệp trước.", field="pages")
    if len(pages) > MAX_PAGES:
        raise InvalidInput(f"{len(pages)} trang: một giấy tờ tối đa {MAX_PAGES} trang.", field="pages")
    return pdfwrap.wrap([_wrappable(p) for p in pages])


def render(pdf: bytes, *, dpi: float = 100, first: int = 0, limit: int = MAX_PAGES) -> list[tuple[int, int, bytes]]:
    """Pages of a PDF as gray pixels in memory (width, height, 8-bit rows), for a preview (never a file)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(first, min(len(doc), first + limit)):
            page = doc[i]
            try:
                im = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            finally:
                page.close()
            out.append((im.width, im.height, im.tobytes()))
        return out
    finally:
        doc.close()


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()
