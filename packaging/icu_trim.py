#!/usr/bin/env python3
"""Trim the ICU data library that PySide6's Qt Core links (``libicudata.so.NN``, 32 MB) to what the desk reads.

Qt Core on Linux links ICU for collation, case mapping of some locales and non-UTF text codecs; the desk speaks
Vietnamese (and English), reads and writes UTF-8 only, and ships its own fonts. Its ICU data therefore keeps the
locale-independent items and the data of the root, Vietnamese and English locales, and drops: the other locales'
data (every tree: names of languages, regions, currencies, units, zones, collation, spell-out rules), the charset
converters (``*.cnv``; the UTF converters are algorithmic and need only the alias table, kept), transliteration,
and the dictionaries of scripts written without spaces (Thai, Lao, Khmer, Burmese, CJK). A locale that is not there
falls back to root, as ICU does for any locale it lacks.

The data is ICU's common-data package ("CmnD": a header, a table of contents, the items); the trimmed package is
written the same way and assembled into a shared library with the same soname and data symbol (``.incbin``).

    python packaging/icu_trim.py dist/desk/_internal/PySide6/Qt/lib/libicudata.so.73     # in place
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LOCALES = re.compile(r"^(vi|vi_.*|en|en_US|en_001|en_150|en_GB)$")
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$")  # fr, zh_Hant_TW (not root, pool, res_index, metadata)
NOT_LOCALES = {"res_index"}  # the list of a tree's locales: named like one
DROP_TREES = {"translit"}
DROP_SUFFIXES = (".cnv", ".dict")


def keep(name: str) -> bool:
    """Whether an item (``icudt73l/coll/vi.res``) stays."""
    parts = name.split("/")[1:]
    if not parts or name.endswith(DROP_SUFFIXES) or (len(parts) > 1 and parts[0] in DROP_TREES):
        return False
    stem = parts[-1].rsplit(".", 1)[0]
    if parts[-1].endswith(".res") and LOCALE_NAME.match(stem) and stem not in NOT_LOCALES:
        return bool(KEEP_LOCALES.match(stem))
    return True


def data_symbol(lib: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the library's ``icudtNN_dat`` symbol."""
    out = subprocess.run(["nm", "-D", "-S", str(lib)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and re.fullmatch(r"icudt\d+_dat", fields[3]):
            vma, size = int(fields[0], 16), int(fields[1], 16)
            return fields[3], _file_offset(lib, vma), size
    raise SystemExit(f"{lib}: no icudtNN_dat symbol")


def _file_offset(lib: Path, vma: int) -> int:
    out = subprocess.run(["objdump", "-h", str(lib)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 6 and f[0].isdigit():
            sec_vma, size, off = int(f[3], 16), int(f[2], 16), int(f[5], 16)
            if sec_vma <= vma < sec_vma + size:
                return off + (vma - sec_vma)
    raise SystemExit(f"{lib}: address {vma:#x} in no section")


def trim(dat: bytes) -> tuple[bytes, int, int]:
    """The trimmed package, and (items kept, items dropped)."""
    header_size = struct.unpack_from("<H", dat, 0)[0]
    if dat[2:4] != b"\xda\x27" or dat[12:16] != b"CmnD":
        raise SystemExit("not an ICU common-data package (CmnD)")
    toc = header_size
    count = struct.unpack_from("<I", dat, toc)[0]
    entries = [struct.unpack_from("<II", dat, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_off, data_off) in enumerate(entries):
        end = dat.index(b"\0", toc + name_off)
        name = dat[toc + name_off : end].decode("ascii")
        stop = entries[i + 1][1] if i + 1 < count else len(dat) - toc
        items.append((name, dat[toc + data_off : toc + stop]))
    kept = [(n, d) for n, d in items if keep(n)]
    names_blob = b"".join(n.encode("ascii") + b"\0" for n, _ in kept)
    table_size = 4 + 8 * len(kept)
    names_start = table_size
    data_start = (names_start + len(names_blob) + 15) // 16 * 16
    table, body, name_pos, data_pos = [], b"", names_start, data_start
    for n, d in kept:
        table.append(struct.pack("<II", name_pos, data_pos))
        name_pos += len(n) + 1
        padded = d + b"\0" * (-len(d) % 16)
        body += padded
        data_pos += len(padded)
    out = (dat[:header_size] + struct.pack("<I", len(kept)) + b"".join(table) + names_blob
           + b"\0" * (data_start - names_start - len(names_blob)) + body)  # fmt: skip
    return out, len(kept), len(items) - len(kept)


def build(lib: Path) -> dict:
    symbol, offset, size = data_symbol(lib)
    raw = lib.read_bytes()
    trimmed, kept, dropped = trim(raw[offset : offset + size])
    soname = lib.name
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "data.dat").write_bytes(trimmed)
        (t / "data.S").write_text(
            f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n{symbol}:\n"
            f'.incbin "{t / "data.dat"}"\n.size {symbol}, {len(trimmed)}\n.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        out = t / soname
        subprocess.run(["gcc", "-shared", "-nostdlib", "-Wl,-soname," + soname, "-o", str(out), str(t / "data.S")],
                       check=True)  # fmt: skip
        subprocess.run(["strip", "--strip-unneeded", str(out)], check=True)
        before = lib.stat().st_size
        lib.write_bytes(out.read_bytes())
    return {"library": str(lib), "items_kept": kept, "items_dropped": dropped, "bytes_before": before,
            "bytes_after": lib.stat().st_size}  # fmt: skip


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        r = build(Path(arg))
        print(
            f"icu_trim: {r['library']}: {r['items_kept']} items kept, {r['items_dropped']} dropped, "
            f"{r['bytes_before'] / 1e6:.1f} MB → {r['bytes_after'] / 1e6:.1f} MB"
        )
