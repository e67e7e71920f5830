"""Hệ thống › Sao lưu / Khôi phục and the Home tile «Sao lưu gần nhất»: a daily automatic backup at sign-in, a
backup now, a stale backup shown red, a restore that closes the window and leaves the restored store."""

from __future__ import annotations

import datetime as dt

from desk import autobackup, timeutil
from desk.service import Desk, ReceiveRequest
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle, make_window, sign_in
from ui.qt import QMessageBox

pytestmark = OFFSCREEN_NOISE


def _open(data_dir) -> Desk:
    return Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])


def _receive(data_dir, name: str) -> str:
    d = _open(data_dir)
    try:
        return d.receive(ReceiveRequest(procedure="2.000815", name=name), actor=CLERK["full_name"])["code"]
    finally:
        d.close()


def test_sign_in_makes_todays_backup_and_the_tile_says_so(qtbot, window, desk_with_clerk):
    w = window
    idle(qtbot, w)
    qtbot.waitUntil(lambda: w.home.backup_tile.isVisible(), timeout=10_000)
    idle(qtbot, w)
    qtbot.waitUntil(lambda: "chưa có" not in w.home.backup_tile.text(), timeout=10_000)
    assert w.home.backup_tile.property("stale") is False
    auto = list((desk_with_clerk / "backups").glob("desk-auto-*.desk-backup"))
    assert len(auto) == 1
    w.run_auto_backup()  # not due again today
    idle(qtbot, w)
    assert len(list((desk_with_clerk / "backups").glob("desk-auto-*.desk-backup"))) == 1


def test_a_backup_older_than_two_days_turns_the_tile_red(qtbot, qt_settings, desk_with_clerk):
    d = _open(desk_with_clerk)
    try:
        old = timeutil.now() - dt.timedelta(days=3)
        autobackup.noted(d, desk_with_clerk / "backups" / "x.desk-backup", old)
        # and today's automatic backup cannot be written: the folder is a file (a USB stick pulled out, say)
        (desk_with_clerk / "not-a-folder").write_text("x")
        with d.store.write() as conn:
            d.store.set_meta(conn, backup_dir=str(desk_with_clerk / "not-a-folder" / "sub"))
    finally:
        d.close()
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w)
    idle(qtbot, w)
    qtbot.waitUntil(lambda: "không được" in w.home.backup_tile.text(), timeout=10_000)
    assert w.home.backup_tile.property("stale") is True and "⚠" in w.home.backup_tile.text()
    w.close()


def test_a_lead_backs_up_now_then_restores_and_the_window_closes(qtbot, window, desk_with_clerk):
    w = window
    kept = _receive(desk_with_clerk, "Trước Sao Lưu")
    dialog = w.show_backup()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pass
    with qtbot.waitSignal(dialog.backed_up, timeout=20_000) as made:
        dialog.now_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 2, timeout=10_000)  # today's automatic one and this one
    lost = _receive(desk_with_clerk, "Sau Sao Lưu")
    row = next(i for i, f in enumerate(dialog.files) if str(f) == made.args[0])
    dialog.table.selectRow(row)
    dialog.restore_selected()
    box = dialog.confirm_box
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    with qtbot.waitSignal(dialog.restored, timeout=30_000) as restored:
        box.button(QMessageBox.StandardButton.Yes).click()
    assert restored.args[0]["dossiers"] == 1 and restored.args[0]["safety_copy"]
    qtbot.waitUntil(lambda: w.restored_box is not None and w.restored_box.isVisible(), timeout=5_000)
    w.restored_box.accept()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=5_000)
    d = _open(desk_with_clerk)
    try:
        assert d.dossier(kept)["code"] == kept
        assert d.search("Sau Sao Lưu") == [] and lost
        nxt = d.receive(ReceiveRequest(procedure="2.000815", name="Mới"), actor="x")["code"]
        assert nxt != lost and nxt.endswith("-1501")
    finally:
        d.close()


def test_a_clerk_pressing_the_tile_is_told_whom_to_ask(qtbot, window, desk_with_clerk):
    from desk.accounts import add_clerk, authenticate

    d = _open(desk_with_clerk)
    try:
        add_clerk(d.store, username="lan", full_name="Trần Thị Lan", password="mat-khau-2", actor="x",
                  by=authenticate(d.store, CLERK["username"], CLERK["password"]))  # fmt: skip
    finally:
        d.close()
    w = window
    w.sign_out()
    sign_in(qtbot, w, "lan", "mat-khau-2")
    assert not w.backup_action.isEnabled()
    box = w.show_backup()
    assert "cán bộ phụ trách" in box.text()
    box.accept()


def test_dossiers_left_out_of_a_merge_are_shown_on_home(qtbot, qt_settings, desk_with_clerk):
    import json

    d = _open(desk_with_clerk)
    try:
        with d.store.write() as conn:
            d.store.set_meta(conn, merge_conflicts=json.dumps([{"code": "000.00.12.H62-261202-1001", "uid": "u",
                                                                 "source": "/home/lan/desk.sqlite3.migrated",
                                                                 "reason": "mã đã cấp"}]))  # fmt: skip
    finally:
        d.close()
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w)
    idle(qtbot, w)
    qtbot.waitUntil(lambda: w.home.merge_notice.isVisible(), timeout=10_000)
    assert "261202-1001" in w.home.merge_notice.text() and "desk.sqlite3.migrated" in w.home.merge_notice.text()
    w.close()


def test_todays_backup_waits_a_little_after_sign_in_for_the_clerks_first_work(qtbot, qt_settings, desk_with_clerk):
    d = _open(desk_with_clerk)
    try:  # yesterday's backup: today's is due, but the desk is not without a copy
        autobackup.noted(d, desk_with_clerk / "backups" / "x.desk-backup", timeutil.now() - dt.timedelta(days=1))
    finally:
        d.close()
    w = make_window(qtbot, desk_with_clerk)
    w.backup_soon.setInterval(1_500)  # 20 s in use
    w.start()
    sign_in(qtbot, w)
    idle(qtbot, w)
    assert w.backup_soon.isActive()
    assert not any((desk_with_clerk / "backups").glob("desk-auto-*.desk-backup"))
    qtbot.waitUntil(lambda: any((desk_with_clerk / "backups").glob("desk-auto-*.desk-backup")), timeout=10_000)
    idle(qtbot, w)
    w.close()


def test_a_desk_without_a_recent_backup_gets_one_at_sign_in(qtbot, qt_settings, desk_with_clerk):
    w = make_window(qtbot, desk_with_clerk)
    w.backup_soon.setInterval(600_000)  # the usual wait never comes in this test
    w.start()
    sign_in(qtbot, w)
    qtbot.waitUntil(lambda: any((desk_with_clerk / "backups").glob("desk-auto-*.desk-backup")), timeout=10_000)
    idle(qtbot, w)
    qtbot.waitUntil(lambda: w.home.backup_tile.property("stale") is False, timeout=10_000)
    w.close()
