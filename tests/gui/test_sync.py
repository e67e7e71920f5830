"""Sync in the GUI (issue #6): rounds on a thread of their own, offline with back-off then online, a round right
after an intake, the status bar (online/offline, events waiting, last sync, clock warning), and the window of
refused events and conflicts. The round itself is a stand-in (sync.client is tested against a real server)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from desk import syncstate, timeutil
from desk.ids import uuid7
from desk.service import Desk, ReceiveRequest
from sync.client import ServerUnreachable
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle, make_window, sign_in
from ui import sync_status
from ui.qt import Qt

pytestmark = OFFSCREEN_NOISE


class FakeProvince:
    """A province server as the runner sees it: first unreachable, then answering (refusing one event, sending one
    event that conflicts with the desk's dossier, telling a time ten minutes behind the PC's)."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.rounds = 0
        self.offline = True

    def __call__(self, desk, **kwargs):
        self.threads.append(threading.current_thread())
        self.rounds += 1
        if self.offline:
            self.offline = False
            raise ServerUnreachable("Không kết nối được máy chủ tỉnh https://dongbo.tinh.gov.vn: mất kết nối.")
        store = desk.store
        mine = store.conn.execute(
            "SELECT e.id, e.dossier_uid, e.kind FROM events e LEFT JOIN event_acks a ON a.event_id = e.id"
            " WHERE e.server_seq IS NULL AND a.event_id IS NULL ORDER BY e.seq"
        ).fetchall()
        answers = [{"id": eid, "status": "accepted", "server_seq": 100 + i} for i, (eid, _u, _k) in enumerate(mine)]
        received = [(i, uid) for i, (_e, uid, kind) in enumerate(mine) if kind == "received"]
        if self.rounds == 2 and received:
            i, uid = received[0]
            answers[i] = {"id": mine[i][0], "status": "refused", "reason": "Mã hồ sơ đã có trên máy chủ (trùng mã)."}
            remote = {
                "id": uuid7(), "dossier_uid": uid, "kind": "result_returned",
                "payload": {"at": "2026-11-26T08:00:00+07:00", "collected_by": "A"}, "actor": "Sở Tư pháp",
                "desk_id": "so-tu-phap", "device_time": "2026-11-26T08:00:00+07:00", "hash": "", "server_seq": 900,
            }  # fmt: skip
            syncstate.apply_remote(store, [remote], None)
        syncstate.record_answers(store, answers)
        syncstate.note_round(store, server_time=timeutil.now() - dt.timedelta(minutes=10))
        return {"complete": True, "applied": 0, "bundles": []}


@pytest.fixture
def province(monkeypatch):
    fake = FakeProvince()
    monkeypatch.setattr(sync_status, "SYNC_ROUND", fake)
    monkeypatch.setattr(sync_status, "RUNNER_OPTIONS", {"base_delay": 0.2, "max_delay": 0.4, "interval": 3600})
    return fake


def test_sync_runs_in_the_background_and_shows_its_state(qtbot, qt_settings, desk_with_clerk, province):
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        code = d.receive(ReceiveRequest(procedure="1.004873", name="Nguyễn Văn An"), actor=CLERK["full_name"])["code"]
    finally:
        d.close()
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w)
    service = w.session.sync
    indicator = w.sync_indicator
    # First round: the server cannot be reached. Offline, the back-off runs, the work goes on.
    qtbot.waitUntil(lambda: service.state is not None and service.state.online is False, timeout=10_000)
    assert "Ngoại tuyến" in indicator.label.text() and "thử lại sau" in indicator.label.text()
    assert (
        service.state.status["pending"] > 0 and f"chờ gửi: {service.state.status['pending']}" in indicator.label.text()
    )
    assert "NGOẠI TUYẾN" in w.home.sync_label.text()
    # The next try (after the back-off) reaches it.
    qtbot.waitUntil(lambda: service.state.online is True and not service.state.running, timeout=10_000)
    state = service.state
    assert state.status["pending"] == 0 and state.status["refused"] == 1 and state.status["conflicts"] == 1
    text = indicator.label.text()
    assert text.startswith("● Trực tuyến") and "chờ gửi: 0" in text and "lần cuối:" in text
    assert indicator.clock.isVisible() and indicator.clock.text() == "⚠ Giờ máy nhanh 10 phút"
    assert "Đồng hồ máy tính nhanh 10 phút" in indicator.clock.toolTip()  # the core's sentence
    assert "Đồng hồ máy tính nhanh 10 phút" in w.home.sync_label.text()
    assert indicator.problems.isVisible() and "1 bị từ chối · 1 xung đột" in indicator.problems.text()
    assert all(t is not threading.main_thread() for t in province.threads)

    # The window of refused events and conflicts.
    indicator.problems.click()
    dialog = w.sync_problems
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pass
    idle(qtbot, w)
    assert dialog.refused.rowCount() == 1 and dialog.refused.item(0, 0).text() == code
    assert dialog.refused.item(0, 1).text() == "Tiếp nhận hồ sơ"
    assert "trùng mã" in dialog.refused.item(0, 3).text()
    assert dialog.conflicts.rowCount() == 1 and dialog.conflicts.item(0, 1).text() == "Đã trả kết quả"
    assert "«Trả kết quả» cho hồ sơ đang ở trạng thái 2" in dialog.conflicts.item(0, 4).text()
    # Enter on a row opens its dossier.
    with qtbot.waitSignal(w.detail_opened, timeout=10_000) as opened:
        dialog.refused.setCurrentCell(0, 0)
        dialog.on_row_activated(dialog.refused, dialog.refused.currentIndex())
    assert opened.args[0].code == code
    opened.args[0].close()
    # A conflict needs a note of what was done; then it leaves the list and the note stays in the dossier's log.
    dialog.resolve_button.click()  # no note yet: refused, with the core's reason
    qtbot.waitUntil(lambda: "Ghi rõ đã xử lý xung đột thế nào" in dialog.message.text(), timeout=10_000)
    dialog.note.setText("Đã gọi Sở Tư pháp: kết quả chưa trả, giữ trạng thái của bàn")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.conflicts.rowCount() == 0, timeout=10_000)
    assert "nhật ký" in dialog.message.text() and dialog.refused.rowCount() == 1
    # A refused event can be sent again once its cause is fixed.
    dialog.resend_button.click()
    qtbot.waitUntil(lambda: dialog.refused.rowCount() == 0 and not dialog.resend_button.isEnabled(), timeout=10_000)
    assert "gửi lại" in dialog.message.text()
    idle(qtbot, w)
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        notes = [e["payload"]["text"] for e in d.dossier(code)["events"] if e["kind"] == "note"]
    finally:
        d.close()
    assert notes == ["Đã gọi Sở Tư pháp: kết quả chưa trả, giữ trạng thái của bàn"]
    dialog.close()

    # An intake asks for a round at once (online).
    before = province.rounds
    w.intake.load_procedures()
    idle(qtbot, w)
    w.on_dossier_received({"code": "X", "applicant": {"name": "Y"}})
    qtbot.waitUntil(lambda: province.rounds > before, timeout=10_000)
    idle(qtbot, w)
    w.close()


