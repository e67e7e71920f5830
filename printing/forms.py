"""The slips of the one-stop desk (receipt, supplement, refusal, apology, stop, control) from plain dossier dicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from desk.errors import InvalidInput
from desk.printdata import fee_wording
from desk.setup import DEFAULT_SIGNER_TITLE
from desk.text import nfc
from desk.timeutil import now
from printing.flowables import Signer, Slot, beside_qr, documents_table, header, signatures, title_block
from printing.formsets import DEFAULT_FORM_SET, FORM_NAMES_VI, FormSet, FormSpec, get_form_set
from printing.pages import (
    Continuation,
    Meta,
    Overflow,
    build_document,
    imposed_frame,
    numbered,
    page_frame,
    replicate,
)
from printing.styles import (
    FLOW_MARGINS,
    SLIP_MARGINS,
    SLIP_SIZES,
    P,
    Styles,
    content_width,
    esc,
    grid_style,
    labelled,
    plain_style,
    slip_styles,
    upper,
    val,
)
from printing.vnformat import DOTS, count, date_long, datetime_short, money, place_date, time_date

LINE = DOTS * 12  # a blank free-text field, long enough to write in by hand

COPY_MARKERS = {1: "(Liên 1: Lưu)", 2: "(Liên 2: Giao người nộp)"}
SLIP_FORMS = ("receipt", "supplement", "refusal", "apology", "stop", "control")
LETTER_SIGN_SPACE = 48  # about 17 mm: the head's signature and the seal over it
RECEIPT_SIGN_SPACE = 3.0  # × the body size (30 pt at 10 pt, 27 at 9): a clerk's and an applicant's signature


@dataclass(frozen=True)
class _Ctx:
    """What every slip builder needs: the spec, its set, styles, width and the two input dicts."""

    spec: FormSpec
    fset: FormSet
    st: Styles
    width: float
    dossier: dict[str, Any]
    desk: dict[str, Any]

    @property
    def applicant(self) -> dict[str, Any]:
        """The applicant sub-dict (empty when absent)."""
        return self.dossier.get("applicant") or {}

    @property
    def procedure(self) -> dict[str, Any]:
        """The procedure sub-dict (empty when absent)."""
        return self.dossier.get("procedure") or {}

    @property
    def agency(self) -> str:
        """The desk's name as written in sentences."""
        return str(self.desk.get("agency_name") or self.fset.desk_term)

    def meta(self) -> Meta:
        """PDF information: the form's name and the dossier code, authored by the desk."""
        code = str(self.dossier.get("code") or "")
        title = FORM_NAMES_VI[self.spec.key] + (f" — {code}" if code else "")
        return Meta(
            title=title,
            author=self.agency,
            subject=f"{self.spec.marker} — {self.fset.legal_basis}",
            keywords=code,
        )


def _context(
    form: str, dossier: dict[str, Any], desk: dict[str, Any], form_set_key: str, body_size: float = SLIP_SIZES[0]
) -> _Ctx:
    """Resolve the set and form (InvalidInput when unknown or absent from the set) and check the inputs."""
    if not isinstance(dossier, dict):
        raise InvalidInput("Dữ liệu hồ sơ không hợp lệ (cần một đối tượng JSON).", field="dossier")
    if not isinstance(desk, dict):
        raise InvalidInput("Thông tin đơn vị không hợp lệ (cần một đối tượng JSON).", field="desk")
    fset = get_form_set(form_set_key)
    spec = fset.spec(form)
    st = slip_styles(body_size)
    return _Ctx(spec, fset, st, content_width(spec.paper, SLIP_MARGINS), dossier, desk)


# --- pieces shared by the slips ------------------------------------------------------------------------------


def _title(c: _Ctx, *extra: Paragraph, code: bool = True) -> list[Flowable]:
    """The centered bold title, 'Mã hồ sơ: …' and any extra line (the copy marker)."""
    st = c.st
    lines: list[Paragraph] = [P(esc(c.spec.title), st.title)]
    if code:
        lines.append(P(f"Mã hồ sơ: <b>{val(c.dossier.get('code'))}</b>", st.body_center))
    lines.extend(extra)
    return title_block(lines)


