"""Screenshots of every page of the province's web console at 1366×768, in Debian's Chromium (Playwright), to look
at them: a made-up province (two communes' desks, dossiers late, due soon, waiting, handed to processing units).

Usage::

    python tools/console_screenshots.py [OUT_DIR]        # default out/console/

Needs scripts/bootstrap --dev (chromium, playwright). Serves only on loopback, for the time it takes.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.console_browser import browser, tour  # noqa: E402
from tests.helpers.console_env import build  # noqa: E402


def richer(world) -> None:
    """More of a real commune: dossiers received earlier (some late now), a second agency's desk."""
    from desk import timeutil
    from desk import workflow as wf
    from desk.service import ReceiveRequest
    from sync import client
    from tests.helpers.console_env import NAMES, PROCEDURES, UNIT_A
    from tests.helpers.sync_env import OTHER_AGENCY, make_desk

    desk = world.desk
    now = timeutil.now()
    for i in range(24):
        at = now - dt.timedelta(days=2 + i, hours=i % 5)
        d = desk.receive(
            ReceiveRequest(procedure=PROCEDURES[i % len(PROCEDURES)], name=NAMES[i % len(NAMES)], received_at=at,
                           channel=(1, 2, 3)[i % 3]),
            actor="Lê Thị Hoa", now=now,
        )  # fmt: skip
        if i % 4 == 0:
            wf.transfer(desk, d["code"], to_unit=UNIT_A, actor="Lê Thị Hoa", step_working_days=1, at=at)
        elif i % 4 == 1:
            wf.result_ready(desk, d["code"], actor="Lê Thị Hoa", at=now - dt.timedelta(hours=i))
    client.sync_round(desk)
    base = Path(tempfile.mkdtemp(prefix="console-other-"))
    other = make_desk(base, "xa-khac", 1, OTHER_AGENCY)
    client.enrol(other, world.url, world.live.enrol_code(1, OTHER_AGENCY))
    for i in range(5):
        other.receive(ReceiveRequest(procedure="2.000815", name=NAMES[i]), actor="Trần Văn Nam")
    client.sync_round(other)
    other.close()
    from sync.server import storage as s

    with world.live.storage.write() as conn:
        conn.execute(s.agencies.insert().values(code="000.00.12.H62", name="Trung tâm PVHCC xã Tân Phú"))
        conn.execute(s.agencies.insert().values(code=OTHER_AGENCY, name="Trung tâm PVHCC xã Phú Hòa"))
    world.extra["agency_name"] = "Trung tâm PVHCC xã Tân Phú"


def main() -> int:
    # Throwaway desks, several of one slot on one machine: kept out of the PC's registry of stores
    # (desk/machine.py), which would otherwise refuse the next run's desk of the same slot.
    os.environ.setdefault("DESK_SLOT_REGISTRY", "off")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "console"
    tmp = Path(tempfile.mkdtemp(prefix="console-shots-"))
    world = build(tmp, str(tmp / "server.sqlite3"))
    try:
        richer(world)
        with browser() as b:
            seen = tour(b, world, out)
    finally:
        world.live.stop()
        world.desk.close()
        shutil.rmtree(tmp, ignore_errors=True)  # the scratch desks and server (the screenshots are in «out»)
    for path in seen["shots"]:
        print(path)
    # the wrong sign-in (401) and the viewer's forbidden page (403) are meant
    expected = ("status of 401", "status of 403")
    problems = [p for p in seen["admin_problems"] + seen["officer_problems"] + seen["viewer_problems"]
                if not any(x in p for x in expected)]  # fmt: skip
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
