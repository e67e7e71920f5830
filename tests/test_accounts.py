from __future__ import annotations

import io

import pytest

from desk import accounts
from desk.errors import InvalidInput


def test_first_account_is_a_lead_and_signs_in(desk):
    hoa = accounts.add_clerk(
        desk.store, username="Hoa.LT", full_name=" Lê  Thị Hoa ", password="mật-khẩu-dài", actor="cài đặt", role="lead"
    )
    assert hoa == accounts.Clerk("hoa.lt", "Lê Thị Hoa", "lead")
    assert accounts.authenticate(desk.store, "HOA.LT", "mật-khẩu-dài") == hoa
    for user, pw in (("hoa.lt", "sai-mat-khau"), ("nobody", "mật-khẩu-dài")):
        with pytest.raises(InvalidInput) as err:
            accounts.authenticate(desk.store, user, pw)
        assert err.value.message == "Sai tên đăng nhập hoặc mật khẩu."
    stored = desk.store.conn.execute("SELECT password_hash FROM clerks").fetchone()[0]
    assert stored.startswith("scrypt$") and "mật" not in stored
    events = [e for e in desk.store.events() if e.kind == "clerk_added"]
    assert events[0].payload == {"username": "hoa.lt", "full_name": "Lê Thị Hoa", "role": "lead"}
    assert "scrypt" not in str(events[0].payload)


def test_only_a_lead_adds_more_accounts(desk):
    lead = accounts.add_clerk(
        desk.store, username="hoa", full_name="Lê Thị Hoa", password="12345678", actor="x", role="lead"
    )
    with pytest.raises(InvalidInput, match="Chỉ cán bộ phụ trách"):
        accounts.add_clerk(desk.store, username="minh", full_name="Trần Minh", password="12345678", actor="x")
    minh = accounts.add_clerk(
        desk.store, username="minh", full_name="Trần Minh", password="12345678", actor="x", by=lead
    )
    with pytest.raises(InvalidInput, match="Chỉ cán bộ phụ trách"):
        accounts.add_clerk(desk.store, username="an", full_name="An", password="12345678", actor="x", by=minh)
    assert [c.username for c in accounts.clerks(desk.store.conn)] == ["hoa", "minh"]


def test_bad_account_values_are_all_reported(desk):
    with pytest.raises(InvalidInput) as err:
        accounts.add_clerk(desk.store, username="Lê Hoa", full_name="", password="short", role="boss", actor="x")
    text = "\n".join(err.value.errors)
    for part in ("Tên đăng nhập", "Họ và tên cán bộ", "ít nhất 8 ký tự", "Vai trò"):
        assert part in text
    assert accounts.clerks(desk.store.conn) == []


def test_change_password(desk):
    hoa = accounts.add_clerk(
        desk.store, username="hoa", full_name="Lê Thị Hoa", password="12345678", actor="x", role="lead"
    )
    with pytest.raises(InvalidInput):
        accounts.change_password(desk.store, hoa, "wrong-old", "abcdefgh")
    accounts.change_password(desk.store, hoa, "12345678", "abcdefgh")
    assert accounts.authenticate(desk.store, "hoa", "abcdefgh") == hoa


def test_clerk_cli(cli, desk, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-1\n"))
    r = cli("clerk", "add", "hoa", "--full-name", "Lê Thị Hoa", "--password-stdin", "--json")
    assert r.code == 0, r.err
    assert r.json()["role"] == "lead"
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-2\n"))
    r = cli("clerk", "add", "minh", "--full-name", "Trần Minh", "--password-stdin")
    assert r.code == 2 and "--as-user" in r.err
    monkeypatch.setattr("sys.stdin", io.StringIO("sai\nmat-khau-2\n"))
    r = cli("clerk", "add", "minh", "--full-name", "Trần Minh", "--password-stdin", "--as-user", "hoa")
    assert r.code == 2 and "Sai tên đăng nhập hoặc mật khẩu" in r.err
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-1\nmat-khau-2\n"))
    r = cli("clerk", "add", "minh", "--full-name", "Trần Minh", "--password-stdin", "--as-user", "hoa")
    assert r.code == 0, r.err
    assert [c["username"] for c in cli("clerk", "list", "--json").json()] == ["hoa", "minh"]
