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

from desk.calendar import parse_calendar_bundle
from desk.catalog import parse_catalog_bundle
from desk.errors import InvalidInput
from desk.signing import is_envelope, open_bundle
from sync import protocol as p
from sync.server import storage as s
from sync.server.common import VERSION, Device, ServerBase, hash_token, iso_ms, slot_holder

ENROL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud and typed by people


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

    def _credential(self, kind: str, agency_code: str, name: str, prefix: str, what: str) -> dict[str, Any]:
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
                    token_hash=hash_token(token), created_at=self.now_iso(),
                )
            )  # fmt: skip
        return {"device_id": device_id, "credential": token, "agency_code": agency_code, "name": name}

    def create_processor(self, agency_code: str, name: str) -> dict[str, Any]:
        """A credential for a processing unit acting on the dossiers of one agency (shown once)."""
        return self._credential("processor", _agency(agency_code), name, "pk_", "đơn vị xử lý")

    def create_publisher(self, name: str) -> dict[str, Any]:
        """A credential for a catalog/calendar publisher (provincial or district IT) to upload signed bundles."""
        return self._credential("publisher", "*", name, "pub_", "đơn vị phát hành")

    def upload_bundle(self, device: Device, data: bytes, agencies: list[str] | None) -> list[dict[str, Any]]:
        """A publisher hands in a signed bundle for the desks of some agencies (or all); desks verify the signature."""
        if not is_envelope(data):
            raise InvalidInput("Chỉ nhận bộ dữ liệu đã ký số (desk-publish sign): tệp này chưa được ký.")
        inner = open_bundle(data, [], "bộ dữ liệu").payload
        try:
            fmt = json.loads(inner.decode("utf-8")).get("format")
        except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
            fmt = None
        kinds = {"desk-catalog/1": "catalog", "desk-calendar/1": "calendar"}
        if fmt not in kinds:
            raise InvalidInput(
                f'Nội dung đã ký phải là danh mục "desk-catalog/1" hoặc lịch "desk-calendar/1" (format = {fmt!r}).'
            )
        targets = [_agency(a) for a in agencies] if agencies else [None]  # all checked before anything is stored
        return [self.add_bundle(kinds[fmt], data, agency_code=a) | {"uploaded_by": device.name} for a in targets]

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
                ).order_by(s.devices.c.agency_code, s.devices.c.kind, s.devices.c.slot)
            ).mappings()
            return [dict(r) for r in rows]

    def add_bundle(
        self, kind: str, data: bytes, *, agency_code: str | None = None, label: str | None = None
    ) -> dict[str, Any]:
        """Publish a catalog or calendar bundle to the desks of one agency (or all); an invalid one is refused.

        The bytes are kept exactly (a signed envelope stays signed: each desk checks the signature itself).
        """
        if kind not in ("catalog", "calendar"):
            raise InvalidInput("Loại bộ dữ liệu: catalog (danh mục) hoặc calendar (lịch).")
        what = "danh mục" if kind == "catalog" else "lịch làm việc"
        inner = open_bundle(data, [], what).payload
        if kind == "catalog":
            bundle = parse_catalog_bundle(inner)
            auto_label = f"Danh mục {bundle.publisher_code} phiên bản {bundle.version}"
        else:
            cal = parse_calendar_bundle(inner)
            auto_label = f"Lịch làm việc phiên bản {cal.version}"
        agency = _agency(agency_code) if agency_code else None
        with self.storage.write() as conn:
            values = {
                "agency_code": agency,
                "kind": kind,
                "label": p.clean_text(label) or auto_label,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "data": data,
                "created_at": self.now_iso(),
            }
            bundle_id = conn.execute(s.bundles.insert().values(**values)).inserted_primary_key[0]
        return {"id": bundle_id, **{k: v for k, v in values.items() if k != "data"}}

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
