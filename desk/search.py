"""Search as the clerk types: whole code or its last part, ID number, phone, or name (accent-insensitive).

Ranked: an exact code, ID number or phone first, then code tails and number prefixes, then names (whole words
before prefixes); within each group the most recent dossier first. Each group is one indexed query with a LIMIT, so a search costs
the same on a store of a thousand or ten million dossiers.
"""

from __future__ import annotations

import itertools
import re

from desk import db
from desk.text import clean, fold

_CODE = re.compile(r"^.+-\d{6}-\d{4}$")
_TAIL = re.compile(r"^(\d{6})-(\d{1,4})$")
_PASSPORT = re.compile(r"^[A-Z]\d{7}$")
_NUMBER_SEPARATORS = re.compile(r"[\s.\-()]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: the tokenizer's words


def _quote(word: str, prefix: bool = False) -> str:
    return '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")


# The name index (table dossier_names, FTS5 with prefix indexes of 1 to 6 letters) holds each folded word of a
# name and each pair of neighbouring words as one term, joined by PAIR ("nguyen thi ha" → nguyen, thi, ha,
# nguyen0thi, thi0ha). A name as typed is then the intersection of a few pair lists of some thousands each,
# instead of the lists of its words: «thi», «nguyen» hold a third of every name, and intersecting them cost up to
# 20 ms among a million names when the name itself was rare. A digit never occurs in a folded name, so no typed
# word, whole or a prefix, can stand for a pair; and every pair begins with a word of its own name, so a prefix
# that matches a pair matches that name anyway.
PAIR = "0"
PREFIX_INDEX_MAX = 6  # the longest prefix dossier_names indexes (prefix = '1 2 3 4 5 6'); longer ones merge lists


def name_words(text: str) -> list[str]:
    """The folded words of a name, split where the index's tokenizer splits them (letters and digits only)."""
    return _WORD.findall(fold(text))


def index_text(name: str) -> str:
    """What the name index holds for an applicant's name: its words, then each pair of neighbouring words."""
    words = name_words(name)
    return " ".join([*words, *(a + PAIR + b for a, b in itertools.pairwise(words))])


def fts_queries(text: str) -> tuple[list[str], list[str], list[str]]:
    """FTS5 queries for a typed name in three groups, closest first; a group runs only when the ones before it found
    nobody (within a group, the next query runs while a page is not full):

    1. the words in the order typed, side by side: first every word whole ("nguyen thi ha": the people named so),
       then the last word as typed so far ("nguyen thi h");
    2. the words in any order: every word whole, then the last one a prefix ("ha nguyen");
    3. every word a prefix ("ng th th d" for Nguyễn Thị Thuỳ Dương), which merges the list of every word each one
       begins: tens of milliseconds for a common prefix among a million names.
    """
    words = name_words(text)
    if not words:
        return [], [], []
    whole = [_quote(w) for w in words]
    any_order = [" ".join(whole), " ".join([*whole[:-1], _quote(words[-1], True)])]
    if len(words) == 1:  # «ha», then «ha*»: in order and any order are one
        return any_order, [], []
    pairs = [a + PAIR + b for a, b in itertools.pairwise(words)]
    typed = [_quote(p) for p in pairs[:-1]]
    if len(pairs[-1]) <= PREFIX_INDEX_MAX:  # the last pair as a prefix, read from its prefix index
        typed.append(_quote(pairs[-1], True))
    else:  # a longer prefix would merge the list of every pair it begins («nguyen0t»: a third of all names), so
        # what both prefix indexes can say: a pair begins so («van0du»), and a word begins with the last one («duc»)
        typed += [_quote(pairs[-1][:PREFIX_INDEX_MAX], True), _quote(words[-1], True)]
    return [" ".join(_quote(p) for p in pairs), " ".join(typed)], any_order, [_every_prefix(words)]


def _every_prefix(words: list[str]) -> str:
    return " ".join(_quote(w, True) for w in words)


def fts_query(text: str) -> str | None:
    """The broadest of ``fts_queries``: every word as a prefix; None when no word."""
    words = name_words(text)
    return _every_prefix(words) if words else None


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
    for group in fts_queries(q):
        if found:  # a closer group found somebody (see fts_queries)
            break
        for match in group:
            take("SELECT rowid FROM dossier_names WHERE dossier_names MATCH ? ORDER BY rowid DESC LIMIT ?", (match,))
    return list(found)
