"""The province's web console over real HTTP on loopback: TOTP (RFC 6238 vectors), sign-in and its bad paths
(wrong password, wrong or replayed TOTP, no CSRF, too many attempts), cookies and security headers, what each role
may read and write (a viewer writing, an officer of unit A on unit B's dossier), the processing unit's work through
the one lifecycle reaching the desk at its next sync, the hand-over feed API, devices and bundles (unsigned and
oversized uploads), the report's export and the access log.
"""

from __future__ import annotations

import json
import re

import pytest

from desk import signing
from desk.service import SAMPLE_CATALOG
from sync import client
from sync.server.console.auth import hotp, totp, totp_step
from tests.helpers.console_env import (
    ADMIN_PASSWORD,
    PASSWORD,
    UNIT_A,
    Console,
    build,
    flash_error,
    signed_in,
    totp_now,
)
from tests.helpers.sync_env import *  # noqa: F403
from tests.helpers.sync_env import AGENCY, OTHER_AGENCY


@pytest.fixture
def world(tmp_path):
    w = build(tmp_path, str(tmp_path / "server.sqlite3"))
    yield w
    w.live.stop()
    w.desk.close()


# -- TOTP -------------------------------------------------------------------------------------------------------


def test_totp_matches_rfc_6238_and_4226_vectors():
    key = b"12345678901234567890"
    # RFC 4226 appendix D
    assert [hotp(key, c) for c in range(3)] == ["755224", "287082", "359152"]
    # RFC 6238 appendix B, SHA-1, 8 digits
    vectors = {59: "94287082", 1111111109: "07081804", 1111111111: "14050471", 1234567890: "89005924",
               2000000000: "69279037", 20000000000: "65353130"}  # fmt: skip
    for t, want in vectors.items():
        assert totp(key, t, digits=8) == want
    sha256 = b"12345678901234567890123456789012"
    assert totp(sha256, 59, digits=8, digest="sha256") == "46119246"


def test_totp_accepts_one_step_of_drift_and_each_code_once():
    import base64

    secret = base64.b32encode(b"12345678901234567890").decode()
    at = 1_800_000_000.0
    code = totp(b"12345678901234567890", at)
    step = totp_step(secret, code, at)
    assert step == int(at // 30)
    assert totp_step(secret, code, at + 30) == step  # the next step still takes it (a slow typist)
    assert totp_step(secret, code, at + 90) is None  # too late
    assert totp_step(secret, code, at, after=step) is None  # used already
    assert totp_step(secret, "12345", at) is None and totp_step(secret, "abcdef", at) is None


# -- signing in ----------------------------------------------------------------------------------------------------


def test_admin_signs_in_with_password_and_totp_and_the_cookie_is_strict(world):
    c = Console(world.url)
    r = c.sign_in("quantri", ADMIN_PASSWORD, totp_now(world))
    assert r.status_code == 303 and r.headers["location"] == "/console/"
    cookie = r.headers["set-cookie"]
    assert (
        "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict") and "Path=/console/" in cookie
    )
    page = c.get("/console/")
    assert page.status_code == 200 and "Tổng quan toàn tỉnh" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["cache-control"] == "no-store"
    assert '<script src="/console/static/console.js"' in page.text and "http" not in re.sub(
        r"https?://127", "", page.text.split("<main>")[0]
    )
    js = c.get("/console/static/console.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")


@pytest.mark.parametrize(
    ("password", "code"),
    [("sai mật khẩu", "valid"), (ADMIN_PASSWORD, "000000"), (ADMIN_PASSWORD, ""), (ADMIN_PASSWORD, "12ab56")],
    ids=["wrong-password", "wrong-totp", "no-totp", "malformed-totp"],
)
def test_wrong_password_or_totp_is_refused_without_saying_which(world, password, code):
    c = Console(world.url)
    if code == "valid":
        code = totp_now(world)
    r = c.sign_in("quantri", password, code)
    assert r.status_code == 401
    message = flash_error(r.text)
    assert "Sai tên đăng nhập, mật khẩu hoặc mã xác thực" in message
    assert "quantri" not in message and password not in r.text
    assert c.get("/console/").status_code == 303  # still signed out


