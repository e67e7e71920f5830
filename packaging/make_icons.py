"""Render resources/icons/desk.svg to the icons packaging needs (run by hand when the SVG changes; outputs are
committed so that neither CI nor the Windows build needs Qt's SVG module or Pillow):

- packaging/icons/desk.png (256×256): the AppImage icon and .DirIcon, the hicolor icon;
- packaging/icons/desk.ico (16, 24, 32, 48, 64, 256, PNG-compressed entries): the Windows executables, the MSI's
  Add/Remove Programs icon and the Start-menu shortcut.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE.parent / "resources" / "icons" / "desk.svg"
SIZES = (16, 24, 32, 48, 64, 256)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (valid since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, payload = b"", b""
    for size, png in sorted(images.items()):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    out = HERE / "icons"
    out.mkdir(exist_ok=True)
    images = {size: render_png(size) for size in SIZES}
    (out / "desk.png").write_bytes(images[256])
    (out / "desk.ico").write_bytes(ico(images))
    print(f"wrote {out / 'desk.png'} and {out / 'desk.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
