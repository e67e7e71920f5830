from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk import validation as v
from desk.errors import InvalidInput
from desk.text import clean, fold

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("raw", "value", "kind"),
    [
        ("001090012345", "001090012345", "cccd"),
        ("079 203 001 234", "079203001234", "cccd"),
        ("096.185.000.001", "096185000001", "cccd"),
        ("123456789", "123456789", "cmnd"),
        ("b1234567", "B1234567", "passport"),
        ("C7654321", "C7654321", "passport"),
    ],
)
def test_id_numbers_accepted_and_normalised(raw, value, kind):
    assert v.id_number(raw, today=TODAY) == v.IdNumber(value, kind)


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("003090012345", "mã tỉnh"),  # 003 is no province code
        ("097090012345", "mã tỉnh"),
        ("001890012345", "chữ số thứ 4"),  # 8: born in the 1800s
        ("001230012345", "chữ số thứ 4"),  # 2 → 2030: in the future
        ("12345678901", "11 chữ số"),
        ("1234567", "7 chữ số"),
        ("AB123456", "không đúng dạng"),
        ("", "chưa nhập"),
    ],
)
def test_id_numbers_refused_with_the_rule(raw, rule):
    with pytest.raises(InvalidInput) as err:
        v.id_number(raw, today=TODAY)
    assert rule in err.value.message
    assert err.value.field == "id_number"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("0386-123-456", "0386123456"),
        ("024 3825 1234", "02438251234"),
    ],
)
def test_phone_normalised(raw, want):
    assert v.phone(raw) == want


@pytest.mark.parametrize("raw", ["0112345678", "091234567", "09123456789", "abc", "+1 202 555 0100", "0612345678"])
def test_phone_refused(raw):
    with pytest.raises(InvalidInput) as err:
        v.phone(raw)
    assert "Số điện thoại" in err.value.message and err.value.field == "phone"


@given(
    prefix=st.sampled_from(["03", "05", "07", "08", "09"]),
    rest=st.text("0123456789", min_size=8, max_size=8),
    style=st.sampled_from(["plain", "+84", "84", "dots", "spaces"]),
)
@settings(max_examples=200)
def test_any_mobile_in_any_common_style_normalises_to_ten_digits(prefix, rest, style):
    number = prefix + rest
    typed = {
        "plain": number,
        "+84": "+84" + number[1:],
        "84": "84" + number[1:],
        "dots": f"{number[:4]}.{number[4:7]}.{number[7:]}",
        "spaces": f"{number[:4]} {number[4:7]} {number[7:]}",
    }[style]
    assert v.phone(typed) == number


def test_email():
    assert v.email(" Hoa.Le@Tanphu.GOV.vn ") == "Hoa.Le@tanphu.gov.vn"
    for bad in ["hoa", "hoa@", "@x.vn", "hoa@x", "hoa le@x.vn"[:0] + "hoa@@x.vn"]:
        with pytest.raises(InvalidInput):
            v.email(bad)


def test_names_are_nfc_collapsed_and_keep_capitalisation():
    decomposed = unicodedata.normalize("NFD", "  nguyễn   Thị  Thuỳ Dương ")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    name = v.person_name(decomposed)
    assert name == "nguyễn Thị Thuỳ Dương"
    assert unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize("bad", ["", "   ", "Nguyễn Văn 2", "Trần <b>", "x" * 101])
def test_names_refused(bad):
    with pytest.raises(InvalidInput) as err:
        v.person_name(bad)
    assert err.value.field == "name"


def test_fold_handles_d_bar_and_decomposed_input():
    assert fold("Đặng Hữu Phước") == "dang huu phuoc"
    assert fold(unicodedata.normalize("NFD", "Nguyễn Văn Đức")) == "nguyen van duc"
    assert fold("ĐỖ  thị\tNGỌC") == "do thi ngoc"
    assert clean(" a \n b ") == "a b"


@given(st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=30))
@settings(max_examples=200)
def test_fold_is_the_same_for_composed_and_decomposed_text(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))
