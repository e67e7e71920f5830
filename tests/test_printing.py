"""The printed forms, read back from the PDF: paper, labels, Vietnamese text, QR code, fonts, flow, ledger."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pypdfium2 as pdfium
import pytest
from hypothesis import given
from hypothesis import strategies as hs
from pypdf import PdfReader

from desk.errors import DeskError, InvalidInput
from printing import FORM_SETS, FontMissing, build_form, build_ledger, build_receipt, serif_family, write_atomic
from printing.fonts import ENV_FONT_DIR, bundled_font_dir, covers_vietnamese
from printing.samples import SAMPLE_DESK, form_extras, ledger_entries, long_document_name, long_dossier, sample_dossier
from printing.vnformat import count, date_long, money, place_date, time_date

A5 = (419.53, 595.28)
A4_LANDSCAPE = (841.89, 595.28)
CODE = "000.00.12.H62-260213-1001"
NAMES = ("Nguyễn Thị Thuỳ Dương", "Đặng Hữu Phước", "Trương Ngọc Ánh")

RECEIPT_LABELS = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "UBND XÃ TÂN PHÚ",
    "Tân Phú, ngày 13 tháng 02 năm 2026",
    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    f"Mã hồ sơ: {CODE}",
    "Tiếp nhận hồ sơ của: Nguyễn Thị Thuỳ Dương",
    "Địa chỉ: Số 12, ấp Phú Lợi, xã Tân Phú, tỉnh Đồng Nai",
    "Số điện thoại: 0912345678",
    "Email: thuyduong@example.vn",
    "Nội dung yêu cầu giải quyết: Cấp bản sao Trích lục hộ tịch",
    "1. Thành phần hồ sơ nộp gồm:",
    "TT",
    "Tên giấy tờ",
    "Bản chính",
    "Bản sao",
    "Xuất trình",
    "2. Số lượng hồ sơ: 01 (bộ)",
    "3. Thời gian giải quyết hồ sơ theo quy định là: 01 ngày làm việc",
    "4. Thời gian nhận hồ sơ: 10 giờ 00 phút, ngày 13 tháng 02 năm 2026",
    "5. Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 16 tháng 02 năm 2026",
    "6. Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công xã Tân Phú",
    "Phí, lệ phí: 8.000 đồng",
    "Vào Sổ theo dõi hồ sơ, Quyển số: 2026 Số thứ tự: 125",
    "NGƯỜI NỘP HỒ SƠ",
    "NGƯỜI TIẾP NHẬN HỒ SƠ",
    "(Ký và ghi rõ họ tên)",
    "Đặng Hữu Phước",
    "Ghi chú:",
    "được lập thành 02 liên",
    "Mẫu số 01",
)


# --- helpers -------------------------------------------------------------------------------------------------


def flat(text: str) -> str:
    """Whitespace collapsed: wrapped lines read as one."""
    return " ".join(text.split())


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page in drawing order (pypdf: a table cell's lines stay together), whitespace collapsed."""
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def region_text(page: pdfplumber.page.Page, x0: float, top: float, x1: float, bottom: float) -> str:
    """Text of the characters lying wholly inside a box of the page, as laid out, whitespace collapsed."""
    return flat(page.within_bbox((x0, top, x1, bottom)).extract_text() or "")


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) of each page's media box."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages]


def assert_size(pdf: bytes, size: tuple[float, float]) -> None:
    """Every page is of that paper, to half a point."""
    for w, h in page_sizes(pdf):
        assert abs(w - size[0]) < 0.5 and abs(h - size[1]) < 0.5, (w, h)


def assert_has(text: str, *needles: str) -> None:
    """Each needle (NFC, whitespace collapsed) occurs in the text."""
    missing = [n for n in needles if flat(unicodedata.normalize("NFC", n)) not in text]
    assert not missing, f"not found: {missing}"


