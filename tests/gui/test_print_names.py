"""Printed-file names carry Vietnam time, whatever time zone the counter PC is set to."""

from __future__ import annotations

import datetime as dt
import os
import time

from desk import timeutil


def test_printed_file_names_are_stamped_in_vietnam_time(tmp_path, monkeypatch):
    from ui import printer as prn
    from ui.print_dialog import resolve_file

    monkeypatch.setenv("TZ", "America/Los_Angeles")  # a PC set to the wrong zone (UTC−8/−7)
    time.tzset()
    try:
        target = resolve_file(prn.PrintTarget(file=tmp_path), "receipt", "000.00.12.H62-260302-1001")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    stamp = target.file.name.split("-receipt-")[1][: len("20260302-101500")]
    named = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=timeutil.VN_TZ)
    assert abs((timeutil.now() - named).total_seconds()) < 120
    assert os.environ.get("TZ") is None
