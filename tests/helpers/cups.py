"""A private CUPS scheduler for the printing tests: a real print queue (Debian's cups with the cups-pdf printer
driver), on a socket of its own, so the tests never touch the machine's printers.

tests/conftest.py points CUPS_SERVER at this socket for the whole run (libcups remembers its server per thread), so
until a test starts the scheduler, the app sees no printer at all.

cups-pdf runs as root (its backend is mode 0700) and reads its settings from /etc/cups/cups-pdf-<queue>.conf; the
queue's file is written there for the test and removed after it. Where that cannot be (not root, no cupsd), the
tests that need it are skipped with the reason; under CI they fail instead, so they cannot silently vanish.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

CUPSD = "/usr/sbin/cupsd"
PDF_PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"


def socket_path() -> Path:
    return Path(os.environ["CUPS_SERVER"])


def unavailable() -> str | None:
    """Why a private CUPS cannot run here (None when it can)."""
    if not Path(CUPSD).exists() or shutil.which("lpadmin") is None:
        return "cupsd or lpadmin missing (scripts/bootstrap --dev installs cups)"
    if not Path("/usr/lib/cups/backend/cups-pdf").exists() or not Path(PDF_PPD).exists():
        return "the cups-pdf printer driver is missing (printer-driver-cups-pdf)"
    if os.geteuid() != 0:
        return "the cups-pdf backend runs as root: run the tests as root (as CI does)"
    return None


def need_cups() -> None:
    why = unavailable()
    if why:
        if os.environ.get("CI") and os.geteuid() == 0:  # CI runs as root: it installs and runs everything
            pytest.fail(f"CI must run the real print-queue tests: {why}")
        pytest.skip(why)


class PrivateCups:
    """cupsd on CUPS_SERVER's socket, with its own configuration, spool and logs under ``root``."""

    def __init__(self, root: Path):
        self.root = root
        self.socket = socket_path()
        self.proc: subprocess.Popen | None = None
        self.queues: list[str] = []

    @classmethod
    def in_temp_dir(cls) -> PrivateCups:
        """In a fresh folder that CUPS's filters (user lp) can reach: not under pytest's 0700 temp dirs."""
        root = Path(tempfile.mkdtemp(prefix="desk-cups-"))
        root.chmod(0o755)
        return cls(root)

    def start(self) -> PrivateCups:
        conf = self.root / "conf"
        for sub in ("conf", "spool", "log", "cache", "state", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "tmp").chmod(0o1777)
        self.socket.parent.mkdir(parents=True, exist_ok=True)
        self.socket.parent.chmod(0o755)
        (conf / "cupsd.conf").write_text(
            f"LogLevel info\nListen {self.socket}\nBrowsing Off\nWebInterface No\nDefaultAuthType None\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
            encoding="utf-8",
        )
        r = self.root
        (conf / "cups-files.conf").write_text(
            f"ServerRoot {conf}\nRequestRoot {r / 'spool'}\nTempDir {r / 'tmp'}\nCacheDir {r / 'cache'}\n"
            f"StateDir {r / 'state'}\nAccessLog {r / 'log' / 'access_log'}\nErrorLog {r / 'log' / 'error_log'}\n"
            f"PageLog {r / 'log' / 'page_log'}\nSandboxing Relaxed\n",
            encoding="utf-8",
        )
        self.proc = subprocess.Popen(
            [CUPSD, "-f", "-c", str(conf / "cupsd.conf"), "-s", str(conf / "cups-files.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while not self.socket.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cupsd did not start: {self.log()[-2000:]}")
            time.sleep(0.05)
        self.run("lpstat", "-r")
        return self

    def add_pdf_queue(self, name: str) -> Path:
        """A cups-pdf printer whose PDFs land in a folder of the test; returns that folder."""
        out = self.root / "pdf" / name
        out.mkdir(parents=True, exist_ok=True)
        out.chmod(0o777)
        Path(f"/etc/cups/cups-pdf-{name}.conf").write_text(
            f"Out {out}\nAnonDirName {out}\nLabel 0\nTitlePref 1\n", encoding="utf-8"
        )
        self.queues.append(name)
        self.run("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{name}", "-P", PDF_PPD)
        return out

    def run(self, *argv: str) -> str:
        env = {**os.environ, "CUPS_SERVER": str(self.socket), "LC_ALL": "C"}
        done = subprocess.run(list(argv), capture_output=True, text=True, env=env, timeout=30)
        if done.returncode != 0 and argv[0] != "lpstat":
            raise RuntimeError(f"{' '.join(argv)}: {done.stderr.strip()}")
        return done.stdout

    def log(self) -> str:
        try:
            return (self.root / "log" / "error_log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        for name in self.queues:
            Path(f"/etc/cups/cups-pdf-{name}.conf").unlink(missing_ok=True)
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.socket.unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)


def wait_for_pdf(cups: PrivateCups, folder: Path, timeout: float = 60) -> Path:
    """The PDF cups-pdf wrote for a job, once the job is done (it converts through Ghostscript: a few seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(folder.glob("*.pdf"))
        if found and not cups.run("lpstat", "-o").strip():  # no job left in any queue: cups-pdf has finished
            return found[-1]
        time.sleep(0.2)
    raise TimeoutError(f"no finished PDF in {folder} after {timeout} s: {cups.log()[-1500:]}")
