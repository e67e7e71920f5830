"""Vietnamese text: NFC storage, whitespace, and the accent-insensitive folding used for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC (input may arrive decomposed from some keyboards and web forms)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, whitespace collapsed to single spaces, trimmed."""
    if text is None:
        return ""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """Lower-case, without diacritics, đ/Đ → d: what search compares ("Đức" and "duc" fold alike)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
