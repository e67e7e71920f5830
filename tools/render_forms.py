"""Render every form of both sets, for the ordinary and the stress dossiers (printing.samples.render_jobs), to PDF and
to PNG, and write a contact sheet of every page to look at side by side.

Usage: python tools/render_forms.py [OUT_DIR] [--dpi 100] [--only SUBSTRING]   (default out/forms/)
Writes OUT_DIR/<stem>.pdf, OUT_DIR/<stem>-<page>.png and OUT_DIR/contact-sheet.png.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from printing import write_atomic  # noqa: E402
from printing.samples import render_jobs  # noqa: E402

THUMB_HEIGHT = 360  # px of each page on the contact sheet
COLUMNS = 8


def pages_png(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Each page of a PDF as an image (pypdfium2, the renderer pdfplumber uses)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def _font(size: int) -> ImageFont.ImageFont:
    from printing.fonts import serif_family

    try:
        return ImageFont.truetype(str(serif_family().files[0]), size)
    except Exception:  # a label font only: the default bitmap font does
        return ImageFont.load_default()


def contact_sheet(items: list[tuple[str, Image.Image]], target: Path) -> None:
    """Thumbnails of every page with its file stem and page number, COLUMNS a row."""
    thumbs = []
    for label, image in items:
        scale = THUMB_HEIGHT / image.height
        thumbs.append((label, image.resize((max(1, round(image.width * scale)), THUMB_HEIGHT), Image.LANCZOS)))
    cell_w = max(t.width for _l, t in thumbs) + 16
    cell_h = THUMB_HEIGHT + 34
    rows = (len(thumbs) + COLUMNS - 1) // COLUMNS
    sheet = Image.new("RGB", (cell_w * COLUMNS, cell_h * rows), "#d9d9d9")
    draw = ImageDraw.Draw(sheet)
    font = _font(13)
    for k, (label, thumb) in enumerate(thumbs):
        x, y = (k % COLUMNS) * cell_w + 8, (k // COLUMNS) * cell_h + 6
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline="#777777")
        draw.text((x, y + THUMB_HEIGHT + 4), label, fill="black", font=font)
    tmp = target.with_name(target.name + ".part")
    sheet.save(tmp, format="PNG")
    tmp.replace(target)


def main(argv: list[str] | None = None) -> int:
    """Write the PDFs, the PNGs and the contact sheet; print one line per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "out" / "forms"))
    parser.add_argument("--dpi", type=int, default=100)
    parser.add_argument("--only", help="only the jobs whose name contains this")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    items: list[tuple[str, Image.Image]] = []
    for stem, build in render_jobs():
        if args.only and args.only not in stem:
            continue
        pdf = build()
        write_atomic(out / f"{stem}.pdf", pdf)
        for old in out.glob(f"{stem}-*.png"):
            if old.stem[len(stem) + 1 :].isdigit():
                old.unlink()
        images = pages_png(pdf, args.dpi)
        for n, image in enumerate(images, start=1):
            image.save(out / f"{stem}-{n}.png")
            items.append((f"{stem} {n}/{len(images)}", image))
        print(f"{out / stem}.pdf  → {len(images)} PNG")
    if items:
        contact_sheet(items, out / "contact-sheet.png")
        print(out / "contact-sheet.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
