"""Machine-wide configuration written by the installer (MSI properties, or a file on Linux), read at first start.

Windows: ``%ProgramData%\\MotCuaDesk\\desk.json``, and the values the MSI writes from its properties to
``HKLM\\Software\\MotCuaDesk`` (the file wins where both set a key); Linux: ``/etc/motcua-desk/desk.json``;
``DESK_MACHINE_CONFIG`` names another file (and then the registry is not read). Keys (all optional):
``server_url``, ``agency_code``, ``agency_name``, ``parent_name``, ``place``, ``desk_slot``, ``trusted_keys`` (list of
``ed25519:…`` lines or one such line), ``ca_bundle``, ``form_set``, ``recovery_key`` (``x25519:…``), ``backup_dir``. The user's own data dir is never here: it stays per user (platformdirs).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk.errors import InvalidInput

REGISTRY_KEY = r"Software\MotCuaDesk"
# Value under HKLM\Software\MotCuaDesk (the MSI writes them from SERVER_URL, AGENCY_CODE, …) → key of desk.json.
REGISTRY_VALUES = {
    "ServerUrl": "server_url",
    "AgencyCode": "agency_code",
    "AgencyName": "agency_name",
    "ParentName": "parent_name",
    "Place": "place",
    "DeskSlot": "desk_slot",
    "TrustedKey": "trusted_keys",
    "CaBundle": "ca_bundle",
    "RecoveryKey": "recovery_key",
    "BackupDir": "backup_dir",
    "FormSet": "form_set",
}


def read_registry_config() -> dict[str, Any]:
    """Windows: what the installer wrote to HKLM\\Software\\MotCuaDesk (64-bit view); {} elsewhere or when absent.
    Empty values (a property not given at install) count as absent."""
    if sys.platform != "win32":
        return {}
    import winreg

    try:
        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, REGISTRY_KEY, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
    except OSError:
        return {}
    found: dict[str, Any] = {}
    with key:
        for name, config_key in REGISTRY_VALUES.items():
            try:
                value, _kind = winreg.QueryValueEx(key, name)
            except OSError:
                continue
            if isinstance(value, int) or (isinstance(value, str) and value.strip()):
                found[config_key] = value.strip() if isinstance(value, str) else value
    return found


def machine_config_path() -> Path:
    """Where the installer puts the machine-wide configuration on this system."""
    env = os.environ.get("DESK_MACHINE_CONFIG")
    if env:
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "MotCuaDesk" / "desk.json"
    return Path("/etc/motcua-desk/desk.json")


@dataclass
class MachineConfig:
    """What district IT set for this PC when installing."""

    server_url: str | None = None
    agency_code: str | None = None
    agency_name: str | None = None
    parent_name: str | None = None
    place: str | None = None
    desk_slot: int | None = None
    trusted_keys: list[str] = field(default_factory=list)
    ca_bundle: str | None = None
    recovery_key: str | None = None  # the province's recovery public key (x25519:…): a sealed copy of the data key
    backup_dir: str | None = None  # where automatic backups go (desk/autobackup.py), e.g. a second disk
    form_set: str | None = None
    source: str | None = None

    def init_defaults(self) -> dict[str, Any]:
        """Values for the set-up wizard or ``desk init`` where the person gave none."""
        return {k: v for k, v in (("agency_code", self.agency_code), ("agency_name", self.agency_name),
                                  ("parent_name", self.parent_name), ("place", self.place),
                                  ("desk_slot", self.desk_slot)) if v}  # fmt: skip


def load_machine_config(path: Path | None = None) -> MachineConfig:
    """Read the machine-wide configuration; absent means none; a broken file is refused with where and why.
    On Windows the installer's registry values fill what the file does not set (not when a file is named)."""
    named = path is not None or bool(os.environ.get("DESK_MACHINE_CONFIG"))
    path = path or machine_config_path()
    registry = {} if named else read_registry_config()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        raise InvalidInput(f"Không đọc được cấu hình máy {path}: {exc.strerror}.") from None
    if raw is None and not registry:
        return MachineConfig()
    try:
        data = json.loads(raw.decode("utf-8-sig")) if raw and raw.strip() else {}
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(
            f"Cấu hình máy {path} không phải JSON hợp lệ ({exc}). Sửa tệp hoặc cài lại với tham số đúng."
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(f"Cấu hình máy {path}: phải là một đối tượng JSON.")
    data = {**registry, **data}
    where = str(path) if raw is not None else f"HKLM\\{REGISTRY_KEY}"
    keys = data.get("trusted_keys") or []
    if isinstance(keys, str):
        keys = [k for k in keys.replace(",", "\n").split() if k]
    slot = data.get("desk_slot")
    try:
        slot = int(slot) if slot not in (None, "") else None
    except (TypeError, ValueError):
        raise InvalidInput(f"Cấu hình máy {where}: desk_slot «{slot}» phải là số từ 1 đến 9.") from None

    def text(key: str) -> str | None:
        value = data.get(key)
        return str(value).strip() or None if value is not None else None

    return MachineConfig(
        server_url=text("server_url"),
        agency_code=text("agency_code"),
        agency_name=text("agency_name"),
        parent_name=text("parent_name"),
        place=text("place"),
        desk_slot=slot,
        trusted_keys=list(keys),
        ca_bundle=text("ca_bundle"),
        recovery_key=text("recovery_key"),
        backup_dir=text("backup_dir"),
        form_set=text("form_set"),
        source=where,
    )
