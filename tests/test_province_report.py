"""The province's Biểu II.06a: the server counts with the desk's own rules (desk/report.py), so for one agency and
one period the desk's report and the server's agree cell for cell — on SQLite and on PostgreSQL — including
dossiers finished by a processing unit on the server and pulled by the desk. ``desk-server report`` writes it.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from desk import signing
from desk.report import compute_report
from desk.service import SAMPLE_CATALOG, Desk, init_desk
from sync import client
from sync.server.limits import Limits
from tests.helpers.sync_env import *  # noqa: F403
from tests.helpers.sync_env import AGENCY, OTHER_AGENCY, LiveServer, make_desk, post_processing
from tests.test_report import HORIZON, PERIODS, Script, _edge_cases, _random_dossiers

# The script's events reach back to December 2025; the server's clock is the script's horizon.
LIMITS = Limits(offline_allowance_days=2000)


def _table(xlsx: bytes) -> list[tuple]:
    """Every cell of the template's table, from the first field row to the totals."""
    from printing.report_xlsx import FIRST_DATA_ROW, SHEET_MAIN

    ws = load_workbook(io.BytesIO(xlsx), data_only=True)[SHEET_MAIN]
    rows = []
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        values = tuple(ws.cell(r, c).value for c in range(1, 14))
        rows.append(values)
        if values[1] == "Tổng cộng":
            break
    return rows


@pytest.fixture
def province(tmp_path, server_db):
    """A scripted year at one desk, synced to the server; a processing unit finishes three dossiers on the server,
    and the desk pulls them. A second agency's desk adds its own dossiers."""
    data_dir = tmp_path / "desk"
    init_desk(data_dir, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú",
              parent_name="UBND XÃ TÂN PHÚ", place="Tân Phú").close()  # fmt: skip
    desk = Desk.open(data_dir)
    sc = Script(desk)
    _edge_cases(sc)
    _random_dossiers(sc, 120, seed=20260418)
    live = LiveServer(server_db, clock=lambda: HORIZON, limits=LIMITS)
    other = make_desk(tmp_path, "other", 1, OTHER_AGENCY)
    try:
        key = signing.generate_key()
        live.server.register_key(None, signing.public_key_text(key), name="Sở Nội vụ")
        live.server.add_bundle("catalog", signing.sign(SAMPLE_CATALOG.read_bytes(), key))
        client.enrol(desk, live.url, live.enrol_code(1))
        assert client.sync_round(desk)["refused"] == 0
        open_codes = [
            r[0]
            for r in desk.store.conn.execute("SELECT code FROM dossiers WHERE status IN (2, 4) ORDER BY code LIMIT 3")
        ]
        assert len(open_codes) == 3
        token = live.processor()
        at = (HORIZON - dt.timedelta(days=3)).isoformat()
        answers = post_processing(
            live.url,
            token,
            [
                {"kind": "result_ready", "code": open_codes[0], "payload": {"result": "Giấy khai sinh", "at": at}},
                {"kind": "result_ready", "code": open_codes[1], "payload": {"at": at}},
                {"kind": "refused", "code": open_codes[2], "payload": {"reasons": ["Hồ sơ giả mạo"], "at": at}},
            ],
        )
        assert [a["status"] for a in answers] == ["accepted"] * 3
        pulled = client.sync_round(desk)
        assert pulled["applied"] == 3 and pulled["conflicts"] == 0
        client.enrol(other, live.url, live.enrol_code(1, OTHER_AGENCY))
        from desk.service import ReceiveRequest

        for i in range(4):
            other.receive(
                ReceiveRequest(procedure="2.000815", name=("Lý Văn Tám", "Hà Thị Chín")[i % 2]), actor="Trần Thị Mai"
            )
        assert client.sync_round(other)["refused"] == 0
        yield desk, live
    finally:
        live.stop()
        desk.close()
        other.close()


def test_desk_and_server_agree_cell_for_cell(province):
    from printing.report_xlsx import build_report_xlsx
    from sync.server.reporting import province_report

    desk, live = province
    header = {"agency_name": "x", "parent_name": None, "place": None}
    checked = 0
    for start, end in PERIODS.values():
        for rule in ("on_time", "separate"):
            mine = compute_report(desk, start, end, closed_rule=rule, now=HORIZON)
            theirs = province_report(live.storage, start, end, agencies=[AGENCY], closed_rule=rule, now=HORIZON)
            (agency,) = theirs.agencies
            assert agency.agency_code == AGENCY
            assert agency.rows == mine.rows, (start, end, rule)
            assert agency.total == mine.total
            assert agency.notes == mine.notes and agency.period_label == mine.period_label
            assert _table(build_report_xlsx(agency, header)) == _table(build_report_xlsx(mine, header))
            checked += mine.total.received
    assert checked > 500  # the periods hold real numbers, not empty tables


