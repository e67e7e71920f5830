#!/usr/bin/env python
"""Screenshots of every screen of the clerk's GUI at 100 % and 150 % scaling, into out/screens/, as a counter PC
shows them: a 1366×768 screen with a window manager (openbox), the whole screen captured (title bars included).

    .venv/bin/python tools/screenshots.py            # runs itself under xvfb-run when there is no display
    .venv/bin/python tools/screenshots.py --scales 1 1.25 1.5

Each scale runs in its own process (QT_SCALE_FACTOR is read at start-up) on a sample desk made for the occasion
(a temp data dir: the shipped catalog and calendar, one lead clerk, a few dozen dossiers, some of them overdue).
The counter is shown first without a printer (receipts saved as PDF), then — where a private CUPS can run (root,
cups and cups-pdf installed: scripts/bootstrap --dev) — with a real print queue.
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
VIEWER = {"username": "chu.tich", "full_name": "Nguyễn Văn Chủ", "password": "mat-khau-3"}
PEOPLE = [
    ("Nguyễn Văn Đức", "079085001234", "0912345678"), ("Trần Thị Lan", "075190004321", "0987654321"),
    ("Lê Đức Anh", "001095002345", "0903123456"), ("Phạm Thị Hồng Nhung", "038188003456", "0356789012"),
    ("Hoàng Minh Tuấn", "075092004567", "0868123456"), ("Võ Thị Mai", "079193005678", "0779123456"),
]  # fmt: skip
PROCS = ["1.001193", "1.000894", "2.000815", "1.004873", "1.000656", "2.000884"]


def make_sample_desk(data_dir: Path) -> dict[str, str]:
    """A desk in use: a year of dossiers (some resolved on time, some late, some overdue), one that went through a
    hand-over, a supplement, an apology with a new appointment and a return, one waiting for a supplement, one
    ready to return, and a new catalog waiting for the lead's approval. Returns the codes of the notable ones."""
    import json

    from desk import workflow
    from desk.accounts import add_clerk
    from desk.appointment import add_working_time
    from desk.service import SAMPLE_CATALOG, ReceiveRequest, init_desk
    from desk.timeutil import VN_TZ, now

    d = init_desk(data_dir, agency_code="000.00.12.H62", agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú",
                  parent_name="UBND XÃ TÂN PHÚ", place="Tân Phú")  # fmt: skip
    lead = add_clerk(d.store, role="lead", actor="cài đặt", **CLERK)
    add_clerk(d.store, role="viewer", actor=CLERK["full_name"], by=lead, **VIEWER)
    d.act_as(CLERK["username"], CLERK["password"])
    with d.store.write() as conn:
        d.store.set_meta(conn, warn_working_days="2")
    today = now()
    cal = d.calendar()
    name = CLERK["full_name"]
    instants = [dt.datetime(2025, 12, 1, 8, 30, tzinfo=VN_TZ) + dt.timedelta(days=i * 12, minutes=i * 7)
                for i in range(28)]  # fmt: skip
    instants = [at for at in instants if at < today - dt.timedelta(days=3)]
    for i, at in enumerate(instants):
        person, ident, phone = PEOPLE[i % len(PEOPLE)]
        req = ReceiveRequest(procedure=PROCS[i % len(PROCS)], name=person, id_number=ident, phone=phone,
                             address="Ấp 3, xã Tân Phú, tỉnh Đồng Nai", received_at=at)  # fmt: skip
        code = d.receive(req, actor=name, now=at)["code"]
        if i % 3 == 0:  # resolved the same day: on time
            workflow.result_ready(d, code, actor=name, now=at + dt.timedelta(hours=6))
            workflow.return_result(d, code, collected_by=person, id_number=ident, actor=name,
                                   now=at + dt.timedelta(hours=7))  # fmt: skip
        elif i % 3 == 1 and i % 2:  # resolved a week late
            workflow.result_ready(d, code, actor=name, now=at + dt.timedelta(days=9))
    for i in range(8):
        person, ident, phone = PEOPLE[i % len(PEOPLE)]
        at = today.replace(hour=7, minute=40) + dt.timedelta(minutes=11 * i)
        at = min(at, today - dt.timedelta(minutes=8 - i))
        d.receive(ReceiveRequest(procedure=PROCS[i % len(PROCS)], name=person, id_number=ident, phone=phone,
                                 address="Ấp 3, xã Tân Phú, tỉnh Đồng Nai", received_at=at), actor=name)  # fmt: skip

    # The life of one dossier, a fortnight back: hand-over, supplement, apology with a new appointment, return.
    day0 = (today - dt.timedelta(days=16)).replace(hour=8, minute=15, second=0, microsecond=0)
    while day0.weekday() != 0:
        day0 -= dt.timedelta(days=1)
    req = ReceiveRequest(procedure="1.004873", name="Phạm Thị Hồng Nhung", id_number="038188003456",
                         phone="0356789012", address="Số 12, đường Lê Lợi, ấp 2, xã Tân Phú, tỉnh Đồng Nai",
                         received_at=day0, documents={"tp1": 1, "tp2": 1})  # fmt: skip
    try:
        life = d.receive(req, actor=name, now=day0)["code"]
    except Exception:  # the catalog's documents differ: every required one
        req.documents = None
        life = d.receive(req, actor=name, now=day0)["code"]
    step = day0 + dt.timedelta(hours=1, minutes=5)
    workflow.transfer(d, life, to_unit="Công chức Tư pháp - Hộ tịch", to_person="Trần Văn Nam", step_working_days=2,
                      actor=name, now=step)  # fmt: skip
    asked = day0 + dt.timedelta(days=1, hours=6)
    workflow.request_supplement(d, life, items=["Bản sao bản án, quyết định ly hôn đã có hiệu lực",
                                                "Giấy xác nhận nơi cư trú trước đây"],
                                reason="Người yêu cầu đã từng kết hôn, chưa có giấy tờ chứng minh đã ly hôn", actor=name,
                                now=asked)  # fmt: skip
    workflow.receive_supplement(d, life, actor=name, note="Đã nộp đủ", now=day0 + dt.timedelta(days=3, hours=1))
    due = d.dossier(life)["due_at"]
    from desk.timeutil import parse_instant

    new_due = add_working_time(parse_instant(due), cal.day_length * 3, cal)
    workflow.extend(d, life, new_due_at=new_due, reason="Chờ kết quả xác minh của Công an xã",
                    late_unit="Công chức Tư pháp - Hộ tịch", letter_no="15/XL-UBND", actor=name,
                    now=parse_instant(due) - dt.timedelta(hours=3))  # fmt: skip
    workflow.result_ready(d, life, result="Giấy xác nhận tình trạng hôn nhân", actor=name,
                          now=new_due - dt.timedelta(hours=2))  # fmt: skip
    workflow.pay(d, life, amount=5000, receipt_no="0001234", actor=name, now=new_due - dt.timedelta(hours=1))
    workflow.return_result(d, life, collected_by="Phạm Thị Hồng Nhung", id_number="038188003456", actor=name,
                           now=new_due + dt.timedelta(minutes=-30))  # fmt: skip

    req = ReceiveRequest(procedure="1.001193", name="Nguyễn Văn Đức", id_number="079085001234", phone="0912345678",
                         address="Ấp 3, xã Tân Phú, tỉnh Đồng Nai", received_at=today - dt.timedelta(hours=3))  # fmt: skip
    waiting = d.receive(req, actor=name)["code"]
    workflow.request_supplement(d, waiting, items=["Giấy chứng sinh (bản chính)"], reason="Giấy chứng sinh bị mờ",
                                actor=name)  # fmt: skip
    req.procedure, req.name, req.received_at = "2.000815", "Trần Thị Lan", today - dt.timedelta(hours=2)
    ready = d.receive(req, actor=name)["code"]
    workflow.result_ready(d, ready, actor=name)
    req.procedure, req.name, req.received_at = "1.004873", "Lê Đức Anh", today - dt.timedelta(hours=1)
    fresh = d.receive(req, actor=name)["code"]

    data = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
    data["version"] = 2
    data["effective_from"] = (today.date() + dt.timedelta(days=36)).replace(day=1).isoformat()
    data["procedures"] = [p for p in data["procedures"] if p["code"] != "1.000656"]
    for p in data["procedures"]:
        if p["code"] == "2.000884":
            p["fee"] = {"text": "12.000 đồng/trường hợp", "amount": 12000}
    d.import_catalog(json.dumps(data, ensure_ascii=False).encode(), actor="đồng bộ", approve=False)
    d.close()
    return {"life": life, "waiting": waiting, "ready": ready, "fresh": fresh}


