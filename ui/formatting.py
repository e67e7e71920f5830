"""How the GUI writes dates, times and statuses for the clerk (presentation only)."""

from __future__ import annotations

import datetime as dt

from desk import timeutil
from ui.qt import QCoreApplication

_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def tr(text: str) -> str:
    return QCoreApplication.translate("formatting", text)


def parse(value: str | dt.datetime | None) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return timeutil.to_vn(value)
    return timeutil.parse_instant(value)


def appointment(value: str | dt.datetime | None) -> str:
    """«15 giờ 00, Thứ Năm 27/11/2026»."""
    at = parse(value)
    if at is None:
        return "—"
    weekday = tr(_WEEKDAYS[at.weekday()])
    return tr("{0} giờ {1:02d}, {2} {3:%d/%m/%Y}").format(at.hour, at.minute, weekday, at)


def short(value: str | dt.datetime | None) -> str:
    """«27/11/2026 15:00»."""
    at = parse(value)
    return "—" if at is None else f"{at:%d/%m/%Y %H:%M}"


def day(value: str | dt.datetime | None) -> str:
    at = parse(value)
    return "—" if at is None else f"{at:%d/%m/%Y}"
