"""The printed forms say what the law and the ledger say (Decree 30/2020/NĐ-CP, Circulars 03/2025 and 01/2018):
dates, signers, the receipt's documents and fee, the control sheet, the letters' wording. Pure printing tests."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from printing import FORM_SETS, build_form, build_ledger, build_receipt
from printing.flowables import header
from printing.pages import Meta, build_document, page_frame
from printing.samples import SAMPLE_DESK, form_extras, ledger_entries, long_document_name, sample_dossier
from printing.styles import SLIP_MARGINS, SLIP_SIZES, content_width, slip_styles
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


# --- 3. the receipt: the documents handed in, on one sheet, a continuation sheet beyond ------------------------------


def _short_docs(n: int) -> list[dict]:
    return [{"id": f"t{i}", "name": f"Giấy tờ số {i:02d}: Bản sao Giấy khai sinh của người được giám hộ",
             "form": ("ban_chinh", "ban_sao", "ban_sao_chung_thuc")[i % 3], "quantity": 1 + i % 2}
            for i in range(1, n + 1)]  # fmt: skip


def _sizes(pdf: bytes, needle: str) -> set[float]:
    """The font sizes of the characters of the line that starts with `needle` on the first page."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        hit = page.search(needle)[0]
        return {round(c["size"], 1) for c in page.chars if abs(c["top"] - hit["top"]) < 1}


@pytest.mark.parametrize("n", [1, 7, 12])
def test_up_to_twelve_documents_fit_one_a5_sheet_per_copy_at_nine_points_or_more(n: int) -> None:
    pdf = build_receipt(sample_dossier(documents=_short_docs(n)), SAMPLE_DESK)
    pages = texts(pdf)
    assert len(pages) == 2  # one sheet per copy
    for i in range(1, n + 1):
        assert f"Giấy tờ số {i:02d}" in pages[0] and f"Giấy tờ số {i:02d}" in pages[1]
    assert min(_sizes(pdf, "2. Số lượng hồ sơ")) >= 9
    assert "Trang" not in pages[0] and "(tiếp theo)" not in pages[0]


def test_beyond_that_a_continuation_sheet_says_whose_it_is() -> None:
    dossier = sample_dossier(documents=[dict(d, name=long_document_name(i)) for i, d in enumerate(_short_docs(15), 1)])
    pdf = build_receipt(dossier, SAMPLE_DESK, copies=(1,))
    pages = texts(pdf)
    assert len(pages) >= 2
    for page in pages[1:]:
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (tiếp theo)" in page
        assert f"Mã hồ sơ: {dossier['code']} — Người nộp: Nguyễn Thị Thuỳ Dương" in page
        assert "Thời gian trả kết quả: 10 giờ 00 phút, ngày 16 tháng 02 năm 2026" in page
    assert "(tiếp theo)" not in pages[0]
    everything = " ".join(pages)
    for i in range(1, 16):
        assert long_document_name(i) in everything


def test_a_document_without_a_catalog_form_keeps_its_quantity() -> None:
    docs = [{"id": "tp2", "name": "Giấy báo tử hoặc giấy tờ thay thế", "form": None, "quantity": 2}]
    pdf = build_receipt(sample_dossier(documents=docs), SAMPLE_DESK, copies=(1,))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        table = doc.pages[0].extract_tables()[0]
    row = next(r for r in table if r[1] and "Giấy báo tử" in r[1])
    assert "02" in [c for c in row if c]


def test_the_fee_is_printed_once_labelled() -> None:
    procedure = dict(sample_dossier()["procedure"], fee_text="Lệ phí: - Miễn lệ phí đúng hạn. - Quá hạn: 5.000 đồng")
    text = whole(build_receipt(sample_dossier(procedure=procedure), SAMPLE_DESK, copies=(1,)))
    assert "Phí, lệ phí: Miễn lệ phí đúng hạn; Quá hạn: 5.000 đồng." in text
    assert "Lệ phí:" not in text and "Phí, lệ phí: -" not in text