def test_an_unknown_user_gets_the_same_answer(world):
    r = Console(world.url).sign_in("khong-co-ai", "gì đó")
    assert r.status_code == 401 and "Sai tên đăng nhập, mật khẩu hoặc mã xác thực" in flash_error(r.text)


def test_the_sign_in_page_reflects_nothing_a_stranger_sent(world):
    """Only an account name that is one goes back into the form, and only a console path into «next»."""
    c = Console(world.url)
    hostile = '"><script>alert(1)</script>'
    r = c.sign_in(hostile, "gì đó")
    assert r.status_code == 401 and "alert(1)" not in r.text and 'value=""' in r.text
    page = c.http.get(world.url + "/console/login", params={"next": "https://evil.example/x"}, timeout=30).text
    assert "evil.example" not in page
    page = c.http.get(world.url + "/console/login", params={"next": "/console/../../etc"}, timeout=30).text
    assert "/etc" not in page
    page = c.http.get(world.url + "/console/login", params={"next": "/console/report?year=2026"}, timeout=30).text
    assert "/console/report?year=2026" in page  # a real page to go back to is kept
    r = c.sign_in("QuanTri", "sai mật khẩu", "000000")
    assert 'value="quantri"' in r.text  # a real account name is given back, as the account is named


def test_a_totp_code_is_used_once(world):
    code = totp_now(world)
    assert Console(world.url).sign_in("quantri", ADMIN_PASSWORD, code).status_code == 303
    again = Console(world.url).sign_in("quantri", ADMIN_PASSWORD, code)
    assert again.status_code == 401


def test_sign_in_without_its_csrf_token_is_refused(world):
    c = Console(world.url)
    c.login_form()
    r = c.http.post(world.url + "/console/login", data={"username": "lanhdao", "password": PASSWORD},
                    allow_redirects=False, timeout=30)  # fmt: skip
    assert r.status_code == 403 and "Trang đăng nhập đã cũ" in flash_error(r.text)


def test_five_wrong_passwords_lock_the_account(world):
    c = Console(world.url)
    for _ in range(5):
        assert c.sign_in("lanhdao", "sai-mat-khau").status_code == 401
    r = c.sign_in("lanhdao", PASSWORD)  # the right password no longer opens it
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert "tạm khóa" in flash_error(r.text)


def test_sign_out_ends_the_session(world):
    c = signed_in(world, "lanhdao")
    assert c.get("/console/").status_code == 200
    assert c.post("/console/logout").status_code == 303
    assert c.get("/console/").status_code == 303


# -- roles ----------------------------------------------------------------------------------------------------------


def test_a_post_without_the_session_csrf_token_is_refused(world):
    c = signed_in(world, "quantri")
    r = c.post("/console/devices/enrol-code", {"agency": AGENCY, "slot": "2"}, csrf=False)
    assert r.status_code == 403 and "Biểu mẫu đã cũ" in flash_error(r.text)
    r = c.http.post(world.url + "/console/devices/enrol-code", data={"agency": AGENCY, "slot": "2", "csrf": "x" * 32},
                    allow_redirects=False, timeout=30)  # fmt: skip
    assert r.status_code == 403
    assert world.live.count("enrol_codes") == 1  # only the one the fixture used


def test_a_viewer_reads_its_agency_only_and_cannot_write(world):
    c = signed_in(world, "theodoi")
    page = c.get("/console/")
    assert page.status_code == 200 and f"cơ quan {AGENCY}" in page.text
    assert c.get(f"/console/agency/{OTHER_AGENCY}").status_code == 403
    for path, data in (("/console/devices/enrol-code", {"agency": AGENCY, "slot": "2"}),
                       (f"/console/devices/{world.units[UNIT_A]['device_id']}/revoke", {}),
                       (f"/console/queue/{world.to_a[0]}/result", {"result": "x"}),
                       (f"/console/agency/{AGENCY}/name", {"name": "Xã Tân Phú"})):  # fmt: skip
        r = c.post(path, data)
        assert r.status_code == 403, path
    assert c.get("/console/devices").status_code == 403 and c.get("/console/access-log").status_code == 403
    dossier = c.get(f"/console/dossier/{world.codes[0]}")
    assert dossier.status_code == 200
    assert "001090012340" not in dossier.text and "Số 3 đường" not in dossier.text  # masked
    assert "•••••••670" in dossier.text and "được che" in dossier.text
    other = signed_in(world, "theodoi2")
    assert other.get(f"/console/dossier/{world.codes[0]}").status_code == 404


