"""The province's recovery copy of a desk's data key: the key sealed for the province's recovery public key, so the
province (and nobody else) can open the store or a backup of a dead PC.

Sealing: an ephemeral X25519 key agrees a secret with the recipient's public key; HKDF-SHA256 turns it into an
AES-256-GCM key that seals the data key, with the recipient's fingerprint and the key's id as associated data.
The province's key pair is made by ``desk-publish recovery-keygen``; the public half is given to desks at install
(``RECOVERY_KEY=…``, ``desk init --recovery-key``) and the private half opens with ``desk-publish recover``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desk import signing
from desk.errors import InvalidInput

FORMAT = "desk-recovery/1"
_INFO = b"desk-recovery/1 data key"


def fingerprint(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def public_text(key: X25519PrivateKey | X25519PublicKey) -> str:
    """The line a desk is given: ``x25519:<fingerprint>:<base64 raw public key>``."""
    pub = key.public_key() if isinstance(key, X25519PrivateKey) else key
    raw = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return f"x25519:{fingerprint(raw)}:{base64.b64encode(raw).decode()}"


def parse_public(text: str) -> X25519PublicKey:
    """A recovery public key line, its fingerprint checked; refused in Vietnamese when it is not one."""
    parts = (text or "").strip().split(":")
    try:
        raw = base64.b64decode(parts[-1], validate=True)
        key = X25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            "Khóa khôi phục của tỉnh: không phải khóa X25519 hợp lệ (dạng x25519:MÃ:BASE64, do desk-publish "
            "recovery-keygen tạo).",
            field="recovery_key",
        ) from None
    if len(parts) == 3 and (parts[0] != "x25519" or parts[1] != fingerprint(raw)):
        raise InvalidInput(f"Khóa khôi phục: mã khóa «{parts[1]}» không khớp với khóa.", field="recovery_key")
    return key


def generate() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def private_pem(key: X25519PrivateKey, passphrase: str | None) -> bytes:
    return signing.private_pem(key, passphrase)


def load_private(path: Path, passphrase: str | None) -> X25519PrivateKey:
    return signing.load_private_pem(path, passphrase, X25519PrivateKey, "khóa khôi phục X25519")


def _aead_key(shared: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO).derive(shared)


def seal(data_key: bytes, key_id: str, recipient: X25519PublicKey) -> dict[str, Any]:
    """The data key sealed for the province's recovery key (a JSON-able envelope)."""
    raw = recipient.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ephemeral = X25519PrivateKey.generate()
    eph_raw = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    nonce = os.urandom(12)
    aad = f"{FORMAT}|{fingerprint(raw)}|{key_id}".encode()
    sealed = AESGCM(_aead_key(ephemeral.exchange(recipient), eph_raw + raw)).encrypt(nonce, data_key, aad)
    b64 = base64.b64encode
    return {"format": FORMAT, "recipient": fingerprint(raw), "key_id": key_id, "ephemeral": b64(eph_raw).decode(),
            "nonce": b64(nonce).decode(), "sealed": b64(sealed).decode()}  # fmt: skip


def open_sealed(envelope: dict[str, Any], private: X25519PrivateKey) -> bytes:
    """The data key from an envelope, with the province's private recovery key; refused when it is not theirs."""
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if envelope.get("format") != FORMAT:
        raise InvalidInput("Bản khóa khôi phục không đúng định dạng desk-recovery/1.")
    if envelope.get("recipient") != fingerprint(raw):
        raise InvalidInput(
            f"Bản khóa khôi phục này dành cho khóa {envelope.get('recipient')}, không phải khóa {fingerprint(raw)}."
        )
    try:
        eph_raw = base64.b64decode(envelope["ephemeral"])
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph_raw))
        aad = f"{FORMAT}|{fingerprint(raw)}|{envelope['key_id']}".encode()
        return AESGCM(_aead_key(shared, eph_raw + raw)).decrypt(
            base64.b64decode(envelope["nonce"]), base64.b64decode(envelope["sealed"]), aad
        )
    except (KeyError, ValueError, binascii.Error, InvalidTag):
        raise InvalidInput("Bản khóa khôi phục bị hỏng hoặc bị sửa: không mở được.") from None
