"""First start: the set-up wizard makes the desk and the first clerk; then sign-in, lock and sign-out."""

from __future__ import annotations

from desk import keys, paths, recovery
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle, make_window, sign_in, type_text
from ui.qt import Qt, QWizard

pytestmark = OFFSCREEN_NOISE

PROVINCE = recovery.generate()  # the province's recovery key pair


def test_setup_wizard_creates_desk_and_first_clerk(qtbot, qt_settings, data_dir):
    w = make_window(qtbot, data_dir)
    w.start()
    wizard = w.wizard
    assert wizard is not None and wizard.isVisible()
    page = wizard.agency
    type_text(qtbot, page.agency_code, "000.00.12.h62")
    type_text(qtbot, page.agency_name, "Trung tâm Phục vụ hành chính công xã Tân Phú")
    type_text(qtbot, page.parent_name, "UBND XÃ TÂN PHÚ")
    type_text(qtbot, page.place, "Tân Phú")
    wizard.next()
    assert wizard.currentPage() is wizard.data
    assert wizard.data.catalog_default.isChecked() and wizard.data.calendar_default.isChecked()
    # the province's recovery key: checked by the core before going on
    type_text(qtbot, wizard.data.recovery, "x25519:abc:khong-phai-khoa")
    wizard.next()
    assert wizard.currentPage() is wizard.data and "không phải khóa X25519" in wizard.data.errors.text()
    wizard.data.recovery.clear()
    type_text(qtbot, wizard.data.recovery, recovery.public_text(PROVINCE))
    wizard.next()
    signer = wizard.signer.fields  # who signs the letters: checked by the core, the problem under its field
    assert wizard.currentPage() is wizard.signer and signer.signer_title.text() == "GIÁM ĐỐC"
    type_text(qtbot, signer.signer_authority, "Phó giám đốc")
    wizard.next()
    assert wizard.currentPage() is wizard.signer
    assert "KT., TM., TL. hoặc TUQ." in signer.rows["signer_authority"].error.text()
    signer.signer_authority.clear()
    type_text(qtbot, signer.signer_name, "Trần Quốc Bảo")
    type_text(qtbot, signer.contact_phone, "0251 3861 234")
    wizard.next()
    acc = wizard.account
    type_text(qtbot, acc.full_name, CLERK["full_name"])
    type_text(qtbot, acc.username, CLERK["username"])
    type_text(qtbot, acc.password, "short")
    type_text(qtbot, acc.password2, "short")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "ít nhất 8 ký tự" in acc.errors.text()
    assert not paths.store_path(data_dir).exists()
    for edit in (acc.password, acc.password2):
        edit.clear()
        type_text(qtbot, edit, CLERK["password"])
    with qtbot.waitSignal(w.ready, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert paths.store_path(data_dir).exists()
    assert w.session.clerk.full_name == CLERK["full_name"] and w.session.clerk.is_lead
    assert w.stack.currentWidget() is w.tabs
    qtbot.waitUntil(lambda: w.session.info is not None)
    assert w.session.info.agency_code == "000.00.12.H62"
    idle(qtbot, w)
    w.close()
    from desk.service import Desk

    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        assert d.settings.signer_name == "Trần Quốc Bảo" and d.settings.contact_phone == "0251 3861 234"
        # the data key, sealed for the province: its private key opens it
        info = keys.read_info(data_dir)
        assert info is not None and recovery.open_sealed(info.recovery, PROVINCE) == d.store.key
    finally:
        d.close()


def test_setup_refuses_a_bad_agency_code(qtbot, qt_settings, data_dir):
    w = make_window(qtbot, data_dir)
    w.start()
    wizard = w.wizard
    type_text(qtbot, wizard.agency.agency_code, "H62")
    type_text(qtbot, wizard.agency.agency_name, "Xã Tân Phú")
    wizard.next()
    assert wizard.currentPage() is wizard.agency
    assert "Mã định danh cơ quan" in wizard.agency.errors.text()
    wizard.reject()


def test_sign_in_refuses_wrong_password_then_accepts(qtbot, qt_settings, desk_with_clerk):
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    assert w.stack.currentWidget() is w.sign_in
    page = w.sign_in
    type_text(qtbot, page.username, CLERK["username"])
    qtbot.keyClick(page.username, Qt.Key.Key_Return)
    type_text(qtbot, page.password, "sai-mat-khau")
    with qtbot.waitSignal(page.sign_in_failed, timeout=10_000):
        qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.message.text()
    assert w.stack.currentWidget() is w.sign_in
    assert not w.lock_action.isEnabled()
    page.password.clear()
    sign_in(qtbot, w)
    assert w.clerk_label.text() == "Cán bộ: Lê Thị Hoa"
    idle(qtbot, w)
    w.close()


def test_lock_screen_needs_the_password(qtbot, window):
    w = window
    idle(qtbot, w)
    w.lock_action.trigger()
    assert w.stack.currentWidget() is w.lock_page
    assert not w.work_actions[0].isEnabled()
    assert w.lock_page.username.text() == CLERK["username"] and w.lock_page.username.isReadOnly()
    type_text(qtbot, w.lock_page.password, "sai")
    with qtbot.waitSignal(w.lock_page.sign_in_failed, timeout=10_000):
        qtbot.keyClick(w.lock_page.password, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is w.lock_page
    w.lock_page.password.clear()
    type_text(qtbot, w.lock_page.password, CLERK["password"])
    with qtbot.waitSignal(w.lock_page.signed_in, timeout=10_000):
        qtbot.keyClick(w.lock_page.password, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is w.tabs


def test_lead_adds_a_clerk(qtbot, window):
    from ui.signin import AddClerkDialog

    w = window
    assert w.add_clerk_action.isEnabled()
    dialog = AddClerkDialog(w.session, w)
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.full_name, "Trần Văn Nam")
    type_text(qtbot, dialog.username, "nam.tv")
    type_text(qtbot, dialog.password, "mat-khau-2")
    with qtbot.waitSignal(dialog.clerk_added, timeout=10_000) as blocker:
        dialog.on_add_clicked()
    assert blocker.args[0].full_name == "Trần Văn Nam" and not blocker.args[0].is_lead
    w.sign_out_action.trigger()
    # the password a lead hands out is changed at the first sign-in, before any work
    page = w.sign_in
    page.username.setText("nam.tv")
    page.password.setText("mat-khau-2")
    page.on_sign_in_clicked()
    qtbot.waitUntil(lambda: w.password_dialog is not None and w.password_dialog.isVisible())
    change = w.password_dialog
    assert w.stack.currentWidget() is w.sign_in  # no work area yet
    change.old.setText("mat-khau-2")
    change.new.setText("mat-khau-2")
    change.new2.setText("mat-khau-2")
    change.on_change_clicked()
    qtbot.waitUntil(lambda: "khác mật khẩu cũ" in change.errors.text())
    change.new.setText("rieng-cua-nam")
    change.new2.setText("rieng-cua-nam")
    with qtbot.waitSignal(w.ready, timeout=10_000):
        change.on_change_clicked()
    assert not w.add_clerk_action.isEnabled() and not w.reset_password_action.isEnabled()
    assert w.change_password_action.isEnabled()
    idle(qtbot, w)
    w.sign_out_action.trigger()
    assert w.sign_in.username.text() == "nam.tv"  # the last user name is remembered
    sign_in(qtbot, w, "nam.tv", "rieng-cua-nam")


def test_about_box_shows_the_version_and_where_the_data_is(qtbot, window):
    from desk import __version__
    from ui.qt import QMessageBox

    window.findChild(type(window.menuBar().actions()[0]), "aboutAction").trigger()
    box = window.findChild(QMessageBox, "aboutBox")
    qtbot.waitUntil(lambda: box is not None and box.isVisible())
    assert __version__ in box.text() and str(window.session.data_dir) in box.text() and "desk.log" in box.text()
    box.accept()


def test_a_slow_opening_is_said_on_the_sign_in_page(qtbot, qt_settings, desk_with_clerk):
    """The first start after an upgrade backs the store up and rebuilds it (minutes on a large desk): the sign-in
    page says so instead of sitting still, and the words go once the desk is open."""
    import threading

    from ui.workers import Op

    w = make_window(qtbot, desk_with_clerk)
    w.opening_notice_ms = 50
    gate = threading.Event()
    Op(w.session.db, lambda _ctx: gate.wait(20), w).run()  # the db worker busy, as while the store upgrades
    w.start()
    qtbot.waitUntil(lambda: w.sign_in.opening.text() != "", timeout=5_000)
    assert "Không tắt máy" in w.sign_in.opening.text()
    card = w.sign_in.card
    qtbot.waitUntil(lambda: card.height() >= card.layout().heightForWidth(card.width()), timeout=2_000)  # not cut
    gate.set()
    qtbot.waitUntil(lambda: w.session.info is not None, timeout=10_000)
    assert w.sign_in.opening.text() == ""
    sign_in(qtbot, w)  # and the clerk signs in as usual
    w.close()


def test_a_quick_opening_says_nothing(qtbot, qt_settings, desk_with_clerk):
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    qtbot.waitUntil(lambda: w.session.info is not None, timeout=10_000)
    qtbot.wait(w.opening_notice_ms + 200)
    assert w.sign_in.opening.text() == ""
    w.close()
