"""Clerk accounts of one desk: password sign-in with scrypt (memory-hard, Python's standard library).

Accounts stay on the PC: the password hash never enters the event log (which is synced); only the fact that an
account was added or changed does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import sqlite3
from dataclasses import dataclass

from desk import journal, timeutil
from desk.errors import InvalidInput
from desk.store import Store
from desk.text import clean

ROLES = {"lead": "Trưởng bộ phận / cán bộ phụ trách", "clerk": "Cán bộ tiếp nhận"}
# scrypt cost: 2^15 × 8 × 128 B = 32 MiB of memory and ~0.1 s per attempt on a counter PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


@dataclass(frozen=True)
class Clerk:
    """A signed-in (or listed) clerk."""

    username: str
    full_name: str
    role: str
    active: bool = True

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A self-describing scrypt hash: ``scrypt$N$r$p$salt$hash`` (base64)."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=128 * 1024 * 1024, dklen=32)  # fmt: skip
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash made by ``hash_password`` (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=128 * 1024 * 1024, dklen=len(want))  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def _check_new(username: str, full_name: str, password: str, role: str) -> list[str]:
    errors = []
    if not _USERNAME.match(username):
        errors.append(
            f"Tên đăng nhập «{username}»: 2–32 ký tự, chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch nối."
        )
    if not full_name:
        errors.append("Họ và tên cán bộ: chưa nhập (tên này in dưới «NGƯỜI TIẾP NHẬN HỒ SƠ»).")
    errors += password_problems(password)
    if role not in ROLES:
        errors.append(f"Vai trò «{role}»: phải là lead (phụ trách) hoặc clerk (cán bộ tiếp nhận).")
    return errors


def password_problems(password: str) -> list[str]:
    """What is wrong with a new password (empty when acceptable)."""
    if len(password) < 8:
        return ["Mật khẩu: cần ít nhất 8 ký tự."]
    if password.strip() != password:
        return ["Mật khẩu: không bắt đầu hay kết thúc bằng dấu cách."]
    return []


def add_clerk(store: Store, *, username: str, full_name: str, password: str, role: str = "clerk",
              actor: str, by: Clerk | None = None) -> Clerk:  # fmt: skip
    """Create an account. The first account may be made by set-up; later ones only by a lead clerk."""
    username = clean(username).lower()
    full_name = clean(full_name)
    errors = _check_new(username, full_name, password, role)
    existing = store.conn.execute("SELECT count(*) FROM clerks").fetchone()[0]
    if existing and (by is None or not by.is_lead):
        errors.append("Chỉ cán bộ phụ trách (lead) mới thêm được tài khoản mới.")
    if store.conn.execute("SELECT 1 FROM clerks WHERE username = ?", (username,)).fetchone():
        errors.append(f"Tên đăng nhập «{username}» đã có.")
    if errors:
        raise InvalidInput(errors[0] if len(errors) == 1 else f"Không tạo được tài khoản ({len(errors)} lỗi):",
                           field="username", errors=errors)  # fmt: skip
    hashed = hash_password(password)
    with store.write() as conn:
        conn.execute(
            "INSERT INTO clerks (username, full_name, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, 1, ?)",
            (username, full_name, role, hashed, timeutil.iso(timeutil.now())),
        )
        journal.record(store, conn, kind="clerk_added", payload={"username": username, "full_name": full_name,
                                                              "role": role}, actor=actor)  # fmt: skip
    return Clerk(username, full_name, role)


def actor_name(conn: sqlite3.Connection, given: str) -> str:
    """Who acts, as events record it and forms print it: a clerk account's username stands for that clerk's full
    name (the name under «NGƯỜI TIẾP NHẬN HỒ SƠ»); anything else is a name, kept as given."""
    row = conn.execute(
        "SELECT full_name FROM clerks WHERE username = ? AND active = 1", (clean(given).lower(),)
    ).fetchone()
    return row[0] if row else given


def authenticate(store: Store, username: str, password: str) -> Clerk:
    """The clerk whose credentials these are; one Vietnamese refusal for any mismatch."""
    row = store.conn.execute(
        "SELECT username, full_name, role, password_hash, active FROM clerks WHERE username = ?",
        (clean(username).lower(),),
    ).fetchone()
    if row is None or not row[4] or not check_password(password, row[3]):
        if row is None:
            check_password(password, hash_password("timing-equaliser"))
        raise InvalidInput("Sai tên đăng nhập hoặc mật khẩu.", field="password")
    return Clerk(row[0], row[1], row[2])


def change_password(store: Store, clerk: Clerk, old: str, new: str) -> None:
    """A clerk changes their own password."""
    authenticate(store, clerk.username, old)
    problems = password_problems(new)
    if problems:
        raise InvalidInput(problems[0], field="password")
    with store.write() as conn:
        conn.execute("UPDATE clerks SET password_hash = ? WHERE username = ?", (hash_password(new), clerk.username))
        journal.record(store, conn, kind="clerk_password_changed", payload={"username": clerk.username},
                           actor=clerk.full_name)  # fmt: skip


def require_lead(store: Store, clerk: Clerk | None, what: str = "duyệt danh mục thủ tục") -> Clerk | None:
    """The clerk as the store knows them now, refused unless an active lead; None when the desk has no accounts yet."""
    if not store.conn.execute("SELECT 1 FROM clerks LIMIT 1").fetchone():
        return None
    row = None
    if clerk is not None:
        row = store.conn.execute(
            "SELECT username, full_name, role, active FROM clerks WHERE username = ?", (clerk.username,)
        ).fetchone()
    if row is None or not row[3] or row[2] != "lead":
        who = f"Tài khoản {clerk.username}" if clerk else "Người thực hiện"
        raise InvalidInput(f"{who} không phải cán bộ phụ trách: chỉ cán bộ phụ trách mới {what}.", field="clerk")
    return Clerk(row[0], row[1], row[2], bool(row[3]))


def clerks(conn: sqlite3.Connection) -> list[Clerk]:
    """Every account, leads first."""
    rows = conn.execute("SELECT username, full_name, role, active FROM clerks ORDER BY role = 'clerk', username")
    return [Clerk(u, f, r, bool(a)) for u, f, r, a in rows]
