"""The console in a real browser: Debian's Chromium driven by Playwright (no browser download), at 1366×768, through
every page of an admin, a processing unit's officer and a viewer: what each page shows, that the script and the
stylesheet load under the Content-Security-Policy (no console error, no CSP violation), and a screenshot of each page
(kept in tmp; ``tools/console_screenshots.py`` writes them to look at).

scripts/bootstrap --dev installs chromium (apt) and playwright (pip) when run as root, as CI runs: there the test
runs. Without root and without chromium it is skipped, saying why.
"""

from __future__ import annotations

import os

import pytest

from tests.helpers.console_browser import chromium_path
from tests.helpers.console_env import UNIT_A, build
from tests.helpers.sync_env import *  # noqa: F403

_missing = []
if chromium_path() is None:
    _missing.append("Debian's chromium (apt-get install chromium)")
try:
    import playwright  # noqa: F401
except ImportError:
    _missing.append("playwright for Python (pip install playwright)")

if _missing and os.geteuid() != 0:
    pytestmark = pytest.mark.skip(reason=f"no {' nor '.join(_missing)}: run scripts/bootstrap --dev as root")


def test_every_page_in_chromium(tmp_path):
    assert not _missing, f"scripts/bootstrap --dev installs {', '.join(_missing)}"
    from tests.helpers.console_browser import browser, tour

    world = build(tmp_path, str(tmp_path / "server.sqlite3"))
    try:
        with browser() as b:
            seen = tour(b, world, tmp_path / "shots")
    finally:
        world.live.stop()
        world.desk.close()
    assert "Đăng nhập" in seen["login"] and "Mã xác thực" in seen["login"]
    assert "Sai tên đăng nhập, mật khẩu hoặc mã xác thực" in seen["login_wrong"]
    assert seen["overview_url"].endswith("/console/") and "Tổng quan toàn tỉnh" in seen["overview"]
    assert "Chờ công dân bổ sung" in seen["overview"] and "đúng giờ" in seen["overview"]
    assert world.codes[5] in seen["agency"] and "Tiếp nhận hôm nay (6)" in seen["agency"]
    assert "Nguyễn Văn Đức" in seen["dossier_admin"] and "Chứng thực" in seen["dossier_admin"]
    assert world.codes[1] in seen["search"]
    assert (
        "Chỉ hiện lần này" in seen["devices"] and "3\tMáy quầy 3" in seen["devices"] and "Chưa dùng" in seen["devices"]
    )
    assert "Danh mục mẫu" in seen["bundles"]
    assert "Toàn tỉnh, theo lĩnh vực" in seen["report"] and "Tổng cộng" in seen["report"]
    assert seen["download"].endswith(".xlsx")
    assert "Xem hồ sơ" in seen["access"] and "Xuất báo cáo" in seen["access"] and "Tìm kiếm" in seen["access"]
    assert "quantri" in seen["accounts"] and "tuphap" in seen["accounts"]
    assert seen["queue_url"].endswith("/console/queue") and UNIT_A in seen["queue"]
    assert all(code in seen["queue"] for code in world.to_a) and world.to_b[0] not in seen["queue"]
    assert "Đã nhận" in seen["officer_dossier"] and "Ghi kết quả" in seen["officer_dossier"]
    assert "Đã ghi kết quả" in seen["officer_done"] and "Bản sao chứng thực số 15/CT" in seen["officer_done"]
    assert "001090012340" not in seen["viewer_dossier"] and "được che" in seen["viewer_dossier"]
    assert "Không có quyền" in seen["viewer_forbidden"]
    expected = ("status of 401", "status of 403")  # the wrong sign-in and the viewer's forbidden page
    problems = [p for key in ("admin_problems", "officer_problems", "viewer_problems") for p in seen[key]]
    assert [p for p in problems if not any(x in p for x in expected)] == []
    assert len(seen["shots"]) >= 17 and all(p.stat().st_size > 10_000 for p in seen["shots"])
