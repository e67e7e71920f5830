"""Setting up a desk: who it is (agency, slot, names printed on forms), and making its store all or nothing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk import accounts, bundles, journal, keys, letters, machine, paths, recovery, roles, timeutil
from desk.calendar import parse_calendar_bundle
from desk.catalog import parse_catalog_bundle
from desk.errors import InvalidInput, NotFound, Problem
from desk.ids import uuid7
from desk.signing import open_bundle, parse_public_key
from desk.store import Store
from desk.text import clean, nfc

if TYPE_CHECKING:
    from desk.accounts import Clerk
    from desk.service import Desk

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SAMPLE_CATALOG = RESOURCES / "catalog" / "sample-catalog.json"
DEFAULT_CALENDAR = RESOURCES / "calendar" / "calendar-vn-2025-2026.json"

AGENCY_CODE = re.compile(r"^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){2,6}$")

# The legal form sets a province may choose (printing/formsets.py lays each out); Circular 03/2025 by default.
FORM_SETS = {"tt03-2025": "Thông tư 03/2025/TT-VPCP", "tt01-2018": "Thông tư 01/2018/TT-VPCP"}
DEFAULT_FORM_SET = "tt03-2025"
DEFAULT_SIGNER_TITLE = "GIÁM ĐỐC"  # the head of a Trung tâm Phục vụ hành chính công signs as its Giám đốc

# Who signs letters (Decree 30/2020/NĐ-CP): an authority line when someone signs for the head (KT. = ký thay,
# TM. = thay mặt, TL. = thừa lệnh, TUQ. = thừa ủy quyền), then the title, the signature and seal, the full name.
SIGNING_AUTHORITIES = ("KT.", "TM.", "TL.", "TUQ.")


@dataclass
class DeskSettings:
    """Who this desk is: printed on every form (stored in the store's ``meta``)."""

    agency_code: str
    agency_name: str
    desk_slot: int
    parent_name: str | None = None
    place: str | None = None
    form_set: str = DEFAULT_FORM_SET
    signer_authority: str | None = None  # «KT. GIÁM ĐỐC» when a deputy signs letters for the head
    signer_title: str = DEFAULT_SIGNER_TITLE  # «GIÁM ĐỐC», «PHÓ GIÁM ĐỐC»
    signer_name: str | None = None
    contact_official: str | None = None  # whom the Phiếu yêu cầu bổ sung (Mẫu 02) tells the citizen to call
    contact_phone: str | None = None
    letter_no_pattern: str = letters.DEFAULT_PATTERN

    @classmethod
    def from_meta(cls, meta: dict[str, str]) -> DeskSettings:
        return cls(
            agency_code=meta["agency_code"],
            agency_name=meta["agency_name"],
            desk_slot=int(meta["desk_slot"]),
            parent_name=meta.get("parent_name") or None,
            place=meta.get("place") or None,
            form_set=meta.get("form_set") or DEFAULT_FORM_SET,
            signer_authority=meta.get("signer_authority") or None,
            signer_title=meta.get("signer_title") or DEFAULT_SIGNER_TITLE,
            signer_name=meta.get("signer_name") or None,
            contact_official=meta.get("contact_official") or None,
            contact_phone=meta.get("contact_phone") or None,
            letter_no_pattern=meta.get("letter_no_pattern") or letters.DEFAULT_PATTERN,
        )

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# The settings printed on the forms that a lead clerk may change after set-up (``desk settings set``, the GUI's
# settings screen), with what a person calls them. The agency code and the desk slot make the dossier codes: they
# are set once, at ``desk init``.
PRINTED_SETTINGS: dict[str, str] = {
    "agency_name": "Tên cơ quan tiếp nhận",
    "parent_name": "Cơ quan chủ quản",
    "place": "Địa danh",
    "form_set": "Bộ biểu mẫu",
    "signer_authority": "Quyền hạn ký (KT., TM., TL., TUQ.)",
    "signer_title": "Chức vụ người ký văn bản",
    "signer_name": "Họ và tên người ký văn bản",
    "contact_official": "Công chức hướng dẫn (Mẫu 02)",
    "contact_phone": "Số điện thoại hướng dẫn (Mẫu 02)",
    "letter_no_pattern": "Mẫu số văn bản",
}
_PHONE_CHARS = re.compile(r"^[0-9+ .()-]+$")


def check_printed_settings(values: Mapping[str, Any]) -> tuple[dict[str, str | None], list[Problem]]:
    """The printed settings given (only those), cleaned as stored, and what is wrong with them, each by field."""
    out: dict[str, str | None] = {}
    problems: list[Problem] = []
    for key, raw in values.items():
        value = clean(str(raw)) if raw is not None else ""
        label = PRINTED_SETTINGS.get(key)
        if label is None:
            fixed = "mã định danh cơ quan và số hiệu bàn chỉ đặt một lần khi khởi tạo"
            why = fixed if key in ("agency_code", "desk_slot") else f"chọn một trong {', '.join(PRINTED_SETTINGS)}"
            problems.append(Problem(key, f"Không thay đổi được thiết lập «{key}»: {why}."))
            continue
        if len(value) > 200:
            problems.append(Problem(key, f"{label}: tối đa 200 ký tự."))
            continue
        if key == "agency_name" and not value:
            problems.append(Problem(key, "Tên cơ quan tiếp nhận: chưa nhập."))
        elif key == "form_set" and value not in FORM_SETS:
            problems.append(Problem(key, f"Bộ biểu mẫu «{value}»: chọn tt03-2025 (Thông tư 03/2025) hoặc tt01-2018."))
        elif key in ("signer_authority", "signer_title"):
            value = nfc(value).upper()
            if key == "signer_title" and not value:
                value = DEFAULT_SIGNER_TITLE
            if key == "signer_authority" and value and not value.startswith(SIGNING_AUTHORITIES):
                problems.append(Problem(key,
                    f"Quyền hạn ký «{value}»: bắt đầu bằng KT., TM., TL. hoặc TUQ. (Nghị định 30/2020/NĐ-CP), ví dụ "
                    "KT. GIÁM ĐỐC; để trống khi người đứng đầu tự ký."))  # fmt: skip
        elif key == "contact_phone" and value:
            digits = sum(ch.isdigit() for ch in value)
            if not _PHONE_CHARS.match(value) or not 8 <= digits <= 15:
                problems.append(Problem(key,
                    f"Số điện thoại hướng dẫn «{value}»: chỉ gồm chữ số (8–15 số), dấu cách, dấu chấm, ví dụ "
                    "0251 3861 234."))  # fmt: skip
        elif key == "letter_no_pattern":
            value = value or letters.DEFAULT_PATTERN
            problems += letters.pattern_problems(value, key)
        out[key] = value or None
    return out, problems


@roles.acts_as_by
def update_settings(desk: Desk, values: Mapping[str, Any], *, actor: str, by: Clerk | None = None) -> dict[str, Any]:
    """Change printed settings: a lead clerk's act (once the desk has accounts), recorded as an event with what
    changed. Returns the changes ({key: {"from": old, "to": new}}); nothing is written when nothing changes."""
    from desk import accounts

    cleaned, problems = check_printed_settings(values)
    if problems:
        raise InvalidInput.of(problems, "Thiết lập chưa hợp lệ")
    accounts.require_lead(desk.store, by, "thay đổi thiết lập in trên phiếu")
    current = desk.settings.as_dict()
    changes = {k: {"from": current.get(k), "to": v} for k, v in cleaned.items() if current.get(k) != v}
    if not changes:
        return {}
    with desk.store.write() as conn:
        desk.store.set_meta(conn, **{k: c["to"] or "" for k, c in changes.items()})
        journal.record(desk.store, conn, kind="settings_changed", payload={"changes": changes}, actor=actor)
    desk.forget_settings()
    return changes


def validate_settings(agency_code: str, agency_name: str, desk_slot: int) -> list[Problem]:
    """What is wrong with the set-up values, each with its field (empty when all is well)."""
    problems = []
    if not AGENCY_CODE.match(agency_code or ""):
        problems.append(Problem("agency_code",
            f"Mã định danh cơ quan «{agency_code}»: không đúng dạng các nhóm ký tự cách nhau bởi dấu chấm, "
            "ví dụ 000.00.12.H62 (do tỉnh cấp)."))  # fmt: skip
    if not clean(agency_name):
        problems.append(Problem("agency_name", "Tên cơ quan tiếp nhận: chưa nhập."))
    if not 1 <= desk_slot <= 9:
        problems.append(
            Problem("desk_slot", f"Số hiệu bàn tiếp nhận {desk_slot}: phải từ 1 đến 9 (0 dành cho hệ thống của tỉnh).")
        )
    return problems


def read_bundle_file(path: str | Path, what: str) -> bytes:
    """Read a bundle file; a missing or unreadable file is refused in Vietnamese."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"Không tìm thấy tệp {what}: {p}") from None
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp {what} {p}: {exc.strerror}") from None


def init_desk(
    data_dir: Path,
    *,
    agency_code: str,
    agency_name: str,
    desk_slot: int = 1,
    parent_name: str | None = None,
    place: str | None = None,
    catalog: bytes | None = None,
    calendar: bytes | None = None,
    actor: str = "cài đặt",
    trusted_keys: list[str] | None = None,
    server_url: str | None = None,
    form_set: str | None = None,
    first_clerk: dict[str, str] | None = None,
    recovery_key: str | None = None,
    printed: Mapping[str, Any] | None = None,
) -> Desk:
    """Create the store of a new desk with its settings, a catalog and a calendar — all or nothing.

    The catalog and the calendar are verified like any later import: once the desk trusts publisher keys (from the
    machine configuration), an unsigned or foreign-signed bundle is refused and a signed one is accepted.
    ``first_clerk`` (username, full_name, password) makes the lead clerk's account in the same all-or-nothing step:
    a refused account leaves no store behind, so set-up can never end with a desk nobody can sign in to.
    The store is encrypted with a fresh data key that this account's key store keeps (desk/keys.py);
    ``recovery_key`` (the province's recovery public key) gets a sealed copy of it.
    ``printed`` holds the other printed settings (the signer of letters, the contact official, the pattern of
    letter numbers).
    """
    from desk.service import Desk

    target = paths.store_path(data_dir)
    if target.exists():
        raise InvalidInput(f"Thư mục {data_dir} đã có dữ liệu bàn tiếp nhận; không khởi tạo lại để tránh mất dữ liệu.")
    agency_code = clean(agency_code).upper()
    problems = validate_settings(agency_code, agency_name, desk_slot)
    publisher_keys = []
    for line in trusted_keys or []:
        try:
            publisher_keys.append(parse_public_key(line, "cấu hình máy"))
        except InvalidInput as exc:
            problems += exc.problems_for("trusted_keys")
    if recovery_key:
        try:
            recovery.parse_public(recovery_key)
        except InvalidInput as exc:
            problems += exc.problems_for("recovery_key")
    if form_set not in (None, *FORM_SETS):
        problems.append(
            Problem("form_set", f"Bộ biểu mẫu «{form_set}»: chọn tt03-2025 (Thông tư 03/2025) hoặc tt01-2018.")
        )
    extra = {k: v for k, v in (printed or {}).items() if v is not None}
    given = set(extra) - {"signer_authority", "signer_title", "signer_name", "contact_official", "contact_phone",
                          "letter_no_pattern"}  # fmt: skip
    problems += [Problem(k, f"Thiết lập «{k}» không đặt được ở đây.") for k in sorted(given)]
    extra_clean, extra_problems = check_printed_settings({k: v for k, v in extra.items() if k not in given})
    problems += extra_problems
    if not problems:  # one store per desk slot on a PC (desk/machine.py)
        try:
            machine.check_slot(agency_code, desk_slot, data_dir)
        except InvalidInput as exc:
            problems += exc.problems_for("desk_slot")
    # A catalog or calendar given to init is checked like any import; the ones shipped with the program are part of
    # the installed program itself (an unsigned file among its resources, not a file from outside).
    cat = cal = None
    cat_signer = cal_signer = None
    cal_bytes = b""
    try:
        opened = open_bundle(catalog, publisher_keys, "danh mục") if catalog is not None else None
        cat = parse_catalog_bundle(opened.payload if opened else SAMPLE_CATALOG.read_bytes())
        cat_signer = opened.key_id if opened else None
    except InvalidInput as exc:
        problems += exc.problems_for("catalog")
    try:
        opened = open_bundle(calendar, publisher_keys, "lịch làm việc") if calendar is not None else None
        cal_bytes = opened.payload if opened else DEFAULT_CALENDAR.read_bytes()
        cal = parse_calendar_bundle(cal_bytes)
        cal_signer = opened.key_id if opened else None
    except InvalidInput as exc:
        problems += exc.problems_for("calendar")
    if first_clerk is not None:
        problems += accounts.check_new(clean(first_clerk.get("username")).lower(), clean(first_clerk.get("full_name")),
                                       first_clerk.get("password") or "", "lead")  # fmt: skip
    if problems:
        raise InvalidInput.of(problems, "Không khởi tạo được")
    assert cat is not None and cal is not None
    paths.make_dir(data_dir)
    tmp = target.with_name(f".{target.name}.{uuid7()}.init")
    try:
        store = Store.open(tmp, create=True, recovery_public=recovery_key or None)
        try:
            with store.write() as conn:
                store.set_meta(
                    conn,
                    agency_code=agency_code,
                    agency_name=clean(agency_name),
                    desk_slot=str(desk_slot),
                    parent_name=clean(parent_name),
                    place=clean(place),
                    desk_id=uuid7(),
                    created_at=timeutil.iso(timeutil.now()),
                    form_set=form_set or DEFAULT_FORM_SET,
                    server_url=clean(server_url),
                    **{k: v or "" for k, v in extra_clean.items()},
                )
            desk = Desk(store)
            for key in publisher_keys:
                bundles.trust_key(desk, key, actor=actor)
            bundles.store_catalog(desk, cat, signer=cat_signer, actor=actor, approve=True)
            bundles.store_calendar(desk, cal, signer=cal_signer, actor=actor, data=cal_bytes)
            if first_clerk is not None:
                accounts.add_clerk(store, role="lead", actor=actor, username=first_clerk["username"],
                                   full_name=first_clerk["full_name"], password=first_clerk["password"])  # fmt: skip
        finally:
            store.close()
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        tmp.replace(target)
        machine.register(agency_code, desk_slot, data_dir)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        info = keys.read_info(data_dir)
        if info is not None:  # the key made for the store that was not made
            keys.keystore(data_dir).delete(info.key_id)
            (data_dir / keys.SIDECAR).unlink(missing_ok=True)
        raise
    return Desk.open(data_dir)
