from __future__ import annotations

import json

import pytest

from desk import signing
from desk.config import load_machine_config
from desk.errors import InvalidInput


def test_machine_config_sets_up_a_desk_silently(cli, data_dir, tmp_path, monkeypatch):
    key = signing.public_key_text(signing.generate_key())
    cfg = tmp_path / "desk.json"
    cfg.write_text(json.dumps({"server_url": "https://motcua.example.gov.vn", "agency_code": "000.00.12.h62",
                               "agency_name": "Trung tâm Phục vụ hành chính công xã Tân Phú", "desk_slot": "3",
                               "trusted_keys": key}, ensure_ascii=False), encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("DESK_MACHINE_CONFIG", str(cfg))
    r = cli("init", "--json")
    assert r.code == 0, r.err
    info = r.json()
    assert info["agency_code"] == "000.00.12.H62" and info["desk_slot"] == 3
    keys = cli("trust", "list", "--json").json()
    assert [k["key_id"] for k in keys] == [signing.parse_public_key(key).key_id]
    r = cli("receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng", "--json")
    assert r.json()["code"].endswith("-3001")


def test_no_machine_config_and_broken_ones(tmp_path, cli, monkeypatch):
    assert load_machine_config(tmp_path / "none.json").agency_code is None
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInput, match="không phải JSON"):
        load_machine_config(bad)
    bad.write_text('{"desk_slot": "ba"}', encoding="utf-8")
    with pytest.raises(InvalidInput, match="desk_slot"):
        load_machine_config(bad)
    monkeypatch.setenv("DESK_MACHINE_CONFIG", str(tmp_path / "none.json"))
    r = cli("init")
    assert r.code == 2 and "--agency-code" in r.err


def test_selfcheck(cli):
    r = cli("selfcheck", "--json")
    assert r.code == 0, r.err
    assert r.json()["result"] == "OK" and r.json()["receipt_bytes"] > 2000
