"""A province for the console tests: the reference server on loopback, a desk of one commune with dossiers handed
to two processing units, and console accounts of every role. Used by tests/test_console.py (HTTP) and
tests/test_console_browser.py (Chromium), and by tools/console_screenshots.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from tests.helpers.sync_env import AGENCY, OTHER_AGENCY, LiveServer, make_desk

ADMIN_PASSWORD = "Tinh#Quan-tri-2026"
PASSWORD = "Mot-cua#2026-xa"
UNIT_A = "Phòng Tư pháp - Hộ tịch"
UNIT_B = "Phòng Kinh tế"
NAMES = ("Nguyễn Văn Đức", "Trần Thị Bình", "Lê Văn Dũng", "Phạm Thị Hoa", "Hoàng Minh Châu", "Võ Thị Lan",
         "Đặng Quốc Huy", "Bùi Thị Ngọc")  # fmt: skip
PROCEDURES = ("2.000815", "1.001193", "1.004873", "2.000986", "1.001776", "2.001035")


@dataclass
class World:
    live: LiveServer
    desk: Any
    admin_secret: str
    units: dict[str, dict[str, Any]]
    codes: list[str]
    to_a: list[str]
    to_b: list[str]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.live.url


def build(tmp_path: Path, db: str) -> World:
    """Server, desk (6 dossiers received, 3 handed to unit A, 1 to unit B, 1 waiting for a supplement), synced."""
    from desk import signing
    from desk import workflow as wf
    from desk.service import SAMPLE_CATALOG, ReceiveRequest
    from sync import client
    from sync.server.console.auth import Accounts

    live = LiveServer(db)
    key = signing.generate_key()  # the province's catalog, signed: the console names procedures and fields from it
    live.server.register_key(None, signing.public_key_text(key), name="Sở Nội vụ")
    live.server.add_bundle("catalog", signing.sign(SAMPLE_CATALOG.read_bytes(), key), label="Danh mục mẫu")
    desk = make_desk(tmp_path, "ban1", 1)
    client.enrol(desk, live.url, live.enrol_code(1))
    codes = []
    for i, proc in enumerate(PROCEDURES):
        d = desk.receive(
            ReceiveRequest(procedure=proc, name=NAMES[i], id_number=f"00109001234{i}", phone=f"091234567{i}",
                           address=f"Số {i + 3} đường Lê Lợi, xã Tân Phú", channel=2 if i % 3 == 0 else 1),
            actor="Lê Thị Hoa",
        )  # fmt: skip
        codes.append(d["code"])
    to_a, to_b = codes[0:3], codes[3:4]
    for code in to_a:
        wf.transfer(desk, code, to_unit=UNIT_A, actor="Lê Thị Hoa", step_working_days=2)
    wf.transfer(desk, to_b[0], to_unit=UNIT_B, actor="Lê Thị Hoa", step_working_days=1)
    wf.request_supplement(desk, codes[4], items=["Bản sao giấy khai sinh"], reason="Thiếu giấy tờ", actor="Lê Thị Hoa")
    assert client.sync_round(desk)["refused"] == 0
    units = {}
    for name in (UNIT_A, UNIT_B):
        units[name] = live.server.create_processor(AGENCY, name, role="contact")
    other_unit = live.server.create_processor(OTHER_AGENCY, "Phòng Tư pháp xã khác")
    accounts = Accounts(live.storage)
    admin = accounts.add("quantri", "Nguyễn Văn Quản", ADMIN_PASSWORD, "admin")
    accounts.add("lanhdao", "Phạm Thị Lãnh", PASSWORD, "lead", agency_code=AGENCY)
    accounts.add("theodoi", "Trương Văn Xem", PASSWORD, "viewer", agency_code=AGENCY)
    accounts.add("theodoi2", "Đỗ Thị Khác", PASSWORD, "viewer", agency_code=OTHER_AGENCY)
    accounts.add("tuphap", "Lý Thị Tư", PASSWORD, "officer", unit=units[UNIT_A]["device_id"])
    accounts.add("kinhte", "Mai Văn Kinh", PASSWORD, "officer", unit=units[UNIT_B]["device_id"])
    world = World(live, desk, admin["totp_secret"], units, codes, to_a, to_b)
    world.extra["other_unit"] = other_unit
    return world


def totp_now(world: World) -> str:
    """The admin's current TOTP code, by the server's own clock (the one that checks it)."""
    from sync.server.console.auth import _secret_bytes, totp

    return totp(_secret_bytes(world.admin_secret), world.live.server.now().timestamp())


class Console:
    """A signed-in browser-less client: a requests session with the session cookie and the page's CSRF token."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()
        self.csrf = ""

    def login_form(self) -> str:
        r = self.http.get(self.url + "/console/login", timeout=30)
        assert r.status_code == 200
        return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)

    def sign_in(self, username: str, password: str, code: str = "") -> requests.Response:
        pre = self.login_form()
        r = self.http.post(
            self.url + "/console/login",
            data={"csrf": pre, "username": username, "password": password, "code": code},
            timeout=30,
            allow_redirects=False,
        )
        if r.status_code == 303:
            page = self.http.get(self.url + r.headers["location"], timeout=30)
            found = re.search(r'name="csrf" value="([^"]+)"', page.text)
            self.csrf = found.group(1) if found else ""
        return r

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(self.url + path, timeout=60, allow_redirects=False, **kw)

    def post(self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kw) -> requests.Response:
        body = dict(data or {})
        if csrf:
            body["csrf"] = self.csrf
        return self.http.post(self.url + path, data=body, timeout=60, allow_redirects=False, **kw)


def signed_in(world: World, username: str) -> Console:
    c = Console(world.url)
    if username == "quantri":
        r = c.sign_in(username, ADMIN_PASSWORD, totp_now(world))
    else:
        r = c.sign_in(username, PASSWORD)
    assert r.status_code == 303, r.text[:500]
    return c


def flash_error(html: str) -> str:
    m = re.search(r'<div class="flash error"[^>]*>([^<]*)', html)
    return m.group(1) if m else ""


__all__ = ["ADMIN_PASSWORD", "PASSWORD", "UNIT_A", "UNIT_B", "Console", "World", "build", "flash_error",
           "signed_in", "totp_now"]  # fmt: skip
