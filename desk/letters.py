"""Numbers of the letters a desk sends (the apology, Mẫu 04, and the stop notice, Mẫu 05): «Số: 01/TB-TTPVHCC».

Decree 30/2020/NĐ-CP numbers documents from 01 on the first day of each year. The desk keeps one counter per year
and kind of letter (the projection ``letter_counters``, made from the events): a letter recorded without a number
given by the clerk (the records office's own, ``--letter-no``) takes the next one, inside the write transaction that
records it, and its event carries the number (``letter_seq``, ``letter_year``), so a rebuild counts the same.
"""

from __future__ import annotations

import re
import sqlite3
import string

from desk.errors import Problem

# The event kinds that send a numbered letter, and the abbreviation ``{kind}`` stands for in the pattern: TB is
# Decree 30's abbreviation of a Thông báo; XL (xin lỗi) is this desk's choice — a province that writes PXL or no
# abbreviation at all sets its own pattern.
LETTER_KINDS: dict[str, str] = {"apologized_extended": "XL", "stopped": "TB"}

DEFAULT_PATTERN = "{n}/{kind}-TTPVHCC"
PLACEHOLDERS = {"n": "số thứ tự trong năm (01, 02, …)", "year": "năm (2026)", "kind": "loại văn bản (TB, XL)",
                "slot": "số hiệu bàn (1–9)"}  # fmt: skip
_MAX_LEN = 60
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")


def pattern_problems(pattern: str, field: str = "letter_no_pattern") -> list[Problem]:
    """What is wrong with a pattern of letter numbers (empty when it is usable)."""
    shown = f"Mẫu số văn bản «{pattern}»"
    if not pattern:
        return [Problem(field, "Mẫu số văn bản: chưa nhập (ví dụ {n}/{kind}-TTPVHCC).")]
    if len(pattern) > _MAX_LEN or _FORBIDDEN.search(pattern):
        return [Problem(field, f"{shown}: tối đa {_MAX_LEN} ký tự, không có ký tự điều khiển.")]
    try:
        names = [name for _text, name, spec, conv in string.Formatter().parse(pattern) if name is not None]
        specs = [(spec, conv) for _text, name, spec, conv in string.Formatter().parse(pattern) if name is not None]
    except ValueError:
        return [Problem(field, f"{shown}: dấu ngoặc {{ }} không khớp nhau.")]
    known = ", ".join("{" + k + "} " + v for k, v in PLACEHOLDERS.items())
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown or any(spec or conv for spec, conv in specs):
        return [Problem(field, f"{shown}: chỉ dùng được {known}.")]
    if "n" not in names:
        return [Problem(field, f"{shown}: phải có {{n}} (số thứ tự của văn bản trong năm).")]
    return []


def format_number(pattern: str, *, n: int, year: int, kind: str, slot: int) -> str:
    """The printed number: «01/TB-TTPVHCC» (numbers under 10 with a leading zero, as Decree 30 writes them)."""
    return pattern.format(n=f"{n:02d}", year=year, kind=LETTER_KINDS.get(kind, kind), slot=slot)


def next_seq(conn: sqlite3.Connection, year: int, kind: str) -> int:
    """The next number of a kind of letter in a year (call inside the write transaction that records it)."""
    row = conn.execute("SELECT last_no FROM letter_counters WHERE year = ? AND kind = ?", (year, kind)).fetchone()
    return (row[0] if row else 0) + 1
