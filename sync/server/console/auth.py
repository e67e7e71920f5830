"""The console's accounts: roles, passwords (scrypt, desk/accounts.py's hash), TOTP for admins (RFC 6238, written
here: HMAC-SHA1, 30-second steps, six digits, one step of drift either way, each code accepted once), sessions kept
as the SHA-256 of a random cookie token with their form token (CSRF), and the personal-data access log.

Sign-in is bounded three ways: per client address and per user name by in-memory throttles (sync/server/limits.py,
as enrolment is), and per account by five wrong answers in a row locking it for fifteen minutes (kept in the
database, so a restart does not reset it).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
import struct
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import delete, select, update

from desk import timeutil
from desk.accounts import check_password, hash_password, password_problems
from desk.errors import InvalidInput
from sync.server import storage as s
from sync.server.common import Forbidden, Refusal, Throttled, Unauthorized, iso_ms
from sync.server.limits import Throttle
from sync.server.storage import Storage

ROLES = {
    "admin": "Quản trị tỉnh",
    "lead": "Lãnh đạo cơ quan",
    "viewer": "Theo dõi (chỉ xem)",
    "officer": "Cán bộ đơn vị xử lý",
}
ISSUER = "MotCuaDesk"
TOTP_STEP = 30
TOTP_DIGITS = 6
LOCK_AFTER = 5
LOCK_FOR = dt.timedelta(minutes=15)
SESSION_IDLE = dt.timedelta(minutes=30)
SESSION_MAX = dt.timedelta(hours=10)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


# -- TOTP (RFC 6238 over RFC 4226) -------------------------------------------------------------------------------


def new_totp_secret() -> str:
    """A random 160-bit secret in base32 (what authenticator apps take)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def _secret_bytes(secret: str) -> bytes:
    text = secret.strip().replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def hotp(key: bytes, counter: int, digits: int = TOTP_DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: the one-time password of ``counter``."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    code = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def totp(key: bytes, at: float, *, digits: int = TOTP_DIGITS, step: int = TOTP_STEP, digest: str = "sha1") -> str:
    """RFC 6238: the code for Unix time ``at``."""
    return hotp(key, int(at // step), digits, digest)


def totp_step(secret: str, code: str, at: float, *, after: int | None = None) -> int | None:
    """The time step a code belongs to (this one, or one step before or after), None when it is wrong or was used
    already (a step not after ``after``)."""
    code = (code or "").strip().replace(" ", "")
    if not re.fullmatch(r"[0-9]{6}", code):
        return None
    key = _secret_bytes(secret)
    now = int(at // TOTP_STEP)
    for step in (now, now - 1, now + 1):
        if hmac.compare_digest(hotp(key, step), code) and (after is None or step > after):
            return step
    return None


def provisioning_uri(username: str, secret: str) -> str:
    """otpauth:// URI for an authenticator app (as a QR code or typed)."""
    label = quote(f"{ISSUER}:{username}")
    return (
        f"otpauth://totp/{label}?secret={secret}&issuer={ISSUER}&algorithm=SHA1&digits={TOTP_DIGITS}&period={TOTP_STEP}"
    )


# -- accounts -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    """A signed-in console user."""

    id: int
    username: str
    full_name: str
    role: str
    agency_code: str | None
    unit: str | None

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def sees_agency(self, code: str) -> bool:
        return self.is_admin or (self.role in ("lead", "viewer") and self.agency_code == code)

    @property
    def sees_personal_data(self) -> bool:
        """Admins and agency leads read applicants' details (every view logged); viewers see them masked."""
        return self.role in ("admin", "lead")


def _user(row: Any) -> User:
    return User(row["id"], row["username"], row["full_name"], row["role"], row["agency_code"], row["unit"])


class Accounts:
    """Console accounts, sessions and the access log over the server's database."""

    def __init__(self, storage: Storage, clock=None, *, per_address: int = 10, per_user: int = 5,
                 window_s: float = 600.0, lockout_s: float = 900.0):  # fmt: skip
        self.storage = storage
        self.clock = clock or (lambda: dt.datetime.now(timeutil.VN_TZ))
        self.by_address = Throttle(per_address, per_address / window_s, lockout_s=lockout_s)
        self.by_user = Throttle(per_user, per_user / window_s, lockout_s=lockout_s)

    def now(self) -> dt.datetime:
        return timeutil.to_vn(self.clock())

    # -- creating -------------------------------------------------------------------------------------------------

    def add(self, username: str, full_name: str, password: str, role: str, *, agency_code: str | None = None,
            unit: str | None = None) -> dict[str, Any]:  # fmt: skip
        """A new account; an admin's answer carries its TOTP secret and URI (shown once)."""
        username = (username or "").strip().lower()
        full_name = unicodedata.normalize("NFC", " ".join((full_name or "").split()))
        problems = []
        if not USERNAME.match(username):
            problems.append("Tên đăng nhập: 2–32 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang; bắt đầu bằng chữ/số.")
        if not full_name or len(full_name) > 200:
            problems.append("Họ và tên: bắt buộc, tối đa 200 ký tự.")
        if role not in ROLES:
            problems.append(f"Vai trò: một trong {', '.join(ROLES)}.")
        problems += [f"Mật khẩu: {p}" for p in password_problems(password)]
        if role in ("lead", "viewer") and not agency_code:
            problems.append("Lãnh đạo hoặc người theo dõi cần mã cơ quan (--agency).")
        if role == "officer" and not unit:
            problems.append("Cán bộ đơn vị xử lý cần mã máy của đơn vị (--unit, xem «desk-server devices»).")
        if problems:
            raise InvalidInput(problems[0] if len(problems) == 1 else "Tài khoản chưa hợp lệ:", errors=problems)
        secret = new_totp_secret() if role == "admin" else None
        with self.storage.write() as conn:
            if conn.execute(select(s.console_users.c.id).where(s.console_users.c.username == username)).first():
                raise InvalidInput(f"Tên đăng nhập «{username}» đã có.")
            if unit is not None:
                row = conn.execute(select(s.devices).where(s.devices.c.id == unit)).mappings().first()
                if row is None or row["kind"] != "processor":
                    raise InvalidInput(f"Không có đơn vị xử lý mang mã máy {unit} («desk-server devices»).")
                agency_code = row["agency_code"]
            conn.execute(
                s.console_users.insert().values(
                    username=username, full_name=full_name, role=role, agency_code=agency_code,
                    unit=unit if role == "officer" else None, password_hash=hash_password(password),
                    totp_secret=secret, failed=0, created_at=iso_ms(self.now()),
                )
            )  # fmt: skip
        out: dict[str, Any] = {"username": username, "full_name": full_name, "role": role, "agency_code": agency_code}
        if secret:
            out |= {"totp_secret": secret, "totp_uri": provisioning_uri(username, secret)}
        return out

    def reset_totp(self, username: str) -> dict[str, Any]:
        secret = new_totp_secret()
        with self.storage.write() as conn:
            row = conn.execute(select(s.console_users).where(s.console_users.c.username == username)).mappings().first()
            if row is None or row["role"] != "admin":
                raise InvalidInput(f"Không có quản trị viên «{username}».")
            conn.execute(
                update(s.console_users)
                .where(s.console_users.c.id == row["id"])
                .values(totp_secret=secret, last_totp_step=None)
            )
            conn.execute(delete(s.console_sessions).where(s.console_sessions.c.user_id == row["id"]))
        return {"username": username, "totp_secret": secret, "totp_uri": provisioning_uri(username, secret)}

    def disable(self, username: str) -> None:
        with self.storage.write() as conn:
            row = conn.execute(select(s.console_users.c.id).where(s.console_users.c.username == username)).first()
            if row is None:
                raise InvalidInput(f"Không có tài khoản «{username}».")
            conn.execute(
                update(s.console_users).where(s.console_users.c.id == row[0]).values(disabled_at=iso_ms(self.now()))
            )
            conn.execute(delete(s.console_sessions).where(s.console_sessions.c.user_id == row[0]))

    def users(self) -> list[dict[str, Any]]:
        with self.storage.read() as conn:
            q = select(
                s.console_users.c.username, s.console_users.c.full_name, s.console_users.c.role,
                s.console_users.c.agency_code, s.console_users.c.unit, s.console_users.c.created_at,
                s.console_users.c.disabled_at, s.console_users.c.locked_until,
            ).order_by(s.console_users.c.role, s.console_users.c.username)  # fmt: skip
            return [dict(r) for r in conn.execute(q).mappings()]

    # -- signing in -----------------------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str, code: str, *, address: str) -> tuple[User, str, str]:
        """(the user, the session's cookie token, its CSRF token); refused with a reason that names no account."""
        username = (username or "").strip().lower()[:64]
        key = hashlib.sha256(username.encode()).hexdigest()[:32]
        wait = max(self.by_address.wait(address), self.by_user.wait(key))
        if wait > 0:
            raise Throttled(
                f"Đăng nhập sai quá nhiều lần: tạm khóa. Thử lại sau {int(wait // 60) + 1} phút, hoặc liên hệ quản "
                "trị viên tỉnh.",
                wait,
            )
        now = self.now()
        wrong = "Sai tên đăng nhập, mật khẩu hoặc mã xác thực. Kiểm tra lại (mã xác thực đổi mỗi 30 giây)."
        with self.storage.write() as conn:
            row = conn.execute(select(s.console_users).where(s.console_users.c.username == username)).mappings().first()
            if row is None or row["disabled_at"] is not None:
                check_password(password or "", _DUMMY_HASH)  # the same cost whether the account exists or not
                self._failed(address, key)
                raise Unauthorized(wrong)
            if row["locked_until"] and timeutil.parse_instant(row["locked_until"]) > now:
                raise Throttled(
                    "Tài khoản tạm khóa sau nhiều lần đăng nhập sai. Thử lại sau 15 phút, hoặc nhờ quản trị viên tỉnh "
                    "kiểm tra.",
                    (timeutil.parse_instant(row["locked_until"]) - now).total_seconds(),
                )
            ok = check_password(password or "", row["password_hash"])
            step = None
            if ok and row["role"] == "admin":
                step = totp_step(row["totp_secret"] or "", code, now.timestamp(), after=row["last_totp_step"])
                ok = step is not None
            if not ok:
                failed = (row["failed"] or 0) + 1
                values: dict[str, Any] = {"failed": failed}
                if failed >= LOCK_AFTER:
                    values |= {"failed": 0, "locked_until": iso_ms(now + LOCK_FOR)}
                conn.execute(update(s.console_users).where(s.console_users.c.id == row["id"]).values(**values))
                self._failed(address, key)
                raise Unauthorized(wrong)
            conn.execute(
                update(s.console_users)
                .where(s.console_users.c.id == row["id"])
                .values(failed=0, locked_until=None, last_totp_step=step if step is not None else row["last_totp_step"])
            )
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
            conn.execute(
                s.console_sessions.insert().values(
                    token_hash=_hash(token), user_id=row["id"], csrf=csrf, created_at=iso_ms(now),
                    expires_at=iso_ms(now + SESSION_MAX), last_seen_at=iso_ms(now),
                )
            )  # fmt: skip
            # sessions past their time are forgotten as new ones are made
            conn.execute(delete(s.console_sessions).where(s.console_sessions.c.expires_at < iso_ms(now)))
        return _user(row), token, csrf

    def _failed(self, address: str, key: str) -> None:
        self.by_address.take(address)
        self.by_user.take(key)

    def session(self, token: str | None) -> tuple[User, str] | None:
        """(the user, the session's CSRF token) of a cookie token, or None when it is unknown, idle or expired."""
        if not token or len(token) > 100:
            return None
        now = self.now()
        with self.storage.read() as conn:
            row = (
                conn.execute(
                    select(s.console_sessions, s.console_users)
                    .join(s.console_users, s.console_users.c.id == s.console_sessions.c.user_id)
                    .where(s.console_sessions.c.token_hash == _hash(token))
                )
                .mappings()
                .first()
            )
        if row is None or row["disabled_at"] is not None:
            return None
        if timeutil.parse_instant(row["expires_at"]) < now:
            return None
        if timeutil.parse_instant(row["last_seen_at"]) + SESSION_IDLE < now:
            return None
        if (now - timeutil.parse_instant(row["last_seen_at"])).total_seconds() > 60:
            with self.storage.write() as conn:
                conn.execute(
                    update(s.console_sessions)
                    .where(s.console_sessions.c.token_hash == _hash(token))
                    .values(last_seen_at=iso_ms(now))
                )
        user = User(row["user_id"], row["username"], row["full_name"], row["role"], row["agency_code"], row["unit"])
        return user, row["csrf"]

    def sign_out(self, token: str | None) -> None:
        if token:
            with self.storage.write() as conn:
                conn.execute(delete(s.console_sessions).where(s.console_sessions.c.token_hash == _hash(token)))

    # -- the access log -------------------------------------------------------------------------------------------

    def log(self, user: User, action: str, target: str | None = None, detail: str | None = None, *,
            address: str | None = None) -> None:  # fmt: skip
        """Record a view of personal data, a search or an export (who, when, what)."""
        with self.storage.write() as conn:
            conn.execute(
                s.access_log.insert().values(
                    at=iso_ms(self.now()), user_id=user.id, username=user.username, action=action,
                    target=(target or "")[:200] or None, detail=(detail or "")[:1000] or None,
                    address=(address or "")[:64] or None,
                )
            )  # fmt: skip

    def access_log(self, *, limit: int = 200, before: int | None = None) -> list[dict[str, Any]]:
        with self.storage.read() as conn:
            q = select(s.access_log).order_by(s.access_log.c.id.desc()).limit(limit)
            if before is not None:
                q = q.where(s.access_log.c.id < before)
            return [dict(r) for r in conn.execute(q).mappings()]


def require(user: User, *roles: str) -> None:
    """Refuse a user whose role is not one of ``roles``."""
    if user.role not in roles:
        names = ", ".join(ROLES[r].lower() for r in roles)
        raise Forbidden(
            f"Trang hoặc thao tác này dành cho {names}; tài khoản «{user.username}» là {user.role_label.lower()}."
        )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


__all__ = ["ROLES", "Accounts", "Refusal", "User", "hotp", "provisioning_uri", "require", "totp", "totp_step"]
