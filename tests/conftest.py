"""Shared fixtures: a fresh data dir and an initialised desk per test; Qt offscreen for GUI tests."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The tests' own print scheduler (tests/helpers/cups.py): never the machine's printers. Until a test starts it,
# the app sees no printer at all. libcups remembers its server per thread, so this is set before anything prints.
os.environ["CUPS_SERVER"] = f"/tmp/desk-test-cups-{os.getpid()}/cups.sock"
# The stores' data keys (desk/keys.py) go to key files in a folder of this run, never the machine's key store.
os.environ["DESK_KEYSTORE"] = "file"
os.environ["DESK_KEY_DIR"] = tempfile.mkdtemp(prefix="desk-test-keys-")
# Never this PC's machine data dir, key folder or slot registry (desk/paths.py, desk/machine.py): the tests that
# exercise them give their own. Tests simulate many PCs on one machine: no registry unless a test sets one.
os.environ["DESK_MACHINE_DATA_DIR"] = os.path.join(tempfile.gettempdir(), f"desk-test-no-machine-dir-{os.getpid()}")
os.environ["DESK_MACHINE_KEY_DIR"] = os.path.join(tempfile.gettempdir(), f"desk-test-no-machine-keys-{os.getpid()}")
os.environ["DESK_SLOT_REGISTRY"] = "off"

ROOT = Path(__file__).resolve().parent.parent
VN = dt.timezone(dt.timedelta(hours=7))

AGENCY = "000.00.12.H62"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("DESK_DATA_DIR", str(d))
    monkeypatch.setenv("DESK_ACTOR", "Lê Thị Hoa")
    # a machine-wide configuration on the test machine must not leak into tests
    monkeypatch.setenv("DESK_MACHINE_CONFIG", str(tmp_path / "no-machine-config.json"))
    return d


@pytest.fixture
def cli(data_dir: Path):
    """Run the desk CLI in this process and capture its exit code and output."""
    from desk.cli import main

    def run(*argv: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(argv))
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def desk(data_dir: Path):
    """An initialised desk (slot 1) with the shipped sample catalog and calendar."""
    from desk.service import Desk, init_desk

    init_desk(
        data_dir,
        agency_code=AGENCY,
        agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú",
        parent_name="UBND XÃ TÂN PHÚ",
        place="Tân Phú",
    ).close()
    d = Desk.open(data_dir)
    yield d
    d.close()


def vn(*args: int) -> dt.datetime:
    """A Vietnam-time datetime: vn(2026, 2, 13, 10, 0)."""
    return dt.datetime(*args, tzinfo=VN)


def python_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


PYTHON = sys.executable


# The SANE test scanner (tests/helpers/scans.py), for the digitisation tests.
from tests.helpers.scans import sane_test_device  # noqa: E402, F401