def qr_payloads(pdf: bytes, tmp_path: Path, page: int = 1) -> list[str]:
    """Rasterise one page at 200 dpi (pypdfium2, pdfplumber's renderer) and decode its QR codes with zbarimg."""
    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg (Debian zbar-tools) is needed to read the QR code back")
    doc = pdfium.PdfDocument(pdf)
    try:
        doc[page - 1].render(scale=200 / 72).to_pil().save(tmp_path / "p.png")
    finally:
        doc.close()
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "p.png")],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in out.stdout.splitlines() if line]


def font_dicts(pdf: bytes) -> list[dict]:
    """Every font dictionary referenced by the pages."""
    fonts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.append(ref.get_object())
    return fonts


@pytest.fixture(scope="module")
def receipt() -> bytes:
    """The sample receipt, both copies on A5."""
    return build_receipt(sample_dossier(), SAMPLE_DESK)


@pytest.fixture(scope="module")
def receipt_a4() -> bytes:
    """The sample receipt, two copies on one A4 sheet."""
    return build_receipt(sample_dossier(), SAMPLE_DESK, two_on_a4=True)


@pytest.fixture(scope="module")
def long_receipt() -> bytes:
    """25 documents, a 300-character procedure name and a 200-character address."""
    return build_receipt(long_dossier(25), SAMPLE_DESK)


# --- the receipt ---------------------------------------------------------------------------------------------


