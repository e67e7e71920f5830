"""Clerk accounts of one desk: password sign-in with scrypt (memory-hard, Python's standard library).

Accounts stay on the PC: the password hash never enters the event log (which is synced); only the fact that an
account was added or changed does.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import os
import re

from desk import db, journal, roles, timeutil
from desk.errors import Forbidden, InvalidInput, Problem
from desk.roles import ROLES, Clerk
from desk.store import Store
from desk.text import clean

log = logging.getLogger("desk")

# scrypt cost: 2^15 × 8 × 128 B = 32 MiB of memory and ~0.1 s per attempt on a counter PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
LOCK_AFTER = 5  # wrong passwords in a row
LOCK_FOR = dt.timedelta(minutes=5)


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


def check_new(username: str, full_name: str, password: str, role: str) -> list[Problem]:
    """What is wrong with a new account's values (empty when acceptable), each with its field."""
    problems = []
    if not _USERNAME.match(username):
        problems.append(Problem("username",
            f"Tên đăng nhập «{username}»: 2–32 ký tự, chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch nối."))  # fmt: skip
    if not full_name:
        problems.append(Problem("full_name", "Họ và tên cán bộ: chưa nhập (tên này in dưới «NGƯỜI TIẾP NHẬN HỒ SƠ»)."))
    problems += [Problem("password", m) for m in password_problems(password)]
    if role not in ROLES:
        problems.append(Problem("role", f"Vai trò «{role}»: phải là lead (phụ trách), clerk (tiếp nhận) hoặc viewer "
                                        "(lãnh đạo, chỉ xem)."))  # fmt: skip
    return problems


def password_problems(password: str) -> list[str]:
    """What is wrong with a new password (empty when acceptable)."""
    if len(password) < 8:
        return ["Mật khẩu: cần ít nhất 8 ký tự."]
    if password.strip() != password:
        return ["Mật khẩu: không bắt đầu hay kết thúc bằng dấu cách."]
    return []


def add_clerk(store: Store, *, username: str, full_name: str, password: str, role: str = "clerk",
              actor: str, by: Clerk | None = None, must_change: bool = False) -> Clerk:  # fmt: skip
    """Create an account. The first account may be made by set-up; later ones only by a lead clerk.

    ``must_change``: the clerk chooses a new password at the first sign-in (a demo or a handed-out password).
    """
    username = clean(username).lower()
    full_name = clean(full_name)
    problems = check_new(username, full_name, password, role)
    existing = store.conn.execute("SELECT count(*) FROM clerks").fetchone()[0]
    if existing and (by is None or not by.is_lead):
        problems.append(Problem("clerk", "Chỉ cán bộ phụ trách (lead) mới thêm được tài khoản mới."))
    if not existing and role != "lead":
        problems.append(Problem("role", "Tài khoản đầu tiên phải là cán bộ phụ trách (lead): người đó thêm các "
                                        "tài khoản khác."))  # fmt: skip
    if store.conn.execute("SELECT 1 FROM clerks WHERE username = ?", (username,)).fetchone():
        problems.append(Problem("username", f"Tên đăng nhập «{username}» đã có."))
    if problems:
        raise InvalidInput.of(problems, "Không tạo được tài khoản")
    hashed = hash_password(password)
    with roles.acting(store, by), store.write() as conn:
        # Recorded first: the check sees the accounts before this one (the first account is set-up's to make).
        journal.record(store, conn, kind="clerk_added", payload={"username": username, "full_name": full_name,
                                                              "role": role}, actor=actor)  # fmt: skip
        conn.execute(
            "INSERT INTO clerks (username, full_name, role, password_hash, active, created_at, must_change)"
            " VALUES (?, ?, ?, ?, 1, ?, ?)",
            (username, full_name, role, hashed, timeutil.iso(timeutil.now()), int(must_change)),
        )
    return Clerk(username, full_name, role, True, must_change)


def actor_name(conn: db.Connection, given: str) -> str:
    """Who acts, as events record it and forms print it: a clerk account's username stands for that clerk's full
    name (the name under «NGƯỜI TIẾP NHẬN HỒ SƠ»); anything else is a name, kept as given."""
    row = conn.execute(
        "SELECT full_name FROM clerks WHERE username = ? AND active = 1", (clean(given).lower(),)
    ).fetchone()
    return row[0] if row else given


_COLUMNS = "username, full_name, role, password_hash, active, must_change, failed_signins, locked_until"


def authenticate(store: Store, username: str, password: str, *, now: dt.datetime | None = None) -> Clerk:
    """The clerk whose credentials these are; one Vietnamese refusal for any mismatch.

    Five wrong passwords in a row lock the account for five minutes (logged); a right one resets the count.
    """
    now = timeutil.to_vn(now) if now else timeutil.now()
    name = clean(username).lower()
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM clerks WHERE username = ?", (name,)).fetchone()
    if row is not None and row[7] and timeutil.parse_instant(row[7]) > now:
        until = timeutil.parse_instant(row[7])
        raise InvalidInput(
            f"Tài khoản {name} đang tạm khóa đến {until:%H:%M} vì nhập sai mật khẩu {LOCK_AFTER} lần liền. "
            "Đợi rồi thử lại, hoặc nhờ cán bộ phụ trách đặt lại mật khẩu.",
            field="password",
        )
    if row is None or not row[4] or not check_password(password, row[3]):
        if row is None:
            check_password(password, hash_password("timing-equaliser"))
        elif row[4]:
            _count_failure(store, name, row[6] + 1, now)
        raise InvalidInput("Sai tên đăng nhập hoặc mật khẩu.", field="password")
    if row[6] or row[7]:
        with store.write() as conn:
            conn.execute("UPDATE clerks SET failed_signins = 0, locked_until = NULL WHERE username = ?", (name,))
    return Clerk(row[0], row[1], row[2], bool(row[4]), bool(row[5]), verified=True)


