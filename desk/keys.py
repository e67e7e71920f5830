"""The data key of a desk's encrypted store: random, held by the operating system for the account that runs the
desk, never written beside the data.

- Where it is kept: Windows' Credential Manager (DPAPI) or Linux's Secret Service through ``keyring`` when the
  system has one; otherwise a key file readable only by that account, outside the data dir (the user's
  configuration folder, or ``DESK_KEY_DIR``). ``DESK_KEYSTORE=file|keyring`` chooses.
- Beside the store, ``desk-key.json`` says which key opens it (an id, never the key) and holds the province's
  recovery copy of the key (desk/recovery.py), when the desk was given the province's recovery public key.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from desk import paths
from desk.errors import StoreError
from desk.fileio import write_atomic

SIDECAR = "desk-key.json"
_ACCOUNT_STORES = ("file", "keyring")  # the stores of one OS account (FileKeys, SystemKeys); the machine's is not
SERVICE = "MotCuaDesk"
FORMAT = "desk-key/1"


class KeyMissing(StoreError):
    """The store is encrypted and this account does not hold its key."""


@dataclass(frozen=True)
class KeyInfo:
    """What the sidecar says: which key opens the store, and the province's sealed copy of it (or None)."""

    key_id: str
    recovery: dict[str, Any] | None = None
    # Which of this account's stores holds the key ("file" or "keyring"; None: not said, found by asking): a desk
    # whose key is in a file then opens without loading ``keyring`` and asking the system for its backends, a
    # tenth of a second of every start on a PC that has none.
    keystore: str | None = None

    def as_json(self) -> dict[str, Any]:
        doc = {"format": FORMAT, "key_id": self.key_id, "recovery": self.recovery}
        return doc | ({"keystore": self.keystore} if self.keystore else {})


