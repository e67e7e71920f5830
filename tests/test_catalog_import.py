from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk.errors import InvalidInput

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "catalog" / "sample-catalog.json"


def bundle(**changes) -> bytes:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return json.dumps(data, ensure_ascii=False).encode()


def snapshot(desk):
    conn = desk.store.conn
    return (
        conn.execute("SELECT id, version FROM catalogs ORDER BY id").fetchall(),
        conn.execute("SELECT count(*) FROM procedures").fetchone()[0],
        desk.active_catalog(),
        desk.store.counts()["events"],
    )


def test_versions_only_grow(desk):
    before = snapshot(desk)
    for version in (1, 0):
        with pytest.raises(InvalidInput):
            desk.import_catalog(bundle(version=version), actor="CNTT")
    assert snapshot(desk) == before
    res = desk.import_catalog(bundle(version=2), actor="CNTT")
    assert res["version"] == 2 and desk.active_catalog()["version"] == 2


def test_forced_older_version_is_logged_with_the_reason(desk):
    desk.import_catalog(bundle(version=3), actor="CNTT")
    desk.import_catalog(bundle(version=2), actor="CNTT", force=True, reason="bản 3 sai lệ phí")
    events = [e for e in desk.store.events() if e.kind == "catalog_imported"]
    assert events[-1].payload["forced"] is True and events[-1].payload["reason"] == "bản 3 sai lệ phí"


def test_invalid_bundle_changes_nothing(desk):
    before = snapshot(desk)
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["version"] = 5
    data["procedures"][3]["duration"] = {"unit": "working_days", "value": -2}
    data["procedures"][4]["code"] = data["procedures"][5]["code"]
    with pytest.raises(InvalidInput) as err:
        desk.import_catalog(json.dumps(data, ensure_ascii=False).encode(), actor="CNTT")
    joined = "\n".join(err.value.errors)
    assert "procedures[3]" in joined and "duration.value" in joined
    assert "trùng" in joined
    assert snapshot(desk) == before
    with pytest.raises(InvalidInput):
        desk.import_catalog(b'{"format": "desk-catalog/1", "procedures": [', actor="CNTT")
    assert snapshot(desk) == before


def test_future_catalog_waits_for_its_effective_date(desk):
    desk.import_catalog(bundle(version=2, effective_from="2099-01-01"), actor="CNTT")
    assert desk.active_catalog()["version"] == 1
    assert desk.info()["catalogs_scheduled"] == 1
    assert desk.info()["catalogs_awaiting_approval"] == 0
    import datetime as dt

    assert desk.active_catalog(dt.date(2099, 1, 1))["version"] == 2