def test_receipt_is_two_a5_copies_with_every_label(receipt: bytes) -> None:
    assert_size(receipt, A5)
    texts = page_texts(receipt)
    assert len(texts) == 2
    for text in texts:
        assert_has(text, *RECEIPT_LABELS)
    assert_has(texts[0], "(Liên 1: Lưu)")
    assert_has(texts[1], "(Liên 2: Giao người nộp)")
    assert "Liên 2" not in texts[0] and "Liên 1" not in texts[1]
    assert "Trang" not in texts[0]  # one page per copy: no page numbers
    with pdfplumber.open(io.BytesIO(receipt)) as doc:
        page = doc.pages[0]
        split = page.search("CỘNG HÒA")[0]["x0"]
        bottom = page.search("Tân Phú, ngày")[0]["top"]
        left = region_text(page, 0, 0, split, bottom)
        right = region_text(page, split, 0, page.width, bottom)
        rules = [line for line in page.lines if line["top"] < bottom]
    assert left == "UBND XÃ TÂN PHÚ TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ"
    assert_has(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc")
    assert len(rules) == 2  # the short underlines under the desk's name and under the motto


def test_text_comes_back_as_the_same_nfc(receipt: bytes) -> None:
    text = page_texts(receipt)[0]
    assert unicodedata.is_normalized("NFC", text)
    assert "Nguyễn Thị Thuỳ Dương" in text
    assert CODE in text


def test_decomposed_input_prints_as_nfc() -> None:
    names = {n: unicodedata.normalize("NFD", n) for n in NAMES}
    for nfc_name, nfd_name in names.items():
        assert nfd_name != nfc_name
        dossier = sample_dossier()
        dossier["applicant"] = dict(dossier["applicant"], name=nfd_name)
        text = page_texts(build_receipt(dossier, SAMPLE_DESK, copies=(1,)))[0]
        assert f"Tiếp nhận hồ sơ của: {nfc_name}" in text
        assert unicodedata.is_normalized("NFC", text)


def test_user_text_is_escaped_not_interpreted() -> None:
    dossier = sample_dossier()
    dossier["applicant"] = dict(dossier["applicant"], name='Trương Ngọc Ánh <b>Công ty A&B</b> "x" &amp;')
    dossier["procedure"] = dict(dossier["procedure"], name="Thủ tục <i>không nghiêng</i> & <br/> khác")
    text = page_texts(build_receipt(dossier, SAMPLE_DESK, copies=(1,)))[0]
    assert_has(text, 'Trương Ngọc Ánh <b>Công ty A&B</b> "x" &amp;', "Thủ tục <i>không nghiêng</i> & <br/> khác")


def test_receipt_two_on_a4_side_by_side(receipt_a4: bytes) -> None:
    assert_size(receipt_a4, A4_LANDSCAPE)
    with pdfplumber.open(io.BytesIO(receipt_a4)) as doc:
        assert len(doc.pages) == 1
        page = doc.pages[0]
        half = page.width / 2
        left = region_text(page, 0, 0, half, page.height)
        right = region_text(page, half, 0, page.width, page.height)
        # the dashed cut line down the middle
        assert any(abs(line["x0"] - half) < 1 and abs(line["x1"] - half) < 1 for line in page.lines)
    for side in (left, right):
        assert_has(side, *RECEIPT_LABELS)
    assert_has(left, "(Liên 1: Lưu)")
    assert_has(right, "(Liên 2: Giao người nộp)")


def test_receipt_single_copy_and_bad_copies() -> None:
    one = build_receipt(sample_dossier(), SAMPLE_DESK, copies=(2,))
    texts = page_texts(one)
    assert len(texts) == 1 and "(Liên 2: Giao người nộp)" in texts[0]
    with pytest.raises(InvalidInput):
        build_receipt(sample_dossier(), SAMPLE_DESK, copies=(3,))


def test_qr_code_decodes_to_the_dossier_code(receipt: bytes, receipt_a4: bytes, tmp_path: Path) -> None:
    assert qr_payloads(receipt, tmp_path, page=1) == [CODE]
    assert qr_payloads(receipt, tmp_path, page=2) == [CODE]
    assert qr_payloads(receipt_a4, tmp_path) == [CODE, CODE]


def test_other_code_other_qr(tmp_path: Path) -> None:
    code = "000.00.12.H62-260214-2999"
    pdf = build_receipt(sample_dossier(code=code), SAMPLE_DESK, copies=(1,))
    assert qr_payloads(pdf, tmp_path) == [code]


def test_fonts_are_embedded_subsets_and_nothing_else(receipt: bytes, receipt_a4: bytes) -> None:
    ledger = build_ledger(ledger_entries(5), SAMPLE_DESK, date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28))
    for pdf in (receipt, receipt_a4, ledger, build_form("control", sample_dossier(), SAMPLE_DESK)):
        fonts = font_dicts(pdf)
        assert fonts
        for font in fonts:
            assert "/FontDescriptor" in font, font["/BaseFont"]  # no unembedded standard-14 font (Helvetica)
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
            assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), font["/BaseFont"]  # a subset


def test_metadata_and_compression(receipt: bytes) -> None:
    reader = PdfReader(io.BytesIO(receipt))
    meta = reader.metadata
    assert meta.title == f"Giấy tiếp nhận hồ sơ và hẹn trả kết quả — {CODE}"
    assert meta.author == "Trung tâm Phục vụ hành chính công xã Tân Phú"
    assert "Thông tư số 03/2025/TT-VPCP" in meta.subject
    for page in reader.pages:
        assert page["/Contents"].get_object().get("/Filter") in ("/FlateDecode", ["/FlateDecode"])  # no ASCII85


def test_long_dossier_flows_on_and_loses_nothing(long_receipt: bytes) -> None:
    assert_size(long_receipt, A5)
    texts = page_texts(long_receipt)
    copy_pages = len(texts) // 2
    assert len(texts) == 2 * copy_pages and copy_pages >= 2
    dossier = long_dossier(25)
    for copy in (texts[:copy_pages], texts[copy_pages:]):
        whole = " ".join(copy)
        for i in range(1, 26):
            assert_has(whole, long_document_name(i))
        assert_has(whole, dossier["procedure"]["name"], dossier["applicant"]["address"], "NGƯỜI TIẾP NHẬN HỒ SƠ")
        for n, text in enumerate(copy, start=1):
            assert_has(text, f"Trang {n}/{copy_pages}")  # numbered per copy
            if "Giấy tờ số" in text:  # every page holding rows of the table repeats its header
                assert_has(text, "Tên giấy tờ", "Bản chính", "Bản sao")
    with pdfplumber.open(io.BytesIO(long_receipt)) as doc:
        for page in doc.pages:
            for ch in page.chars:
                assert ch["x0"] >= 0 and ch["x1"] <= page.width and ch["top"] >= 0 and ch["bottom"] <= page.height


