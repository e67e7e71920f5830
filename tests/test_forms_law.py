"""The printed forms say what the law and the ledger say (Decree 30/2020/NĐ-CP, Circulars 03/2025 and 01/2018):
dates, signers, the receipt's documents and fee, the control sheet, the letters' wording. Pure printing tests."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from printing import FORM_SETS, build_form, build_ledger, build_receipt
from printing.samples import SAMPLE_DESK, form_extras, ledger_entries, sample_dossier
from printing.vnformat import date_long, place_date, time_date


def texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed."""
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def whole(pdf: bytes) -> str:
    return " ".join(texts(pdf))


# --- dates (Decree 30/2020/NĐ-CP) ------------------------------------------------------------------------------


def test_the_date_writer_follows_decree_30() -> None:
    assert date_long("2026-07-05") == "ngày 05 tháng 7 năm 2026"
    assert date_long("2026-02-02") == "ngày 02 tháng 02 năm 2026"
    assert date_long("2026-01-31") == "ngày 31 tháng 01 năm 2026"
    assert date_long("2026-12-15") == "ngày 15 tháng 12 năm 2026"
    assert date_long("2026-03-09") == "ngày 09 tháng 3 năm 2026"
    assert time_date("2026-07-05T09:05:00+07:00") == "09 giờ 05 phút, ngày 05 tháng 7 năm 2026"
    assert place_date("Tân Phú", "2026-10-01") == "Tân Phú, ngày 01 tháng 10 năm 2026"


def _july(form: str) -> tuple[dict, dict]:
    """The sample dossier and the form's extras, every instant moved into July 2026."""
    dossier = sample_dossier(received_at="2026-07-03T09:05:00+07:00", due_at="2026-07-06T09:05:00+07:00")
    extra = dict(form_extras()[form])
    for key, value in list(extra.items()):
        if isinstance(value, str) and value.startswith("2026-02-"):
            extra[key] = "2026-07-0" + value[len("2026-02-1") :]
    if form == "control":
        extra["handovers"] = [dict(h, at="2026-07-03T10:30:00+07:00") for h in extra["handovers"][:2]]
    return dossier, extra


@pytest.mark.parametrize(
    ("set_key", "form"), [(s, f) for s, fset in FORM_SETS.items() for f in fset.forms if f != "ledger"]
)
def test_every_form_writes_its_dates_per_decree_30(set_key: str, form: str) -> None:
    dossier, extra = _july(form)
    if form == "receipt":
        pdf = build_receipt(dossier, SAMPLE_DESK, form_set=set_key, copies=(1,))
    else:
        pdf = build_form(form, dossier, SAMPLE_DESK, form_set=set_key, **extra)
    text = whole(pdf)
    assert "ngày 03 tháng 7 năm 2026" in text.lower()
    assert not re.search(r"tháng 0[3-9]", text), text
    february = sample_dossier()  # received 13/02/2026
    extra_feb = form_extras()[form]
    if form == "receipt":
        pdf = build_receipt(february, SAMPLE_DESK, form_set=set_key, copies=(1,))
    else:
        pdf = build_form(form, february, SAMPLE_DESK, form_set=set_key, **extra_feb)
    assert "ngày 13 tháng 02 năm 2026" in whole(pdf).lower()


@pytest.mark.parametrize("set_key", list(FORM_SETS))
def test_the_ledger_keeps_two_digit_numeric_dates(set_key: str) -> None:
    entries = ledger_entries(3)
    pdf = build_ledger(entries, SAMPLE_DESK, date_from="2026-02-01", date_to="2026-02-28", form_set=set_key)
    text = whole(pdf)
    assert "02/02/2026" in text and "(Từ ngày 01/02/2026 đến ngày 28/02/2026)" in text
    assert not re.search(r"tháng 0[3-9]", text)
