"""Search as the clerk types: whole code or its last part, ID number, phone, or name (accent-insensitive).

Ranked: an exact code, ID number or phone first, then code tails and number prefixes, then names (whole words
before prefixes); within each group the most recent dossier first. Each group is one indexed query with a LIMIT, so a search costs
the same on a store of a thousand or ten million dossiers.
"""

from __future__ import annotations

import re

from desk import db
from desk.text import clean, fold

_CODE = re.compile(r"^.+-\d{6}-\d{4}$")
_TAIL = re.compile(r"^(\d{6})-(\d{1,4})$")
_PASSPORT = re.compile(r"^[A-Z]\d{7}$")
_NUMBER_SEPARATORS = re.compile(r"[\s.\-()]")
_WORD = re.compile(r"\w+")


def _quote(word: str, prefix: bool) -> str:
    return '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")


def fts_queries(text: str) -> list[str]:
    """FTS5 queries for a typed name, cheapest first, each matching every word after folding.

    1. every word whole ("nguyen thi": people named exactly so) — an exact word is a seek in the index;
    2. the words already followed by a space whole, the last one a prefix ("nguyen thi h");
    3. every word a prefix ("ng th th d" for Nguyễn Thị Thuỳ Dương).
    A prefix word makes FTS5 merge the lists of every word it starts; that costs tens of milliseconds for a
    common prefix among a million names, so the cheaper queries go first and the next runs only if a page is
    not full yet — except the third, which runs only when the first two found nobody: a name typed in full (or as
    far as the clerk got) finds the people of that name, not every name whose words its words begin.
    """
    words = _WORD.findall(fold(text))
    if not words:
        return []
    candidates = [
        " ".join(_quote(w, False) for w in words),
        " ".join([*(_quote(w, False) for w in words[:-1]), _quote(words[-1], True)]),
        " ".join(_quote(w, True) for w in words),
    ]
    return list(dict.fromkeys(candidates))


def fts_query(text: str) -> str | None:
    """The broadest of ``fts_queries``: every word as a prefix; None when no word."""
    queries = fts_queries(text)
    return queries[-1] if queries else None


def names_a_person(query: str) -> bool:
    """Whether a search reads personal data: anything but a dossier's code, its tail (260213-1001) or a book number.

    Such searches go to the access log (desk/audit.py).
    """
    q = clean(query)
    if not q:
        return False
    digits = _NUMBER_SEPARATORS.sub("", q)
    return not (_CODE.match(q.upper()) or _TAIL.match(q) or (digits.isdigit() and len(digits) <= 4))


def search_ids(conn: db.Connection, query: str, limit: int = 50) -> list[int]:
    """Ids of the ``dossiers`` rows that match, best first, at most ``limit``."""
    q = clean(query)
    if not q or limit <= 0:
        return []
    found: dict[int, None] = {}

    def take(sql: str, params: tuple) -> None:
        if len(found) >= limit:
            return
        for (rowid,) in conn.execute(sql, (*params, limit)):
            found.setdefault(rowid, None)
            if len(found) >= limit:
                return

    upper = q.upper()
    if _CODE.match(upper):
        take("SELECT id FROM dossiers WHERE code = ? LIMIT ?", (upper,))
    tail = _TAIL.match(q)
    if tail:
        yymmdd, order = tail.groups()
        day = f"20{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:]}"
        take("SELECT id FROM dossiers WHERE order_no = ? AND receipt_date = ? ORDER BY id DESC LIMIT ?",
             (int(order), day))  # fmt: skip
    digits = _NUMBER_SEPARATORS.sub("", q)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if digits.isdigit():
        phone = "0" + digits[2:] if digits.startswith("84") and len(digits) == 11 else digits
        take("SELECT id FROM dossiers WHERE id_number = ? ORDER BY id DESC LIMIT ?", (digits,))
        take("SELECT id FROM dossiers WHERE phone = ? ORDER BY id DESC LIMIT ?", (phone,))
        if len(digits) <= 4:
            take("SELECT id FROM dossiers WHERE order_no = ? ORDER BY id DESC LIMIT ?", (int(digits),))
        if len(digits) >= 3:
            upper_bound = digits + ":"  # ':' sorts right after '9'
            take("SELECT id FROM dossiers WHERE id_number >= ? AND id_number < ? ORDER BY id_number LIMIT ?",
                 (digits, upper_bound))  # fmt: skip
            take("SELECT id FROM dossiers WHERE phone >= ? AND phone < ? ORDER BY phone LIMIT ?",
                 (digits, upper_bound))  # fmt: skip
        return list(found)
    if _PASSPORT.match(upper):
        take("SELECT id FROM dossiers WHERE id_number = ? ORDER BY id DESC LIMIT ?", (upper,))
    matches = fts_queries(q)
    for i, match in enumerate(matches):
        if found and i == 2:  # every word a prefix: only when the closer queries found nobody (see fts_queries)
            break
        take("SELECT rowid FROM dossier_names WHERE dossier_names MATCH ? ORDER BY rowid DESC LIMIT ?", (match,))
    return list(found)