def test_the_province_adds_up_its_agencies(province):
    from sync.server.reporting import province_report, province_series

    _desk, live = province
    made = province_report(live.storage, "2026-01-01", "2026-12-31", now=HORIZON)
    assert [a.agency_code for a in made.agencies] == [AGENCY, OTHER_AGENCY]
    other = made.agencies[1]
    assert other.total.received == 4 and other.total.in_progress == 4
    for name in ("received", "resolved", "late", "in_progress", "overdue", "refused"):
        assert getattr(made.overall.total, name) == sum(getattr(a.total, name) for a in made.agencies), name
    by_field = {r.field_code: r.received for r in made.overall.rows}
    for a in made.agencies:
        for r in a.rows:
            assert by_field[r.field_code] >= r.received
    names = {r.field_code: r.field_name for r in made.overall.rows}
    assert names["TP-CT"] == "Chứng thực"  # from the catalog bundle the server holds
    series = province_series(live.storage, 2026)
    assert sum(m["received"] for m in series) == made.overall.total.received_online + made.overall.total.received_direct
    assert sum(m["late"] for m in series) == made.overall.total.late


def test_desk_server_report_command(province, tmp_path):
    from pypdf import PdfReader

    from sync.server import cli

    _desk, live = province
    db = live.storage.engine.url.render_as_string(hide_password=False)
    db = db.replace("sqlite:///", "") if db.startswith("sqlite") else db
    out = tmp_path / "tinh.xlsx"
    assert cli.main(["report", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(out),
                     "--json"]) == 0  # fmt: skip
    wb = load_workbook(out, data_only=True)
    assert wb.sheetnames == ["II.06a", "Bo sung", "Theo co quan"]
    agencies = [c.value for c in wb["Theo co quan"]["B"] if isinstance(c.value, str) and "H62" in c.value]
    assert agencies == [AGENCY, OTHER_AGENCY]
    pdf = tmp_path / "tinh.pdf"
    assert cli.main(["report", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(pdf),
                     "--agency", OTHER_AGENCY]) == 0  # fmt: skip
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "II.06a" in text and "CHI TIẾT THEO CƠ QUAN" in text and "theo tháng" in text
    assert AGENCY not in text.replace(OTHER_AGENCY, "")
    bad = cli.main(["report", "--db", db, "--from", "2026-12-31", "--to", "2026-01-01", "-o", str(pdf)])
    assert bad == 2
    assert (
        cli.main(["report", "--db", db, "--from", "2026-01-01", "--to", "2026-01-31", "-o", str(tmp_path / "x.doc")])
        == 2
    )


def test_reports_read_the_replica_when_there_is_one(province, tmp_path):
    """``--read-db``: the reports (and the console's overviews) read the replica, the desks' exchange the primary."""
    import psycopg

    from sync.server.reporting import province_report
    from sync.server.storage import Storage, StorageError

    _desk, live = province
    storage = live.storage
    if storage.dialect != "postgresql":
        with pytest.raises(StorageError, match="chỉ dùng với PostgreSQL"):
            storage.use_replica(str(tmp_path / "other.sqlite3"))
        return
    primary = storage.engine.url.render_as_string(hide_password=False).replace("+psycopg", "")
    name = primary.rsplit("/", 1)[1] + "_replica"
    admin = primary.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        replica_url = primary.rsplit("/", 1)[0] + "/" + name
        Storage.open(replica_url).close()  # the same schema, none of the data: a replica that lags far behind
        before = province_report(storage, "2026-01-01", "2026-12-31", agencies=[AGENCY], now=HORIZON)
        assert before.overall.total.received > 0
        storage.use_replica(replica_url)
        after = province_report(storage, "2026-01-01", "2026-12-31", agencies=[AGENCY], now=HORIZON)
        assert after.overall.total.received == 0  # read from the replica
        assert live.count("dossiers") > 0  # everything else reads the primary
    finally:
        if storage.replica is not None:
            storage.replica.dispose()
            storage.replica = None
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
