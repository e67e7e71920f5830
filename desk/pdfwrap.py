"""Scanned pages wrapped into one PDF without re-encoding them (what img2pdf does for JPEG and G4 pages).

Each page is a gray JPEG (``/DCTDecode``) or a bilevel CCITT Group 4 stream (``/CCITTFaxDecode``); its bytes go into
the PDF as they are, sized from its pixels and resolution, so wrapping costs no quality and almost no time. img2pdf itself would do the same, but its current
release imports ``PIL.ImageCms`` at start and pulls pikepdf and lxml (about 30 MB) into the installer, which is 2 MB
below its budget (packaging/bundle.py); the part of it the desk needs fits in this module.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

PDF_HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


@dataclass(frozen=True)
class JpegPage:
    """One page as a JPEG stream with the facts the PDF needs."""

    data: bytes
    width: int  # pixels
    height: int
    dpi: float
    components: int  # 1 gray, 3 colour


@dataclass(frozen=True)
class G4Page:
    """One bilevel page as a CCITT Group 4 stream (what a one-strip G4 TIFF holds)."""

    data: bytes
    width: int
    height: int
    dpi: float
    black_is_1: bool


def g4_from_tiff(tiff: bytes, dpi: float) -> G4Page:
    """The G4 stream of a one-strip TIFF, copied out as it is (bits reversed when the TIFF stores them the other
    way round), and how its bits read (the TIFF's photometric interpretation)."""
    with Image.open(io.BytesIO(tiff)) as im:
        tags = im.tag_v2
        if im.info.get("compression") != "group4" or len(tags[273]) != 1 or len(tags[279]) != 1:
            raise ValueError("not a one-strip group 4 TIFF")
        offset, length = tags[273][0], tags[279][0]
        photometric = tags.get(262, 0)
        fill_order = tags.get(266, 1)
        width, height = im.width, im.height
    data = tiff[offset : offset + length]
    if fill_order == 2:
        data = data.translate(_REVERSED_BITS)
    if photometric not in (0, 1):
        raise ValueError(f"unsupported photometric interpretation {photometric}")
    return G4Page(data, width, height, dpi, black_is_1=photometric == 1)


_REVERSED_BITS = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))


def jpeg_page(data: bytes, dpi: float) -> JpegPage:
    """The facts of a JPEG stream (read from its header only; the pixels are not decoded)."""
    with Image.open(io.BytesIO(data)) as im:
        if im.format != "JPEG":
            raise ValueError("not a JPEG stream")
        components = {"L": 1, "RGB": 3, "CMYK": 4}.get(im.mode)
        if components is None:
            raise ValueError(f"unsupported JPEG mode {im.mode}")
        return JpegPage(data, im.width, im.height, dpi, components)


def _image_object(page: JpegPage | G4Page) -> bytes:
    if isinstance(page, G4Page):
        head = (
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1"
            b" /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns %d /Rows %d /BlackIs1 %s >> /Length %d >>"
            % (page.width, page.height, page.width, page.height, b"true" if page.black_is_1 else b"false",
               len(page.data))
        )  # fmt: skip
    else:
        colour = {1: b"/DeviceGray", 3: b"/DeviceRGB", 4: b"/DeviceCMYK"}[page.components]
        head = (
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8"
            b" /Filter /DCTDecode /Length %d >>" % (page.width, page.height, colour, len(page.data))
        )
    return head + b"\nstream\n" + page.data + b"\nendstream"


def wrap(pages: list[JpegPage | G4Page], *, title: str | None = None) -> bytes:
    """A PDF with one page per image, each page the size of its image at its resolution."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the pages are known
    tree = add(b"")
    kids = []
    for page in pages:
        image = add(_image_object(page))
        w = page.width * 72.0 / page.dpi
        h = page.height * 72.0 / page.dpi
        draw = b"q %.4f 0 0 %.4f 0 0 cm /Im0 Do Q" % (w, h)
        content = add(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.4f %.4f] /Resources << /XObject << /Im0 %d 0 R >> >>"
                b" /Contents %d 0 R >>" % (tree, w, h, image, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = None
    if title:
        info = add(b"<< /Title <%s> /Producer (desk) >>" % ("\ufeff" + title).encode("utf-16-be").hex().encode())
    out = io.BytesIO()
    out.write(PDF_HEADER)
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info is not None:
        trailer += b" /Info %d 0 R" % info
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()
