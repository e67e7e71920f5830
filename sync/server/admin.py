"""Administration: enrolment codes, processor and publisher credentials, revocation, the devices, bundles, health.

What the admin CLI (cli.py) and the publishers' bundle upload endpoint (app.py) call, through ``Server``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import uuid
from typing import Any

from sqlalchemy import func, select, update

from desk import timeutil
from desk.calendar import parse_calendar_bundle
from desk.catalog import parse_catalog_bundle
from desk.errors import InvalidInput
from desk.signing import is_envelope, open_bundle, parse_public_key
from sync import protocol as p
from sync.server import epochs
from sync.server import storage as s
from sync.server.common import VERSION, Device, ServerBase, hash_token, iso_ms, slot_holder

ENROL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud and typed by people
PROCESSOR_ROLES = ("contact", "full")  # what personal data of applicants a processing unit sees (processing.py)


class Administration(ServerBase):
    """The administrator's side of the server (the admin CLI) and the publishers' bundle uploads."""

    def create_enrol_code(
        self, agency_code: str, slot: int, *, label: str | None = None, valid_days: float = 7
    ) -> dict[str, Any]:
        """A one-time code a desk exchanges for its credential; refused while another desk holds the slot."""
        agency_code = _agency(agency_code)
        if not 1 <= slot <= 9:
            raise InvalidInput(f"Số hiệu bàn {slot}: phải từ 1 đến 9 (0 dành cho hệ thống của tỉnh).")
        if not 0 < valid_days <= 90:
            raise InvalidInput("Thời hạn của mã đăng ký: từ một phút đến 90 ngày.")
        code = "".join(secrets.choice(ENROL_ALPHABET) for _ in range(12))
        now = self.now()
        with self.storage.write() as conn:
            holder = slot_holder(conn, agency_code, slot)
            if holder is not None:
                raise InvalidInput(
                    f"Bàn số {slot} của cơ quan {agency_code} đang được máy «{holder.name}» ({holder.id}) dùng. "
                    f"Thu hồi máy đó trước («desk-server revoke {holder.id}»), rồi tạo mã mới."
                )
            # A code is refused when it is not younger than the slot's last revocation (a code issued before it may
            # have left with the lost PC). This one is issued after it: its instant says so even when both fall in
            # the same millisecond, or the clock stepped back in between.
            revoked = conn.execute(
                select(func.max(s.devices.c.revoked_at)).where(
                    s.devices.c.kind == "desk", s.devices.c.agency_code == agency_code, s.devices.c.slot == slot
                )
            ).scalar()
            if revoked is not None:
                now = max(now, timeutil.parse_instant(revoked) + dt.timedelta(milliseconds=1))
            conn.execute(
                s.enrol_codes.insert().values(
                    code_hash=hash_token(code),
                    agency_code=agency_code,
                    slot=slot,
                    label=p.clean_text(label),
                    created_at=iso_ms(now),
                    expires_at=iso_ms(now + dt.timedelta(days=valid_days)),
                )
            )
        pretty = "-".join(code[i : i + 4] for i in range(0, 12, 4))
        return {
            "code": pretty,
            "agency_code": agency_code,
            "slot": slot,
            "label": p.clean_text(label),
            "expires_at": iso_ms(now + dt.timedelta(days=valid_days)),
        }

    def _credential(self, kind: str, agency_code: str, name: str, prefix: str, what: str,
                    role: str | None = None) -> dict[str, Any]:  # fmt: skip
        """A new random credential for a processing unit or a publisher, stored hashed (shown once)."""
        name = p.clean_text(name) or ""
        if not name or len(name) > 200:
            raise InvalidInput(f"Tên {what}: bắt buộc, tối đa 200 ký tự.")
        token = prefix + secrets.token_urlsafe(32)
        device_id = str(uuid.uuid4())
        with self.storage.write() as conn:
            conn.execute(
                s.devices.insert().values(
                    id=device_id, kind=kind, agency_code=agency_code, slot=None, name=name,
                    token_hash=hash_token(token), created_at=self.now_iso(), role=role,
                )
            )  # fmt: skip
        out = {"device_id": device_id, "credential": token, "agency_code": agency_code, "name": name}
        return out | ({"role": role} if role else {})

    def create_processor(self, agency_code: str, name: str, *, role: str = "contact") -> dict[str, Any]:
        """A credential for a processing unit acting on the dossiers of one agency (shown once).

        ``role`` is what personal data of applicants it sees: ``contact`` (the default: name, e-mail and the last
        digits of the phone) or ``full`` (also the ID number, the whole phone number and the address).
        """
        if role not in PROCESSOR_ROLES:
            raise InvalidInput(f"Quyền xem dữ liệu cá nhân «{role}»: {' hoặc '.join(PROCESSOR_ROLES)}.")
        return self._credential("processor", _agency(agency_code), name, "pk_", "đơn vị xử lý", role)

    def create_publisher(self, name: str, public_keys: list[str] | None = None) -> dict[str, Any]:
        """A credential for a catalog/calendar publisher (provincial or district IT) to upload signed bundles.

        Its public keys (``ed25519:…`` lines) are registered with it: the server keeps only bundles signed by them.
        """
        keys = [parse_public_key(k, name) for k in public_keys or []]
        out = self._credential("publisher", "*", name, "pub_", "đơn vị phát hành")
        for key in keys:
            self.register_key(out["device_id"], key.public_key, name=out["name"])
        return out | {"keys": [k.key_id for k in keys]}

    def register_key(self, publisher: str | None, public_key: str, *, name: str = "") -> dict[str, Any]:
        """Register a publisher key for a publisher credential (``None``: the administrator's own, for add-bundle)."""
        key = parse_public_key(public_key, name)
        with self.storage.write() as conn:
            if publisher is not None:
                row = conn.execute(select(s.devices).where(s.devices.c.id == publisher)).mappings().first()
                if row is None or row["kind"] != "publisher":
                    raise InvalidInput(f"Không có đơn vị phát hành mang mã {publisher} («desk-server devices»).")
                name = name or row["name"]
            held = conn.execute(
                select(s.publisher_keys.c.id).where(
                    s.publisher_keys.c.key_id == key.key_id,
                    s.publisher_keys.c.device_id == publisher
                    if publisher is not None
                    else s.publisher_keys.c.device_id.is_(None),
                )
            ).first()
            if held is None:
                conn.execute(
                    s.publisher_keys.insert().values(
                        device_id=publisher, key_id=key.key_id, public_key=f"ed25519:{key.key_id}:{key.public_key}",
                        name=p.clean_text(name) or "Quản trị máy chủ tỉnh", created_at=self.now_iso(),
                    )
                )  # fmt: skip
        return {"key_id": key.key_id, "publisher": publisher, "name": name}

    def publisher_keys(self, publisher: str | None = None, *, any_publisher: bool = False) -> list[dict[str, Any]]:
        """The registered (not revoked) publisher keys: of one publisher, or of all with ``any_publisher``."""
        with self.storage.read() as conn:
            q = select(s.publisher_keys).where(s.publisher_keys.c.revoked_at.is_(None))
            if not any_publisher:
                q = q.where(
                    s.publisher_keys.c.device_id == publisher
                    if publisher is not None
                    else s.publisher_keys.c.device_id.is_(None)
                )
            rows = conn.execute(q.order_by(s.publisher_keys.c.id)).mappings().all()
        return [
            {"key_id": r["key_id"], "public_key": r["public_key"], "name": r["name"], "publisher": r["device_id"]}
            for r in rows
        ]

    def upload_bundle(self, device: Device, data: bytes, agencies: list[str] | None) -> list[dict[str, Any]]:
        """A publisher hands in a bundle signed by one of its registered keys, for the desks of some agencies (or
        all); the same bytes again for an agency are kept once."""
        if not is_envelope(data):
            raise InvalidInput("Chỉ nhận bộ dữ liệu đã ký số (desk-publish sign): tệp này chưa được ký.")
        keys = [parse_public_key(k["public_key"], k["name"]) for k in self.publisher_keys(device.id)]
        if not keys:
            raise InvalidInput(
                "Đơn vị phát hành này chưa đăng ký khóa công khai nào trên máy chủ: quản trị viên chạy «desk-server "
                "trust-publisher MÃ-MÁY khoa.pub» trước."
            )
        inner = open_bundle(data, keys, "bộ dữ liệu").payload
        try:
            fmt = json.loads(inner.decode("utf-8")).get("format")
        except (UnicodeDecodeError, ValueError, AttributeError, RecursionError):
            fmt = None
        kinds = {"desk-catalog/1": "catalog", "desk-calendar/1": "calendar"}
        if fmt not in kinds:
            raise InvalidInput(
                f'Nội dung đã ký phải là danh mục "desk-catalog/1" hoặc lịch "desk-calendar/1" (format = {fmt!r}).'
            )
        targets = [_agency(a) for a in agencies] if agencies else [None]  # all checked before anything is stored
        return [
            self.add_bundle(kinds[fmt], data, agency_code=a, publisher=device) | {"uploaded_by": device.name}
            for a in targets
        ]

    def revoke(self, device_id: str) -> dict[str, Any]:
        """Revoke a desk's or processing unit's credential: every later request with it is refused."""
        with self.storage.write() as conn:
            row = conn.execute(select(s.devices).where(s.devices.c.id == device_id)).mappings().first()
            if row is None:
                raise InvalidInput(f"Không có máy nào mang mã {device_id} trên máy chủ («desk-server devices»).")
            when = row["revoked_at"] or self.now_iso()
            conn.execute(update(s.devices).where(s.devices.c.id == device_id).values(revoked_at=when))
        return {"device_id": device_id, "kind": row["kind"], "name": row["name"], "revoked_at": when}

    def devices(self) -> list[dict[str, Any]]:
        """Every device (desks, processing units, publishers), by agency, kind and slot."""
        with self.storage.read() as conn:
            rows = conn.execute(
                select(
                    s.devices.c.id,
                    s.devices.c.kind,
                    s.devices.c.agency_code,
                    s.devices.c.slot,
                    s.devices.c.name,
                    s.devices.c.created_at,
                    s.devices.c.revoked_at,
                    s.devices.c.last_seen_at,
                    s.devices.c.role,
                ).order_by(s.devices.c.agency_code, s.devices.c.kind, s.devices.c.slot)
            ).mappings()
            return [dict(r) for r in rows]

    def add_bundle(
        self,
        kind: str,
        data: bytes,
        *,
        agency_code: str | None = None,
        label: str | None = None,
        publisher: Device | None = None,
    ) -> dict[str, Any]:
        """Publish a catalog or calendar bundle to the desks of one agency (or all); an invalid one is refused.

        Only a bundle signed by a registered key is kept: a publisher's own keys (``publisher``), or for the admin
        CLI any registered key. The bytes are kept exactly (each desk checks the signature itself, against the keys
        it trusts); the same bytes for the same agency are kept once.
        """
        if kind not in ("catalog", "calendar"):
            raise InvalidInput("Loại bộ dữ liệu: catalog (danh mục) hoặc calendar (lịch).")
        what = "danh mục" if kind == "catalog" else "lịch làm việc"
        if not is_envelope(data):
            raise InvalidInput(
                f"Tệp {what} chưa được ký số: máy chủ chỉ giữ bộ dữ liệu do đơn vị phát hành ký (desk-publish sign) "
                "bằng khóa đã đăng ký («desk-server trust-publisher»)."
            )
        registered = (
            self.publisher_keys(publisher.id) if publisher is not None else self.publisher_keys(any_publisher=True)
        )
        keys = [parse_public_key(k["public_key"], k["name"]) for k in registered]
        if not keys:
            raise InvalidInput(
                "Chưa có khóa phát hành nào được đăng ký trên máy chủ («desk-server trust-publisher … khoa.pub»)."
            )
        opened = open_bundle(data, keys, what)
        inner = opened.payload
        if kind == "catalog":
            bundle = parse_catalog_bundle(inner)
            auto_label = f"Danh mục {bundle.publisher_code} phiên bản {bundle.version}"
        else:
            cal = parse_calendar_bundle(inner)
            auto_label = f"Lịch làm việc phiên bản {cal.version}"
        agency = _agency(agency_code) if agency_code else None
        digest = hashlib.sha256(data).hexdigest()
        public = ("agency_code", "kind", "label", "sha256", "size", "created_at", "key_id")
        with self.storage.write() as conn:
            q = select(*(s.bundles.c[k] for k in ("id", *public))).where(s.bundles.c.sha256 == digest)
            q = q.where(s.bundles.c.agency_code == agency if agency else s.bundles.c.agency_code.is_(None))
            held = conn.execute(q.order_by(s.bundles.c.id).limit(1)).mappings().first()
            if held is not None:  # the same bytes again: desks must not download them twice
                return dict(held) | {"duplicate": True}
            values = {
                "agency_code": agency,
                "kind": kind,
                "label": p.clean_text(label) or auto_label,
                "sha256": digest,
                "size": len(data),
                "data": data,
                "created_at": self.now_iso(),
                "key_id": opened.key_id,
                "publisher": publisher.id if publisher else None,
            }
            bundle_id = conn.execute(s.bundles.insert().values(**values)).inserted_primary_key[0]
        return {"id": bundle_id, **{k: values[k] for k in public}, "duplicate": False}

    def restored(self) -> dict[str, Any]:
        """After the database was restored from a backup: a new epoch, so desks read again and re-send what was lost."""
        return epochs.restored(self.storage, at=self.now_iso())

    def health(self) -> dict[str, Any]:
        """A liveness check that reads the database, with the version and the server's time."""
        with self.storage.read() as conn:
            conn.execute(select(1)).scalar()
        return {"status": "ok", "version": VERSION, "database": self.storage.dialect, "server_time": self.now_iso()}

    def stats(self) -> dict[str, int]:
        """How many devices, events, dossiers and bundles the server holds."""
        with self.storage.read() as conn:
            count = lambda t: conn.execute(select(func.count()).select_from(t)).scalar() or 0  # noqa: E731
            return {
                "devices": count(s.devices),
                "events": count(s.events),
                "dossiers": count(s.dossiers),
                "bundles": count(s.bundles),
            }


def _agency(code: str) -> str:
    value = (code or "").strip().upper()
    if not re.fullmatch(p.AGENCY_PATTERN[1:-1], value):
        raise InvalidInput(f"Mã định danh cơ quan «{code}» không đúng dạng (ví dụ 000.00.12.H62).")
    return value
