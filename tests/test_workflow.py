from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk import lifecycle, readmodel, timeutil
from desk import workflow as wf
from desk.appointment import timeliness
from desk.errors import InvalidInput
from desk.service import ReceiveRequest
from tests.conftest import vn

NOW = vn(2026, 11, 26, 9, 0)


def received(desk, *, at=None, procedure="1.001022", name="Nguyễn Văn Đức"):
    at = at or vn(2026, 3, 9, 8, 0)
    return desk.receive(
        ReceiveRequest(procedure=procedure, name=name, id_number="001090012345", received_at=at), actor="Hoa", now=NOW
    )


def _a_week_later(desk, code):
    """The current appointment plus a week, on a working day."""
    due = timeutil.parse_instant(desk.dossier(code)["due_at"]) + dt.timedelta(days=7)
    cal = desk.calendar()
    while not cal.is_working_day(due.date()):
        due += dt.timedelta(days=1)
    return due


# One way to perform each action (the values are valid; transitions decide).
ACTIONS = {
    "transferred": lambda d, c, now: wf.transfer(d, c, to_unit="Công chức Tư pháp - Hộ tịch", actor="Hoa", now=now),
    "supplement_requested": lambda d, c, now: wf.request_supplement(
        d, c, items=["Bản sao Giấy chứng sinh"], reason="Thiếu giấy tờ", actor="Hoa", now=now
    ),
    "supplement_received": lambda d, c, now: wf.receive_supplement(d, c, actor="Hoa", now=now),
    "refused": lambda d, c, now: wf.refuse(d, c, reasons=["Không thuộc thẩm quyền"], actor="Hoa", now=now),
    "withdrawn": lambda d, c, now: wf.withdraw(d, c, reason="Công dân xin rút", actor="Hoa", now=now),
    "stopped": lambda d, c, now: wf.stop(d, c, reason="Có tranh chấp", actor="Hoa", now=now),
    "apologized_extended": lambda d, c, now: wf.extend(
        d,
        c,
        new_due_at=_a_week_later(d, c),
        reason="Cần xác minh",
        late_unit="Công chức Tư pháp",
        actor="Hoa",
        late_notice=True,  # the clock of these tests has passed many appointments
        now=now,
    ),
    "result_ready": lambda d, c, now: wf.result_ready(d, c, actor="Hoa", now=now),
    "result_returned": lambda d, c, now: wf.return_result(
        d, c, collected_by="Nguyễn Văn Đức", id_number="001090012345", actor="Hoa", now=now
    ),
    "fee_paid": lambda d, c, now: wf.pay(d, c, amount=10000, receipt_no="BL-0001", actor="Hoa", now=now),
}
NEW_STATUS = {"transferred": 4, "supplement_requested": 5, "supplement_received": 4, "refused": 3, "withdrawn": 7,
              "stopped": 8, "result_ready": 9, "result_returned": 10}  # fmt: skip
# A path from «received» to each status.
PATHS = {
    2: [],
    3: ["refused"],
    4: ["transferred"],
    5: ["supplement_requested"],
    7: ["withdrawn"],
    8: ["stopped"],
    9: ["result_ready"],
    10: ["result_ready", "result_returned"],
}


@pytest.mark.parametrize("status", sorted(PATHS))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_in_every_status(desk, status, action):
    code = received(desk)["code"]
    for step in PATHS[status]:
        ACTIONS[step](desk, code, NOW)
    assert desk.dossier(code)["status"] == status
    allowed = status in lifecycle.STEPS[action].allowed_from
    events_before = desk.store.counts()["events"]
    if allowed:
        after = ACTIONS[action](desk, code, NOW)
        assert after["status"] == NEW_STATUS.get(action, status)
        assert after["events"][-1]["kind"] == action
    else:
        with pytest.raises(InvalidInput) as err:
            ACTIONS[action](desk, code, NOW)
        assert f"trạng thái {status}" in err.value.message
        assert desk.store.counts()["events"] == events_before
        assert desk.dossier(code)["status"] == status


def test_returning_a_result_that_is_not_ready_says_why(desk):
    code = received(desk)["code"]
    wf.transfer(desk, code, to_unit="Công chức Tư pháp", actor="Hoa", now=NOW)
    with pytest.raises(InvalidInput) as err:
        ACTIONS["result_returned"](desk, code, NOW)
    assert "Không thể trả kết quả cho công dân" in err.value.message
    assert "chỉ trả kết quả khi hồ sơ đã có kết quả" in err.value.message


