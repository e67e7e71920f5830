"""What the clerk types, checked and normalised (domain.md §6). Refusals name the field and the rule in Vietnamese."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desk.errors import InvalidInput
from desk.text import clean

# Province codes of birth registration used in the 12-digit personal ID (pre-2025, 63 provinces).
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh",
    "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

# Digit 4 of the personal ID: gender and century of birth (Circular 07/2016/TT-BCA).
_CENTURY = {"0": 1900, "1": 1900, "2": 2000, "3": 2000, "4": 2100, "5": 2100, "6": 2200, "7": 2200}

ID_KINDS = {"cccd": "Số định danh cá nhân (CCCD)", "cmnd": "Chứng minh nhân dân", "passport": "Hộ chiếu"}

_SEPARATORS = re.compile(r"[\s.\-()]")
_PASSPORT = re.compile(r"^[A-Z]\d{7}$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")  # fmt: skip
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")


@dataclass(frozen=True)
class IdNumber:
    """A checked identity paper number and its kind (cccd, cmnd, passport)."""

    value: str
    kind: str


def id_number(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Check a 12-digit personal ID, an old 9-digit CMND or a passport number (a letter and 7 digits)."""
    text = _SEPARATORS.sub("", clean(raw)).upper()
    field = "id_number"
    if not text:
        raise InvalidInput("Số giấy tờ tùy thân: chưa nhập.", field)
    if text.isdigit():
        if len(text) == 12:
            province, century_digit, yy = text[:3], text[3], int(text[4:6])
            if province not in PROVINCE_CODES:
                raise InvalidInput(
                    f"Số định danh cá nhân {text}: 3 chữ số đầu ({province}) không phải mã tỉnh nơi đăng ký "
                    "khai sinh (001 Hà Nội … 096 Cà Mau). Kiểm tra lại số trên thẻ căn cước.",
                    field,
                )
            century = _CENTURY.get(century_digit)
            today = today or dt.date.today()
            if century is None or century + yy > today.year:
                raise InvalidInput(
                    f"Số định danh cá nhân {text}: chữ số thứ 4 ({century_digit}) và năm sinh ({yy:02d}) "
                    "không hợp lệ (0/1: sinh 1900–1999, 2/3: sinh từ 2000; năm sinh không được ở tương lai).",
                    field,
                )
            return IdNumber(text, "cccd")
        if len(text) == 9:
            return IdNumber(text, "cmnd")
        raise InvalidInput(
            f"Số giấy tờ tùy thân {text}: có {len(text)} chữ số. Số định danh cá nhân (CCCD) có 12 chữ số, "
            "CMND cũ có 9 chữ số.",
            field,
        )
    if _PASSPORT.match(text):
        return IdNumber(text, "passport")
    raise InvalidInput(
        f"Số giấy tờ tùy thân {text}: không đúng dạng. Nhập số định danh cá nhân 12 chữ số, CMND 9 chữ số, "
        "hoặc số hộ chiếu gồm 1 chữ cái và 7 chữ số.",
        field,
    )


def phone(raw: str) -> str:
    """Normalise a Vietnamese phone number to 0xxxxxxxxx (mobile, 10 digits) or 02xxxxxxxxx (landline)."""
    text = _SEPARATORS.sub("", clean(raw))
    field = "phone"
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if not text.isdigit():
        raise InvalidInput(f"Số điện thoại {raw.strip()}: chỉ được gồm chữ số (có thể bắt đầu bằng +84).", field)
    if len(text) == 10 and text.startswith(_MOBILE_PREFIXES):
        return text
    if len(text) == 11 and text.startswith("02"):
        return text
    raise InvalidInput(
        f"Số điện thoại {raw.strip()}: không đúng. Số di động có 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
        "(hoặc +84); số cố định có 11 chữ số, bắt đầu bằng 02.",
        field,
    )


def email(raw: str) -> str:
    """Check an e-mail address (lower-cased domain)."""
    text = clean(raw).replace(" ", "")
    if len(text) > 254 or not _EMAIL.match(text):
        raise InvalidInput(f"Email {raw.strip()}: không đúng dạng ten@ten-mien.vn.", "email")
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def person_name(raw: str) -> str:
    """A citizen's name: NFC, whitespace collapsed, capitalisation kept, letters only."""
    text = clean(raw)
    if not text:
        raise InvalidInput("Họ và tên người nộp: chưa nhập.", "name")
    if len(text) > 100:
        raise InvalidInput("Họ và tên người nộp: dài quá 100 ký tự.", "name")
    if any(ch.isdigit() for ch in text):
        raise InvalidInput(f"Họ và tên người nộp «{text}»: không được chứa chữ số.", "name")
    if not all(ch.isalpha() or ch in " .'-" for ch in text):
        raise InvalidInput(f"Họ và tên người nộp «{text}»: chỉ gồm chữ cái, dấu cách, dấu chấm, gạch nối.", "name")
    return text


def free_text(raw: str | None, field: str, label: str, *, max_len: int = 500) -> str | None:
    """Free text (address, note): NFC, whitespace collapsed, bounded; empty becomes None."""
    text = clean(raw)
    if not text:
        return None
    if len(text) > max_len:
        raise InvalidInput(f"{label}: dài quá {max_len} ký tự ({len(text)}).", field)
    return text
