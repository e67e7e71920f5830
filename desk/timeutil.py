"""Vietnam time: a fixed UTC+07:00 offset, never the machine's zone (counter PCs are often set wrong)."""

from __future__ import annotations

import datetime as dt

VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def now() -> dt.datetime:
    """The current instant in Vietnam time, to the second."""
    return dt.datetime.now(VN_TZ).replace(microsecond=0)


def to_vn(value: dt.datetime) -> dt.datetime:
    """Express an aware datetime in Vietnam time; a naive one is taken as Vietnam time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ)


def parse_instant(text: str) -> dt.datetime:
    """Parse ISO 8601; without an offset the time is Vietnam time. Raises ValueError."""
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    value = dt.datetime.fromisoformat(text)
    return to_vn(value)


def parse_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD. Raises ValueError."""
    return dt.date.fromisoformat(text.strip())


def iso(value: dt.datetime) -> str:
    """ISO 8601 with offset in Vietnam time, e.g. 2026-02-13T10:00:00+07:00."""
    return to_vn(value).isoformat(timespec="seconds")


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day``, Vietnam time."""
    return dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ)