def _with_documents(n: int) -> dict:
    """The sample dossier with n long document names."""
    docs = [{"id": f"t{i}", "name": long_document_name(i), "form": "ban_chinh", "quantity": 1} for i in range(1, n + 1)]
    return sample_dossier(documents=docs)


def test_a_slip_that_just_overflows_is_shrunk_onto_one_sheet() -> None:
    pdf = build_receipt(_with_documents(10), SAMPLE_DESK)
    texts = page_texts(pdf)
    assert len(texts) == 2  # one sheet per copy
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        sizes = {round(c["size"], 1) for c in doc.pages[0].chars}
    assert max(sizes) < 12  # the title (12 pt at the normal size) came down with the rest
    for i in range(1, 11):
        assert_has(texts[0], long_document_name(i))


@pytest.mark.parametrize("n", range(3, 14))
def test_growing_document_lists_keep_blocks_whole(n: int) -> None:
    texts = page_texts(build_receipt(_with_documents(n), SAMPLE_DESK, copies=(1,)))
    whole = " ".join(texts)
    for i in range(1, n + 1):
        assert_has(whole, long_document_name(i))
    signing = [t for t in texts if "NGƯỜI TIẾP NHẬN HỒ SƠ" in t]
    assert len(signing) == 1 and "Đặng Hữu Phước" in signing[0]  # the signature block is not split
    with pdfplumber.open(io.BytesIO(build_receipt(_with_documents(n), SAMPLE_DESK, copies=(1,)))) as doc:
        sizes = {round(c["size"], 1) for c in doc.pages[0].chars}
    if len(texts) > 1:
        assert 12.0 in sizes  # more than one sheet: printed at the normal size, not shrunk


def test_a_block_taller_than_a_page_still_flows() -> None:
    dossier = sample_dossier()
    address = " ".join(f"Ấp {i} xã Tân Phú" for i in range(400))
    dossier["applicant"] = dict(dossier["applicant"], address=address)
    texts = page_texts(build_receipt(dossier, SAMPLE_DESK, copies=(1,)))
    assert len(texts) >= 2
    # drawn after the page's content: the footer, and the copy marker written into its slot
    footer = re.compile(
        r" ?(Mã hồ sơ: \S+ — \(Liên 1: Lưu\) — Trang \d+/\d+|\(Liên 1: Lưu\)"
        r"|GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ \(tiếp theo\) Mã hồ sơ: .*? năm 2026) ?"
    )  # and the heading of each continuation sheet
    assert_has(flat(" ".join(footer.sub(" ", t) for t in texts)), address, "NGƯỜI TIẾP NHẬN HỒ SƠ")
    assert "Địa chỉ: Ấp 0" in texts[0]  # the block starts on the first sheet, not after an empty one


def test_long_dossier_two_on_a4_keeps_copies_apart() -> None:
    pdf = build_receipt(long_dossier(25), SAMPLE_DESK, two_on_a4=True)
    assert_size(pdf, A4_LANDSCAPE)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        halves = [[], []]
        for page in doc.pages:
            half = page.width / 2
            for k, box in enumerate(((0, 0, half, page.height), (half, 0, page.width, page.height))):
                part = page.within_bbox(box)
                cells = [flat(c or "") for table in part.extract_tables() for row in table for c in row]
                halves[k].append(" ".join([region_text(page, *box), *cells]))
    for k, pages in enumerate(halves):
        whole = " ".join(pages)
        for i in range(1, 26):
            assert_has(whole, long_document_name(i))
        assert_has(pages[0], ("(Liên 1: Lưu)", "(Liên 2: Giao người nộp)")[k])


