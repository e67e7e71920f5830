"""``desk selfcheck``: the installed app proves it works — a store in a temp dir, a dossier received, its receipt
printed to PDF — without touching the clerk's data. Installers and CI run it on the frozen app."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from desk import __version__


def run_selfcheck() -> dict[str, Any]:
    """Run the check; raises on any failure, returns what was seen."""
    import printing
    from desk.service import Desk, ReceiveRequest, init_desk

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="desk-selfcheck-") as tmp:
        base = Path(tmp)
        init_desk(base, agency_code="000.00.00.T00", agency_name="Tự kiểm tra", parent_name="UBND XÃ THỬ").close()
        desk = Desk.open(base)
        try:
            d = desk.receive(
                ReceiveRequest(procedure="2.000815", name="Nguyễn Văn Đức", id_number="001090012345"),
                actor="Tự kiểm tra",
            )
            pdf = printing.render(desk.printable("receipt", d["code"]))
            out = base / "receipt.pdf"
            printing.write_atomic(out, pdf)
            if not out.read_bytes().startswith(b"%PDF") or len(pdf) < 2000:
                raise RuntimeError("giấy tiếp nhận in ra không phải PDF hợp lệ")
            family = printing.serif_family()
            font = f"{family.family} ({family.files[0]})"
        finally:
            desk.close()
    return {
        "version": __version__,
        "python": sys.version.split()[0],
        "frozen": bool(getattr(sys, "frozen", False)),
        "code": d["code"],
        "receipt_bytes": len(pdf),
        "font": font,
        "seconds": round(time.perf_counter() - started, 2),
        "result": "OK",
    }
