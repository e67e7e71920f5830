"""Debian's Chromium driven by Playwright for Python (the system browser: nothing is downloaded), through every
page of the console at 1366×768. Used by tests/test_console_browser.py and tools/console_screenshots.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.helpers.console_env import ADMIN_PASSWORD, PASSWORD, World, totp_now

VIEWPORT = {"width": 1366, "height": 768}
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str | None:
    """Debian's chromium (scripts/bootstrap --dev installs it), or CHROMIUM=… ."""
    given = os.environ.get("CHROMIUM")
    if given and Path(given).exists():
        return given
    for path in CHROMIUM_CANDIDATES:
        if Path(path).exists():
            return path
    return shutil.which("chromium")


@contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    assert path, "chromium not found"
    with sync_playwright() as p:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        b = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu", "--lang=vi-VN"])
        try:
            yield b
        finally:
            b.close()


class Visit:
    """One signed-in browser context; collects console errors and CSP violations of every page it opens."""

    def __init__(self, b: Any, world: World, out: Path | None):
        self.context = b.new_context(viewport=VIEWPORT, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        self.page = self.context.new_page()
        self.world = world
        self.out = out
        self.problems: list[str] = []
        self.shots: list[Path] = []
        self.page.on(
            "console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
        )
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("dialog", lambda d: d.accept())

    def goto(self, path: str) -> Any:
        self.page.goto(self.world.url + path)
        return self.page

    def shot(self, name: str, *, full: bool = False) -> Path | None:
        if self.out is None:
            return None
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full)
        self.shots.append(path)
        return path

    def look(self, shot: str, path: str | None = None) -> str:
        """The page at ``path`` (else the one open) with its screenshot; returns what its main part says."""
        if path is not None:
            self.goto(path)
        text = self.page.inner_text("main")
        self.shot(shot)
        return text

    def sign_in(self, username: str) -> None:
        self.goto("/console/")
        self.page.fill("input[name=username]", username)
        if username == "quantri":
            self.page.fill("input[name=password]", ADMIN_PASSWORD)
            self.page.fill("input[name=code]", totp_now(self.world))
        else:
            self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def close(self) -> None:
        self.context.close()


def tour(b: Any, world: World, out: Path | None) -> dict[str, Any]:
    """Every page of every role, a screenshot of each; returns what each page showed (for the test's asserts)."""
    seen: dict[str, Any] = {}
    v = Visit(b, world, out)
    seen["login"] = v.look("01-dang-nhap", "/console/")
    v.page.fill("input[name=username]", "quantri")
    v.page.fill("input[name=password]", "sai mật khẩu")
    v.page.fill("input[name=code]", "123456")
    v.page.click("button[type=submit]")
    seen["login_wrong"] = v.look("02-dang-nhap-sai")
    v.sign_in("quantri")
    seen["overview"] = v.page.inner_text("main")
    seen["overview_url"] = v.page.url
    v.shot("03-tong-quan")
    v.shot("03-tong-quan-ca-trang", full=True)
    agency = world.live.rows("SELECT DISTINCT agency_code FROM dossiers ORDER BY 1")[0][0]
    v.page.click(f"text={world.extra.get('agency_name', agency)}")
    v.page.wait_for_load_state()
    seen["agency"] = v.look("04-co-quan")
    v.shot("04-co-quan-ca-trang", full=True)
    seen["dossier_admin"] = v.look("05-ho-so", f"/console/dossier/{world.to_a[0]}")
    seen["search"] = v.look("06-tim-kiem", f"/console/search?q={world.codes[1][-11:]}")
    v.goto("/console/devices")
    v.page.fill("input[name=agency]", agency)
    v.page.fill("input[name=slot]", "3")
    v.page.fill("input[name=label]", "Máy quầy 3")
    v.page.click("form[action='/console/devices/enrol-code'] button[type=submit]")
    v.page.wait_for_load_state()
    seen["devices"] = v.look("07-may-va-dang-ky")
    seen["bundles"] = v.look("08-danh-muc-lich", "/console/bundles")
    year = world.live.server.now().year
    v.goto("/console/report")
    v.page.fill("input[name=from]", f"{year}-01-01")
    v.page.fill("input[name=to]", f"{year}-12-31")
    v.page.click("form[action='/console/report'] button[type=submit]")
    v.page.wait_for_load_state()
    seen["report"] = v.look("09-bao-cao")
    v.shot("09-bao-cao-ca-trang", full=True)
    with v.page.expect_download() as download:
        v.page.click("text=Tải bảng tính .xlsx")
    seen["download"] = download.value.suggested_filename
    seen["access"] = v.look("10-nhat-ky-truy-cap", "/console/access-log")
    seen["accounts"] = v.look("11-tai-khoan", "/console/accounts")
    seen["admin_problems"] = list(v.problems)
    v.close()

    officer = Visit(b, world, out)
    officer.sign_in("tuphap")
    seen["queue"] = officer.page.inner_text("main")
    seen["queue_url"] = officer.page.url
    officer.shot("12-ho-so-duoc-giao")
    officer.page.click(f"tr:has-text('{world.to_a[0]}') button:has-text('Nhận')")
    officer.page.wait_for_load_state()
    seen["officer_dossier"] = officer.look("13-xu-ly-ho-so", f"/console/dossier/{world.to_a[0]}")
    officer.shot("13-xu-ly-ho-so-ca-trang", full=True)
    officer.page.fill("form[action$='/result'] input[name=result]", "Bản sao chứng thực số 15/CT")
    officer.page.click("form[action$='/result'] button[type=submit]")
    officer.page.wait_for_load_state()
    seen["officer_done"] = officer.look("14-da-ghi-ket-qua")
    seen["officer_problems"] = list(officer.problems)
    officer.close()

    viewer = Visit(b, world, out)
    viewer.sign_in("theodoi")
    seen["viewer_overview"] = viewer.look("15-theo-doi-tong-quan")
    seen["viewer_dossier"] = viewer.look("16-theo-doi-ho-so", f"/console/dossier/{world.codes[0]}")
    seen["viewer_forbidden"] = viewer.look("17-khong-co-quyen", "/console/devices")
    seen["viewer_problems"] = list(viewer.problems)
    viewer.close()
    seen["shots"] = v.shots + officer.shots + viewer.shots
    return seen