class ScriptedProvince:
    """A stand-in for the province server in the screenshots: unreachable at first, then answering — refusing one
    event, sending one that conflicts with a dossier, its clock ten minutes behind the PC's."""

    def __init__(self) -> None:
        self.rounds = 0
        self.release = False

    def __call__(self, desk, **_kwargs):
        from desk import syncstate, timeutil
        from desk.ids import uuid7
        from sync.client import ServerUnreachable

        self.rounds += 1
        if not self.release:
            raise ServerUnreachable("Không kết nối được máy chủ tỉnh https://dongbo.dongnai.gov.vn: mất kết nối.")
        store = desk.store
        mine = store.conn.execute(
            "SELECT e.id, e.dossier_uid, e.kind FROM events e LEFT JOIN event_acks a ON a.event_id = e.id"
            " WHERE e.server_seq IS NULL AND a.event_id IS NULL ORDER BY e.seq"
        ).fetchall()
        answers = [{"id": eid, "status": "accepted", "server_seq": 100 + i} for i, (eid, _u, _k) in enumerate(mine)]
        received = [(i, uid) for i, (_e, uid, kind) in enumerate(mine) if kind == "received"]
        if received:
            i, uid = received[-1]
            answers[i] = {"id": mine[i][0], "status": "refused",
                          "reason": "Mã hồ sơ đã có trên máy chủ tỉnh (trùng mã): kiểm tra số hiệu bàn."}  # fmt: skip
            remote = {
                "id": uuid7(), "dossier_uid": uid, "kind": "result_returned",
                "payload": {"at": timeutil.iso(timeutil.now()), "collected_by": "Nguyễn Văn B"},
                "actor": "Công chức Tư pháp - Hộ tịch", "desk_id": "tu-phap", "device_time": timeutil.iso(timeutil.now()),
                "hash": "", "server_seq": 900 + self.rounds,
            }  # fmt: skip
            syncstate.apply_remote(store, [remote], None)
        syncstate.record_answers(store, answers)
        syncstate.note_round(store, server_time=timeutil.now() - dt.timedelta(minutes=10))
        return {"complete": True, "applied": 0, "bundles": []}


