#!/usr/bin/env python
"""Screenshots of the digitisation screens (issue 19) on a 1366×768 Xvfb screen with openbox, as tools/screenshots.py
takes the others: intake with scanned pages, the page preview, reuse, a dossier's digitised copies, the viewer and
the digitisation rate. Pages come from the SANE test device (sane-utils) and a typed PDF.

    .venv/bin/python tools/screenshots_scan.py [--scales 1 1.5]      # writes out/screens/4x-*.png
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "out" / "screens"
CLERK = {"username": "hoa.lt", "full_name": "Lê Thị Hoa", "password": "mat-khau-1"}
ID = "079085001234"


def child(scale: str, out: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="desk-screens-scan-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["DESK_KEYSTORE"] = "file"
    os.environ["DESK_KEY_DIR"] = str(tmp / "keys")
    os.environ["DESK_MACHINE_CONFIG"] = str(tmp / "none.json")
    sane = tmp / "sane.d"
    sane.mkdir()
    (sane / "dll.conf").write_text("test\n")
    os.environ["SANE_CONFIG_DIR"] = str(sane)
    os.environ["DESK_SCANNER"] = "test:0"
    import datetime as dt
    import json

    from desk import attachments, images, workflow
    from desk.accounts import add_clerk
    from desk.service import SAMPLE_CATALOG, ReceiveRequest, init_desk
    from tests.helpers.scans import photo_jpeg, text_pdf
    from ui.qt import QApplication, QEventLoop, QGuiApplication, QTimer

    data = tmp / "data"
    d = init_desk(data, agency_code="000.00.12.H62", agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú",
                  parent_name="UBND XÃ TÂN PHÚ", place="Tân Phú")  # fmt: skip
    add_clerk(d.store, role="lead", actor="cài đặt", **CLERK)
    d.act_as(CLERK["username"])
    catalog = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
    catalog["version"] += 1
    catalog["effective_from"] = (dt.date.today() - dt.timedelta(days=60)).isoformat()
    catalog["digitise_results"] = True
    for p in catalog["procedures"]:
        for doc in p["documents"]:
            if "giấy tờ tùy thân" in doc["name"].lower() or "căn cước" in doc["name"].lower():
                doc["digitise"] = True
    d.import_catalog(json.dumps(catalog, ensure_ascii=False).encode(), actor=CLERK["full_name"])
    first = d.receive(ReceiveRequest(procedure="1.000894", name="Nguyễn Văn Đức", id_number=ID, phone="0912345678"),
                      actor=CLERK["full_name"])  # fmt: skip
    attachments.attach(d, first["code"], "tp1", images.from_pdf(text_pdf(2)), actor=CLERK["full_name"])
    attachments.attach(d, first["code"], "tp3", [images.from_image(photo_jpeg())], actor=CLERK["full_name"])
    second = d.receive(ReceiveRequest(procedure="1.001193", name="Nguyễn Văn Đức", id_number=ID, phone="0912345678"),
                       actor=CLERK["full_name"])  # fmt: skip
    attachments.attach(d, second["code"], "tp1", images.from_pdf(text_pdf(1, seed=3)), actor=CLERK["full_name"])
    workflow.result_ready(d, second["code"], actor=CLERK["full_name"], result="Giấy khai sinh bản chính")
    d.close()

    app = QApplication(sys.argv)  # noqa: F841
    from ui import sync_status

    sync_status.RUNNER_OPTIONS = {"base_delay": 600.0, "max_delay": 1200.0, "interval": 3600.0}
    from desk.accounts import authenticate
    from desk.service import Desk
    from ui.app import create_window
    from ui.session import settings

    def wait_until(cond, limit=30.0) -> None:
        end = time.monotonic() + limit
        while not cond():
            loop = QEventLoop()
            QTimer.singleShot(10, loop.quit)
            loop.exec()
            if time.monotonic() > end:
                raise TimeoutError("screen did not become ready")

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    tag = f"{round(float(scale) * 100)}"

    def shot(name: str) -> None:
        settle(350)
        path = out / f"{name}@{tag}.png"
        QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
        print(path)

    w = create_window(data, lang="vi")
    settings().setValue("print/printer", "__pdf_file__")
    w.show()
    w.start()
    wait_until(lambda: w.session.info is not None)
    desk = Desk.open(data)
    clerk = authenticate(desk.store, CLERK["username"], CLERK["password"])
    desk.close()
    w.on_clerk_signed_in(clerk)
    settle(800)

    def idle() -> None:
        wait_until(lambda: all(x.pending == 0 for x in w.session.workers))

    # Intake: a birth registration, the ID number typed (an earlier dossier has digitised documents), tp1 scanned.
    w.show_intake()
    intake = w.intake
    wait_until(lambda: bool(intake.picker.procedures))
    intake.picker.choose(next(p for p in intake.picker.procedures if p.code == "1.001193"))
    intake.name.edit.setText("Nguyễn Văn Đức")
    intake.id_number.edit.setText(ID)
    intake.id_number.check(final=True)
    intake.scans.look_for_reuse()
    idle()
    intake.documents.setCurrentCell(0, 0)
    dialog = intake.scans.scan()
    wait_until(lambda: len(dialog.pages) == 1 and not dialog.busy)
    dialog.import_paths([str(_typed_pdf(tmp))])
    wait_until(lambda: len(dialog.pages) == 3 and not dialog.busy)
    dialog.list.setCurrentRow(1)
    dialog.turn(1)
    shot("41-scan-pages-preview")
    dialog.accept()
    settle()
    intake.documents.setCurrentCell(5, 0)
    shot("42-intake-scanned-and-reuse-hint")
    reuse = intake.scans.choose_reuse()
    shot("43-intake-reuse")
    reuse.reject()
    settle()

    # A dossier whose result is ready: the copies, the result required before the return.
    detail = w.open_dossier(second["code"])
    wait_until(lambda: detail.dossier is not None)
    idle()
    settle(500)
    shot("44-detail-digitised-result-required")
    detail.attachments.table.setCurrentCell(0, 0)
    detail.attachments.open_copy()
    idle()
    wait_until(lambda: detail.attachments.dialog is None)
    settle(500)
    shot("45-viewer")
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "attachmentViewer" and widget.isVisible():
            widget.reject()
    detail.reject()
    settle()

    w.show_tab(w.tabs.indexOf(w.report))
    w.report.kind.setCurrentIndex(w.report.kind.findData("year"))
    w.report.year.setValue(dt.date.today().year)
    from ui.attachments import DigitisationDialog  # noqa: F401

    for child_widget in w.report.findChildren(type(w.report.make_button)):
        if child_widget.objectName() == "digitisationButton":
            child_widget.click()
    idle()
    settle(500)
    shot("46-digitisation-rate")
    w.close()


def _typed_pdf(tmp: Path) -> Path:
    from tests.helpers.scans import text_pdf

    path = tmp / "to-khai.pdf"
    path.write_bytes(text_pdf(2, mark="TỜ KHAI ĐĂNG KÝ KHAI SINH"))
    return path


def main(argv: list[str] | None = None) -> int:
    # Throwaway desks, several of one slot on one machine: kept out of the PC's registry of stores
    # (desk/machine.py), which would otherwise refuse the next run's desk of the same slot.
    os.environ.setdefault("DESK_SLOT_REGISTRY", "off")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", nargs="+", default=["1", "1.5"])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.child:
        child(args.child, args.out)
        return 0
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        return subprocess.call(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, __file__,
                                *sys.argv[1:]])  # fmt: skip
    wm = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if shutil.which(
        "openbox") else None  # fmt: skip
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT),
               CUPS_SERVER=f"/tmp/desk-screens-no-cups-{os.getpid()}/cups.sock")  # fmt: skip
    try:
        time.sleep(0.5)
        for scale in args.scales:
            subprocess.run([sys.executable, __file__, "--child", scale, "--out", str(args.out)],
                           env=dict(env, QT_SCALE_FACTOR=scale), check=True)  # fmt: skip
    finally:
        if wm is not None:
            wm.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
