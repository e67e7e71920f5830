from __future__ import annotations

import random

from desk.service import ReceiveRequest
from tests.conftest import vn

QUERIES = ["nguyen", "duc", "tran thi", "1001", "0912", "079", "le v", "pham ngoc"]


def dump(desk):
    conn = desk.store.conn
    tables = {
        t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
        for t in ("dossiers", "code_counters", "ledger_books")
    }
    searches = {q: [d["code"] for d in desk.search(q)] for q in QUERIES}
    return tables, searches


def test_rebuild_equals_the_incremental_state(desk):
    rng = random.Random(7)
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Võ"]
    middles = ["Văn", "Thị", "Ngọc", "Hữu", "Đức"]
    given = ["An", "Bình", "Đức", "Hà", "Phước", "Dương"]
    procs = ["2.000815", "1.001022", "2.000884", "1.004873", "1.001193"]
    for i in range(120):
        day = 2 + i // 10
        desk.receive(
            ReceiveRequest(
                procedure=rng.choice(procs),
                name=f"{rng.choice(surnames)} {rng.choice(middles)} {rng.choice(given)}",
                id_number=rng.choice([None, f"0790{rng.randint(80, 99)}{rng.randint(0, 999999):06d}"]),
                phone=rng.choice([None, f"09{rng.randint(10, 99)}{rng.randint(0, 999999):06d}"]),
                address=rng.choice([None, "Thôn 3, xã Tân Phú"]),
                sets=rng.randint(1, 3),
                received_at=vn(2026, 3, day, 8 + i % 8, 5),
            ),
            actor=rng.choice(["Hoa", "Minh"]),
            now=vn(2026, 11, 26, 9, 0),
        )
    before = dump(desk)
    assert len(before[0]["dossiers"]) == 120
    assert desk.rebuild() == desk.store.counts()["events"]
    assert dump(desk) == before
    # and from nothing: a projection emptied by hand comes back whole
    with desk.store.write() as conn:
        conn.execute("DELETE FROM dossiers")
    assert desk.search("nguyen") == []
    desk.rebuild()
    assert dump(desk) == before