@pytest.mark.parametrize("size", SLIP_SIZES)
def test_the_header_keeps_the_locality_whole_and_clear_of_the_national_motto(size: float) -> None:
    st = slip_styles(size)
    width = content_width("A5", SLIP_MARGINS)
    story = header(st, width, SAMPLE_DESK, marker="Mẫu số 01", date_line="Tân Phú, ngày 13 tháng 02 năm 2026")
    page, box = page_frame("A5", SLIP_MARGINS)
    pdf = build_document(page, box, [story], Meta("x", "y"), None)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        motto = page.search("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")[0]
        left = [w for w in page.extract_words() if w["bottom"] < motto["top"] + 40 and w["x1"] < motto["x0"] + 2]
        lines: dict[int, list[str]] = {}
        for w in left:
            lines.setdefault(round(w["top"]), []).append(w["text"])
        shown = [" ".join(words) for _top, words in sorted(lines.items())]
    assert any(line.endswith("XÃ TÂN PHÚ") for line in shown), shown
    assert not any(line.endswith(("CÔNG XÃ", " XÃ", "TÂN")) for line in shown), shown
    assert max(w["x1"] for w in left) < motto["x0"] - 4  # a gutter between the desk's name and the motto


# --- 6. the control sheet; 8. the refusal ---------------------------------------------------------------------------


def test_the_control_sheet_names_the_cooperating_bodies_and_leaves_rows_to_fill() -> None:
    extra = form_extras()["control"]
    extra = dict(extra, cooperating_units=["Công an xã Tân Phú", "Sở Tư pháp tỉnh Đồng Nai"])
    pdf = build_form("control", sample_dossier(), SAMPLE_DESK, **extra)
    text = whole(pdf)
    assert "Cơ quan phối hợp giải quyết hồ sơ: Công an xã Tân Phú; Sở Tư pháp tỉnh Đồng Nai" in text
    known = len(extra["handovers"])
    assert text.count("1. Giao:") == known + 3 and text.count("Người nhận") == known + 3
    assert text.count("(Ký)") == 2 * (known + 3)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        words = page.extract_words()
        for phrase in ("HỒ SƠ", "GIẢI QUYẾT", "KẾT QUẢ"):  # header phrases never broken across lines
            firsts = [w for w in words if w["text"] == phrase.split()[0]]
            for w in firsts:
                after = [x for x in words if x["text"] == phrase.split()[1] and abs(x["top"] - w["top"]) < 1]
                assert after, (phrase, w)
        blank = [w for w in words if w["text"].startswith("Giao:")][-1]
        dots = [w for w in words if w["text"].startswith("....") and abs(w["top"] - blank["top"]) < 1]
        assert dots and not [w for w in words if w["text"].startswith("....") and 0 < w["top"] - blank["top"] < 9]
        for name in ("Đặng Hữu Phước", "Trương Ngọc Ánh"):  # a name on one line in its signature cell
            first, last = name.split()[0], name.split()[-1]
            for w in (x for x in words if x["text"] == first):
                assert any(x["text"] == last and abs(x["top"] - w["top"]) < 1 for x in words), name


def test_a_long_refusal_reason_hangs_under_its_first_word() -> None:
    reason = "Hồ sơ không đủ điều kiện giải quyết " * 6
    pdf = build_form("refusal", sample_dossier(), SAMPLE_DESK, reasons=[reason, "Ngắn."])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        dash = next(c for c in page.chars if c["text"] == "-" and page.search("Hồ sơ không đủ")[0]["top"] - 1
                    < c["top"] < page.search("Hồ sơ không đủ")[0]["top"] + 1)  # fmt: skip
        first = page.search("Hồ sơ không đủ")[0]
        second_line = [c for c in page.chars if first["bottom"] + 1 < c["top"] < first["bottom"] + 12]
    assert second_line and min(c["x0"] for c in second_line) >= first["x0"] - 0.5 > dash["x0"]
