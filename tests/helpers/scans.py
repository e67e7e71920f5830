"""Scans for the tests: a real SANE ``test`` device (sane-utils), and documents made in memory."""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import pytest

MARK = "NGUYENVANMAUSCAN"  # a word printed on the test pages: it must never be found in clear on the disk


def sane_config(tmp_path: Path) -> Path:
    """A private SANE configuration that enables the ``test`` backend only (Debian ships it disabled)."""
    folder = tmp_path / "sane.d"
    folder.mkdir(exist_ok=True)
    (folder / "dll.conf").write_text("test\n", encoding="ascii")
    return folder


@pytest.fixture
def sane_test_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The SANE test scanner ``test:0`` (skipped with the reason when scanimage is missing)."""
    if shutil.which("scanimage") is None:
        pytest.skip("scanimage (sane-utils) không có: scripts/bootstrap --dev cài nó")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(sane_config(tmp_path)))
    return "test:0"


def text_pdf(pages: int = 3, *, mark: str = MARK, seed: int = 1) -> bytes:
    """A typed A4 document of ``pages`` pages (reportlab), with ``mark`` on each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(pages):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(60, 800, f"{mark} trang {n + 1}")
        c.setFont("Helvetica", 11)
        y = 770
        while y > 60:
            words = (
                "".join(rng.choice("abcdefghiklmnopqrstuvxy") for _ in range(rng.randint(2, 8))) for _ in range(11)
            )
            c.drawString(60, y, " ".join(words))
            y -= 16
        c.showPage()
    c.save()
    return buf.getvalue()


def photo_jpeg(width: int = 1000, height: int = 630) -> bytes:
    """A photograph-like image (an ID card's size at 300 dpi): smooth gradients and noise, as JPEG."""
    from PIL import Image

    rng = random.Random(7)
    im = Image.new("RGB", (width, height))
    px = im.load()
    for y in range(height):
        for x in range(0, width):
            v = (x * 255 // width + y * 128 // height + rng.randint(0, 40)) % 256
            px[x, y] = (v, (v * 3) % 256, 255 - v)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85, dpi=(300, 300))
    return out.getvalue()