# --- the other slips -----------------------------------------------------------------------------------------

FORM_LABELS: dict[str, tuple[str, ...]] = {
    "supplement": (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Hồ sơ của: Nguyễn Thị Thuỳ Dương",
        "Yêu cầu hoàn thiện hồ sơ gồm những nội dung như sau:",
        "STT",
        "Thành phần hồ sơ",
        "Giấy ủy quyền (có chứng thực chữ ký)",
        "Lý do: Giấy ủy quyền chưa được chứng thực chữ ký",
        "ông Đặng Hữu Phước, công chức Tư pháp - Hộ tịch",
        "0251 3861 234",
        "NGƯỜI HƯỚNG DẪN",
        "Tân Phú, ngày 13 tháng 02 năm 2026",
    ),
    "refusal": (
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Tiếp nhận hồ sơ của: Nguyễn Thị Thuỳ Dương",
        "Nội dung yêu cầu giải quyết: Cấp bản sao Trích lục hộ tịch",
        "từ chối tiếp nhận, giải quyết hồ sơ này vì lý do sau:",
        "- Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã.",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    ),
    "apology": (
        "Số: 15/TTPVHCC",
        "Kính gửi: Ông/Bà Nguyễn Thị Thuỳ Dương",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 16 tháng 02 năm 2026",
        "Công chức Tư pháp - Hộ tịch xã Tân Phú",
        "Lý do: Cần xác minh thông tin",
        "xin lỗi",
        "Thời gian hẹn trả kết quả lại: 10 giờ 00 phút, ngày 19 tháng 02 năm 2026",
        "Tân Phú, ngày 15 tháng 02 năm 2026",
        "GIÁM ĐỐC",
        "Nơi nhận:",
    ),
    "stop": (
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Kính gửi: Ông/Bà Nguyễn Thị Thuỳ Dương",
        "Theo quyết định của Ủy ban nhân dân xã Tân Phú, Trung tâm Phục vụ hành chính công xã Tân Phú thông báo "
        "dừng giải quyết hồ sơ nêu trên.",
        "Lý do: Người yêu cầu có đơn đề nghị rút hồ sơ ngày 14/02/2026.",
    ),
    "control": (
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Kèm theo hồ sơ của: Nguyễn Thị Thuỳ Dương",
        "Ngày nhận: 10 giờ 00 phút, ngày 13 tháng 02 năm 2026",
        "Ngày, giờ hẹn trả kết quả: 10 giờ 00 phút, ngày 16 tháng 02 năm 2026",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Ủy ban nhân dân xã Tân Phú",
        "Cơ quan phối hợp giải quyết hồ sơ: Sở Tư pháp tỉnh Đồng Nai",
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        "KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
        "GHI CHÚ",
        "1. Giao: Trung tâm Phục vụ hành chính công xã Tân Phú",
        "2. Nhận: Công chức Tư pháp - Hộ tịch",
        "10 giờ 30 phút, ngày 13 tháng 02 năm 2026",
        "Người giao",
        "Người nhận",
        "Trương Ngọc Ánh",
        "Trước hạn",
        "Đúng hạn",
    ),
}