def _applicant_lines(c: _Ctx, first_label: str) -> list[Flowable]:
    """Applicant's name, address, phone and email, and the content requested."""
    st, a = c.st, c.applicant
    return [
        labelled(first_label, a.get("name"), st.item, bold=True),
        labelled("Địa chỉ:", a.get("address"), st.item),
        P(
            f"Số điện thoại: {val(a.get('phone'))}&nbsp;&nbsp;&nbsp;&nbsp;Email: {val(a.get('email'))}",
            st.item,
        ),
        labelled("Nội dung yêu cầu giải quyết:", c.procedure.get("name"), st.item),
    ]


def _item(text: str, c: _Ctx, *, keep: bool = False) -> Paragraph:
    """A numbered or plain item line of markup; keep=True keeps it with what follows."""
    para = P(text, c.st.item)
    if keep:
        para.keepWithNext = True
    return para


def _issued(value: str | dt.datetime | dt.date | None) -> str | dt.datetime | dt.date:
    """The date printed in the place-date line: the one given, else today in Vietnam."""
    return value if value not in (None, "") else now()


def _place(c: _Ctx) -> str | None:
    """The place printed before the date."""
    return c.desk.get("place")


def _fee(c: _Ctx) -> str | None:
    """The fee as printed (the catalog's wording without its own «Lệ phí:» label, or «2.000 đồng»), None when the
    procedure has none (desk.printdata.fee_wording)."""
    p = c.procedure
    text = p.get("fee_text") if isinstance(p.get("fee_text"), str) else None
    amount = p.get("fee_amount")
    if not text and amount:
        return money(amount)
    return fee_wording(text, amount if isinstance(amount, int) else None)


def _delivery(c: _Ctx) -> str:
    """Where the result is collected: at the desk, or by public post to the applicant's address."""
    how = c.dossier.get("result_delivery")
    if how == "post":
        address = c.applicant.get("address")
        tail = f" đến địa chỉ: {esc(address)}" if esc(address) else ""
        return f"Qua dịch vụ bưu chính công ích{tail}"
    if how == "desk":
        return esc(c.agency)
    return LINE


def _notes(c: _Ctx, lines: Sequence[str]) -> list[Flowable]:
    """'Ghi chú:' and the template's notes, small, each a line of its own (bold, not bold italic: one font subset
    fewer per receipt)."""
    first, *rest = lines
    out: list[Flowable] = [Spacer(1, 2), P(f"<b>Ghi chú:</b> - {first}", c.st.note)]
    out += [P(f"- {line}", c.st.note) for line in rest]
    return out


def _head_signer(c: _Ctx) -> Signer:
    """Who signs the desk's letters, as Decree 30/2020 lays it out: the authority line when a deputy signs for the
    head («KT. GIÁM ĐỐC»), the title, room to sign and stamp, the full name (the desk's settings)."""
    title = upper(c.desk.get("signer_title")) or DEFAULT_SIGNER_TITLE
    authority = upper(c.desk.get("signer_authority"))
    return Signer(f"{authority}\n{title}" if authority else title, c.desk.get("signer_name"), hint="",
                  space=LETTER_SIGN_SPACE)  # fmt: skip


def _recipients(c: _Ctx) -> list[Flowable]:
    """'Nơi nhận:' of a letter."""
    small = c.st.note
    return [
        P("<b><i>Nơi nhận:</i></b>", small),
        P("- Như trên;", small),
        P("- Lưu: VT.", small),
    ]


def _kinh_gui(c: _Ctx) -> Paragraph:
    """'Kính gửi: Ông/Bà …'."""
    return P(f"Kính gửi: Ông/Bà <b>{val(c.applicant.get('name'))}</b>", c.st.body_center)


# --- the slips -----------------------------------------------------------------------------------------------


