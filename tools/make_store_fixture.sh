#!/usr/bin/env bash
# Write tests/data/store-schema<N>/: a real store of the current release, kept so that every later schema upgrade is
# tested against a file that users really have. Run once per released schema version (from a checkout of that
# release: `git worktree add /tmp/rel vX; PYTHONPATH=/tmp/rel tools/make_store_fixture.sh`).
# Since schema 7 a store is encrypted: the folder holds the store, its key sidecar (desk-key.json) and the key file
# (<key id>.key) that the tests put in their own key folder. A throwaway key: the fixture holds no real data.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
code=$(cd "${1:-$root}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DESK_DATA_DIR=$tmp/data DESK_ACTOR="Lê Thị Hoa" DESK_KEYSTORE=file DESK_KEY_DIR=$tmp/keys
export DESK_SLOT_REGISTRY=off DESK_MACHINE_DATA_DIR=$tmp/no-machine DESK_MACHINE_KEY_DIR=$tmp/no-machine-keys
export DESK_MACHINE_CONFIG=$tmp/no-machine-config.json
py=$root/.venv/bin/python
cd "$code"  # its desk package is the one imported (the working directory comes first on sys.path)
D=("$py" -m desk)
"${D[@]}" init --agency-code 000.00.12.H62 --agency-name "Trung tâm Phục vụ hành chính công xã Tân Phú" \
  --parent-name "UBND XÃ TÂN PHÚ" --place "Tân Phú" >/dev/null
"${D[@]}" receive --procedure 2.000815 --name "Nguyễn Văn Đức" --id-number 001090012345 --phone 0912345678 \
  --at 2026-02-13T10:00:00+07:00 >/dev/null
"${D[@]}" receive --procedure 1.001022 --name "Trần Thị Bích" --address "Thôn 3, xã Tân Phú" --sets 2 \
  --at 2026-02-13T10:05:00+07:00 >/dev/null
version=$("$py" -c "import desk.store as s; print(s.SCHEMA_VERSION)")
out=$root/tests/data/store-schema$version
rm -rf "$out"
mkdir -p "$out"
"$py" - "$DESK_DATA_DIR/desk.sqlite3" "$out/desk.sqlite3" <<'PY'
import sys
from pathlib import Path
from desk import db, keys
src = Path(sys.argv[1])
conn = db.connect(src, keys.load_key(src.parent))
conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
conn.execute("PRAGMA journal_mode = DELETE")
conn.close()
Path(sys.argv[2]).write_bytes(src.read_bytes())
PY
cp "$DESK_DATA_DIR/desk-key.json" "$out/"
cp "$DESK_KEY_DIR"/*.key "$out/"
ls "$out"
