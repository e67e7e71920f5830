"""A serif family that covers Vietnamese, found on the system or shipped in resources/fonts, registered once."""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desk.errors import DeskError

ENV_FONT_DIR = "DESK_FONT_DIR"

_FACES = ("regular", "bold", "italic", "bold_italic")

# File names (lower case) of each face, by family, in order of preference.
_FAMILIES: tuple[tuple[str, dict[str, tuple[str, ...]]], ...] = (
    (
        "Times New Roman",
        {
            "regular": ("times.ttf", "times new roman.ttf", "times_new_roman.ttf", "timesnewroman.ttf"),
            "bold": ("timesbd.ttf", "times new roman bold.ttf", "times_new_roman_bold.ttf", "timesnewromanbold.ttf"),
            "italic": (
                "timesi.ttf",
                "times new roman italic.ttf",
                "times_new_roman_italic.ttf",
                "timesnewromanitalic.ttf",
            ),
            "bold_italic": (
                "timesbi.ttf",
                "times new roman bold italic.ttf",
                "times_new_roman_bold_italic.ttf",
                "timesnewromanbolditalic.ttf",
            ),
        },
    ),
    (
        "Liberation Serif",
        {
            "regular": ("liberationserif-regular.ttf",),
            "bold": ("liberationserif-bold.ttf",),
            "italic": ("liberationserif-italic.ttf",),
            "bold_italic": ("liberationserif-bolditalic.ttf",),
        },
    ),
    (
        "DejaVu Serif",
        {
            "regular": ("dejavuserif.ttf",),
            "bold": ("dejavuserif-bold.ttf",),
            "italic": ("dejavuserif-italic.ttf",),
            "bold_italic": ("dejavuserif-bolditalic.ttf",),
        },
    ),
)


def _vietnamese_letters() -> str:
    """Every Vietnamese letter with every tone mark, both cases, plus Đ/đ."""
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    letters |= {ch.upper() for ch in letters}
    return "".join(sorted(letters)) + "Đđ"


# The brief's probe string, plus the whole alphabet: a font missing one toned letter prints a box.
VIETNAMESE_PROBE = "ẠẢÃÀÁÂẦẤẬẨẪĂẰẮẶẲẴĐđƠỜỚỢỞỠƯỪỨỰỬỮệởữ" + _vietnamese_letters()


class FontMissing(DeskError):
    """No installed or shipped font can print Vietnamese."""


@dataclass(frozen=True)
class SerifFamily:
    """Registered reportlab font names of one serif family and where the files came from."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    files: tuple[Path, ...]


_lock = threading.Lock()
_cache: dict[tuple[str, ...], SerifFamily] = {}


def bundled_font_dir() -> Path:
    """resources/fonts of the app (Liberation Serif, OFL)."""
    return Path(__file__).resolve().parent.parent / "resources" / "fonts"


def system_font_dirs() -> list[Path]:
    """The usual font folders of Windows, macOS and Linux, per-user ones included."""
    home = Path.home()
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [
            home / "Library" / "Fonts",
            Path("/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/System/Library/Fonts"),
        ]
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        if xdg:
            dirs.append(Path(xdg) / "fonts")
        dirs += [
            home / ".local" / "share" / "fonts",
            home / ".fonts",
            Path("/usr/local/share/fonts"),
            Path("/usr/share/fonts"),
        ]
    return dirs


def search_dirs() -> list[Path]:
    """Where fonts are looked for: only DESK_FONT_DIR when set, else the system folders then the bundled one."""
    forced = os.environ.get(ENV_FONT_DIR, "").strip()
    if forced:
        return [Path(forced)]
    return [*system_font_dirs(), bundled_font_dir()]


def _index(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-case file name → first path found, walking each folder (the first folder wins)."""
    found: dict[str, Path] = {}
    for root in dirs:
        if not root.is_dir():
            continue
        for folder, _subdirs, files in os.walk(root):
            for name in files:
                if name.lower().endswith(".ttf"):
                    found.setdefault(name.lower(), Path(folder) / name)
    return found


def covers_vietnamese(font: TTFont) -> bool:
    """True when the font's cmap maps every letter of the Vietnamese alphabet."""
    cmap = font.face.charToGlyph
    return all(ord(ch) in cmap for ch in VIETNAMESE_PROBE)


def _load_family(family: str, paths: dict[str, Path]) -> SerifFamily | None:
    """Parse and check the four faces; register them under names unique to these files."""
    tag = hashlib.sha1("|".join(str(paths[f]) for f in _FACES).encode()).hexdigest()[:8]
    base = "DeskSerif-" + tag
    names = {
        "regular": base,
        "bold": base + "-Bold",
        "italic": base + "-Italic",
        "bold_italic": base + "-BoldItalic",
    }
    fonts: dict[str, TTFont] = {}
    for face in _FACES:
        try:
            font = TTFont(names[face], str(paths[face]))
        except Exception:  # a broken or unsupported file (TTFError, OSError, struct errors): try the next family
            return None
        if not covers_vietnamese(font):
            return None
        fonts[face] = font
    for font in fonts.values():
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        base, normal=names["regular"], bold=names["bold"], italic=names["italic"], boldItalic=names["bold_italic"]
    )
    return SerifFamily(family, *(names[f] for f in _FACES), files=tuple(paths[f] for f in _FACES))


def _missing_message(dirs: list[Path]) -> str:
    """The clerk-facing explanation, naming what to install."""
    where = "; ".join(str(d) for d in dirs)
    return (
        "Không tìm thấy phông chữ tiếng Việt để in biểu mẫu (đã tìm Times New Roman, Liberation Serif, "
        f"DejaVu Serif trong: {where}). Hãy cài gói fonts-liberation2 (Linux) hoặc phông Times New Roman, "
        "hoặc cài lại phần mềm để có phông đi kèm."
    )


def serif_family() -> SerifFamily:
    """The registered Vietnamese serif family (cached per search path). Raises FontMissing."""
    dirs = search_dirs()
    key = tuple(str(d) for d in dirs)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        index = _index(dirs)
        for family, faces in _FAMILIES:
            paths: dict[str, Path] = {}
            for face, names in faces.items():
                hit = next((index[n] for n in names if n in index), None)
                if hit is None:
                    break
                paths[face] = hit
            if len(paths) < len(_FACES):
                continue
            loaded = _load_family(family, paths)
            if loaded is not None:
                _cache[key] = loaded
                return loaded
        raise FontMissing(_missing_message(dirs))