def test_an_admin_and_a_lead_see_personal_data_and_each_view_is_logged(world):
    lead = signed_in(world, "lanhdao")
    page = lead.get(f"/console/dossier/{world.codes[0]}")
    assert "001090012340" in page.text and "Nguyễn Văn Đức" in page.text
    assert lead.get(f"/console/search?q={world.codes[1][-11:]}").status_code == 200
    admin = signed_in(world, "quantri")
    log = admin.get("/console/access-log").text
    assert "lanhdao" in log and world.codes[0] in log and "Xem hồ sơ" in log and "Tìm kiếm" in log
    rows = world.live.rows("SELECT username, action, target FROM access_log ORDER BY id")
    assert rows[:2] == [("lanhdao", "view_dossier", world.codes[0]), ("lanhdao", "search", None)]


# -- processing units -----------------------------------------------------------------------------------------------


def test_an_officer_works_its_queue_and_the_desk_sees_the_outcome(world):
    c = signed_in(world, "tuphap")
    assert c.get("/console/").headers["location"] == "/console/queue"
    queue = c.get("/console/queue").text
    for code in world.to_a:
        assert code in queue
    assert world.to_b[0] not in queue and "Chưa nhận" in queue
    first, second, third = world.to_a
    assert c.post(f"/console/queue/{first}/accept").status_code == 303
    rows = {
        code: next(tr for tr in c.get("/console/queue").text.split("<tr") if code in tr) for code in (first, second)
    }
    assert (
        "Đã nhận" in rows[first] and "Chưa nhận" in rows[second]
    )  # taken by the unit's own event, after its hand-over
    r = c.post(f"/console/queue/{first}/result", {"result": "Bản sao chứng thực số 12"})
    assert r.status_code == 303 and r.headers["location"].endswith("?done=result")
    assert "Đã ghi kết quả" in c.get(r.headers["location"]).text
    assert (
        c.post(f"/console/queue/{second}/supplement", {"items": "Sổ hộ khẩu\nẢnh 4x6", "reason": "Thiếu"}).status_code
        == 303
    )
    assert c.post(f"/console/queue/{third}/return", {"reason": "Không thuộc thẩm quyền"}).status_code == 303
    # a step the lifecycle does not allow now: a result while waiting for a supplement (desk/lifecycle.py says why)
    refused = c.post(f"/console/queue/{second}/result", {"result": "x"})
    assert refused.status_code == 409 and "đang ở trạng thái 5" in flash_error(refused.text)
    r = client.sync_round(world.desk)
    assert r["applied"] == 4 and r["conflicts"] == 0  # accepted (a note), result, supplement, returned
    assert world.desk.dossier(first)["status"] == 9
    assert world.desk.dossier(second)["status"] == 5
    assert world.desk.dossier(third)["holder"] == "Bộ phận Một cửa"
    queue = c.get("/console/queue").text
    assert first not in queue and third not in queue


def test_an_officer_of_unit_a_cannot_act_on_unit_b_dossier(world):
    c = signed_in(world, "tuphap")
    theirs = world.to_b[0]
    r = c.post(f"/console/queue/{theirs}/result", {"result": "x"})
    assert r.status_code == 403 and UNIT_A in flash_error(r.text)
    assert c.get(f"/console/dossier/{theirs}").status_code == 404
    b = signed_in(world, "kinhte")
    assert b.post(f"/console/queue/{world.to_a[0]}/accept").status_code == 403
    assert world.live.rows("SELECT count(*) FROM events WHERE origin != deliver_to AND deliver_to IS NOT NULL") == [
        (0,)
    ]