def receipt_story(c: _Ctx) -> list[Flowable]:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả; the copy marker line is a Slot filled per copy."""
    st, d, p = c.st, c.dossier, c.procedure
    received = d.get("received_at")
    story = header(st, c.width, c.desk, marker=c.spec.marker, date_line=place_date(_place(c), _issued(received)))
    story += _title(c, Slot(st.body.leading))
    code = d.get("code")
    story.append(beside_qr(st, _applicant_lines(c, "Tiếp nhận hồ sơ của:"), str(code) if code else None, c.width))
    story.append(_item("1. Thành phần hồ sơ nộp gồm:", c, keep=True))
    story.append(Spacer(1, 2))
    story.append(documents_table(st, c.width, d.get("documents") or []))
    sets = d.get("sets")
    story.append(_item(f"2. Số lượng hồ sơ: {count(sets if sets is not None else None)} (bộ)", c))
    story.append(_item(f"3. Thời gian giải quyết hồ sơ theo quy định là: {val(p.get('duration_text'), LINE)}", c))
    story.append(_item(f"4. Thời gian nhận hồ sơ: {time_date(received)}", c))
    story.append(_item(f"5. Thời gian trả kết quả giải quyết hồ sơ: <b>{time_date(d.get('due_at'))}</b>", c))
    story.append(_item(f"6. Đăng ký nhận kết quả tại: {_delivery(c)}", c))
    fee = _fee(c)
    if fee:
        # a long catalog wording (the cases of a fee) is reference text: printed small, it keeps the slip on a sheet
        long_fee = len(fee) > 90
        story.append(P(f"Phí, lệ phí: {esc(fee)}", st.note if long_fee else st.item))
    story.append(
        _item(
            f"Vào Sổ theo dõi hồ sơ, Quyển số: {val(d.get('book_no'))}&nbsp;&nbsp;&nbsp;"
            f"Số thứ tự: {val(d.get('entry_no'))}",
            c,
        )
    )
    story.append(Spacer(1, 3))
    story.append(
        signatures(
            st,
            c.width,
            [Signer("NGƯỜI NỘP HỒ SƠ"), Signer("NGƯỜI TIẾP NHẬN HỒ SƠ", d.get("actor_name"))],
            space=RECEIPT_SIGN_SPACE * st.size,
        )
    )
    term = c.fset.desk_term
    story += _notes(
        c,
        [
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; 01 liên chuyển kèm theo Phiếu kiểm "
            f"soát quá trình giải quyết hồ sơ và được lưu tại {term}; 01 liên giao cho cá nhân, tổ chức nộp hồ sơ;",
            f"Cá nhân, tổ chức có thể nhận kết quả tại {term} hoặc đăng ký nhận kết quả tại nhà (trụ sở tổ chức) "
            "qua dịch vụ bưu chính.",
        ],
    )
    return story


def supplement_story(
    c: _Ctx,
    *,
    missing: Sequence[dict[str, Any]] | None = None,
    reason: str | None = None,
    guide_text: str | None = None,
    contact: dict[str, Any] | str | None = None,
    issued_at: str | dt.datetime | dt.date | None = None,
) -> list[Flowable]:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — everything missing, listed at once."""
    st = c.st
    story = header(st, c.width, c.desk, marker=c.spec.marker, date_line=place_date(_place(c), _issued(issued_at)))
    story += _title(c)
    story += _applicant_lines(c, "Hồ sơ của:")
    story.append(_item("Yêu cầu hoàn thiện hồ sơ gồm những nội dung như sau:", c, keep=True))
    story.append(Spacer(1, 2))
    story.append(
        documents_table(
            st, c.width, list(missing or []), number_header="STT", name_header="Thành phần hồ sơ", with_note=True
        )
    )
    story.append(labelled("Lý do:", reason, st.item))
    guide = guide_text or f"Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) và tại {c.agency}"
    story.append(_item(f"Quy định của thủ tục hành chính được công khai tại: {esc(guide)}", c))
    if isinstance(contact, dict):
        official, phone = contact.get("official"), contact.get("phone")
    else:
        official, phone = contact, None
    story.append(
        _item(
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ "
            f"{val(official, LINE)}, số điện thoại {val(phone, DOTS * 6)} để được hướng dẫn.",
            c,
        )
    )
    story.append(Spacer(1, 6))
    story.append(signatures(st, c.width, [None, Signer("NGƯỜI HƯỚNG DẪN", c.dossier.get("actor_name"))]))
    return story