def _count_failure(store: Store, username: str, failures: int, now: dt.datetime) -> None:
    locked = failures >= LOCK_AFTER
    with store.write() as conn:
        conn.execute(
            "UPDATE clerks SET failed_signins = ?, locked_until = ? WHERE username = ?",
            (0 if locked else failures, timeutil.iso(now + LOCK_FOR) if locked else None, username),
        )
    if locked:
        log.warning("account %s locked until %s after %d wrong passwords", username,
                    timeutil.iso(now + LOCK_FOR), LOCK_AFTER)  # fmt: skip


def change_password(store: Store, clerk: Clerk, old: str, new: str) -> Clerk:
    """A clerk changes their own password (and no longer has to)."""
    authenticate(store, clerk.username, old)
    problems = [Problem("new_password", m) for m in password_problems(new)]
    if new == old:
        problems.append(Problem("new_password", "Mật khẩu mới phải khác mật khẩu cũ."))
    if problems:
        raise InvalidInput.of(problems, "Chưa đổi được mật khẩu")
    with store.write() as conn:
        conn.execute("UPDATE clerks SET password_hash = ?, must_change = 0 WHERE username = ?",
                     (hash_password(new), clerk.username))  # fmt: skip
        journal.record(store, conn, kind="clerk_password_changed", payload={"username": clerk.username},
                       actor=clerk.full_name)  # fmt: skip
    return Clerk(clerk.username, clerk.full_name, clerk.role, clerk.active, False, verified=clerk.verified)


def reset_password(store: Store, lead: Clerk | None, username: str, new: str) -> Clerk:
    """A lead clerk gives another account a new password, which its owner must change at the next sign-in; the lock
    is lifted."""
    lead = require_lead(store, lead, "đặt lại mật khẩu của cán bộ khác")
    name = clean(username).lower()
    row = store.conn.execute("SELECT username, full_name, role, active FROM clerks WHERE username = ?",
                             (name,)).fetchone()  # fmt: skip
    problems = [Problem("new_password", m) for m in password_problems(new)]
    if row is None:
        problems.insert(0, Problem("username", f"Không có tài khoản «{name}»."))
    if problems:
        raise InvalidInput.of(problems, "Chưa đặt lại được mật khẩu")
    with store.write() as conn:
        conn.execute("UPDATE clerks SET password_hash = ?, must_change = 1, failed_signins = 0, locked_until = NULL"
                     " WHERE username = ?", (hash_password(new), name))  # fmt: skip
        journal.record(store, conn, kind="clerk_password_changed",
                       payload={"username": name, "reset_by": lead.username if lead else None},
                       actor=lead.full_name if lead else "cài đặt")  # fmt: skip
    return Clerk(row[0], row[1], row[2], bool(row[3]), True)


def require_lead(store: Store, clerk: Clerk | None, what: str = "duyệt danh mục thủ tục") -> Clerk | None:
    """The clerk as the store knows them now, refused unless an active lead; None when the desk has no accounts yet."""
    if not store.conn.execute("SELECT 1 FROM clerks LIMIT 1").fetchone():
        return None
    clerk = clerk or store.principal
    row = None
    if clerk is not None:
        row = store.conn.execute(
            "SELECT username, full_name, role, active FROM clerks WHERE username = ?", (clerk.username,)
        ).fetchone()
    if row is None or not row[3] or row[2] != "lead":
        who = f"Tài khoản {clerk.username}" if clerk else "Người thực hiện"
        raise Forbidden(f"{who} không phải cán bộ phụ trách: chỉ cán bộ phụ trách mới {what}.", field="clerk")
    return Clerk(row[0], row[1], row[2], bool(row[3]), verified=bool(clerk and clerk.verified))


def find(conn: db.Connection, username: str) -> Clerk | None:
    """An account by its user name (None when there is none)."""
    row = conn.execute("SELECT username, full_name, role, active, must_change FROM clerks WHERE username = ?",
                       (clean(username).lower(),)).fetchone()  # fmt: skip
    return Clerk(row[0], row[1], row[2], bool(row[3]), bool(row[4])) if row else None


def clerks(conn: db.Connection) -> list[Clerk]:
    """Every account, leads first."""
    rows = conn.execute("SELECT username, full_name, role, active, must_change FROM clerks"
                        " ORDER BY role != 'lead', role, username")  # fmt: skip
    return [Clerk(u, f, r, bool(a), bool(m)) for u, f, r, a, m in rows]
