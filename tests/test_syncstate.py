from __future__ import annotations

from desk import syncstate, workflow
from desk.ids import uuid7
from desk.service import ReceiveRequest
from tests.conftest import vn

NOW = vn(2026, 11, 26, 9, 0)


def remote(uid, kind, payload, seq, *, desk_id="so-tu-phap"):
    return {"id": uuid7(), "dossier_uid": uid, "kind": kind, "payload": payload, "actor": "Trần Văn Minh",
            "desk_id": desk_id, "device_time": "2026-11-25T10:00:00+07:00", "hash": "", "server_seq": seq}  # fmt: skip


def test_pending_answers_and_refusals(desk):
    d = desk.receive(ReceiveRequest(procedure="2.000815", name="Lê Văn Dũng"), actor="Hoa", now=NOW)
    out = syncstate.pending(desk.store)
    assert [e["kind"] for e in out] == ["catalog_imported", "calendar_imported", "received"]
    assert out[-1]["payload"]["code"] == d["code"] and len(out[-1]["hash"]) == 64
    syncstate.record_answers(desk.store, [
        {"id": out[0]["id"], "status": "accepted", "server_seq": 1},
        {"id": out[1]["id"], "status": "duplicate", "server_seq": 2},
        {"id": out[2]["id"], "status": "refused", "reason": "Mã hồ sơ đã có trên máy chủ"},
    ])  # fmt: skip
    assert syncstate.pending(desk.store) == []
    refused = syncstate.refused_events(desk.store.conn)
    assert refused[0]["code"] == d["code"] and refused[0]["reason"] == "Mã hồ sơ đã có trên máy chủ"
    assert syncstate.status(desk.store)["refused"] == 1


def test_remote_events_apply_once_and_conflicts_are_kept_for_a_person(desk):
    d = desk.receive(ReceiveRequest(procedure="1.001022", name="Lê Văn Dũng", received_at=vn(2026, 11, 23, 8, 0)),
                     actor="Hoa", now=NOW)  # fmt: skip
    uid = d["uid"]
    page = [
        remote(uid, "transferred", {"from_unit": "Bộ phận một cửa", "from_person": "Hoa", "to_unit": "Sở Tư pháp",
                                    "to_person": None, "at": "2026-11-24T08:00:00+07:00",
                                    "step_due_at": "2026-11-26T08:00:00+07:00", "note": None}, 10),
        remote(uid, "result_ready", {"at": "2026-11-25T10:00:00+07:00", "result": "Trích lục",
                                     "timeliness": "early", "timeliness_original": "early"}, 11),
        remote(uid, "supplement_requested", {"items": ["x"], "reason": "y", "at": "2026-11-25T11:00:00+07:00"}, 12),
    ]  # fmt: skip
    counts = syncstate.apply_remote(desk.store, page, "c-12", now=NOW)
    assert counts == {"applied": 2, "duplicates": 0, "conflicts": 1}
    shown = desk.dossier(d["code"])
    assert shown["status"] == 9 and shown["holder"] is None  # the result is back at the desk
    (c,) = syncstate.conflicts(desk.store.conn)
    assert c["kind"] == "supplement_requested" and "trạng thái 9" in c["reason"]
    assert syncstate.status(desk.store)["cursor"] == "c-12"
    again = syncstate.apply_remote(desk.store, page, "c-12", now=NOW)  # the same page pulled twice
    assert again == {"applied": 0, "duplicates": 3, "conflicts": 0}
    # remote events are not this desk's: not sent back, not in its hash chain
    assert all(e["desk_id"] != "so-tu-phap" for e in syncstate.pending(desk.store))
    assert desk.store.verify_chain() == (True, None)
    before = desk.store.conn.execute("SELECT * FROM dossiers").fetchall()
    desk.rebuild()
    assert desk.store.conn.execute("SELECT * FROM dossiers").fetchall() == before
    # the desk can still act on the state it has: return the result
    workflow.return_result(desk, d["code"], collected_by="Lê Văn Dũng", id_number="001090012345", actor="Hoa", now=NOW)


def test_clock_offset_warns_without_refusing(desk):
    st = syncstate.note_round(desk.store, server_time=vn(2026, 11, 26, 8, 50), now=NOW)
    assert st["clock_offset_s"] == 600 and st["clock_warning"] is True
    desk.receive(ReceiveRequest(procedure="2.000815", name="Lê Văn Dũng"), actor="Hoa", now=NOW)
    st = syncstate.note_round(desk.store, server_time=vn(2026, 11, 26, 9, 1), now=NOW)
    assert st["clock_offset_s"] == -60 and st["clock_warning"] is False


def test_what_is_left_to_send_is_read_from_the_logs_tail_not_the_whole_log(desk):
    """The answered events below the mark are never read again; answers out of order, a resend and a restored
    server move the mark so that nothing unanswered is ever skipped."""
    codes = [desk.receive(ReceiveRequest(procedure="2.000815", name=f"Lê Văn {n}"), actor="Hoa", now=NOW)["code"]
             for n in ("An", "Bình", "Cường", "Dũng")]  # fmt: skip
    out = syncstate.pending(desk.store)
    assert len(out) == 6  # the catalog, the calendar, four dossiers

    def mark() -> int:
        row = desk.store.conn.execute("SELECT value FROM meta WHERE key = ?", (syncstate.ANSWERED_UPTO,)).fetchone()
        return int(row[0]) if row else 0

    seqs = [r[0] for r in desk.store.conn.execute("SELECT seq FROM events ORDER BY seq")]
    # answered out of order: the 4th and 5th, not the 3rd; the mark stops before the 3rd
    syncstate.record_answers(desk.store, [{"id": e["id"], "status": "accepted", "server_seq": i + 1}
                                          for i, e in enumerate(out) if i in (0, 1, 3, 4)])  # fmt: skip
    assert mark() == seqs[1]
    assert [e["payload"]["code"] for e in syncstate.pending(desk.store)] == [codes[0], codes[3]]
    assert syncstate.pending_count(desk.store) == 2
    syncstate.record_answers(desk.store, [
        {"id": out[2]["id"], "status": "accepted", "server_seq": 3},
        {"id": out[5]["id"], "status": "refused", "reason": "x"},
    ])  # fmt: skip
    assert syncstate.pending(desk.store) == [] and mark() == seqs[-1]
    plan = " ".join(r[-1] for r in desk.store.conn.execute(f"EXPLAIN QUERY PLAN SELECT count(*){syncstate._UNANSWERED}",
                                                              ("x",)))  # fmt: skip
    assert "rowid>?" in plan, plan  # a range from the mark, not a scan of every event
    syncstate.resend(desk.store, out[5]["id"], actor="Hoa")  # the refused one goes again (with the note it adds)
    assert syncstate.pending(desk.store)[0]["id"] == out[5]["id"] and mark() < seqs[5]
    syncstate.record_answers(desk.store, [{"id": e["id"], "status": "accepted", "server_seq": 10 + i}
                                          for i, e in enumerate(syncstate.pending(desk.store))])  # fmt: skip
    assert syncstate.pending_count(desk.store) == 0
    syncstate.restart(desk.store, {"safe_seq": 2, "cursor": "", "message": "máy chủ khôi phục"})
    assert mark() == 0 and len(syncstate.pending(desk.store)) == len(out) + 1 - 2  # all but the two it still holds