def refusal_story(
    c: _Ctx,
    *,
    reasons: Sequence[str] | None = None,
    issued_at: str | dt.datetime | dt.date | None = None,
) -> list[Flowable]:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reasons."""
    st = c.st
    story = header(st, c.width, c.desk, marker=c.spec.marker, date_line=place_date(_place(c), _issued(issued_at)))
    story += _title(c, code=bool(c.dossier.get("code")))
    story += _applicant_lines(c, "Tiếp nhận hồ sơ của:")
    story.append(
        _item(
            f"Sau khi xem xét hồ sơ, {esc(c.agency)} từ chối tiếp nhận, giải quyết hồ sơ này vì lý do sau:",
            c,
            keep=True,
        )
    )
    shown = [r for r in (reasons or []) if esc(r)]
    for reason in shown or [LINE * 2, LINE * 2]:
        story.append(P(f"-&nbsp;{esc(reason)}", st.hanging))  # a long reason hangs under its first word
    story.append(_item("Xin thông báo để Ông/Bà được biết và thực hiện./.", c))
    story.append(Spacer(1, 6))
    story.append(
        signatures(
            st, c.width, [Signer("NGƯỜI NỘP HỒ SƠ"), Signer("NGƯỜI TIẾP NHẬN HỒ SƠ", c.dossier.get("actor_name"))]
        )
    )
    return story


def _procedure(p: dict[str, Any]) -> str:
    """«thủ tục “Cấp bản sao …”» in a letter's sentence; a catalog name that says «Thủ tục …» itself is quoted alone."""
    name = val(p.get("name"))
    return f"“{name}”" if name.lower().startswith("thủ tục") else f"thủ tục “{name}”"


def _number_lines(c: _Ctx, letter_no: str | None, subject: str | None) -> list[Flowable]:
    """'Số: …' and the 'V/v …' subject under the desk's name, as letters carry them."""
    out: list[Flowable] = [P(f"Số: {val(letter_no, DOTS * 4)}", c.st.body_center)]
    if subject:
        out.append(P(esc(subject), c.st.sign_hint))
    return out


def apology_story(
    c: _Ctx,
    *,
    letter_no: str | None = None,
    original_due_at: str | dt.datetime | None = None,
    new_due_at: str | dt.datetime | None = None,
    late_unit: str | None = None,
    reason: str | None = None,
    issued_at: str | dt.datetime | dt.date | None = None,
    late: bool = False,
) -> list[Flowable]:
    """Mẫu 04: the apology and new appointment — a letter in 2025, a titled slip in 2018 (its wording followed where
    the 2025 template's is not known). Sent before the appointment (as the law asks), it announces that the result
    cannot be returned on time; sent after it (``late``, confirmed by the clerk), it says the appointment has passed
    and that the letter comes late."""
    st, d, p = c.st, c.dossier, c.procedure
    letter = c.fset.apology_is_letter
    subject = "V/v xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ" if letter else None
    story = header(
        st,
        c.width,
        c.desk,
        marker=c.spec.marker,
        date_line=place_date(_place(c), _issued(issued_at)),
        left_extra=_number_lines(c, letter_no, subject),
    )
    if letter:
        story.append(Spacer(1, 10))
    else:
        story += [Spacer(1, 4), *_title(c, code=False)]
    story.append(_kinh_gui(c))
    story.append(Spacer(1, 4))
    due = original_due_at if original_due_at not in (None, "") else d.get("due_at")
    agency = esc(c.agency)
    unit = val(late_unit or None, LINE)
    body = st.body_indent
    if late:
        situation = (
            f"Tuy nhiên, đã quá thời gian hẹn trả kết quả nêu trên mà {unit} chưa trả kết quả giải quyết hồ sơ cho "
            "Ông/Bà; văn bản này được gửi sau thời gian hẹn trả kết quả."
        )
        sorry = f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {agency} trân trọng xin lỗi Ông/Bà và "
    else:
        situation = f"Tuy nhiên, {unit} không thể trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời gian hẹn nêu trên."
        sorry = f"Việc chậm trả kết quả gây phiền hà cho Ông/Bà. {agency} trân trọng xin lỗi Ông/Bà và "
    paras = [
        f"{agency} tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết {_procedure(p)} vào lúc "
        f"{time_date(d.get('received_at'))}; Mã hồ sơ: <b>{val(d.get('code'))}</b>.",
        f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {time_date(due)}.",
        situation,
        f"Lý do: {val(reason, LINE * 2)}",
        sorry + ("đề nghị gia hạn thời gian giải quyết hồ sơ." if letter else "hẹn lại thời gian trả kết quả."),
        f"Thời gian hẹn trả kết quả lại: <b>{time_date(new_due_at)}</b>, tại {agency}.",
        f"{agency} xin trân trọng cảm ơn./." if not letter else "Trân trọng./.",
    ]
    for text in paras:
        story.append(P(text, body))
    story.append(Spacer(1, 6))
    story.append(signatures(st, c.width, [_recipients(c), _head_signer(c)]))
    return story


