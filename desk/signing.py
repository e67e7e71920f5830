"""Signed bundles (contracts/catalog-format.md, "Signed envelope"): Ed25519 keys, signing, verification.

The publisher (provincial or district IT) signs the exact bytes of a catalog or calendar bundle; a desk that
holds trusted public keys refuses unsigned bundles and bundles signed by an unknown key or with a bad signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desk.errors import InvalidInput

ENVELOPE_FORMAT = "desk-signed/1"


@dataclass(frozen=True)
class TrustedKey:
    """A publisher key a desk trusts: its id, the raw public key (base64) and a name for people."""

    key_id: str
    public_key: str
    name: str = ""

    def verifier(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(self.public_key))


@dataclass(frozen=True)
class Opened:
    """What opening a bundle file gave: the payload bytes, and who signed it (None when unsigned)."""

    payload: bytes
    key_id: str | None
    signer: str | None


def key_id_of(public_raw: bytes) -> str:
    """A short, stable id of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_pem(key: Any, passphrase: str | None) -> bytes:
    """PKCS#8 PEM of a private key (a publisher's Ed25519, the province's X25519 recovery key), encrypted with the
    passphrase when one is given."""
    enc = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)


def write_private_key(path: Path, pem: bytes) -> None:
    """Write a private key readable by its owner only (0600), atomically; never overwrite an existing key."""
    if path.exists():
        raise InvalidInput(f"Tệp khóa {path} đã có: không ghi đè khóa bí mật. Chọn tên tệp khác.")
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load_private_key(path: Path, passphrase: str | None) -> Ed25519PrivateKey:
    """Read a publisher's private key file; wrong passphrase or a file that is no Ed25519 key are refused."""
    return load_private_pem(path, passphrase, Ed25519PrivateKey, "khóa Ed25519")


def load_private_pem(path: Path, passphrase: str | None, kind: type, what: str) -> Any:
    """Read a PEM private key file of the given class; a wrong passphrase, a file that is no private key or a key of
    another kind (``what``: its name for the message) are refused in Vietnamese."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp khóa {path}: {exc.strerror}.") from None
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode("utf-8") if passphrase else None)
    except TypeError:
        raise InvalidInput(f"Khóa {path} được mã hóa: cần nhập cụm mật khẩu (passphrase).") from None
    except ValueError:
        raise InvalidInput(f"Không mở được khóa {path}: sai cụm mật khẩu hoặc tệp không phải khóa riêng.") from None
    if not isinstance(key, kind):
        raise InvalidInput(f"Khóa {path} không phải {what}.")
    return key


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The line a desk is given to trust a publisher: ``ed25519:<key id>:<base64 raw public key>``."""
    raw = public_raw(key)
    return f"ed25519:{key_id_of(raw)}:{base64.b64encode(raw).decode()}"


def parse_public_key(text: str, name: str = "") -> TrustedKey:
    """Read a public key line (``ed25519:ID:BASE64`` or bare base64); its id is checked against the key."""
    parts = text.strip().split(":")
    b64 = parts[-1]
    try:
        raw = base64.b64decode(b64, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            f"Khóa công khai «{text.strip()[:60]}»: không phải khóa Ed25519 hợp lệ (base64, 32 byte)."
        ) from None
    kid = key_id_of(raw)
    if len(parts) == 3 and (parts[0] != "ed25519" or parts[1] != kid):
        raise InvalidInput(f"Khóa công khai: mã khóa «{parts[1]}» không khớp với khóa (đúng là {kid}).")
    return TrustedKey(kid, base64.b64encode(raw).decode(), name)


def sign(payload: bytes, key: Ed25519PrivateKey) -> bytes:
    """The signed envelope of a bundle's exact bytes, as JSON bytes."""
    envelope = {
        "format": ENVELOPE_FORMAT,
        "key_id": key_id_of(public_raw(key)),
        "alg": "ed25519",
        "payload": base64.b64encode(payload).decode(),
        "signature": base64.b64encode(key.sign(payload)).decode(),
    }
    return (json.dumps(envelope, indent=1) + "\n").encode()


def is_envelope(data: bytes) -> bool:
    """Whether these bytes look like a signed envelope (a JSON object whose format is desk-signed/…)."""
    head = data[:200].lstrip()
    return head.startswith(b"{") and b'"desk-signed/' in data[:4096]


def open_bundle(data: bytes, trusted: list[TrustedKey], what: str = "bộ dữ liệu") -> Opened:
    """The payload of a bundle file, verified against the trusted keys.

    With no trusted key (demo, tests) an unsigned bundle is accepted; with keys, it is refused.
    """
    if not is_envelope(data):
        if trusted:
            raise InvalidInput(
                f"Tệp {what} chưa được ký số: bàn tiếp nhận này chỉ nhận {what} do đơn vị phát hành ký "
                "(desk-publish sign). Danh mục đang dùng giữ nguyên."
            )
        return Opened(data, None, None)
    try:
        env: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"Tệp {what} đã ký bị hỏng hoặc không trọn vẹn (không đọc được JSON: {exc}).") from None
    if not isinstance(env, dict) or env.get("format") != ENVELOPE_FORMAT:
        raise InvalidInput(f'Tệp {what}: định dạng phong bì ký số phải là "{ENVELOPE_FORMAT}".')
    if env.get("alg") != "ed25519":
        raise InvalidInput(f"Tệp {what}: thuật toán ký «{env.get('alg')}» không được hỗ trợ (chỉ ed25519).")
    try:
        payload = base64.b64decode(env["payload"], validate=True)
        signature = base64.b64decode(env["signature"], validate=True)
    except (KeyError, TypeError, binascii.Error):
        raise InvalidInput(f"Tệp {what}: thiếu hoặc hỏng phần nội dung/chữ ký (base64).") from None
    kid = env.get("key_id")
    by_id = {k.key_id: k for k in trusted}
    if not trusted:
        return Opened(payload, kid, None)
    key = by_id.get(kid)
    if key is None:
        raise InvalidInput(
            f"Tệp {what} được ký bằng khóa «{kid}» không nằm trong danh sách khóa tin cậy của bàn này. "
            "Danh mục đang dùng giữ nguyên; liên hệ đơn vị phát hành."
        )
    try:
        key.verifier().verify(signature, payload)
    except InvalidSignature:
        raise InvalidInput(
            f"Chữ ký số của tệp {what} không hợp lệ (nội dung đã bị thay đổi sau khi ký, hoặc tệp bị hỏng). "
            "Không nhập tệp này."
        ) from None
    return Opened(payload, kid, key.name or kid)