SET_SPECIFIC: dict[tuple[str, str], tuple[str, ...]] = {
    ("tt03-2025", "apology"): ("V/v xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ", "gia hạn"),
    ("tt01-2018", "apology"): ("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "hẹn lại thời gian trả kết quả"),
}


@pytest.mark.parametrize(
    ("set_key", "form"),
    [(s, f) for s, fset in FORM_SETS.items() for f in fset.forms if f not in ("receipt", "ledger")],
)
def test_each_slip_of_each_set(set_key: str, form: str) -> None:
    pdf = build_form(form, sample_dossier(), SAMPLE_DESK, form_set=set_key, **form_extras()[form])
    assert_size(pdf, A5)
    text = " ".join(page_texts(pdf))
    spec = FORM_SETS[set_key].forms[form]
    assert_has(text, f"Mẫu số {spec.number}", *FORM_LABELS[form], *SET_SPECIFIC.get((set_key, form), ()))
    assert_has(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND XÃ TÂN PHÚ")
    assert_has(text, "Nguyễn Thị Thuỳ Dương", CODE)
    for other in FORM_SETS[set_key].forms.values():
        if other.number != spec.number:
            assert f"Mẫu số {other.number}" not in text


def test_form_numbers_follow_the_set() -> None:
    numbers = {key: {f: s.number for f, s in fset.forms.items()} for key, fset in FORM_SETS.items()}
    assert numbers["tt03-2025"] == {
        "receipt": "01",
        "supplement": "02",
        "refusal": "03",
        "apology": "04",
        "stop": "05",
        "control": "06",
        "ledger": "07",
    }
    assert numbers["tt01-2018"] == {
        "receipt": "01",
        "supplement": "02",
        "refusal": "03",
        "apology": "04",
        "control": "05",
        "ledger": "06",
    }
    assert FORM_SETS["tt01-2018"].forms["apology"].title == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"


def test_2018_set_has_no_stop_notice() -> None:
    with pytest.raises(InvalidInput) as caught:
        build_form("stop", sample_dossier(), SAMPLE_DESK, form_set="tt01-2018", reason="x")
    assert "Thông tư số 01/2018/TT-VPCP" in caught.value.message
    assert "không có mẫu" in caught.value.message


def test_unknown_form_set_and_bad_input_are_refused() -> None:
    with pytest.raises(InvalidInput, match="Không có biểu mẫu"):
        build_form("giay-moi", sample_dossier(), SAMPLE_DESK)
    with pytest.raises(InvalidInput, match="Không có bộ biểu mẫu"):
        build_form("receipt", sample_dossier(), SAMPLE_DESK, form_set="tt99-2030")
    with pytest.raises(InvalidInput, match="Sổ theo dõi"):
        build_form("ledger", sample_dossier(), SAMPLE_DESK)
    with pytest.raises(InvalidInput, match="Thời điểm không hợp lệ"):
        build_receipt(sample_dossier(received_at="13/02/2026"), SAMPLE_DESK)
    with pytest.raises(TypeError):
        build_form("refusal", sample_dossier(), SAMPLE_DESK, reason="not a refusal keyword")


def test_blank_fields_print_dotted_lines_to_fill_by_hand() -> None:
    bare = {"code": None, "applicant": {"name": "Trương Ngọc Ánh"}, "documents": []}
    text = " ".join(page_texts(build_receipt(bare, {"agency_name": "Bộ phận Một cửa"}, copies=(1,))))
    assert_has(text, "Trương Ngọc Ánh", "4. Thời gian nhận hồ sơ: …… giờ …… phút, ngày …… tháng …… năm ……")
    assert "Phí, lệ phí" not in text


def test_control_sheet_without_handovers_has_blank_rows() -> None:
    text = " ".join(page_texts(build_form("control", sample_dossier(), SAMPLE_DESK)))
    assert text.count("1. Giao:") == 3 and text.count("Người nhận") == 3


# --- the ledger ----------------------------------------------------------------------------------------------

LEDGER_HEADERS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục",
    "Số lượng hồ sơ (bộ)",
    "Tên người nộp",
    "Địa chỉ",
    "Số điện thoại",
    "Ngày nhận hồ sơ",
    "Ngày hẹn trả",
    "Ngày trả kết quả",
    "Người nhận kết quả (ký)",
    "Ghi chú",
)


def test_ledger_of_1000_entries() -> None:
    entries = ledger_entries(1000)
    pdf = build_ledger(entries, SAMPLE_DESK, date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 5, 31))
    assert_size(pdf, A4_LANDSCAPE)
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total > 20
    texts = [flat(p.extract_text()) for p in reader.pages]
    assert_has(texts[0], "SỔ THEO DÕI HỒ SƠ", "(Từ ngày 01/02/2026 đến ngày 31/05/2026)", "Mẫu số 07")
    for n, text in enumerate(texts, start=1):
        assert_has(text, *LEDGER_HEADERS, f"Trang {n}/{total}")
    whole = " ".join(texts)
    for entry in entries:
        assert entry["code"].split("-", 1)[1] in whole
    assert_has(texts[-1], "1000")