def stop_story(
    c: _Ctx,
    *,
    reason: str | None = None,
    decided_by: str | None = None,
    letter_no: str | None = None,
    issued_at: str | dt.datetime | dt.date | None = None,
) -> list[Flowable]:
    """Mẫu 05 (2025): Thông báo dừng giải quyết hồ sơ, with the reason; the Centre notifies and signs, naming whoever
    decided the stop."""
    st, d, p = c.st, c.dossier, c.procedure
    story = header(
        st,
        c.width,
        c.desk,
        marker=c.spec.marker,
        date_line=place_date(_place(c), _issued(issued_at)),
        left_extra=_number_lines(c, letter_no, None),
    )
    story += [Spacer(1, 4), *_title(c)]
    story.append(_kinh_gui(c))
    story.append(Spacer(1, 4))
    agency = esc(c.agency)
    decided = f"Theo quyết định của {esc(decided_by)}, {agency}" if esc(decided_by) else agency
    paras = [
        f"{date_long(d.get('received_at')).capitalize()}, {agency} tiếp nhận hồ sơ của Ông/Bà "
        f"đề nghị giải quyết {_procedure(p)}, Mã hồ sơ: <b>{val(d.get('code'))}</b>, "
        f"thời gian hẹn trả kết quả: {time_date(d.get('due_at'))}.",
        f"{decided} thông báo dừng giải quyết hồ sơ nêu trên.",
        f"Lý do: {val(reason, LINE * 2)}",
        "Xin thông báo để Ông/Bà được biết./.",
    ]
    for text in paras:
        story.append(P(text, st.body_indent))
    story.append(Spacer(1, 6))
    story.append(signatures(st, c.width, [_recipients(c), _head_signer(c)]))
    return story


BLANK_HANDOVERS = 3  # rows left for the hand-overs written by hand as the paper dossier travels


def _fit_name(value: object | None, style: ParagraphStyle, width: float, smallest: float = 6.0) -> Paragraph:
    """A name on one line of a narrow signature cell, its size brought down as far as ``smallest`` to fit; a name
    longer still (six words and more) goes on two balanced lines rather than wrapping raggedly."""
    text = nfc(str(value or "")).strip()

    def fits(line: str, size: float) -> bool:
        return stringWidth(line, style.fontName, size) <= width

    size = style.fontSize
    while size > smallest and not fits(text, size):
        size -= 0.25
    if fits(text, size) or " " not in text:
        return P(f'<font size="{size:g}">{esc(text)}</font>' if text else "", style)
    words = text.split()
    cut = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
    first, second = " ".join(words[:cut]), " ".join(words[cut:])
    size = style.fontSize
    while size > smallest and not (fits(first, size) and fits(second, size)):
        size -= 0.25
    return P(f'<font size="{size:g}">{esc(first)}<br/>{esc(second)}</font>', style)


def _filled(label: str, value: object | None, style: ParagraphStyle, width: float) -> Paragraph:
    """«1. Giao: <unit>», or the label and dots to the end of its line for the hand to fill (never several lines)."""
    if esc(value):
        return P(f"{label} {esc(value)}", style)
    room = width - stringWidth(label + " ", style.fontName, style.fontSize)
    dots = max(3, int(room / stringWidth(".", style.fontName, style.fontSize)) - 1)
    return P(f"{label} {'.' * dots}", style)


def _handover_rows(c: _Ctx, handovers: Sequence[dict[str, Any]], cols: Sequence[float]) -> list[list[Any]]:
    """One row per hand-over the desk knows (units given/received, the time with both signatures, the result, the
    note), then blank rows for those to come, each cell saying what goes where."""
    st = c.st
    cell, center = st.cell, st.cell_center
    hint = ParagraphStyle("desk-sign-cell", parent=center, fontName=st.fonts.italic, fontSize=cell.fontSize - 1)
    half = (cols[1] - 6) / 2
    rows: list[list[Any]] = []
    for h in [*handovers, *({} for _ in range(BLANK_HANDOVERS))]:
        people = Table(
            [
                [P("Người giao", center), P("Người nhận", center)],
                [P("(Ký)", hint), P("(Ký)", hint)],
                ["", ""],
                [_fit_name(h.get("from_person"), center, half - 2), _fit_name(h.get("to_person"), center, half - 2)],
            ],
            colWidths=[half] * 2,
            rowHeights=[None, None, 22, None],
            style=plain_style(st),
        )
        result: list[Flowable] = [P(f"<b>{esc(h.get('result'))}</b>", center)] if esc(h.get("result")) else []
        if h.get("step_due_at"):
            result.append(P(f"<i>Hạn: {esc(datetime_short(h['step_due_at']))}</i>", center))
        rows.append(
            [
                [
                    _filled("1. Giao:", h.get("from_unit"), cell, cols[0] - 6),
                    _filled("2. Nhận:", h.get("to_unit"), cell, cols[0] - 6),
                ],
                [P(time_date(h.get("at")).replace(", ngày", ",<br/>ngày"), center), Spacer(1, 2), people],
                result or "",
                P(esc(h.get("note")), cell),
            ]
        )
    return rows