def child(scale: str, out: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="desk-screens-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    from ui.qt import QApplication, QEventLoop, QTimer, QWizard

    app = QApplication(sys.argv)  # noqa: F841 - kept alive for the whole run
    from ui import sync_status

    province = ScriptedProvince()
    sync_status.SYNC_ROUND = province
    sync_status.RUNNER_OPTIONS = {"base_delay": 60.0, "max_delay": 120.0, "interval": 3600.0}
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

    from ui.qt import QGuiApplication

    def shot(_widget, name: str) -> None:
        """The whole screen, as the clerk sees it (the window manager's frames and the window's placement)."""
        settle(250)
        path = out / f"{name}@{tag}.png"
        QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
        print(path)

    # 1. First start: the set-up wizard, with what the installer's machine-wide configuration gave.
    import json

    from desk.signing import generate_key, public_key_text

    config = tmp / "desk.json"
    from desk import recovery

    config.write_text(
        json.dumps(
            {
                "trusted_keys": [public_key_text(generate_key())],
                "desk_slot": 2,
                "recovery_key": recovery.public_text(recovery.generate()),
            }
        ),
        encoding="utf-8",
    )
    os.environ["DESK_MACHINE_CONFIG"] = str(config)
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
    wait_until(lambda: wiz.machine is not None)
    shot(wiz, "01-setup-agency")
    wiz.next()
    shot(wiz, "02-setup-data")
    wiz.next()
    shot(wiz, "02b-setup-signer")
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
    codes = make_sample_desk(data)
    w = create_window(data, lang="vi")
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
    wait_until(lambda: w.home.tiles["today"].value is not None and not w.home.busy)
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
    intake.on_submit_clicked()
    wait_until(lambda: intake.outcome.state not in ("", "printing"))
    shot(w, "08b-intake-outcome-no-printer")
    printer = os.environ.get("DESK_SCREEN_PRINTER")
    if printer:  # a real print queue (tools/screenshots.py started a private CUPS)
        settings().setValue("print/printer", printer)
        w.update_printer_state()
        intake.picker.choose(next(p for p in intake.picker.procedures if p.code == "2.000815"))
        intake.documents.tick_required()
        intake.name.edit.setText("Trần Thị Lan")
        intake.on_submit_clicked()
        wait_until(lambda: intake.outcome.state == "printed", 60)
        shot(w, "08c-intake-outcome-printed")
        w.show_tab(0)
        shot(w, "08d-home-with-printer")
        settings().setValue("print/printer", "__pdf_file__")
        w.update_printer_state()
        w.show_intake()

    w.show_search()
    wait_until(lambda: w.list.model.rowCount() > 0 and 0 in w.list.model.pages)
    shot(w, "09-list")
    w.list.search_edit.setText("duc")
    wait_until(lambda: w.list.model.search_text == "duc" and not w.list.model.searching)
    shot(w, "10-list-search")
    w.list.search_edit.clear()
    w.list.when_box.setCurrentIndex(w.list.when_box.findData("overdue"))
    wait_until(lambda: w.list.model.rowCount() > 0 and 0 in w.list.model.pages)
    shot(w, "11-list-overdue")

    w.list.when_box.setCurrentIndex(w.list.when_box.findData("waiting"))
    wait_until(lambda: w.list.model.rowCount() > 0 and 0 in w.list.model.pages)
    shot(w, "11b-list-waiting")

    def idle() -> None:
        wait_until(lambda: all(x.pending == 0 for x in w.session.workers))

    def open_detail(code: str):
        detail = w.open_dossier(code)
        wait_until(lambda: detail.dossier is not None)
        idle()
        return detail

    # The dossier that went through a hand-over, a supplement, an apology with a new appointment and a return.
    detail = open_detail(codes["life"])
    shot(detail, "12-detail-history")
    before = w.preview
    detail.print_form("apology")
    wait_until(lambda: w.preview is not before and w.preview is not None and w.preview.pdf is not None)
    shot(w.preview, "13-print-preview-apology")
    w.preview.reject()
    detail.reject()
    settle()

    def step_dialog(detail, kind: str):
        from ui.actions import STEPS

        step = next(s for s in STEPS if s.kind == kind)
        dialog = detail.open_step(step)
        idle()
        return dialog

    def refused(dialog) -> None:
        seen = []
        dialog.refused.connect(seen.append)
        dialog.on_submit()
        wait_until(lambda: bool(seen))

    detail = open_detail(codes["waiting"])
    shot(detail, "12b-detail-waiting")
    dialog = step_dialog(detail, "supplement_received")
    shot(dialog, "17-action-receive-supplement")
    dialog.reject()
    detail.reject()
    settle()

    detail = open_detail(codes["fresh"])
    dialog = step_dialog(detail, "transferred")
    dialog.to_person.setText("Trần Văn Nam")
    dialog.step_days.setValue(2)
    shot(dialog, "15-action-transfer")
    dialog.reject()
    dialog = step_dialog(detail, "supplement_requested")
    dialog.items.setPlainText("Bản sao bản án, quyết định ly hôn đã có hiệu lực\nGiấy xác nhận nơi cư trú trước đây")
    dialog.reason.setText("Người yêu cầu đã từng kết hôn, chưa có giấy tờ chứng minh đã ly hôn")
    shot(dialog, "16-action-supplement")
    dialog.reject()
    dialog = step_dialog(detail, "apologized_extended")
    sunday = dialog.date.date()
    while sunday.dayOfWeek() != 7:
        sunday = sunday.addDays(1)
    dialog.date.setDate(sunday)
    dialog.reason.setPlainText("Chờ kết quả xác minh của Công an xã")
    dialog.letter_no.setText("15/XL-UBND")
    refused(dialog)
    shot(dialog, "18-action-extend-refused-day-off")
    dialog.reject()
    dialog = step_dialog(detail, "result_ready")
    shot(dialog, "19-action-result")
    dialog.reject()
    dialog = step_dialog(detail, "fee_paid")
    shot(dialog, "21-action-pay")
    dialog.reject()
    dialog = step_dialog(detail, "refused")
    refused(dialog)
    shot(dialog, "22-action-refuse-empty")
    dialog.reject()
    dialog = step_dialog(detail, "withdrawn")
    shot(dialog, "23-action-withdraw")
    dialog.reject()
    dialog = step_dialog(detail, "stopped")
    dialog.reason.setPlainText("Người yêu cầu đã chết")
    shot(dialog, "24-action-stop")
    dialog.reject()
    dialog = step_dialog(detail, "corrected")
    dialog.field.setCurrentIndex(dialog.field.findData("phone"))
    dialog.value.setText("0123")
    dialog.value_box.check(final=True)
    shot(dialog, "25-action-correct")
    dialog.reject()
    detail.reject()
    settle()

    detail = open_detail(codes["ready"])
    dialog = step_dialog(detail, "result_returned")
    dialog.id_number.setText("12345")
    refused(dialog)
    shot(dialog, "20-action-return-refused-id")
    dialog.reject()
    detail.reject()
    settle()

    catalogs = w.show_pending_catalogs()
    wait_until(lambda: bool(catalogs.items))
    shot(catalogs, "26-catalogs-pending")
    catalogs.reject()
    settle()
    settings_dialog = w.show_settings()
    wait_until(lambda: settings_dialog.ok_button.isEnabled())
    shot(settings_dialog, "26b-settings-printed")
    settings_dialog.reject()
    settle()
    access = w.show_access_log()
    seen = []
    access.loaded.connect(seen.append)
    wait_until(lambda: bool(seen))
    shot(access, "26c-access-log")
    access.reject()
    settle()
    backup = w.show_backup()
    seen = []
    backup.loaded.connect(lambda: seen.append(1))
    wait_until(lambda: bool(seen))
    shot(backup, "26d-backup-restore")
    backup.reject()
    settle()

    w.show_tab(3)
    w.report.kind.setCurrentIndex(w.report.kind.findData("year"))
    seen = []
    w.report.report_shown.connect(seen.append)
    w.report.make()
    wait_until(lambda: bool(seen))
    shot(w, "27-report-year")
    w.report.kind.setCurrentIndex(w.report.kind.findData("month"))
    seen.clear()
    w.report.make()
    wait_until(lambda: bool(seen))
    shot(w, "28-report-month")

    # Sync: offline first (the status bar counts what waits), then the province answers.
    w.show_tab(0)
    wait_until(lambda: w.session.sync.state is not None and w.session.sync.state.online is False)
    shot(w, "29-home-sync-offline")
    province.release = True
    w.session.sync.runner._next_at = 0  # the screenshots do not wait for the back-off
    w.session.sync.poke()
    wait_until(lambda: w.session.sync.state.online is True and not w.session.sync.state.running)
    settle(300)
    shot(w, "30-home-sync-online-clock-warning")
    problems = w.show_sync_problems()
    seen = []
    problems.loaded.connect(lambda: seen.append(1))
    wait_until(lambda: bool(seen))
    idle()
    shot(problems, "31-sync-refused-and-conflicts")
    problems.reject()
    settle()
    w.lock()
    shot(w, "14-locked")
    # A commune leader (viewer) reads: no intake, no steps, no printing.
    d = Desk.open(data)
    viewer = authenticate(d.store, VIEWER["username"], VIEWER["password"])
    d.close()
    w.on_clerk_signed_in(viewer)
    wait_until(lambda: w.home.tiles["today"].value is not None and not w.home.busy)
    w.show_intake()
    shot(w, "32-viewer-home-intake-refused")
    detail = open_detail(codes["fresh"])
    shot(detail, "33-viewer-detail")
    detail.reject()
    w.close()


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
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, __file__, *sys.argv[1:]]
        return subprocess.call(cmd)
    wm = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if shutil.which(
        "openbox") else None  # fmt: skip
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="xcb",
        PYTHONPATH=str(ROOT),
        DESK_KEYSTORE="file",
        DESK_KEY_DIR=tempfile.mkdtemp(prefix="desk-screens-keys-"),
    )  # the stores' keys: never the user's
    cups = None
    from tests.helpers import cups as private_cups

    if private_cups.unavailable() is None:
        env["CUPS_SERVER"] = os.environ["CUPS_SERVER"] = f"/tmp/desk-screens-cups-{os.getpid()}/cups.sock"
        cups = private_cups.PrivateCups.in_temp_dir().start()
        cups.add_pdf_queue("deskpdf")
        env["DESK_SCREEN_PRINTER"] = "deskpdf"
    else:
        env["CUPS_SERVER"] = f"/tmp/desk-screens-no-cups-{os.getpid()}/cups.sock"  # no printer at all
        print(f"no print queue for the screenshots: {private_cups.unavailable()}")
    try:
        time.sleep(0.5)
        for scale in args.scales:
            subprocess.run([sys.executable, __file__, "--child", scale, "--out", str(args.out)],
                           env=dict(env, QT_SCALE_FACTOR=scale), check=True)  # fmt: skip
    finally:
        if cups is not None:
            cups.stop()
        if wm is not None:
            wm.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
