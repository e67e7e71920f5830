"""Write resources/catalog/template-danh-muc.xlsx: the spreadsheet IT staff fill to build a catalog bundle.

It is filled with the shipped sample catalog, so it is also a worked example (and a round-trip test input).
Run: .venv/bin/python tools/make_catalog_template.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desk.xlsx_bundle import catalog_to_xlsx  # noqa: E402


def main() -> None:
    sample = json.loads((ROOT / "resources" / "catalog" / "sample-catalog.json").read_text(encoding="utf-8"))
    out = ROOT / "resources" / "catalog" / "template-danh-muc.xlsx"
    out.write_bytes(catalog_to_xlsx(sample))
    print(out)


if __name__ == "__main__":
    main()
