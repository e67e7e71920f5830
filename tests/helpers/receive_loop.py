"""Receive dossiers in a loop until killed; print each code on its own line once ``receive`` has returned.

Used by the power-loss test: the parent SIGKILLs this process at a random moment.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from desk.service import Desk, ReceiveRequest

VN = dt.timezone(dt.timedelta(hours=7))


def main() -> None:
    data_dir, day = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
    desk = Desk.open(data_dir)
    print("ready", flush=True)
    i = 0
    while True:
        at = dt.datetime.combine(day, dt.time(7, 0), VN) + dt.timedelta(seconds=20 * i)
        d = desk.receive(
            ReceiveRequest(procedure="2.000815", name="Nguyễn Văn Đức", phone="0912345678", received_at=at),
            actor="Hoa",
        )
        sys.stdout.write(d["code"] + "\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main()
