"""Render every form of the sample dossiers to PDF, then to PNG at 100 dpi (pdftoppm), to look at them.

Usage: python tools/render_forms.py [OUT_DIR]   (default out/forms/)
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from printing import FORM_SETS, build_form, build_ledger, build_receipt, write_atomic  # noqa: E402
from printing.samples import SAMPLE_DESK, form_extras, ledger_entries, long_dossier, sample_dossier  # noqa: E402


def jobs() -> list[tuple[str, Callable[[], bytes]]]:
    """(file stem, builder) for every form of both sets, the A4 receipt, the long dossier and the ledger."""
    dossier, long_one, extras = sample_dossier(), long_dossier(), form_extras()
    out: list[tuple[str, Callable[[], bytes]]] = []
    for set_key, fset in FORM_SETS.items():
        for form, spec in fset.forms.items():
            stem = f"{set_key}-{spec.number}-{form}"
            if form == "ledger":
                out.append(
                    (
                        stem,
                        lambda s=set_key: build_ledger(
                            ledger_entries(60),
                            SAMPLE_DESK,
                            date_from=dt.date(2026, 2, 1),
                            date_to=dt.date(2026, 2, 28),
                            form_set=s,
                        ),
                    )
                )
            else:
                out.append(
                    (stem, lambda f=form, s=set_key: build_form(f, dossier, SAMPLE_DESK, form_set=s, **extras[f]))
                )
        out.append(
            (
                f"{set_key}-01-receipt-two-on-a4",
                lambda s=set_key: build_receipt(dossier, SAMPLE_DESK, form_set=s, two_on_a4=True),
            )
        )
    out.append(("long-01-receipt", lambda: build_receipt(long_one, SAMPLE_DESK)))
    out.append(("long-01-receipt-two-on-a4", lambda: build_receipt(long_one, SAMPLE_DESK, two_on_a4=True)))
    for form in ("supplement", "refusal", "control"):
        extra = dict(form_extras()[form])
        if form == "supplement":
            extra["missing"] = long_one["documents"][:12]
        out.append((f"long-{form}", lambda f=form, e=extra: build_form(f, long_one, SAMPLE_DESK, **e)))
    return out


def _pngs(out: Path, stem: str) -> list[Path]:
    """The page images pdftoppm made for `stem` (stem-1.png, stem-01.png …), not those of a longer stem."""
    return [p for p in out.glob(f"{stem}-*.png") if p.stem[len(stem) + 1 :].isdigit()]


def main(argv: list[str] | None = None) -> int:
    """Write the PDFs and PNGs; print one line per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "out" / "forms"))
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    for stem, build in jobs():
        pdf = out / f"{stem}.pdf"
        write_atomic(pdf, build())
        for old in _pngs(out, stem):
            old.unlink()
        pngs = ""
        if pdftoppm:
            subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", str(pdf), str(out / stem)], check=True)
            pngs = f"  → {len(_pngs(out, stem))} PNG"
        print(f"{pdf}{pngs}")
    if not pdftoppm:
        print("pdftoppm không có (cài poppler-utils): chỉ tạo PDF.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
