"""Visual regression of every form: each form of both sets is printed for the ordinary sample and for the stress
dossier (long names with rare diacritics, a 120-character address, 15 documents, 20 hand-overs), rendered to PNG,
and checked for its page count, the text each page must carry, ink inside the margins, and nothing off the page.

tools/render_forms.py draws the same jobs (printing.samples.render_jobs) and a contact sheet to look at.
"""

from __future__ import annotations

import io
import unicodedata

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from printing import FORM_SETS
from printing.samples import STRESS_ADDRESS, STRESS_NAME, render_jobs, stress_dossier

JOBS = dict(render_jobs())
CODE, STRESS_CODE = "000.00.12.H62-260213-1001", stress_dossier()["code"]

# Pages of each job: a receipt is one A5 sheet per copy (two on one A4 sheet) up to a dozen documents; the stress
# dossier's fifteen documents take a continuation sheet per copy, its twenty hand-overs five control sheets.
PAGES = {"receipt": 2, "receipt-a4": 1, "supplement": 1, "refusal": 1, "apology": 1, "stop": 1, "control": 2,
         "ledger": 2}  # fmt: skip
STRESS_PAGES = dict(PAGES, receipt=4, **{"receipt-a4": 2}, control=5)
LETTER_SIGNERS = {"sample": ("GIÁM ĐỐC", "Trần Quốc Bảo"), "stress": ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
                                                                      "Tôn Thất Hoàng Ẩn Dụ")}  # fmt: skip


def _form(stem: str) -> str:
    """receipt, receipt-a4, supplement, … from «stress-tt03-2025-01-receipt-a4»."""
    rest = stem.split("-", 4)[-1]
    return rest


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _expected(stem: str) -> tuple[int, list[str], list[str]]:
    """(page count, texts on every page, texts somewhere in the document) of a job."""
    kind, set_key = stem.split("-")[0], "-".join(stem.split("-")[1:3])
    form = _form(stem)
    base = form.removesuffix("-a4")
    spec = FORM_SETS[set_key].forms[base]
    pages = (STRESS_PAGES if kind == "stress" else PAGES)[form]
    if base == "ledger":
        every = ["Trang", "STT", "Ngày hẹn trả", "Ghi chú"]
        some = [spec.title, f"Mẫu số {spec.number}", "Quyển số: 2026"]
        if kind == "stress":
            some += ["1001", "1012", "Từ chối giải quyết 02/07/2026", "Gia hạn (văn bản số 09/XL-TTPVHCC)"]
        return pages, every, some
    code = STRESS_CODE if kind == "stress" else CODE
    name = STRESS_NAME if kind == "stress" else "Nguyễn Thị Thuỳ Dương"
    every = [code]
    # the 2025 apology is a letter: its subject line (V/v …) in place of a title
    title = "V/v xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ" if spec.key == "apology" and \
        set_key == "tt03-2025" else spec.title  # fmt: skip
    some = [title, f"Mẫu số {spec.number}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            "UBND XÃ TÂN PHÚ", name]  # fmt: skip
    if kind == "stress":
        some.append("tháng 7 năm 2026")
        if base in ("receipt", "supplement", "refusal"):
            some.append(STRESS_ADDRESS)
    if base in ("apology", "stop"):
        some += [*LETTER_SIGNERS[kind], "Số:"]
        every = []  # a letter carries no code in a footer
        some.append(code)
    if base == "receipt":
        some += ["(Liên 1: Lưu)", "(Liên 2: Giao người nộp)", "NGƯỜI TIẾP NHẬN HỒ SƠ"]
        if kind == "stress":
            some += [f"{spec.title} (tiếp theo)", "Giấy tờ số 15", "Qua dịch vụ bưu chính công ích"]
    if base == "control":
        some += ["(Ký)", "Cơ quan phối hợp giải quyết hồ sơ:"]
        if kind == "stress":
            some += [f"{spec.title} (tiếp theo)", "Sở Tư pháp tỉnh Đồng Nai", "Quá hạn"]
    return pages, every, some


def _ink_margin(image, mm_px: float) -> list[str]:
    """Sides of the page with ink within 3 mm of its edge (a form must keep to its margins)."""
    gray = image.convert("L")
    w, h = gray.size
    band = max(1, round(3 * mm_px))
    boxes = {"top": (0, 0, w, band), "bottom": (0, h - band, w, h), "left": (0, 0, band, h),
             "right": (w - band, 0, w, h)}  # fmt: skip
    return [side for side, box in boxes.items() if gray.crop(box).getextrema()[0] < 128]


@pytest.mark.parametrize("stem", list(JOBS))
def test_each_form_renders_whole_on_its_pages(stem: str) -> None:
    pdf = JOBS[stem]()
    pages, every, some = _expected(stem)
    doc = pdfium.PdfDocument(pdf)  # pdfium: what pdfplumber renders with, ten times faster to read back here
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            width, height = page.get_size()
            text = page.get_textpage()
            texts.append(_flat(text.get_text_range()))
            outside = [k for k in range(text.count_chars()) if not _inside(text.get_charbox(k), width, height)]
            assert not outside, (stem, i + 1, "characters off the page")
            image = page.render(scale=DPI / 72).to_pil()
            assert image.getextrema() != ((255, 255), (255, 255), (255, 255)), (stem, i + 1)  # not blank
            assert _ink_margin(image, DPI / 25.4) == [], (stem, i + 1)  # nothing in the outer 3 mm
    finally:
        doc.close()
    assert len(texts) == pages, (stem, len(texts))
    whole = " ".join(texts)
    missing = [t for t in some if _flat(t) not in whole]
    assert not missing, (stem, missing)
    for n, text in enumerate(texts, start=1):
        lacking = [t for t in every if _flat(t) not in text and not (t == "Trang" and pages == 1)]
        assert not lacking, (stem, n, lacking)
        assert unicodedata.is_normalized("NFC", text)
    assert "THỦ TRƯỞNG" not in whole and "tháng 07" not in whole


DPI = 40


def _inside(box: tuple[float, float, float, float], width: float, height: float) -> bool:
    left, bottom, right, top = box
    return left >= -0.5 and bottom >= -0.5 and right <= width + 0.5 and top <= height + 0.5


def test_continuation_sheets_say_whose_they_are() -> None:
    pdf = JOBS["stress-tt03-2025-01-receipt"]()
    texts = [_flat(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]  # pypdf: a second reader
    for text in (texts[1], texts[3]):  # each copy's second sheet
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (tiếp theo)" in text
        assert f"Mã hồ sơ: {STRESS_CODE} — Người nộp: {STRESS_NAME}" in text
        assert "Thời gian trả kết quả: 17 giờ 00 phút, ngày 03 tháng 7 năm 2026" in text
    assert "(Liên 1: Lưu) — Trang 2/2" in texts[1] and "(Liên 2: Giao người nộp) — Trang 2/2" in texts[3]