def test_the_handover_feed_pages_with_a_cursor(world):
    import requests

    token = world.units[UNIT_A]["credential"]
    headers = {"Authorization": f"Bearer {token}"}
    r = requests.get(f"{world.url}/v1/processing/handovers", params={"limit": 2}, headers=headers, timeout=30)
    assert r.status_code == 200
    page = r.json()
    assert [h["dossier"]["code"] for h in page["handovers"]] == world.to_a[:2] and page["more"]
    assert all(h["still_held"] and h["step_due_at"] for h in page["handovers"])
    assert page["handovers"][0]["dossier"]["events"] == []
    r = requests.get(f"{world.url}/v1/processing/handovers", params={"cursor": page["cursor"]}, headers=headers,
                     timeout=30)  # fmt: skip
    rest = r.json()
    assert [h["dossier"]["code"] for h in rest["handovers"]] == world.to_a[2:] and not rest["more"]
    again = requests.get(f"{world.url}/v1/processing/handovers", params={"cursor": rest["cursor"]}, headers=headers,
                         timeout=30).json()  # fmt: skip
    assert again["handovers"] == [] and again["cursor"] == rest["cursor"]
    bad = requests.get(f"{world.url}/v1/processing/handovers", params={"cursor": "e1b1"}, headers=headers, timeout=30)
    assert bad.status_code == 422
    desk_token = world.desk.store.meta()["sync_credential"]
    denied = requests.get(f"{world.url}/v1/processing/handovers", headers={"Authorization": f"Bearer {desk_token}"},
                          timeout=30)  # fmt: skip
    assert denied.status_code == 403


# -- overview, devices, bundles, report -------------------------------------------------------------------------------


def test_the_overview_counts_and_shows_each_desk_health(world):
    c = signed_in(world, "quantri")
    page = c.get("/console/").text
    row = re.search(rf"{re.escape(AGENCY)}</a>(.*?)</tr>", page, re.S).group(1)
    numbers = [int(x.replace(".", "")) for x in re.findall(r'<td class="num[^"]*">([0-9.]+)</td>', row)]
    # the desk's own home tiles at the same instant: the same rules (desk/queries.py) on the server's table
    from desk import queries, readmodel

    now = world.live.server.now()
    home = queries.home_counts(world.desk.store.conn, now, readmodel.due_soon_threshold(world.desk, now))
    assert numbers == [home["today"], 6, home["overdue"], home["due_soon"], home["waiting"]]
    assert home["today"] == 6 and home["waiting"] == 1
    desk_row = re.search(r"<td>1</td><td>Trung tâm Phục vụ hành chính công \(ban1\)</td>(.*?)</tr>", page, re.S).group(
        1
    )
    assert "vừa xong" in desk_row and "<td>mau v1</td>" in desk_row and "2025-2026 v1" in desk_row
    assert '<td class="ok">đúng giờ</td>' in desk_row  # one machine: no clock offset
    status = world.live.rows("SELECT pending, refused, catalog, clock_offset_s FROM desk_status")
    assert status[0][:3] == (0, 0, "mau v1") and abs(status[0][3]) <= 2
    agency = c.get(f"/console/agency/{AGENCY}").text
    for code in world.codes:
        assert code in agency


def test_devices_issue_a_code_once_and_revoke(world):
    c = signed_in(world, "quantri")
    r = c.post("/console/devices/enrol-code", {"agency": AGENCY, "slot": "2", "label": "Máy quầy 2", "days": "3"})
    assert r.status_code == 200
    code = re.search(r'<code class="big">([A-Z0-9-]{14})</code>', r.text).group(1)
    assert "Chỉ hiện lần này" in r.text
    assert code not in c.get("/console/devices").text  # shown once
    taken = c.post("/console/devices/enrol-code", {"agency": AGENCY, "slot": "1"})
    assert taken.status_code == 422 and "đang được máy" in flash_error(taken.text)
    bad = c.post("/console/devices/enrol-code", {"agency": "<script>", "slot": "2"})
    assert bad.status_code == 422 and "<script>" not in bad.text.split("<main>")[1].split("</main>")[0].replace(
        "&lt;script&gt;", ""
    )
    desk_id = world.desk.store.meta()["desk_id"]
    assert c.post(f"/console/devices/{desk_id}/revoke").status_code == 200
    assert "Thu hồi" in c.get("/console/devices").text
    with pytest.raises(client.CredentialRefused):
        client.sync_round(world.desk)


