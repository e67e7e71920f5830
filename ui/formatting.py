"""How the GUI writes dates, times and statuses for the clerk (presentation only)."""

from __future__ import annotations

import datetime as dt

from desk import timeutil
from ui.qt import QCoreApplication


def _weekdays() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("formatting", "Thứ Hai"),
        QCoreApplication.translate("formatting", "Thứ Ba"),
        QCoreApplication.translate("formatting", "Thứ Tư"),
        QCoreApplication.translate("formatting", "Thứ Năm"),
        QCoreApplication.translate("formatting", "Thứ Sáu"),
        QCoreApplication.translate("formatting", "Thứ Bảy"),
        QCoreApplication.translate("formatting", "Chủ nhật"),
    )


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
    weekday = _weekdays()[at.weekday()]
    return QCoreApplication.translate("formatting", "{0} giờ {1:02d}, {2} {3:%d/%m/%Y}").format(
        at.hour, at.minute, weekday, at
    )


def short(value: str | dt.datetime | None) -> str:
    """«27/11/2026 15:00»."""
    at = parse(value)
    return "—" if at is None else f"{at:%d/%m/%Y %H:%M}"


def day(value: str | dt.datetime | None) -> str:
    at = parse(value)
    return "—" if at is None else f"{at:%d/%m/%Y}"