def key_dir() -> Path:
    """Where key files are kept when the system keeps none: outside every data dir, owner-only."""
    env = os.environ.get("DESK_KEY_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_config_dir(SERVICE, appauthor=False)) / "keys"


class FileKeys:
    """Key files, one per key id, readable only by this account (0600 in a 0700 folder)."""

    name = "file"

    def _path(self, key_id: str) -> Path:
        return key_dir() / f"{key_id}.key"

    def get(self, key_id: str) -> bytes | None:
        try:
            return bytes.fromhex(self._path(key_id).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None

    def put(self, key_id: str, key: bytes) -> None:
        folder = key_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        write_atomic(self._path(key_id), (key.hex() + "\n").encode("ascii"), mode=0o600)

    def delete(self, key_id: str) -> None:
        self._path(key_id).unlink(missing_ok=True)


class SystemKeys:
    """The operating system's key store, through ``keyring`` (Credential Manager, Secret Service)."""

    name = "keyring"

    def __init__(self, backend: Any):
        self.backend = backend

    def get(self, key_id: str) -> bytes | None:
        value = self.backend.get_password(SERVICE, key_id)
        return bytes.fromhex(value) if value else None

    def put(self, key_id: str, key: bytes) -> None:
        self.backend.set_password(SERVICE, key_id, key.hex())

    def delete(self, key_id: str) -> None:
        with contextlib.suppress(Exception):
            self.backend.delete_password(SERVICE, key_id)


def _system_backend() -> Any | None:
    """keyring's backend when it is a real system store (not a plaintext file, not the «fail» backend)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    name = type(backend).__module__ + "." + type(backend).__name__
    if isinstance(backend, fail.Keyring) or "plaintext" in name.lower() or "null" in name.lower():
        return None
    try:
        if getattr(backend, "priority", 1) <= 0:
            return None
    except Exception:
        return None
    return backend


def machine_key_dir() -> Path:
    """Where the machine's key files are (Linux): readable by the desk's group, outside every data dir."""
    env = os.environ.get("DESK_MACHINE_KEY_DIR")
    return Path(env).expanduser().resolve() if env else paths.LINUX_MACHINE_KEY_DIR


class MachineKeys:
    """Keys bound to the PC, not to one OS account, for a shared data dir (desk/paths.py): any account of the desk's
    group opens the store. Windows: DPAPI with the local-machine flag (through pywin32), the protected blobs in the
    machine data dir's ``keys`` folder (its ACL: the MSI's group); Linux: key files in ``/etc/motcua-desk/keys``
    (group ``motcua``, 0660 in a 2770 folder, made by the machine set-up)."""

    name = "machine"

    def __init__(self) -> None:
        self.windows = sys.platform == "win32"
        self.folder = (paths.machine_data_dir() / "keys") if self.windows else machine_key_dir()

    def _path(self, key_id: str) -> Path:
        return self.folder / f"{key_id}.{'dpapi' if self.windows else 'key'}"

    def get(self, key_id: str) -> bytes | None:
        try:
            data = self._path(key_id).read_bytes()
        except OSError:
            return None
        if self.windows:
            import win32crypt  # type: ignore[import-not-found]  # pywin32, Windows only

            try:
                return win32crypt.CryptUnprotectData(data, None, None, None, 0)[1]
            except Exception:
                return None
        try:
            return bytes.fromhex(data.decode("ascii").strip())
        except ValueError:
            return None

    def put(self, key_id: str, key: bytes) -> None:
        if not self.folder.is_dir():
            try:
                paths.make_dir(self.folder)
            except OSError:
                raise StoreError(
                    f"Chưa có thư mục khóa của máy {self.folder}: chạy bước cài đặt dùng chung cho máy "
                    "(packaging/linux/install-machine-dir.sh, với quyền root) rồi thử lại."
                ) from None
        if self.windows:
            import win32crypt  # type: ignore[import-not-found]

            blob = win32crypt.CryptProtectData(key, "MotCuaDesk", None, None, None, 0x4)  # CRYPTPROTECT_LOCAL_MACHINE
            write_atomic(self._path(key_id), blob)
        else:
            target = self._path(key_id)
            write_atomic(target, (key.hex() + "\n").encode("ascii"), mode=paths.file_mode(target))

    def delete(self, key_id: str) -> None:
        self._path(key_id).unlink(missing_ok=True)


def keystore(data_dir: Path | None = None, kept: str | None = None) -> FileKeys | SystemKeys | MachineKeys:
    """The key store of a data dir: the machine's for a shared one; else this account's: the one its sidecar names
    (``kept``: a key file is then read without asking the system anything), or ``DESK_KEYSTORE``'s, otherwise the
    system's when it has one."""
    if data_dir is not None and paths.shared(data_dir):
        return MachineKeys()
    if kept == "file":
        return FileKeys()
    choice = os.environ.get("DESK_KEYSTORE", "")
    if choice != "file":
        backend = _system_backend()
        if backend is not None:
            return SystemKeys(backend)
        if choice == "keyring":
            raise StoreError("DESK_KEYSTORE=keyring nhưng máy này không có kho khóa của hệ điều hành.")
    return FileKeys()


def read_info(data_dir: Path) -> KeyInfo | None:
    """The sidecar of a data dir (None when there is none: a store from before encryption, or no store)."""
    try:
        doc = json.loads((data_dir / SIDECAR).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"Tệp {data_dir / SIDECAR} hỏng ({type(exc).__name__}): không biết khóa nào mở dữ liệu."
        ) from None
    kept = doc.get("keystore")
    return KeyInfo(doc["key_id"], doc.get("recovery"), kept if kept in _ACCOUNT_STORES else None)


def write_info(data_dir: Path, info: KeyInfo) -> None:
    target = data_dir / SIDECAR
    write_atomic(target, (json.dumps(info.as_json(), indent=1) + "\n").encode("utf-8"), mode=paths.file_mode(target))


def new_key(data_dir: Path, recovery_public: str | None = None) -> tuple[bytes, KeyInfo]:
    """A fresh random data key, kept by this account's key store, with its sidecar (and recovery copy) written."""
    key = os.urandom(32)
    store = keystore(data_dir)
    info = KeyInfo(str(uuid.uuid4()), None, store.name if store.name in _ACCOUNT_STORES else None)
    if recovery_public:
        from desk import recovery  # cryptography: loaded only when a key is sealed

        sealed = recovery.seal(key, info.key_id, recovery.parse_public(recovery_public))
        info = KeyInfo(info.key_id, sealed, info.keystore)
    store.put(info.key_id, key)
    write_info(data_dir, info)
    return key, info


def load_key(data_dir: Path) -> bytes | None:
    """The data key of the store in ``data_dir``; None for a store written before encryption (no sidecar).

    Raises KeyMissing when the store is encrypted but this account does not hold its key.
    """
    info = read_info(data_dir)
    if info is None:
        return None
    store = keystore(data_dir, info.keystore)
    key = store.get(info.key_id)
    if key is None and info.keystore is not None:  # not where the sidecar says: where a desk without the note looks
        store = keystore(data_dir)
        key = store.get(info.key_id)
    if key is not None and info.keystore != store.name and store.name in _ACCOUNT_STORES:
        with contextlib.suppress(OSError):  # say where it was found, for the next start (a read-only dir: not)
            write_info(data_dir, KeyInfo(info.key_id, info.recovery, store.name))
    if key is None:
        raise KeyMissing(
            f"Dữ liệu tại {data_dir} được mã hóa, nhưng tài khoản máy tính này không giữ khóa mở (mã khóa "
            f"{info.key_id}). Chạy phần mềm bằng tài khoản đã cài đặt bàn tiếp nhận, hoặc nhờ tỉnh mở bằng khóa "
            "khôi phục (desk-publish recover)."
        )
    return key


def set_recovery(data_dir: Path, key: bytes, recovery_public: str) -> KeyInfo:
    """Seal the data key for the province's recovery public key (given or changed after set-up)."""
    info = read_info(data_dir)
    if info is None:
        raise StoreError("Dữ liệu chưa được mã hóa: không có khóa để gửi cho tỉnh.")
    from desk import recovery

    updated = KeyInfo(
        info.key_id, recovery.seal(key, info.key_id, recovery.parse_public(recovery_public)), info.keystore
    )
    write_info(data_dir, updated)
    return updated