def test_supplement_pause_over_tet_moves_the_appointment_by_the_working_time_waited(desk):
    d = received(desk, at=vn(2026, 2, 9, 8, 0))  # Monday, 3 working days
    assert d["due_at"] == "2026-02-12T08:00:00+07:00"
    code = d["code"]
    wf.request_supplement(
        desk, code, items=["Giấy chứng sinh"], reason="Thiếu", actor="Hoa", now=vn(2026, 2, 11, 10, 0)
    )
    assert desk.dossier(code)["paused_at"] == "2026-02-11T10:00:00+07:00"
    # waited: Wed 5 h + Thu 8 h + Fri 8 h + (weekend, Tết 16–20/02, weekend) + Mon 23/02 07:00–09:00 2 h = 23 h
    after = wf.receive_supplement(desk, code, actor="Hoa", now=vn(2026, 2, 23, 9, 0))
    assert after["status"] == 4 and after["paused_at"] is None
    assert after["due_at"] == "2026-02-23T17:00:00+07:00"
    assert after["events"][-1]["payload"]["waited_minutes"] == 23 * 60
    assert after["original_due_at"] == "2026-02-12T08:00:00+07:00"


def test_supplement_pause_over_a_weekend(desk):
    code = received(desk, at=vn(2026, 3, 2, 8, 0))["code"]  # due Thu 05/03 08:00
    wf.request_supplement(desk, code, items=["Tờ khai"], reason="Thiếu chữ ký", actor="Hoa", now=vn(2026, 3, 4, 16, 0))
    after = wf.receive_supplement(desk, code, actor="Hoa", now=vn(2026, 3, 9, 8, 0))  # Fri 1 h? no: Wed 16–17, Thu, Fri
    # Wed 16:00–17:00 1 h, Thu 8 h, Fri 8 h, Mon 07:00–08:00 1 h = 18 h after Thu 05/03 08:00
    assert after["due_at"] == "2026-03-09T10:00:00+07:00"


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (vn(2026, 3, 11, 16, 59), "early"),
        (vn(2026, 3, 12, 7, 0), "on_time"),
        (vn(2026, 3, 12, 10, 0), "on_time"),  # the due minute itself
        (vn(2026, 3, 12, 10, 1), "late"),  # one minute after
        (vn(2026, 3, 13, 7, 0), "late"),
    ],
)
def test_timeliness_at_the_boundary_minute(desk, finished, expected):
    due = vn(2026, 3, 12, 10, 0)
    assert timeliness(finished, due) == expected
    code = received(desk, at=vn(2026, 3, 9, 10, 0))["code"]  # Monday 10:00 + 3 working days = Thu 12/03 10:00
    assert desk.dossier(code)["due_at"] == "2026-03-12T10:00:00+07:00"
    after = wf.result_ready(desk, code, actor="Hoa", at=finished, now=NOW)
    assert after["events"][-1]["payload"]["timeliness"] == expected


def test_extension_counts_from_then_on_and_the_first_appointment_is_kept(desk):
    code = received(desk, at=vn(2026, 3, 9, 10, 0))["code"]
    after = wf.extend(desk, code, new_due_at=vn(2026, 3, 17, 10, 0), reason="Chờ xác minh", late_unit="Công an xã",
                      letter_no="12/XL", actor="Hoa", now=vn(2026, 3, 11, 9, 0))  # fmt: skip
    assert after["due_at"] == "2026-03-17T10:00:00+07:00"
    assert after["original_due_at"] == "2026-03-12T10:00:00+07:00" and after["extensions"] == 1
    assert after["events"][-1]["payload"]["sent_after_due"] is False
    done = wf.result_ready(desk, code, actor="Hoa", at=vn(2026, 3, 16, 9, 0), now=NOW)
    payload = done["events"][-1]["payload"]
    assert payload["timeliness"] == "early" and payload["timeliness_original"] == "late"
    with pytest.raises(InvalidInput, match="phải sau hẹn trả hiện tại"):
        wf.extend(
            desk,
            received(desk)["code"],
            new_due_at=vn(2026, 3, 1, 9, 0),
            reason="x",
            late_unit="y",
            actor="Hoa",
            now=NOW,
        )
    with pytest.raises(InvalidInput, match="ngày nghỉ"):
        wf.extend(
            desk,
            received(desk)["code"],
            new_due_at=vn(2026, 4, 30, 9, 0),
            reason="x",
            late_unit="y",
            actor="Hoa",
            now=NOW,
        )


