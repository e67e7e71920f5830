"""Failures are logged where the message says, and the log never holds a citizen's personal data."""

from __future__ import annotations

import stat

from desk import paths
from tests.conftest import AGENCY

NAME, ID_NUMBER, PHONE = "Nguyễn Văn Mật", "001090099999", "0912999888"


def test_an_unexpected_failure_names_its_log_which_holds_no_personal_data(cli, data_dir, monkeypatch):
    assert cli("init", "--agency-code", AGENCY, "--agency-name", "Xã Tân Phú").code == 0

    def broken(*args, **kwargs):
        raise RuntimeError(f"hỏng khi ghi hồ sơ của {NAME} ({ID_NUMBER}, {PHONE})")

    monkeypatch.setattr("desk.intake.receive", broken)
    r = cli("receive", "--procedure", "2.000815", "--name", NAME, "--id-number", ID_NUMBER, "--phone", PHONE)
    log = paths.log_path(data_dir)
    assert r.code == 1 and str(log) in r.err and "RuntimeError" in r.err
    text = log.read_text(encoding="utf-8")
    for secret in (NAME, "Mật", ID_NUMBER, PHONE):
        assert secret not in text and secret not in r.err
    assert "receive --procedure … --name … --id-number … --phone …" in text  # options kept, values hidden
    assert "in broken" in text and "RuntimeError" in text  # where it failed
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_damaged_store_says_so_and_names_the_log(cli, data_dir):
    data_dir.mkdir(parents=True)
    paths.store_path(data_dir).write_bytes(b"not a database at all " * 100)
    r = cli("info")
    assert r.code == 1 and "Nhật ký:" in r.err and str(paths.log_path(data_dir)) in r.err


def test_no_data_dir_logs_to_the_user_log_folder_not_a_new_desk(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("desk.readmodel.info", lambda desk: 1 / 0)
    r = cli("--data-dir", str(tmp_path / "typo"), "info")
    assert r.code == 3  # not initialised: nothing is created at a mistyped data dir
    assert not (tmp_path / "typo").exists()