def test_bundles_only_signed_and_bounded(world):
    c = signed_in(world, "quantri")
    unsigned = c.post("/console/bundles", {"kind": "catalog"}, files={"file": ("dm.json", SAMPLE_CATALOG.read_bytes())})
    assert unsigned.status_code == 422 and "chưa được ký số" in flash_error(unsigned.text)
    key = signing.generate_key()
    world.live.server.register_key(None, signing.public_key_text(key), name="Sở Nội vụ")
    doc = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
    doc["version"] = 2
    signed = signing.sign(json.dumps(doc).encode(), key)
    ok = c.post("/console/bundles", {"kind": "catalog", "agency": AGENCY}, files={"file": ("dm.signed.json", signed)})
    assert ok.status_code == 200 and "đã phát hành" in ok.text
    other_key = signing.generate_key()
    foreign = c.post("/console/bundles", {"kind": "catalog"},
                     files={"file": ("x.json", signing.sign(json.dumps(doc).encode(), other_key))})  # fmt: skip
    assert foreign.status_code == 422
    huge = c.post("/console/bundles", {"kind": "catalog"}, files={"file": ("big.json", b"x" * (65 * 1024 * 1024))})
    assert huge.status_code == 413 and "quá lớn" in huge.text and huge.headers["content-type"].startswith("text/html")
    form = c.post("/console/devices/enrol-code", {"agency": AGENCY, "slot": "2", "label": "x" * 70_000})
    assert form.status_code == 413
    assert world.live.count("bundles") == 2  # the fixture's catalog and this one


def test_the_report_page_and_its_exports_are_logged(world):
    from openpyxl import load_workbook

    c = signed_in(world, "lanhdao")
    year = world.live.server.now().year
    page = c.get(f"/console/report?from={year}-01-01&to={year}-12-31&agency={OTHER_AGENCY}")
    assert page.status_code == 200 and "Theo lĩnh vực" in page.text
    assert AGENCY in page.text and OTHER_AGENCY not in page.text.split("<main>")[1]  # a lead reports its own agency
    xlsx = c.get(f"/console/report.xlsx?from={year}-01-01&to={year}-12-31")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    import io

    wb = load_workbook(io.BytesIO(xlsx.content), data_only=True)
    assert wb.sheetnames == ["II.06a", "Bo sung", "Theo co quan"]
    pdf = c.get(f"/console/report.pdf?from={year}-01-01&to={year}-12-31")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = c.get(f"/console/report?from={year}-12-31&to={year}-01-01")
    assert "trước ngày bắt đầu" in bad.text
    exports = world.live.rows("SELECT username, target FROM access_log WHERE action = 'export_report' ORDER BY id")
    assert exports == [("lanhdao", "II.06a.xlsx"), ("lanhdao", "II.06a.pdf")]


def test_console_admin_command_prints_the_totp_secret_once(tmp_path, capsys):
    from sync.server import cli

    db = str(tmp_path / "s.sqlite3")
    import io
    import sys

    sys.stdin = io.StringIO("Mat-khau#dai-2026\n")
    try:
        assert cli.main(["console-admin", "add", "admin2", "--full-name", "Ngô Văn A", "--db", db,
                         "--password-stdin"]) == 0  # fmt: skip
    finally:
        sys.stdin = sys.__stdin__
    out = capsys.readouterr().out
    secret = re.search(r"chỉ hiện một lần\): ([A-Z2-7]{32})", out).group(1)
    assert "otpauth://totp/MotCuaDesk%3Aadmin2?secret=" + secret in out
    assert cli.main(["console-admin", "list", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert "admin2" in listed and secret not in listed
    sys.stdin = io.StringIO("ngan\n")
    try:
        assert cli.main(["console-admin", "add", "x1", "--full-name", "X", "--db", db, "--password-stdin"]) == 2
    finally:
        sys.stdin = sys.__stdin__
