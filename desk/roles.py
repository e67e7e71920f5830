"""Who may do what at the desk: the roles, their capabilities, and the one check both the CLI and the GUI pass.

The principal is the account acting through an open store (``Store.principal``): the GUI sets the signed-in clerk,
the command line the account named by ``--as-user`` (with its password) or ``--actor``. Every event the desk writes
is checked here by its kind (desk/journal.py calls ``check_event``), and every read of personal data or lead's view
by its capability (``require``). A desk with no account yet (just made by ``desk init`` without one) is being set up:
nothing is refused until its first account exists.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from desk import lifecycle
from desk.errors import Forbidden

if TYPE_CHECKING:
    from desk import db
    from desk.store import Store

T = TypeVar("T")

ROLES = {
    "lead": "Cán bộ phụ trách",
    "clerk": "Cán bộ tiếp nhận",
    "viewer": "Lãnh đạo (chỉ xem)",
}


@dataclass(frozen=True)
class Clerk:
    """A signed-in (or listed) clerk."""

    username: str
    full_name: str
    role: str
    active: bool = True
    must_change: bool = False
    # Signed in with the password (the GUI's sign-in, ``--as-user``), not only named (``--actor``): a lead's own
    # rights (GRANTS beyond a clerk's) need it.
    verified: bool = field(default=False, compare=False)

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


# What each capability is, as a refusal says it («chỉ … mới được <doing>»).
CAPABILITIES: dict[str, str] = {
    "view": "xem hồ sơ",
    "search": "tìm hồ sơ",
    "counter": "tiếp nhận và xử lý hồ sơ",
    "print": "in phiếu",
    "sync": "đồng bộ với máy chủ tỉnh",
    "report": "lập báo cáo và sổ theo dõi",
    "export": "xuất dữ liệu hồ sơ ra tệp",
    "bundles": "nhập danh mục thủ tục và lịch làm việc",
    "catalog": "duyệt danh mục thủ tục và chọn khóa tin cậy",
    "accounts": "quản lý tài khoản",
    "settings": "thay đổi thiết lập của bàn",
    "audit": "xem nhật ký truy cập dữ liệu cá nhân",
    "backup": "sao lưu và khôi phục dữ liệu",
}

GRANTS: dict[str, frozenset[str]] = {
    "lead": frozenset(CAPABILITIES),
    "clerk": frozenset({"view", "search", "counter", "print", "sync"}),
    # The desk's unattended work (sync rounds, enrolment): it exchanges events and imports signed bundles, which
    # wait for a lead's approval like any other.
    "system": frozenset({"sync", "bundles"}),
    # Moving a store's past into another (desk/machine.py): it writes again what people did, as they did it.
    "migration": frozenset({"counter", "print", "sync", "bundles", "report"}),
    # Commune leaders read: dossiers, the ledger and the periodic report; they write nothing.
    "viewer": frozenset({"view", "search", "report"}),
}

# The capability each kind of event needs. A kind missing here is refused: a new kind must say who may write it.
_RECORD_CAPABILITY = {
    "catalog_imported": "bundles",
    "catalog_approved": "catalog",
    "calendar_imported": "bundles",
    "key_trusted": "catalog",
    "key_untrusted": "catalog",
    "intake_supplement_requested": "counter",
    "clerk_added": "accounts",
    "enrolled": "sync",
    "settings_changed": "settings",
    "codes_reserved": "sync",  # written by a restore or a sync round (the desk itself)
}
# Changing one's own password is every account's right (accounts.py checks a reset is a lead's).
_ANYONE = frozenset({"clerk_password_changed"})


SYSTEM = Clerk("system", "Đồng bộ tự động", "system", verified=True)
MIGRATION = Clerk("migration", "Chuyển dữ liệu sang máy", "migration", verified=True)
_INTERNAL = {"system": SYSTEM, "migration": MIGRATION}


@contextlib.contextmanager
def migrating(store: Store) -> Iterator[None]:
    """A store's past written into another (desk/machine.py): acts as ``MIGRATION``."""
    before = store.principal
    store.principal = MIGRATION
    try:
        yield
    finally:
        store.principal = before


@contextlib.contextmanager
def unattended(store: Store) -> Iterator[None]:
    """The desk's own work (a sync round, enrolment): acts as ``SYSTEM`` unless someone signed in runs it."""
    before = store.principal
    store.principal = before or SYSTEM
    try:
        yield
    finally:
        store.principal = before