def test_status_bar_without_enrolment(qtbot, qt_settings, desk_with_clerk, monkeypatch):
    monkeypatch.setattr(sync_status, "SYNC_ROUND", None)  # the real round: this desk is not enrolled
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w)
    qtbot.waitUntil(lambda: w.session.sync.state is not None and not w.session.sync.state.running, timeout=10_000)
    assert w.session.sync.state.enrolled is False
    assert "Chưa đăng ký máy chủ tỉnh" in w.sync_indicator.label.text()
    assert "CHƯA ĐĂNG KÝ" in w.home.sync_label.text()
    assert not w.sync_indicator.problems.isVisible()
    qtbot.keyClick(w, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert w.sync_problems is not None
    with qtbot.waitSignal(w.sync_problems.loaded, timeout=10_000):
        pass
    assert w.sync_problems.refused.rowCount() == 0 and w.sync_problems.conflicts.rowCount() == 0
    idle(qtbot, w)
    w.close()


def test_sync_starts_a_moment_after_sign_in_and_never_after_the_window_closed(qtbot, qt_settings, desk_with_clerk,
                                                                               province):  # fmt: skip
    from ui import main_window

    w = make_window(qtbot, desk_with_clerk)
    w.sync_soon.setInterval(main_window.SYNC_START_DELAY_MS)  # as in use (make_window sets 0)
    w.start()
    sign_in(qtbot, w)
    # Signed in: the list and the Home tiles load first; the sync client is not loaded on the GUI thread yet.
    assert not w.session.sync.started and w.sync_soon.isActive()
    assert w.sync_indicator.label.text() == "● Đồng bộ: đang khởi động…"
    assert "đang khởi động" in w.home.sync_label.text()
    qtbot.waitUntil(lambda: w.session.sync.started, timeout=main_window.SYNC_START_DELAY_MS + 5_000)
    qtbot.waitUntil(lambda: province.rounds > 0, timeout=10_000)
    idle(qtbot, w)
    w.close()

    # A window closed before the moment came: the sync thread never starts.
    late = make_window(qtbot, desk_with_clerk)
    late.sync_soon.setInterval(200)
    late.start()
    sign_in(qtbot, late)
    assert late.sync_soon.isActive()
    late.session.stop()
    qtbot.wait(400)
    assert not late.session.sync.started and late.session.sync.thread is None

    # F9 in that moment: sync starts at once, and its first round is the one asked for.
    eager = make_window(qtbot, desk_with_clerk)
    eager.sync_soon.setInterval(60_000)
    eager.start()
    sign_in(qtbot, eager)
    assert not eager.session.sync.started
    rounds = province.rounds
    qtbot.keyClick(eager, Qt.Key.Key_F9)
    assert eager.session.sync.started and not eager.sync_soon.isActive()
    qtbot.waitUntil(lambda: province.rounds > rounds, timeout=10_000)
    idle(qtbot, eager)
    eager.close()
