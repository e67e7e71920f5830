"""The counter's scanner, behind one small interface: list the devices, scan pages into memory.

- Linux: SANE through ``scanimage`` (Debian's ``sane-utils``), one process per page, each page read from its standard
  output as PNM — never a file: ``scanimage --batch`` writes every page to a file (``outN.pnm.part``, then renamed),
  which would leave images of identity cards in clear on the disk. An automatic document feeder is read page after
  page until it reports it is empty.
- Windows: WIA (Windows Image Acquisition) through ``comtypes``: the image comes back as bytes in memory.

The scanner is chosen per PC (the GUI remembers it; ``desk scan --device``; ``DESK_SCANNER``), not in the store.
Every failure is a ``ScannerError`` with the clerk's words: no scanner, busy, cover open, paper jam, feeder empty.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from desk.errors import DeskError

DPI = 200
PAGE_TIMEOUT_S = 120.0  # one page; a jammed feeder makes some backends wait for ever
LIST_TIMEOUT_S = 30.0
MAX_PAGES = 100
# A4 in millimetres: the scan area asked for (a backend rounds it down to its bed).
A4_MM = (210, 297)


class ScannerError(DeskError):
    """The scanner could not give pages; the message says why and what to do."""


class NoScanner(ScannerError):
    """No scanner is installed, connected or reachable."""


class ScannerBusy(ScannerError):
    """Another program is using the scanner."""


class FeederEmpty(ScannerError):
    """The document feeder has no (more) paper."""


class ScanCancelled(ScannerError):
    """The clerk stopped the scan."""


@dataclass(frozen=True)
class Device:
    """A scanner as the system names it (``test:0``, ``epson2:libusb:001:004``, a WIA device id)."""

    id: str
    label: str


@dataclass(frozen=True)
class ScannedPage:
    """One page as the scanner gave it: image bytes (PNM from SANE, PNG/BMP from WIA) and its resolution."""

    data: bytes
    dpi: int


def default_device() -> str | None:
    """The scanner named by ``DESK_SCANNER`` (None: the first one found)."""
    return os.environ.get("DESK_SCANNER") or None


def _scanimage() -> str:
    path = shutil.which("scanimage")
    if path is None:
        raise NoScanner(
            "Máy này chưa cài chương trình điều khiển máy quét (SANE): cài gói «sane-utils» "
            "(sudo apt-get install sane-utils), cắm máy quét rồi thử lại. Trong lúc chờ, nhập tệp ảnh/PDF (Ctrl+I)."
        )
    return path


def devices() -> list[Device]:
    """The scanners this PC sees (may take a few seconds: SANE probes USB and the network)."""
    if sys.platform == "win32":
        return _wia_devices()
    try:
        r = subprocess.run([_scanimage(), "-f", "%d\t%v %m%n"], capture_output=True, timeout=LIST_TIMEOUT_S,
                           stdin=subprocess.DEVNULL)  # fmt: skip
    except subprocess.TimeoutExpired:
        raise ScannerError("Tìm máy quét quá lâu không xong: rút cáp máy quét, cắm lại rồi thử lại.") from None
    out = []
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        ident, _, label = line.partition("\t")
        if ident.strip():
            out.append(Device(ident.strip(), " ".join(label.split()) or ident.strip()))
    return out


def scan(
    device: str | None = None,
    *,
    pages: int = 1,
    feeder: bool = False,
    dpi: int = DPI,
    on_page: Callable[[ScannedPage], None] | None = None,
    cancel: threading.Event | None = None,
    timeout: float = PAGE_TIMEOUT_S,
) -> list[ScannedPage]:
    """Scan gray pages into memory: ``pages`` from the flatbed (one each time the clerk puts a sheet) — or, with
    ``feeder``, from the document feeder until it is empty (at most ``pages``). ``on_page`` is called as each page
    arrives (from the calling thread)."""
    pages = max(1, min(int(pages), MAX_PAGES))
    if sys.platform == "win32":
        return _wia_scan(device, pages=pages, feeder=feeder, dpi=dpi, on_page=on_page, cancel=cancel)
    exe = _scanimage()
    if device is None:
        device = default_device()
    if device is None:
        found = devices()
        if not found:
            raise NoScanner(
                "Không tìm thấy máy quét nào: kiểm tra máy quét đã bật và cắm cáp USB (hoặc mạng), rồi thử lại. "
                "Trong lúc chờ, nhập tệp ảnh/PDF (Ctrl+I)."
            )
        device = found[0].id
    out: list[ScannedPage] = []
    for _ in range(pages):
        if cancel is not None and cancel.is_set():
            raise ScanCancelled("Đã dừng quét theo yêu cầu.")
        try:
            data = _scan_one(exe, device, dpi=dpi, feeder=feeder, timeout=timeout)
        except FeederEmpty:
            if feeder and out:
                break  # the feeder ran out after some pages: that is the end of the document
            raise
        page = ScannedPage(data, dpi)
        out.append(page)
        if on_page is not None:
            on_page(page)
    return out


def _scan_one(exe: str, device: str, *, dpi: int, feeder: bool, timeout: float) -> bytes:
    args = [exe, "-d", device, "--format=pnm", "--mode", "Gray", "--resolution", str(dpi),
            "-x", str(A4_MM[0]), "-y", str(A4_MM[1])]  # fmt: skip
    if feeder:
        args += ["--source", "Automatic Document Feeder"]
    try:
        r = subprocess.run(args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ScannerError(
            f"Máy quét {device} không trả trang sau {timeout:g} giây (kẹt giấy?). Gỡ giấy kẹt, tắt bật máy quét rồi "
            "thử lại."
        ) from None
    err = r.stderr.decode("utf-8", "replace")
    if r.returncode == 0 and r.stdout[:2] in (b"P5", b"P6", b"P4"):
        return r.stdout
    raise _sane_error(device, r.returncode, err)


def _sane_error(device: str, rc: int, err: str) -> ScannerError:
    """The clerk's words for what scanimage said (its exit code is the SANE status)."""
    low = err.lower()
    if rc == 3 or "busy" in low:
        return ScannerBusy(
            f"Máy quét {device} đang bận (chương trình khác đang dùng, hoặc đang khởi động). Đợi vài giây, đóng "
            "chương trình quét khác nếu có, rồi nhấn quét lại."
        )
    if rc == 7 or "out of documents" in low:
        return FeederEmpty("Khay nạp giấy của máy quét đang trống: đặt giấy vào khay rồi nhấn quét lại.")
    if rc == 8 or "cover" in low:
        return ScannerError("Nắp máy quét đang mở: đóng nắp rồi nhấn quét lại.")
    if rc == 6 or "jammed" in low:
        return ScannerError("Máy quét bị kẹt giấy: gỡ giấy kẹt rồi nhấn quét lại.")
    if "open of device" in low or "invalid argument" in low or "no such" in low:
        return NoScanner(
            f"Không mở được máy quét «{device}»: máy quét chưa bật, chưa cắm cáp, hoặc tên thiết bị không đúng. "
            "Kiểm tra rồi thử lại, hoặc chọn máy quét khác."
        )
    if "access" in low or "permission" in low:
        return ScannerError(
            f"Tài khoản máy tính này không có quyền dùng máy quét {device}: nhờ bộ phận CNTT thêm tài khoản vào nhóm "
            "«scanner»."
        )
    return ScannerError(f"Máy quét {device} báo lỗi (mã {rc}): tắt bật máy quét rồi thử lại.")