def test_return_records_who_collected_and_completes_the_ledger_row(desk):
    code = received(desk)["code"]
    wf.result_ready(desk, code, actor="Hoa", now=vn(2026, 3, 10, 9, 0))
    with pytest.raises(InvalidInput, match="xuất trình"):
        wf.return_result(desk, code, collected_by="Trần Thị Bích", actor="Hoa", now=NOW)
    after = wf.return_result(desk, code, collected_by="Trần Thị Bích", id_number="038185000111", actor="Hoa",
                             at=vn(2026, 3, 10, 14, 0), now=NOW)  # fmt: skip
    assert after["status"] == 10 and after["returned_to"] == "Trần Thị Bích"
    assert after["returned_at"] == "2026-03-10T14:00:00+07:00"
    post = received(desk, name="Lê Văn Dũng")["code"]
    wf.result_ready(desk, post, actor="Hoa", now=NOW)
    sent = wf.return_result(
        desk, post, collected_by="Lê Văn Dũng", by_post=True, post_tracking="EB123456789VN", actor="Hoa", now=NOW
    )
    assert sent["events"][-1]["payload"]["by_post"] is True


def test_correction_keeps_the_old_value_in_history_and_search_follows(desk):
    code = received(desk, name="Nguyễn Văn Đúc")["code"]
    with pytest.raises(InvalidInput, match="Lý do sửa"):
        wf.correct(desk, code, field="name", value="Nguyễn Văn Đức", reason=" ", actor="Hoa", now=NOW)
    after = wf.correct(desk, code, field="name", value="Nguyễn Văn Đức", reason="Gõ nhầm dấu", actor="Hoa", now=NOW)
    assert after["applicant"]["name"] == "Nguyễn Văn Đức"
    history = after["events"][-1]["payload"]
    assert history["old"] == "Nguyễn Văn Đúc" and history["new"] == "Nguyễn Văn Đức"
    assert [x["code"] for x in desk.search("nguyen van duc")] == [code]
    wf.correct(desk, code, field="phone", value="+84 912 345 678", reason="Thiếu số", actor="Hoa", now=NOW)
    assert desk.dossier(code)["applicant"]["phone"] == "0912345678"
    with pytest.raises(InvalidInput):
        wf.correct(desk, code, field="id_number", value="12", reason="x", actor="Hoa", now=NOW)
    with pytest.raises(InvalidInput, match="chỉ sửa được"):
        wf.correct(desk, code, field="status", value="10", reason="x", actor="Hoa", now=NOW)


def test_fee_is_recorded_and_summed(desk):
    code = received(desk, procedure="2.000884")["code"]
    wf.pay(desk, code, amount=10000, receipt_no="0001234", actor="Hoa", now=NOW)
    assert desk.dossier(code)["fee_paid"] == 10000
    for bad in (0, -5):
        with pytest.raises(InvalidInput):
            wf.pay(desk, code, amount=bad, receipt_no="1", actor="Hoa", now=NOW)


def test_lists_for_the_home_screen(desk):
    overdue = received(desk, at=vn(2026, 11, 16, 8, 0))["code"]  # due Thu 19/11
    soon = received(desk, at=vn(2026, 11, 23, 9, 30))["code"]  # due Thu 26/11 09:30
    later = received(desk, at=vn(2026, 11, 25, 9, 0))["code"]  # due Mon 30/11
    waiting = received(desk, at=vn(2026, 11, 24, 8, 0))["code"]
    wf.request_supplement(desk, waiting, items=["x"], reason="y", actor="Hoa", now=NOW)
    ready = received(desk, at=vn(2026, 11, 20, 8, 0))["code"]
    wf.result_ready(desk, ready, actor="Hoa", now=NOW)
    now = vn(2026, 11, 26, 8, 0)
    assert readmodel.list_codes(desk, "overdue", now=now) == [overdue]
    assert readmodel.list_codes(desk, "due-soon", now=now) == [soon]
    assert readmodel.list_codes(desk, "waiting", now=now) == [waiting]
    assert readmodel.list_codes(desk, "ready", now=now) == [ready]
    assert later not in readmodel.list_codes(desk, "due-soon", now=now)


@st.composite
def action_sequences(draw):
    return draw(st.lists(st.sampled_from(sorted(ACTIONS)), min_size=1, max_size=8))


@given(seq=action_sequences())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_sequence_of_actions_keeps_a_consistent_dossier_and_rebuilds_equal(desk, seq):
    code = received(desk)["code"]
    status = 2
    for kind in seq:
        if status in lifecycle.STEPS[kind].allowed_from:
            d = ACTIONS[kind](desk, code, NOW)
            status = NEW_STATUS.get(kind, status)
            assert d["status"] == status
        else:
            with pytest.raises(InvalidInput):
                ACTIONS[kind](desk, code, NOW)
    d = desk.dossier(code)
    assert d["status"] == status
    assert (d["paused_at"] is not None) == (status == 5)
    assert (d["returned_at"] is not None) == (status == 10)
    before = desk.store.conn.execute("SELECT * FROM dossiers ORDER BY id").fetchall()
    desk.rebuild()
    assert desk.store.conn.execute("SELECT * FROM dossiers ORDER BY id").fetchall() == before