def test_ledger_2018_number_and_empty_period() -> None:
    pdf = build_ledger([], SAMPLE_DESK, date_from="2026-02-01", date_to="2026-02-28", form_set="tt01-2018")
    text = " ".join(page_texts(pdf))
    assert_has(text, "Mẫu số 06", "Không có hồ sơ trong khoảng thời gian này.", "Trang 1/1")
    with pytest.raises(InvalidInput):
        build_ledger([], SAMPLE_DESK, date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 2, 1))


def test_ledger_row_content() -> None:
    entries = ledger_entries(3)
    pdf = build_ledger(entries, SAMPLE_DESK, date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        table = doc.pages[0].extract_tables()[-1]
    rows = [[flat(c or "") for c in row] for row in table]
    assert rows[0][3] == "Số lượng hồ sơ (bộ)"
    first = rows[1]
    assert first[0] == "1" and first[4] == "Nguyễn Thị Thuỳ Dương" and first[6] == "0912345678"
    assert first[7] == "02/02/2026 07:30" and first[9] == "04/02/2026 08:30" and first[10] == "Nguyễn Thị Thuỳ Dương"


# --- fonts ---------------------------------------------------------------------------------------------------


def test_no_font_available_raises_font_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_FONT_DIR, str(tmp_path))
    with pytest.raises(FontMissing) as caught:
        build_receipt(sample_dossier(), SAMPLE_DESK)
    assert isinstance(caught.value, DeskError)
    assert "Không tìm thấy phông chữ tiếng Việt" in caught.value.message
    assert "fonts-liberation2" in caught.value.message and "Times New Roman" in caught.value.message
    assert str(tmp_path) in caught.value.message
    monkeypatch.delenv(ENV_FONT_DIR)
    assert build_receipt(sample_dossier(), SAMPLE_DESK)  # the failure was not cached


def test_font_order_times_then_liberation_then_dejavu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundled = bundled_font_dir()
    monkeypatch.setenv(ENV_FONT_DIR, str(bundled))
    assert serif_family().family == "Liberation Serif"
    # Times New Roman's Windows file names win over everything else (Liberation files stand in for it here)
    times = tmp_path / "times"
    times.mkdir()
    for src, dst in (("Regular", "times"), ("Bold", "timesbd"), ("Italic", "timesi"), ("BoldItalic", "timesbi")):
        shutil.copy(bundled / f"LiberationSerif-{src}.ttf", times / f"{dst}.ttf")
    shutil.copytree(bundled, times / "sub")
    monkeypatch.setenv(ENV_FONT_DIR, str(times))
    assert serif_family().family == "Times New Roman"
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if (dejavu / "DejaVuSerif.ttf").exists():
        only = tmp_path / "dejavu"
        only.mkdir()
        for name in ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"):
            shutil.copy(dejavu / name, only / name)
        monkeypatch.setenv(ENV_FONT_DIR, str(only))
        assert serif_family().family == "DejaVu Serif"
        text = page_texts(build_receipt(sample_dossier(), SAMPLE_DESK, copies=(1,)))[0]
        assert "Nguyễn Thị Thuỳ Dương" in text


