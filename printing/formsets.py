"""Versioned form sets keyed by legal basis: which forms exist, their numbers, titles and paper."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from desk.errors import InvalidInput
from desk.printdata import FORM_NAMES
from desk.setup import DEFAULT_FORM_SET  # noqa: F401 (re-exported: printing.DEFAULT_FORM_SET)

A5 = "A5"
A4_LANDSCAPE = "A4-landscape"

FORM_KEYS = ("receipt", "supplement", "refusal", "apology", "stop", "control", "ledger")

FORM_NAMES_VI = FORM_NAMES  # the core names the forms (desk/printdata.py); this module lays them out


@dataclass(frozen=True)
class FormSpec:
    """One form of a set: key (receipt…), number ('01'), printed title, paper."""

    key: str
    number: str
    title: str
    paper: str = A5

    @property
    def marker(self) -> str:
        """'Mẫu số 01'."""
        return f"Mẫu số {self.number}"


@dataclass(frozen=True)
class FormSet:
    """A set of forms issued together by one legal text."""

    key: str
    legal_basis: str
    desk_term: str
    forms: Mapping[str, FormSpec]
    apology_is_letter: bool = True  # Mẫu 04 is a letter (2025) or a titled slip (2018)

    def spec(self, form: str) -> FormSpec:
        """The form's spec in this set. Raises InvalidInput (Vietnamese) when the set has no such form."""
        found = self.forms.get(form)
        if found is not None:
            return found
        if form in FORM_KEYS:
            raise InvalidInput(
                f"Bộ biểu mẫu theo {self.legal_basis} không có mẫu “{FORM_NAMES_VI[form]}”.", field="form"
            )
        raise InvalidInput(f"Không có biểu mẫu “{form}”; chọn một trong: {', '.join(self.forms)}.", field="form")


def _forms(*specs: FormSpec) -> Mapping[str, FormSpec]:
    """Read-only mapping key → spec, in printed order."""
    return MappingProxyType({s.key: s for s in specs})


FORM_SETS: Mapping[str, FormSet] = MappingProxyType({
    s.key: s
    for s in (
        FormSet(
            key="tt03-2025",
            legal_basis="Thông tư số 03/2025/TT-VPCP",
            desk_term="Bộ phận Một cửa",
            forms=_forms(
                FormSpec("receipt", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
                FormSpec("supplement", "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
                FormSpec("refusal", "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
                FormSpec("apology", "04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
                FormSpec("stop", "05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
                FormSpec("control", "06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
                FormSpec("ledger", "07", "SỔ THEO DÕI HỒ SƠ", A4_LANDSCAPE),
            ),
        ),
        FormSet(
            key="tt01-2018",
            legal_basis="Thông tư số 01/2018/TT-VPCP",
            desk_term="Bộ phận Tiếp nhận và Trả kết quả",
            forms=_forms(
                FormSpec("receipt", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
                FormSpec("supplement", "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
                FormSpec("refusal", "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
                FormSpec("apology", "04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
                FormSpec("control", "05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
                FormSpec("ledger", "06", "SỔ THEO DÕI HỒ SƠ", A4_LANDSCAPE),
            ),
            apology_is_letter=False,
        ),
    )
})  # fmt: skip


def get_form_set(key: str) -> FormSet:
    """The set for a legal-basis key. Raises InvalidInput."""
    found = FORM_SETS.get(key)
    if found is None:
        raise InvalidInput(f"Không có bộ biểu mẫu “{key}”; chọn một trong: {', '.join(FORM_SETS)}.", field="form_set")
    return found
