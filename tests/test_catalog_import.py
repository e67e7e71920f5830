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


def test_init_verifies_the_catalog_and_calendar_it_is_given(tmp_path):
    """With publisher keys from the machine configuration, init takes a signed catalog and calendar and refuses an
    unsigned or foreign-signed one, leaving no store behind; the bundles shipped with the program need no key."""
    from desk import paths, signing
    from desk.service import Desk, init_desk

    key = signing.generate_key()
    trusted = [signing.public_key_text(key)]
    calendar = Path(__file__).resolve().parent.parent / "resources" / "calendar" / "calendar-vn-2025-2026.json"
    signed_cat, signed_cal = signing.sign(bundle(version=5), key), signing.sign(calendar.read_bytes(), key)
    settings = {"agency_code": "000.00.12.H62", "agency_name": "Trung tâm Phục vụ hành chính công xã Tân Phú"}

    init_desk(tmp_path / "a", **settings, catalog=signed_cat, calendar=signed_cal, trusted_keys=trusted).close()
    d = Desk.open(tmp_path / "a")
    try:
        assert d.active_catalog()["version"] == 5
        signer = d.store.conn.execute("SELECT signed_by FROM catalogs").fetchone()[0]
        assert signer == signing.key_id_of(signing.public_raw(key))
    finally:
        d.close()

    for name, given, words in (
        ("b", {"catalog": bundle(version=5)}, "chưa được ký số"),
        ("c", {"catalog": signing.sign(bundle(version=5), signing.generate_key())}, "không nằm trong danh sách"),
        ("d", {"calendar": calendar.read_bytes()}, "chưa được ký số"),
    ):
        with pytest.raises(InvalidInput) as refused:
            init_desk(tmp_path / name, **settings, trusted_keys=trusted, **given)
        assert words in refused.value.errors[0]
        assert refused.value.field in ("catalog", "calendar")
        assert not paths.store_path(tmp_path / name).exists()

    init_desk(tmp_path / "e", **settings, trusted_keys=trusted).close()  # the shipped sample and calendar
