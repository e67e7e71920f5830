"""Backup files of a desk (desk/store.py ``Store.backup`` makes them): one zip holding the encrypted database and a
manifest (schema, desk, and the key's id with the province's recovery copy — never the key)."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

from desk import keys, paths
from desk.errors import InvalidInput
from desk.store import BACKUP_FORMAT, BACKUP_MANIFEST, BACKUP_STORE


def read_manifest(backup: Path) -> dict[str, Any]:
    """What a backup file says of itself; refused in Vietnamese when it is not a desk backup."""
    try:
        with zipfile.ZipFile(backup) as zf:
            manifest = json.loads(zf.read(BACKUP_MANIFEST))
            zf.getinfo(BACKUP_STORE)
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp sao lưu {backup}.", field="backup") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput(
            f"Tệp {backup} không phải bản sao lưu của phần mềm (desk backup), hoặc bị hỏng.", field="backup"
        ) from None
    if manifest.get("format") != BACKUP_FORMAT:
        raise InvalidInput(
            f"Tệp {backup}: định dạng sao lưu «{manifest.get('format')}» không đọc được.", field="backup"
        )
    return manifest


def unpack(backup: Path, data_dir: Path) -> dict[str, Any]:
    """Put a backup's database and key sidecar into a data dir that holds no store; returns the manifest."""
    manifest = read_manifest(backup)
    store = paths.store_path(data_dir)
    if store.exists():
        raise InvalidInput(f"Thư mục {data_dir} đã có dữ liệu bàn tiếp nhận.", field="data_dir")
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = store.with_name(f".{store.name}.restoring")
    with zipfile.ZipFile(backup) as zf, zf.open(BACKUP_STORE) as src, open(part, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    os.chmod(part, 0o600)
    if manifest.get("key"):
        k = manifest["key"]
        keys.write_info(data_dir, keys.KeyInfo(k["key_id"], k.get("recovery")))
    os.replace(part, store)
    return manifest