def test_incomplete_or_non_vietnamese_family_is_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copy(bundled_font_dir() / "LiberationSerif-Regular.ttf", tmp_path / "LiberationSerif-Regular.ttf")
    monkeypatch.setenv(ENV_FONT_DIR, str(tmp_path))
    with pytest.raises(FontMissing):
        serif_family()
    latin_only = SimpleNamespace(face=SimpleNamespace(charToGlyph={ord(c): 1 for c in "abcdefghAĐđ"}))
    assert not covers_vietnamese(latin_only)  # type: ignore[arg-type]


def test_bundled_font_ships_with_its_licence() -> None:
    folder = bundled_font_dir()
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (folder / f"LiberationSerif-{face}.ttf").is_file()
    assert "SIL OPEN FONT LICENSE" in (folder / "LICENSE").read_text(encoding="utf-8")


# --- formatting ----------------------------------------------------------------------------------------------


def test_money_and_counts() -> None:
    assert money(2000) == "2.000 đồng"
    assert money(0) == "0 đồng"
    assert money(999) == "999 đồng"
    assert money(1_234_567) == "1.234.567 đồng"
    assert money(Decimal("50000.00")) == "50.000 đồng"
    assert money(-5000) == "-5.000 đồng"
    with pytest.raises(InvalidInput):
        money(2000.5)
    assert count(1, "bộ") == "01 bộ"
    assert count(12, "bộ") == "12 bộ"
    assert count(3) == "03"
    assert count(None, "bộ") == "…… bộ"


@given(hs.integers(min_value=0, max_value=10**15))
def test_money_groups_by_thousands(n: int) -> None:
    text = money(n)
    digits = text.removesuffix(" đồng")
    assert digits.replace(".", "") == str(n)
    groups = digits.split(".")
    assert 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def test_dates_in_vietnam_time() -> None:
    assert time_date("2026-02-13T10:00:00+07:00") == "10 giờ 00 phút, ngày 13 tháng 02 năm 2026"
    assert time_date("2026-02-13T03:00:00Z") == "10 giờ 00 phút, ngày 13 tháng 02 năm 2026"
    assert time_date("2026-02-12T17:30:00+00:00") == "00 giờ 30 phút, ngày 13 tháng 02 năm 2026"
    assert time_date("2026-02-13T09:05:00") == "09 giờ 05 phút, ngày 13 tháng 02 năm 2026"  # no offset: VN
    assert time_date(dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC)) == "06 giờ 59 phút, ngày 01 tháng 01 năm 2027"
    assert date_long(dt.date(2026, 2, 3)) == "ngày 03 tháng 02 năm 2026"
    assert date_long("2026-02-03") == "ngày 03 tháng 02 năm 2026"
    assert place_date("Tân Phú", dt.date(2026, 2, 13)) == "Tân Phú, ngày 13 tháng 02 năm 2026"
    assert place_date(None, None) == "……, ngày …… tháng …… năm ……"
    assert time_date(None) == "…… giờ …… phút, ngày …… tháng …… năm ……"
    with pytest.raises(InvalidInput):
        time_date("13/02/2026 10:00")


# --- output and layering -------------------------------------------------------------------------------------


def test_write_atomic(tmp_path: Path, receipt: bytes) -> None:
    target = tmp_path / "giay-hen.pdf"
    target.write_bytes(b"old")
    write_atomic(target, receipt)
    assert target.read_bytes() == receipt
    assert [p.name for p in tmp_path.iterdir()] == ["giay-hen.pdf"]
    with pytest.raises(OSError):
        write_atomic(tmp_path / "missing-dir" / "x.pdf", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["giay-hen.pdf"]


def test_printing_imports_no_qt_and_no_ui() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['ui'] = None\n"
        "import printing, printing.forms, printing.ledger, printing.samples\n"
        "import printing.styles, printing.flowables, printing.pages\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'ui') and sys.modules[m]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
