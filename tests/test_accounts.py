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


def _lead_and_clerk(desk):
    lead = accounts.add_clerk(desk.store, username="hoa", full_name="Lê Thị Hoa", password="mat-khau-1", actor="x",
                              role="lead")  # fmt: skip
    accounts.add_clerk(desk.store, username="lan", full_name="Trần Thị Lan", password="mat-khau-2", actor="x", by=lead)
    return lead


def test_five_wrong_passwords_lock_the_account_for_five_minutes(desk, caplog):
    from tests.conftest import vn

    _lead_and_clerk(desk)
    t = vn(2026, 3, 2, 9, 0)
    for i in range(accounts.LOCK_AFTER):
        with pytest.raises(InvalidInput) as err:
            accounts.authenticate(desk.store, "lan", f"sai-{i}", now=t)
        assert err.value.message == "Sai tên đăng nhập hoặc mật khẩu."
    assert "lan locked until" in caplog.text and "sai-" not in caplog.text
    with pytest.raises(InvalidInput) as err:  # the right password does not open it while locked
        accounts.authenticate(desk.store, "lan", "mat-khau-2", now=t + accounts.dt.timedelta(minutes=4))
    assert "tạm khóa đến 09:05" in err.value.message
    assert accounts.authenticate(desk.store, "lan", "mat-khau-2", now=t + accounts.dt.timedelta(minutes=5, seconds=1))
    assert desk.store.conn.execute("SELECT failed_signins, locked_until FROM clerks WHERE username = 'lan'").fetchone() \
        == (0, None)  # fmt: skip


def test_a_lead_resets_a_password_which_must_then_be_changed(desk):
    lead = _lead_and_clerk(desk)
    lan = accounts.find(desk.store.conn, "lan")
    with pytest.raises(InvalidInput):  # a clerk resets nobody's password
        accounts.reset_password(desk.store, lan, "hoa", "mat-khau-moi")
    reset = accounts.reset_password(desk.store, lead, "lan", "tam-thoi-123")
    assert reset.must_change
    signed = accounts.authenticate(desk.store, "lan", "tam-thoi-123")
    assert signed.must_change
    with pytest.raises(InvalidInput) as err:
        accounts.change_password(desk.store, signed, "tam-thoi-123", "tam-thoi-123")
    assert err.value.field == "new_password"
    changed = accounts.change_password(desk.store, signed, "tam-thoi-123", "cua-rieng-lan")
    assert not changed.must_change and not accounts.authenticate(desk.store, "lan", "cua-rieng-lan").must_change
    kinds = [(e.kind, e.payload.get("reset_by")) for e in desk.store.events() if e.kind == "clerk_password_changed"]
    assert kinds == [("clerk_password_changed", "hoa"), ("clerk_password_changed", None)]


def test_viewer_role_and_first_account_is_a_lead(desk):
    with pytest.raises(InvalidInput) as err:
        accounts.add_clerk(desk.store, username="an", full_name="Võ An", password="12345678", actor="x", role="viewer")
    assert err.value.field == "role"
    lead = accounts.add_clerk(desk.store, username="hoa", full_name="Lê Thị Hoa", password="12345678", actor="x",
                              role="lead")  # fmt: skip
    viewer = accounts.add_clerk(desk.store, username="an", full_name="Võ An", password="12345678", actor="x",
                                role="viewer", by=lead)  # fmt: skip
    assert viewer.role_label == "Lãnh đạo (chỉ xem)"


def test_clerk_passwd_and_reset_from_the_command_line(cli, desk, monkeypatch):
    _lead_and_clerk(desk)

    def run(stdin: str, *argv: str):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return cli(*argv)

    r = run("mat-khau-1\nlan-moi-123\n", "clerk", "reset", "lan", "--as-user", "hoa", "--password-stdin")
    assert r.code == 0, r.err
    listed = cli("clerk", "list").out
    assert "phải đổi mật khẩu" in listed and "Cán bộ phụ trách" in listed
    r = run("lan-moi-123\nlan-rieng-456\n", "clerk", "passwd", "lan", "--password-stdin")
    assert r.code == 0, r.err
    assert accounts.authenticate(desk.store, "lan", "lan-rieng-456")
    r = run("lan-rieng-456\nmoi-moi-789\n", "clerk", "reset", "hoa", "--as-user", "lan", "--password-stdin")
    assert r.code == 2 and "không phải cán bộ phụ trách" in r.err