def control_story(
    c: _Ctx,
    *,
    handovers: Sequence[dict[str, Any]] | None = None,
    deciding_unit: str | None = None,
    cooperating_units: Sequence[str] | str | None = None,
) -> list[Flowable]:
    """Mẫu 06 (05 in 2018): Phiếu kiểm soát quá trình giải quyết hồ sơ — one row per hand-over, and always blank rows
    after them: the sheet travels with the paper dossier and is filled by hand."""
    st, d = c.st, c.dossier
    story = header(st, c.width, c.desk, marker=c.spec.marker, date_line=None)
    story += _title(c)
    if isinstance(cooperating_units, str):
        coop: str | None = cooperating_units
    else:
        coop = "; ".join(u for u in (cooperating_units or []) if u) or None
    story += [
        labelled("Kèm theo hồ sơ của:", c.applicant.get("name"), st.item, bold=True),
        P(f"Ngày nhận: {time_date(d.get('received_at'))}", st.item),
        P(f"Ngày, giờ hẹn trả kết quả: <b>{time_date(d.get('due_at'))}</b>", st.item),
        labelled("Cơ quan (bộ phận) giải quyết hồ sơ:", deciding_unit, st.item),
        labelled("Cơ quan phối hợp giải quyết hồ sơ:", coop, st.item),
        Spacer(1, 5),
    ]
    w = c.width
    cols = [w * 0.26, w * 0.42, w * 0.18, w * 0.14]
    h = st.cell_head
    small = f'<font size="{st.cell.fontSize - 1.5:g}">'
    # Lines broken where a reader breaks them: a phrase («HỒ SƠ», «KẾT QUẢ») never comes apart.
    head = [
        P("TÊN CƠ&nbsp;QUAN", h),
        P("THỜI GIAN GIAO,<br/>NHẬN HỒ&nbsp;SƠ", h),
        P(
            f"KẾT&nbsp;QUẢ<br/>GIẢI&nbsp;QUYẾT<br/>HỒ&nbsp;SƠ<br/>{small}(Trước&nbsp;hạn/<br/>Đúng&nbsp;hạn/<br/>"
            "Quá&nbsp;hạn)</font>",
            h,
        ),
        P("GHI&nbsp;CHÚ", h),
    ]
    rows = [head, *_handover_rows(c, handovers or [], cols)]
    story.append(Table(rows, colWidths=cols, repeatRows=1, style=grid_style(st, 1)))
    return story


_STORIES: dict[str, Callable[..., list[Flowable]]] = {
    "supplement": supplement_story,
    "refusal": refusal_story,
    "apology": apology_story,
    "stop": stop_story,
    "control": control_story,
}


def _prefix(c: _Ctx) -> str:
    """Footer prefix 'Mã hồ sơ: …' of slips that run past one page."""
    code = esc(c.dossier.get("code"))
    return f"Mã hồ sơ: {code}" if code else ""


_CONTINUED = ("receipt", "supplement", "refusal", "control")  # slips that may run onto more sheets
_WITH_APPOINTMENT = ("receipt", "control")