# -- Windows: WIA ------------------------------------------------------------------------------------------------

_WIA_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
_WIA_DPI_X, _WIA_DPI_Y, _WIA_INTENT = 6147, 6148, 6146
_WIA_FEEDER_SELECT, _WIA_PAGES = 3088, 3096


def _wia():  # pragma: no cover - Windows only
    try:
        import comtypes.client  # type: ignore[import-not-found]
    except ImportError:
        raise NoScanner("Thiếu thành phần WIA (comtypes) của phần mềm: cài lại phần mềm.") from None
    try:
        return comtypes.client.CreateObject("WIA.DeviceManager")
    except OSError:
        raise NoScanner("Windows không có dịch vụ quét ảnh (WIA): bật dịch vụ «Windows Image Acquisition».") from None


def _wia_devices() -> list[Device]:  # pragma: no cover - Windows only
    manager = _wia()
    out = []
    for i in range(1, manager.DeviceInfos.Count + 1):
        info = manager.DeviceInfos.Item(i)
        if info.Type == 1:  # scanner
            out.append(Device(str(info.DeviceID), str(info.Properties("Name").Value)))
    return out


def _wia_scan(device, *, pages, feeder, dpi, on_page, cancel) -> list[ScannedPage]:  # pragma: no cover - Windows
    manager = _wia()
    infos = [manager.DeviceInfos.Item(i) for i in range(1, manager.DeviceInfos.Count + 1)]
    infos = [i for i in infos if i.Type == 1 and (device is None or str(i.DeviceID) == device)]
    if not infos:
        raise NoScanner("Không tìm thấy máy quét nào: kiểm tra máy quét đã bật và cắm cáp, rồi thử lại.")
    try:
        dev = infos[0].Connect()
    except OSError:
        raise ScannerBusy("Máy quét đang bận hoặc chưa sẵn sàng: đợi vài giây rồi thử lại.") from None
    if feeder:
        for prop in dev.Properties:
            if prop.PropertyID in (_WIA_FEEDER_SELECT, _WIA_PAGES):
                prop.Value = 1
    item = dev.Items(1)
    for prop in item.Properties:
        if prop.PropertyID in (_WIA_DPI_X, _WIA_DPI_Y):
            prop.Value = dpi
        elif prop.PropertyID == _WIA_INTENT:
            prop.Value = 2  # grayscale
    out: list[ScannedPage] = []
    for _ in range(pages):
        if cancel is not None and cancel.is_set():
            raise ScanCancelled("Đã dừng quét theo yêu cầu.")
        try:
            image = item.Transfer(_WIA_PNG)
        except OSError as exc:
            if feeder and out:
                break
            code = getattr(exc, "hresult", 0) & 0xFFFFFFFF
            if code == 0x80210003:  # WIA_ERROR_PAPER_EMPTY
                raise FeederEmpty("Khay nạp giấy của máy quét đang trống: đặt giấy vào khay rồi quét lại.") from None
            if code == 0x80210006:  # WIA_ERROR_BUSY
                raise ScannerBusy("Máy quét đang bận: đợi vài giây rồi thử lại.") from None
            if code == 0x80210002:  # WIA_ERROR_PAPER_JAM
                raise ScannerError("Máy quét bị kẹt giấy: gỡ giấy kẹt rồi quét lại.") from None
            raise ScannerError(f"Máy quét báo lỗi (mã {code:#x}): tắt bật máy quét rồi thử lại.") from None
        page = ScannedPage(bytes(image.FileData.BinaryData), dpi)
        out.append(page)
        if on_page is not None:
            on_page(page)
    return out
