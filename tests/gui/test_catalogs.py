"""Catalogs waiting for approval (issue #7): the lead clerk sees the changes and approves; a clerk who is not the
lead cannot; a file is imported as pending and a refused one says why; trusted keys are set in the set-up wizard."""

from __future__ import annotations

import json
from pathlib import Path

from desk.accounts import add_clerk, clerks
from desk.service import Desk
from desk.signing import generate_key, parse_public_key, public_key_text, sign
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle, make_window, sign_in, type_text
from ui.qt import Qt, QWizard

pytestmark = OFFSCREEN_NOISE

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "sample-catalog.json"
OTHER = {"username": "nam.tv", "full_name": "Trần Văn Nam", "password": "mat-khau-2"}


def new_catalog(version: int = 2) -> bytes:
    """The sample catalog in a new version, in force from its first day, without the death registration."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["version"] = version
    data["procedures"] = [p for p in data["procedures"] if p["code"] != "1.000656"]
    return json.dumps(data, ensure_ascii=False).encode()


def add_other_clerk(data_dir: Path) -> None:
    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        lead = next(c for c in clerks(d.store.conn) if c.is_lead)
        add_clerk(d.store, actor=lead.full_name, by=lead, role="clerk", **OTHER)
    finally:
        d.close()


def pending_import(data_dir: Path) -> int:
    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        return d.import_catalog(new_catalog(), actor="đồng bộ", approve=False)["catalog_id"]
    finally:
        d.close()


def catalog_row(data_dir: Path, catalog_id: int):
    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        return d.store.conn.execute(
            "SELECT approved_at, approved_by FROM catalogs WHERE id = ?", (catalog_id,)
        ).fetchone()
    finally:
        d.close()


def start(qtbot, data_dir, who=CLERK):
    w = make_window(qtbot, data_dir)
    w.start()
    sign_in(qtbot, w, who["username"], who["password"])
    qtbot.waitUntil(lambda: w.home.tiles["today"].value is not None and not w.home.busy, timeout=10_000)
    idle(qtbot, w)
    return w


def test_lead_approves_a_pending_catalog(qtbot, qt_settings, desk_with_clerk):
    catalog_id = pending_import(desk_with_clerk)
    w = start(qtbot, desk_with_clerk)
    notice = w.home.catalog_notice
    assert notice.isVisible() and "Có 1 danh mục thủ tục mới" in notice.text()
    assert any(p.code == "1.000656" for p in w.intake.picker.procedures)
    notice.click()
    dialog = w.catalogs
    qtbot.waitUntil(lambda: bool(dialog.items), timeout=10_000)
    assert dialog.list.count() == 1 and "Phiên bản 2" in dialog.list.item(0).text()
    changes = dialog.changes.toPlainText()
    assert "Bãi bỏ 1 thủ tục" in changes and "1.000656" in changes
    assert dialog.approve_button.isEnabled() and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.approved, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Đã duyệt danh mục phiên bản 2" in dialog.message.text()
    qtbot.waitUntil(lambda: dialog.list.count() == 0, timeout=10_000)
    approved_at, approved_by = catalog_row(desk_with_clerk, catalog_id)
    assert approved_at is not None and approved_by == CLERK["full_name"]
    # In force from today: the retired procedure can no longer be chosen; the notice is gone.
    qtbot.waitUntil(lambda: not any(p.code == "1.000656" for p in w.intake.picker.procedures), timeout=10_000)
    qtbot.waitUntil(lambda: not w.home.catalog_notice.isVisible() and not w.home.busy, timeout=10_000)
    idle(qtbot, w)
    w.close()


def test_a_clerk_who_is_not_the_lead_cannot_approve(qtbot, qt_settings, desk_with_clerk):
    add_other_clerk(desk_with_clerk)
    catalog_id = pending_import(desk_with_clerk)
    w = start(qtbot, desk_with_clerk, OTHER)
    assert w.home.catalog_notice.isVisible()
    assert not w.import_catalog_action.isEnabled()
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = w.catalogs
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.items), timeout=10_000)
    assert "Bãi bỏ 1 thủ tục" in dialog.changes.toPlainText()  # the changes can be read
    assert not dialog.approve_button.isEnabled() and dialog.lead_note.isVisible()
    assert "cán bộ phụ trách" in dialog.approve_button.toolTip()
    with qtbot.waitSignal(dialog.refused, timeout=10_000):  # even when asked directly, the approval is refused
        dialog.approve(catalog_id)
    assert "không phải cán bộ phụ trách" in dialog.message.text()
    assert catalog_row(desk_with_clerk, catalog_id) == (None, None)
    idle(qtbot, w)
    w.close()


def test_import_from_a_file_checks_the_signature(qtbot, qt_settings, desk_with_clerk, tmp_path):
    key = generate_key()
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        d.trust_key(parse_public_key(public_key_text(key), "Sở Nội vụ"), actor="cài đặt")
    finally:
        d.close()
    unsigned = tmp_path / "dm-v2.json"
    unsigned.write_bytes(new_catalog())
    signed = tmp_path / "dm-v2.signed.json"
    signed.write_bytes(sign(new_catalog(), key))
    w = start(qtbot, desk_with_clerk)
    assert w.import_catalog_action.isEnabled()
    dialog = w.import_catalog(unsigned)
    with qtbot.waitSignal(dialog.refused, timeout=10_000) as refused:
        pass
    assert dialog.message.text().startswith("Không thực hiện được: ")
    assert refused.args[0].message in dialog.message.text()
    assert "chưa được ký số" in dialog.message.text() and "Danh mục đang dùng giữ nguyên" in dialog.message.text()
    assert dialog.list.count() == 0
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_file(signed)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    assert "ký bởi khóa" in dialog.list.item(0).text()
    assert "Bãi bỏ 1 thủ tục" in dialog.changes.toPlainText()
    assert "chờ duyệt" in dialog.message.text()
    idle(qtbot, w)
    w.close()


def test_setup_wizard_takes_trusted_keys_from_the_machine_config(qtbot, qt_settings, data_dir, tmp_path, monkeypatch):
    line = public_key_text(generate_key())
    config = tmp_path / "desk.json"
    config.write_text(json.dumps({"agency_code": "000.00.12.H62", "agency_name": "Trung tâm Phục vụ hành chính công "
                                  "xã Tân Phú", "desk_slot": 3, "trusted_keys": [line]}), encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("DESK_MACHINE_CONFIG", str(config))
    w = make_window(qtbot, data_dir)
    w.start()
    wizard = w.wizard
    qtbot.waitUntil(lambda: wizard.machine is not None, timeout=10_000)
    assert wizard.agency.agency_code.text() == "000.00.12.H62" and wizard.agency.slot.value() == 3
    wizard.next()
    assert wizard.currentPage() is wizard.data
    assert wizard.data.keys.toPlainText() == line
    wizard.data.keys.setPlainText(line + "\ned25519:khong-phai-khoa")
    wizard.next()
    assert wizard.currentPage() is wizard.data  # refused, with the line and the reason
    assert "Dòng 2" in wizard.data.errors.text() and "không phải khóa Ed25519" in wizard.data.errors.text()
    wizard.data.keys.setPlainText(line)
    wizard.next()
    assert wizard.currentPage() is wizard.signer  # who signs the letters: the defaults will do
    wizard.next()
    acc = wizard.account
    type_text(qtbot, acc.full_name, CLERK["full_name"])
    type_text(qtbot, acc.username, CLERK["username"])
    type_text(qtbot, acc.password, CLERK["password"])
    type_text(qtbot, acc.password2, CLERK["password"])
    with qtbot.waitSignal(w.ready, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    idle(qtbot, w)
    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        keys = d.trusted_keys()
        slot = d.settings.desk_slot
    finally:
        d.close()
    assert [k.key_id for k in keys] == [parse_public_key(line).key_id] and slot == 3
    w.close()