def _continuation(c: _Ctx) -> Continuation | None:
    """The heading of a slip's continuation sheets: its title «(tiếp theo)», the code, the applicant and (receipt,
    control sheet) the appointment — so a sheet that comes loose still says whose it is and when it is due."""
    if c.spec.key not in _CONTINUED:
        return None
    st = c.st
    lines = [f"<b>{esc(c.spec.title)}</b> <i>(tiếp theo)</i>"]
    who = [f"Mã hồ sơ: <b>{esc(c.dossier.get('code'))}</b>"] if esc(c.dossier.get("code")) else []
    who.append(f"Người nộp: <b>{val(c.applicant.get('name'))}</b>")
    lines.append(" — ".join(who))
    if c.spec.key in _WITH_APPOINTMENT:
        lines.append(f"Thời gian trả kết quả: <b>{time_date(c.dossier.get('due_at'))}</b>")
    paras = [P(text, st.body_center) for text in lines]
    gap = 4.0
    height = sum(p.wrap(c.width, 1000)[1] for p in paras) + 2 * gap + 1

    def draw(canv: Canvas, x: float, top: float, width: float) -> None:
        y = top
        for para in paras:
            _w, h = para.wrapOn(canv, width, 1000)
            para.drawOn(canv, x, y - h)
            y -= h
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.line(x, y - gap, x + width, y - gap)
        canv.restoreState()

    return Continuation(height, draw)


def _fitted(make: Callable[[float, int | None], bytes]) -> bytes:
    """Build at the normal size; a slip that spills just onto a second sheet is laid out again smaller.

    Each try stops after layout (no PDF written) when it overflows. Content that needs three sheets or more is
    long anyway: it flows on at the normal size rather than shrinking.
    """
    for size in SLIP_SIZES:
        try:
            return make(size, 1)
        except Overflow as over:
            if over.pages > 2:
                break
    return make(SLIP_SIZES[0], None)


# --- public API ----------------------------------------------------------------------------------------------


def build_receipt(
    dossier: dict[str, Any],
    desk: dict[str, Any],
    *,
    form_set: str = DEFAULT_FORM_SET,
    two_on_a4: bool = False,
    copies: Sequence[int] = (1, 2),
) -> bytes:
    """The receipt PDF: each copy on A5 from its own page, or both side by side on one A4 landscape sheet."""
    _context("receipt", dossier, desk, form_set)
    wanted = [n for n in copies if n in COPY_MARKERS]
    if not wanted or len(wanted) != len(list(copies)):
        raise InvalidInput("Liên cần in phải là 1 và/hoặc 2.", field="copies")
    markers = [COPY_MARKERS[n] for n in wanted]

    def make(body_size: float, page_limit: int | None) -> bytes:
        c = _context("receipt", dossier, desk, form_set, body_size)
        story = receipt_story(c)
        margins = SLIP_MARGINS if page_limit == 1 else FLOW_MARGINS
        later = None if page_limit == 1 else _continuation(c)  # a one-sheet try has no later sheets
        if two_on_a4:
            sheet, box, inset, half = imposed_frame(margins)
            finish = replicate(c.st, margins, markers, prefix=_prefix(c), side_by_side=half, page_w=A5[0], origin=inset)
            return build_document(sheet, box, [story], c.meta(), finish, page_limit=page_limit,
                                  later=later)  # fmt: skip
        size, box = page_frame(c.spec.paper, margins)
        finish = replicate(c.st, margins, markers, prefix=_prefix(c), page_w=size[0])
        return build_document(size, box, [story], c.meta(), finish, page_limit=page_limit, later=later)

    return _fitted(make)


def build_form(
    form: str,
    dossier: dict[str, Any],
    desk: dict[str, Any],
    *,
    form_set: str = DEFAULT_FORM_SET,
    **extra: Any,
) -> bytes:
    """One slip as PDF bytes: form in receipt|supplement|refusal|apology|stop|control; extras per form."""
    if form == "receipt":
        return build_receipt(dossier, desk, form_set=form_set, **extra)
    if form not in SLIP_FORMS:
        _context(form, dossier, desk, form_set)  # raises for unknown names; the ledger has its own builder
        raise InvalidInput("Sổ theo dõi hồ sơ được in bằng build_ledger (cần khoảng thời gian).", field="form")

    def make(body_size: float, page_limit: int | None) -> bytes:
        c = _context(form, dossier, desk, form_set, body_size)
        story = _STORIES[form](c, **extra)
        margins = SLIP_MARGINS if page_limit == 1 else FLOW_MARGINS
        later = None if page_limit == 1 else _continuation(c)
        size, box = page_frame(c.spec.paper, margins)
        finish = numbered(c.st, margins, size[0], prefix=_prefix(c))
        return build_document(size, box, [story], c.meta(), finish, page_limit=page_limit, later=later)

    return _fitted(make)
