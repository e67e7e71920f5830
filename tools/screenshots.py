#!/usr/bin/env python
"""Screenshots of every screen of the clerk's GUI at 100 % and 150 % scaling, into out/screens/.

    .venv/bin/python tools/screenshots.py            # runs itself under xvfb-run when there is no display
    .venv/bin/python tools/screenshots.py --scales 1 1.25 1.5

Each scale runs in its own process (QT_SCALE_FACTOR is read at start-up) on a sample desk made for the occasion
(a temp data dir: the shipped catalog and calendar, one lead clerk, a few dozen dossiers, some of them overdue).
"""

from __future__ import annotations

import argparse
import datetime as dt
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
PEOPLE = [
    ("Nguyễn Văn Đức", "079085001234", "0912345678"), ("Trần Thị Lan", "075190004321", "0987654321"),
    ("Lê Đức Anh", "001095002345", "0903123456"), ("Phạm Thị Hồng Nhung", "038188003456", "0356789012"),
    ("Hoàng Minh Tuấn", "075092004567", "0868123456"), ("Võ Thị Mai", "079193005678", "0779123456"),
]  # fmt: skip
PROCS = ["1.001193", "1.000894", "2.000815", "1.004873", "1.000656", "2.000884"]


def make_sample_desk(data_dir: Path) -> None:
    from desk.accounts import add_clerk
    from desk.service import ReceiveRequest, init_desk
    from desk.timeutil import VN_TZ, now

    d = init_desk(data_dir, agency_code="000.00.12.H62", agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú",
                  parent_name="UBND XÃ TÂN PHÚ", place="Tân Phú")  # fmt: skip
    add_clerk(d.store, role="lead", actor="cài đặt", **CLERK)
    today = now()
    instants = [
        dt.datetime(2025, 9, 3, 8, 30, tzinfo=VN_TZ) + dt.timedelta(days=i * 9, minutes=i * 7) for i in range(24)
    ]
    instants += [today.replace(hour=7, minute=40) + dt.timedelta(minutes=11 * i) for i in range(8)]
    for i, at in enumerate(instants):
        if at > today:
            at = today - dt.timedelta(minutes=len(instants) - i)
        name, ident, phone = PEOPLE[i % len(PEOPLE)]
        d.receive(ReceiveRequest(procedure=PROCS[i % len(PROCS)], name=name, id_number=ident, phone=phone,
                                 address="Ấp 3, xã Tân Phú, tỉnh Đồng Nai", received_at=at), actor=CLERK["full_name"],
                  now=max(at, today) if at > today else None)  # fmt: skip
    d.close()


def child(scale: str, out: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="desk-screens-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    from ui.qt import QApplication, QEventLoop, QTimer, QWizard

    app = QApplication(sys.argv)  # noqa: F841 - kept alive for the whole run
    from desk.accounts import authenticate
    from desk.service import Desk
    from ui.app import create_window
    from ui.session import settings

    def wait_until(cond, limit=20.0) -> None:
        end = time.monotonic() + limit
        while not cond():
            loop = QEventLoop()
            QTimer.singleShot(10, loop.quit)
            loop.exec()
            if time.monotonic() > end:
                raise TimeoutError("screen did not become ready")

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    tag = f"{round(float(scale) * 100)}"

    def shot(widget, name: str) -> None:
        settle()
        path = out / f"{name}@{tag}.png"
        widget.grab().save(str(path))
        print(path)

    # 1. First start: the set-up wizard.
    fresh = tmp / "fresh"
    w = create_window(fresh, lang="vi")
    settings().setValue("print/printer", "__pdf_file__")
    w.show()
    w.start()
    wiz = w.wizard
    wiz.agency.agency_code.setText("000.00.12.H62")
    wiz.agency.agency_name.setText("Trung tâm Phục vụ hành chính công xã Tân Phú")
    wiz.agency.parent_name.setText("UBND XÃ TÂN PHÚ")
    wiz.agency.place.setText("Tân Phú")
    shot(wiz, "01-setup-agency")
    wiz.next()
    shot(wiz, "02-setup-data")
    wiz.next()
    wiz.account.full_name.setText(CLERK["full_name"])
    wiz.account.username.setText(CLERK["username"])
    wiz.account.password.setText("short")
    wiz.account.password2.setText("short")
    wiz.button(QWizard.WizardButton.FinishButton).click()
    shot(wiz, "03-setup-account-refused")
    wiz.reject()
    w.session.stop()
    w.hide()

    # 2. A desk in use.
    data = tmp / "data"
    make_sample_desk(data)
    w = create_window(data, lang="vi")
    w.resize(1280, 800)
    w.show()
    w.start()
    wait_until(lambda: w.session.info is not None)
    w.sign_in.username.setText(CLERK["username"])
    w.sign_in.password.setText("sai")
    w.sign_in.on_sign_in_clicked()
    wait_until(lambda: w.sign_in.button.isEnabled() and w.sign_in.message.text() not in ("", "Đang kiểm tra…"))
    shot(w, "04-sign-in-refused")
    d = Desk.open(data)
    clerk = authenticate(d.store, CLERK["username"], CLERK["password"])
    d.close()
    w.on_clerk_signed_in(clerk)
    wait_until(lambda: w.home.tiles["today"].text()[0] != "…")
    shot(w, "05-home")

    w.show_intake()
    wait_until(lambda: bool(w.intake.picker.procedures))
    w.intake.picker.edit.setText("khai sinh")
    w.intake.picker.fill("khai sinh")
    shot(w, "06-intake-procedure")
    intake = w.intake
    intake.picker.choose(intake.picker.list.item(0).data(256))
    intake.documents.toggle(0)
    intake.name.edit.setText("Nguyễn Thị Bích Ngọc")
    intake.id_number.edit.setText("075190001234")
    intake.id_number.check(final=True)
    intake.phone.edit.setText("0123")
    intake.phone.check(final=True)
    intake.address.edit.setText("Ấp 3, xã Tân Phú, tỉnh Đồng Nai")
    wait_until(lambda: intake.due_label.text() != "—")
    shot(w, "07-intake-supplement-and-refused-phone")
    intake.documents.tick_required()
    intake.phone.edit.setText("0912 345 678")
    intake.phone.check(final=True)
    intake.submit_button.setFocus()
    shot(w, "08-intake-ready")

    w.show_search()
    wait_until(lambda: w.list.model.rowCount() > 0 and 0 in w.list.model.pages)
    shot(w, "09-list")
    w.list.search_edit.setText("duc")
    wait_until(lambda: w.list.model.search_text == "duc" and not w.list.model.searching)
    shot(w, "10-list-search")
    code = w.list.model.row_at(0)["code"]
    w.list.search_edit.clear()
    w.list.when_box.setCurrentIndex(w.list.when_box.findData("overdue"))
    wait_until(lambda: w.list.model.rowCount() > 0 and 0 in w.list.model.pages)
    shot(w, "11-list-overdue")

    detail = w.open_dossier(code)
    wait_until(lambda: detail.dossier is not None)
    shot(detail, "12-detail")
    preview = w.print_with_preview("receipt", detail.dossier, {})
    wait_until(lambda: preview.pdf is not None)
    shot(preview, "13-print-preview")
    preview.reject()
    detail.reject()
    settle()
    w.lock()
    shot(w, "14-locked")
    w.close()


def main(argv: list[str] | None = None) -> int:
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
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1920x1200x24", sys.executable, __file__, *sys.argv[1:]]
        return subprocess.call(cmd)
    for scale in args.scales:
        env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, __file__, "--child", scale, "--out", str(args.out)], env=env, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
