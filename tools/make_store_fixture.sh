#!/usr/bin/env bash
# Write tests/data/store-schema<N>.sqlite3: a real store of the current release, kept so that every later
# schema upgrade is tested against a file that users really have. Run once per released schema version.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DESK_DATA_DIR=$tmp DESK_ACTOR="Lê Thị Hoa"
D=.venv/bin/desk
$D init --agency-code 000.00.12.H62 --agency-name "Trung tâm Phục vụ hành chính công xã Tân Phú" \
  --parent-name "UBND XÃ TÂN PHÚ" --place "Tân Phú" >/dev/null
$D receive --procedure 2.000815 --name "Nguyễn Văn Đức" --id-number 001090012345 --phone 0912345678 \
  --at 2026-02-13T10:00:00+07:00 >/dev/null
$D receive --procedure 1.001022 --name "Trần Thị Bích" --address "Thôn 3, xã Tân Phú" --sets 2 \
  --at 2026-02-13T10:05:00+07:00 >/dev/null
version=$(.venv/bin/python -c "import desk.store as s; print(s.SCHEMA_VERSION)")
.venv/bin/python - "$tmp/desk.sqlite3" "tests/data/store-schema$version.sqlite3" <<'PY'
import sqlite3, sys
src = sqlite3.connect(sys.argv[1]); dst = sqlite3.connect(sys.argv[2])
src.backup(dst); dst.execute("PRAGMA journal_mode = DELETE"); dst.execute("VACUUM"); dst.close()
PY
echo "tests/data/store-schema$version.sqlite3"