def capability_of(kind: str, payload: dict[str, Any] | None = None) -> str | None:
    """The capability an event of ``kind`` needs (None: any account)."""
    if kind in _ANYONE:
        return None
    if kind == "printed":  # the ledger and the report are read by the commune's leaders too; the forms are issued
        return "report" if (payload or {}).get("form") in ("ledger", "report") else "print"
    if kind in lifecycle.DOSSIER_KINDS:
        return "counter"
    # A kind this version does not know (tests/test_roles.py checks every known one is listed) is a lead's.
    return _RECORD_CAPABILITY.get(kind, "settings")


def allows(role: str | None, capability: str) -> bool:
    return capability in GRANTS.get(role or "", frozenset())


def _has_accounts(conn: db.Connection) -> bool:
    return conn.execute("SELECT 1 FROM clerks LIMIT 1").fetchone() is not None


def require(store: Store, capability: str, *, conn: db.Connection | None = None) -> Clerk | None:
    """The acting account, refused (Forbidden) unless its role grants ``capability``.

    None when the desk has no account yet (set-up). The role is read again from the store, so an account a lead has
    just disabled or demoted loses its rights at once, even in a window signed in earlier.
    """
    conn = conn or store.conn
    if not _has_accounts(conn):
        return None
    principal = store.principal
    doing = CAPABILITIES[capability]
    if principal is not None and _INTERNAL.get(principal.role) is principal:
        if not allows(principal.role, capability):
            raise Forbidden(f"Việc tự động của bàn ({principal.full_name.lower()}) không được {doing}.", field="clerk")
        return principal
    if principal is None:
        raise Forbidden(
            f"Bàn đã có tài khoản: cần đăng nhập để {doing}. Trên dòng lệnh, thêm --actor TÊN_ĐĂNG_NHẬP (hoặc "
            "--as-user TÊN_ĐĂNG_NHẬP với việc của cán bộ phụ trách).",
            field="clerk",
        )
    row = conn.execute("SELECT role, active FROM clerks WHERE username = ?", (principal.username,)).fetchone()
    if row is None or not row[1]:
        raise Forbidden(f"Tài khoản {principal.username} không còn hoạt động: không được {doing}.", field="clerk")
    if not allows(row[0], capability):
        who = [ROLES[r] for r, caps in GRANTS.items() if capability in caps and r in ROLES]
        raise Forbidden(
            f"Tài khoản {principal.username} ({ROLES.get(row[0], row[0])}) không được {doing}: việc này chỉ dành cho "
            f"{', '.join(w.lower() for w in who)}.",
            field="clerk",
        )
    if capability not in GRANTS["clerk"] and not principal.verified:
        raise Forbidden(
            f"Để {doing} cần mật khẩu của tài khoản {principal.username}: trên dòng lệnh dùng --as-user "
            f"{principal.username} (mật khẩu nhập khi được hỏi, hoặc --password-stdin) thay cho --actor.",
            field="clerk",
        )
    return principal


def check_event(store: Store, conn: db.Connection, kind: str, payload: dict[str, Any]) -> None:
    """Refuse an event the acting account may not write (called by journal.record, inside the transaction)."""
    capability = capability_of(kind, payload)
    if capability is not None:
        require(store, capability, conn=conn)


@contextlib.contextmanager
def acting(store: Store, clerk: Clerk | None) -> Iterator[None]:
    """Act as ``clerk`` for the block: the caller vouches for them (the GUI's signed-in clerk, a lead who gave their
    password on the command line); the store's principal otherwise."""
    if clerk is None:
        yield
        return
    before = store.principal
    store.principal = replace(clerk, verified=True)
    try:
        yield
    finally:
        store.principal = before


def acts_as_by(fn: Callable[..., T]) -> Callable[..., T]:
    """Decorate ``fn(desk, …, by=Clerk | None)``: the block acts as ``by`` (a lead who gave their password)."""

    @functools.wraps(fn)
    def wrapper(desk: Any, *args: Any, by: Clerk | None = None, **kwargs: Any) -> T:
        with acting(desk.store, by):
            return fn(desk, *args, by=by, **kwargs)

    return wrapper
