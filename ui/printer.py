"""PDF to screen and paper: pypdfium2 rasterises the pages (in the pdf worker), QPainter puts them on a QPrinter."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk import paths
from ui.qt import QImage, QPageLayout, QPageSize, QPainter, QPrinter, QPrinterInfo, QRectF, QSizeF

PAPER_A5 = "a5"
PAPER_TWO_ON_A4 = "a4x2"
PDF_FILE = "__pdf_file__"  # the "printer" that writes a PDF file (tests, PCs without a printer)


@dataclass
class PrintTarget:
    """Where a print goes: a printer by name (None = the system default) or a PDF file."""

    printer: str | None = None
    file: Path | None = None
    paper: str = PAPER_A5


def printer_names() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def default_printer() -> str | None:
    name = QPrinterInfo.defaultPrinterName()
    return name or None


def render_pages(pdf: bytes, dpi: float, max_pages: int = 20) -> list[QImage]:
    """Rasterise the pages of a PDF at ``dpi`` (pypdfium2; safe outside the GUI thread)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    images = []
    try:
        for i in range(min(len(doc), max_pages)):
            page = doc[i]
            bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True, may_draw_forms=True)
            w, h, stride = bitmap.width, bitmap.height, bitmap.stride
            fmt = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
            buf = bytes(bitmap.buffer)
            image = QImage(buf, w, h, stride, fmt).copy()  # copy: the QImage must own its pixels
            image.setDotsPerMeterX(round(dpi / 0.0254))
            image.setDotsPerMeterY(round(dpi / 0.0254))
            images.append(image)
            page.close()
    finally:
        doc.close()
    return images


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def queue_state(name: str | None) -> dict[str, Any] | None:
    """What the print system says of a queue: enabled (printing) and accepting jobs, with the reason when not.

    CUPS (Linux): ``lpstat``. None where this cannot be known (Windows: the spooler took the job).
    """
    if not name or shutil.which("lpstat") is None:
        return None
    try:
        shown = subprocess.run(["lpstat", "-p", name, "-a", name], capture_output=True, text=True, timeout=3,
                               env={**os.environ, "LC_ALL": "C"})  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = shown.stdout
    if shown.returncode != 0 or not text.strip():
        return {"enabled": False, "accepting": False, "reason": "missing"}
    enabled = f"printer {name} disabled" not in text
    accepting = f"{name} not accepting" not in text
    reason = ""
    for line in text.splitlines():
        if line.startswith(("\t", " ")) and line.strip() and not line.strip().startswith("Description"):
            reason = line.strip()
            break
    return {"enabled": enabled, "accepting": accepting, "reason": reason}


class PrinterMissing(OSError):
    """No printer of that name, or none at all."""


def print_pdf(pdf: bytes, target: PrintTarget) -> dict[str, Any]:
    """Print every page of ``pdf`` on the target (runs in the pdf worker). Returns what was done, for the log.

    Raises OSError when the printer is missing or did not take the job: then nothing may be called printed.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    name: str | None = None
    if target.file is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target.file))
        printer.setResolution(200)
    else:
        name = target.printer or default_printer()
        if not name:
            raise PrinterMissing("Máy này chưa có máy in nào. Cài máy in, hoặc chọn «Lưu thành tệp PDF».")
        printer.setPrinterName(name)
        if not printer.isValid() or name not in printer_names():
            raise PrinterMissing(f"Không tìm thấy máy in «{name}». Chọn máy in khác.")
        state = queue_state(name)
        if state is not None and not state["accepting"]:
            raise OSError(
                f"Máy in «{name}» đang không nhận lệnh in{': ' + state['reason'] if state['reason'] else ''}."
            )
    landscape = target.paper == PAPER_TWO_ON_A4
    size = QPageSize(QPageSize.PageSizeId.A4 if landscape else QPageSize.PageSizeId.A5)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setPageSize(size)
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)
    printer.setDocName("desk")
    dpi = min(printer.resolution(), 300)
    images = render_pages(pdf, dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("Máy in không sẵn sàng (không bắt đầu in được). Kiểm tra máy in đã bật và có giấy.")
    ended = False
    try:
        for i, image in enumerate(images):
            if i:
                printer.newPage()
            rect = printer.pageRect(QPrinter.Unit.DevicePixel)
            target_rect = _fit(QSizeF(image.width(), image.height()), rect)
            painter.drawImage(target_rect, image)
    finally:
        ended = painter.end()
    if not ended or printer.printerState() == QPrinter.PrinterState.Error:
        raise OSError(f"Máy in «{name or target.file}» không nhận lệnh in. Kiểm tra máy in rồi in lại.")
    detail: dict[str, Any] = {"paper": target.paper, "pages": len(images)}
    if target.file is not None:
        detail["file"] = str(target.file)
        with contextlib.suppress(OSError):  # the citizen's papers: readable by this account only
            os.chmod(target.file, paths.file_mode(target.file))
    else:
        detail["printer"] = name
        state = queue_state(name)
        if state is not None and not state["enabled"]:
            detail["held"] = state["reason"] or "stopped"  # the job waits in a stopped queue: not on paper yet
    return detail


def _fit(size: QSizeF, rect: QRectF) -> QRectF:
    scale = min(rect.width() / size.width(), rect.height() / size.height())
    w, h = size.width() * scale, size.height() * scale
    return QRectF(rect.x() + (rect.width() - w) / 2, rect.y() + (rect.height() - h) / 2, w, h)
