"""A dossier's lifecycle, said once (domain.md §3): the statuses, the steps each status allows, what each step does
to a dossier, the payload keys that effect reads, and the labels people read.

The desk's projections (desk/projections.py), its workflow commands (desk/workflow.py), the sync protocol
(sync/protocol.py) and the provincial server (sync/server/) all read this module; nothing else defines a transition.
The labels are Vietnamese; the GUI translates them (ui/labels.py, context ``labels``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class Status(IntEnum):
    """A dossier's status as the National Public Service Portal codes it (TrangThaiHoSo)."""

    NEW = 1
    RECEIVED = 2
    NOT_ACCEPTED = 3
    PROCESSING = 4
    SUPPLEMENT = 5
    FINANCIAL = 6
    WITHDRAWN = 7
    STOPPED = 8
    RESOLVED = 9
    RETURNED = 10


# Plain ints as keys and values below (an IntEnum would travel into Qt combo boxes and JSON as something else).
STATUS_LABELS: dict[int, str] = {
    Status.NEW: "Mới đăng ký",
    Status.RECEIVED: "Được tiếp nhận",
    Status.NOT_ACCEPTED: "Không được tiếp nhận",
    Status.PROCESSING: "Đang xử lý",
    Status.SUPPLEMENT: "Yêu cầu bổ sung giấy tờ",
    Status.FINANCIAL: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.RESOLVED: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}
STATUS_LABELS = {int(k): v for k, v in STATUS_LABELS.items()}

CHANNEL_LABELS: dict[int, str] = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Qua bưu chính công ích"}

# Groups of statuses the lists, the home tiles and the report use.
RUNNING: tuple[int, ...] = (2, 4, 6)  # the clock runs (received, processing, financial duty): due soon, late
WAITING: int = 5  # the clock stops until the citizen brings the supplement (domain.md §4)
READY: int = 9  # the result waits at the desk
OPEN: tuple[int, ...] = (*RUNNING, WAITING, READY)  # not finished yet (a result not handed back included)
CLOSED_EARLY: tuple[int, ...] = (3, 7, 8)  # finished without a result: refused, withdrawn, stopped

_ANY = frozenset(int(s) for s in Status)

# Applicant fields a clerk may correct: the field name in events -> the column of a dossier's state.
CORRECTABLE: dict[str, str] = {"name": "name", "id_number": "id_number", "phone": "phone", "email": "email",
                               "address": "address"}  # fmt: skip

State = Mapping[str, Any]  # a dossier's current state: a row of the desk's ``dossiers``, or the server's view
Payload = Mapping[str, Any]


# -- payload rules ------------------------------------------------------------------------------------------------

_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([+-][0-9]{2}:[0-9]{2}|Z)")


def instant(value: Any) -> dt.datetime | None:
    """An ISO 8601 instant with its offset, as events carry them; None when ``value`` is not one."""
    if not isinstance(value, str) or not _INSTANT.fullmatch(value):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _is_instant(value: Any) -> bool:
    return instant(value) is not None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_text(v) for v in value)


def _is_correctable(value: Any) -> bool:
    return value in CORRECTABLE


_SHA256 = re.compile(r"[0-9a-f]{64}")
DIGITISED_PARTS = ("document", "result")
DIGITISED_SOURCES = ("scan", "import", "reuse")


def _is_sha256(value: Any) -> bool:
    return isinstance(value, str) and bool(_SHA256.fullmatch(value))


@dataclass(frozen=True)
class Rule:
    """A payload key that a step's effect (or its printed form) reads, and what it must hold."""

    key: str
    check: Callable[[Any], bool]
    message: str


# -- steps ----------------------------------------------------------------------------------------------------------

Effect = Callable[[State, Payload], dict[str, Any]]


@dataclass(frozen=True)
class Step:
    """One kind of event on a dossier after intake."""

    kind: str
    label: str  # what happened, as the timeline says it
    action: str  # the button that does it
    doing: str  # what the clerk is doing, in a sentence: «Không thể {doing}: …»
    allowed_from: frozenset[int]
    to_status: int | None  # None: the status stays
    effect: Effect  # the changes to the dossier's state besides its status
    rules: tuple[Rule, ...] = ()
    hint: str | None = None  # what to do instead, when the status does not allow the step
    by_processor: bool = False  # a processing unit (or the province) may record it on a desk's dossier

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed_from", frozenset(int(s) for s in self.allowed_from))
        if self.to_status is not None:
            object.__setattr__(self, "to_status", int(self.to_status))

    def changes(self, state: State, payload: Payload) -> dict[str, Any]:
        """The new values of the dossier's state after this step (only what changes)."""
        out = self.effect(state, payload)
        if self.to_status is not None:
            out["status"] = self.to_status
        return out


def _nothing(_state: State, _payload: Payload) -> dict[str, Any]:
    return {}


def _transferred(_state: State, p: Payload) -> dict[str, Any]:
    return {"holder": p.get("to_unit")}


def _supplement_requested(_state: State, p: Payload) -> dict[str, Any]:
    return {"paused_at": p.get("at")}


def _supplement_received(_state: State, p: Payload) -> dict[str, Any]:
    return {"paused_at": None, "due_at": p["due_at"]}


def _closed(_state: State, p: Payload) -> dict[str, Any]:
    return {"closed_at": p.get("at"), "paused_at": None}


def _result_ready(_state: State, p: Payload) -> dict[str, Any]:
    return {"result_at": p.get("at"), "holder": None}


def _result_returned(_state: State, p: Payload) -> dict[str, Any]:
    return {"returned_at": p.get("at"), "returned_to": p.get("collected_by"), "holder": None}


def _extended(state: State, p: Payload) -> dict[str, Any]:
    return {"due_at": p["new_due_at"], "extensions": (state.get("extensions") or 0) + 1}


def _fee_paid(state: State, p: Payload) -> dict[str, Any]:
    return {"fee_paid": (state.get("fee_paid") or 0) + p["amount"]}


def _corrected(_state: State, p: Payload) -> dict[str, Any]:
    out = {CORRECTABLE[p["field"]]: p["new"]}
    if p["field"] == "id_number":
        out["id_kind"] = p.get("id_kind")
    return out


_AT = Rule("at", _is_instant, "thời điểm (at) phải là thời điểm ISO 8601 có múi giờ")
_OPEN_STEPS = frozenset({Status.RECEIVED, Status.PROCESSING})

_STEPS = (
    Step("transferred", "Chuyển, giao hồ sơ", "Chuyển, giao hồ sơ", "chuyển (giao) hồ sơ", _OPEN_STEPS,
         Status.PROCESSING, _transferred,
         (Rule("to_unit", _is_text, "thiếu đơn vị nhận (to_unit)"), _AT),
         hint="hồ sơ đang chờ bổ sung thì nhận bổ sung trước khi chuyển", by_processor=True),
    Step("supplement_requested", "Yêu cầu bổ sung", "Yêu cầu bổ sung", "yêu cầu bổ sung hồ sơ", _OPEN_STEPS,
         Status.SUPPLEMENT, _supplement_requested,
         (Rule("items", _is_text_list, "thiếu nội dung cần bổ sung (items)"),
          Rule("reason", _is_text, "thiếu lý do (reason)"), _AT), by_processor=True),
    Step("supplement_received", "Nhận hồ sơ bổ sung", "Nhận bổ sung", "nhận hồ sơ bổ sung",
         frozenset({Status.SUPPLEMENT}), Status.PROCESSING, _supplement_received,
         (Rule("due_at", _is_instant, "thiếu hoặc sai hẹn trả mới (due_at)"), _AT),
         hint="chỉ nhận bổ sung khi hồ sơ đang chờ bổ sung (trạng thái 5)"),
    Step("refused", "Từ chối giải quyết", "Từ chối giải quyết", "từ chối giải quyết hồ sơ",
         frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT}), Status.NOT_ACCEPTED, _closed,
         (Rule("reasons", _is_text_list, "thiếu lý do từ chối (reasons)"), _AT), by_processor=True),
    Step("withdrawn", "Công dân rút hồ sơ", "Công dân rút hồ sơ", "rút hồ sơ theo yêu cầu của công dân",
         frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL}), Status.WITHDRAWN,
         _closed, (_AT,)),
    Step("stopped", "Dừng giải quyết", "Dừng giải quyết", "dừng giải quyết hồ sơ",
         frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL}), Status.STOPPED,
         _closed, (Rule("reason", _is_text, "thiếu lý do dừng (reason)"), _AT), by_processor=True),
    Step("apologized_extended", "Xin lỗi, gia hạn", "Xin lỗi, gia hạn", "xin lỗi và gia hạn thời gian giải quyết",
         frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT}), None, _extended,
         (Rule("new_due_at", _is_instant, "thiếu hoặc sai hẹn trả mới (new_due_at)"),
          Rule("reason", _is_text, "thiếu lý do (reason)"), _AT), by_processor=True),
    Step("result_ready", "Đã có kết quả", "Đã có kết quả", "ghi nhận đã có kết quả", _OPEN_STEPS,
         Status.RESOLVED, _result_ready, (_AT,),
         hint="hồ sơ đang chờ bổ sung thì nhận bổ sung trước; hồ sơ đã kết thúc thì không ghi kết quả",
         by_processor=True),
    Step("result_returned", "Đã trả kết quả", "Trả kết quả", "trả kết quả cho công dân",
         frozenset({Status.RESOLVED}), Status.RETURNED, _result_returned, (_AT,),
         hint="chỉ trả kết quả khi hồ sơ đã có kết quả (trạng thái 9 «Đã xử lý xong»)"),
    Step("fee_paid", "Thu phí, lệ phí", "Thu phí, lệ phí", "thu phí, lệ phí",
         frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL, Status.RESOLVED,
                    Status.RETURNED}), None, _fee_paid,
         (Rule("amount", _is_positive_int, "số tiền (amount) phải là số nguyên dương"),)),
    Step("corrected", "Sửa thông tin", "Sửa thông tin", "sửa thông tin người nộp", _ANY, None, _corrected,
         (Rule("field", _is_correctable, f"trường sửa (field) phải là một trong {', '.join(CORRECTABLE)}"),
          Rule("new", lambda v: v is None or isinstance(v, str), "thiếu giá trị mới (new)"))),
    Step("note", "Ghi chú", "Ghi chú", "ghi chú", _ANY, None, _nothing, by_processor=True),
    # A document (or the result) digitised: its PDF is kept encrypted beside the store (desk/attachments.py); the
    # projection ``attachments`` says which, and desk/digitisation.py counts them.
    Step("digitised", "Số hóa giấy tờ", "Số hóa", "số hóa giấy tờ", _ANY, None, _nothing,
         (Rule("part", lambda v: v in DIGITISED_PARTS, "phần số hóa (part) phải là document hoặc result"),
          Rule("sha256", _is_sha256, "thiếu mã băm SHA-256 của bản số hóa (sha256)"),
          Rule("pages", _is_positive_int, "số trang (pages) phải là số nguyên dương"),
          Rule("bytes", _is_positive_int, "dung lượng (bytes) phải là số nguyên dương"),
          Rule("source", lambda v: v in DIGITISED_SOURCES, "nguồn (source) phải là scan, import hoặc reuse"),
          Rule("document", lambda v: v is None or _is_text(v), "mã giấy tờ (document) không hợp lệ"))),
    Step("printed", "In / xuất phiếu", "In phiếu", "in phiếu", _ANY, None, _nothing),
)  # fmt: skip

STEPS: dict[str, Step] = {s.kind: s for s in _STEPS}

# Intake is not a step: it makes the dossier (desk/projections.py writes its first state from the payload).
RECEIVED_KIND = "received"
RECEIVED_LABEL = "Tiếp nhận hồ sơ"
RECEIVED_DOING = "tiếp nhận hồ sơ"

DOSSIER_KINDS: tuple[str, ...] = (RECEIVED_KIND, *STEPS)
PROCESSOR_KINDS: tuple[str, ...] = tuple(s.kind for s in _STEPS if s.by_processor)

# The desk's own records: imports, approvals, accounts, keys, enrolment. They never name a dossier.
RECORD_KINDS: dict[str, str] = {
    "catalog_imported": "Nhập danh mục thủ tục",
    "catalog_approved": "Duyệt danh mục thủ tục",
    "calendar_imported": "Nhập lịch làm việc",
    "intake_supplement_requested": "Hướng dẫn bổ sung khi tiếp nhận",
    "clerk_added": "Thêm tài khoản",
    "clerk_password_changed": "Đổi mật khẩu",
    "key_trusted": "Tin cậy khóa",
    "key_untrusted": "Bỏ tin cậy khóa",
    "enrolled": "Đăng ký với máy chủ tỉnh",
    "settings_changed": "Thay đổi thiết lập in trên phiếu",
    "codes_reserved": "Giữ lại số mã hồ sơ sau khi khôi phục",
}
# After a restore, the numbers of a slot the lost PC may have issued are never issued again (desk/restore.py).
CODES_RESERVED_KIND = "codes_reserved"
EVENT_KINDS: tuple[str, ...] = (*DOSSIER_KINDS, *RECORD_KINDS)


def label(kind: str) -> str:
    """What an event says happened (Vietnamese), for timelines and logs."""
    if kind == RECEIVED_KIND:
        return RECEIVED_LABEL
    step = STEPS.get(kind)
    return step.label if step else RECORD_KINDS.get(kind, kind)


def action(kind: str) -> str:
    """The step's name as a button says it («Trả kết quả»)."""
    step = STEPS.get(kind)
    return step.action if step else label(kind)


def doing(kind: str) -> str:
    """What is being done, as a sentence says it («chuyển (giao) hồ sơ»)."""
    if kind == RECEIVED_KIND:
        return RECEIVED_DOING
    step = STEPS.get(kind)
    return step.doing if step else label(kind).lower()


def status_label(status: int) -> str:
    return STATUS_LABELS.get(status, "?")


def allows(kind: str, status: int) -> bool:
    """Whether a dossier in ``status`` may take the step ``kind``."""
    step = STEPS.get(kind)
    return step is not None and status in step.allowed_from


def why_not(kind: str, status: int, code: str) -> str | None:
    """Why a step cannot be taken in a dossier's status, in the clerk's words; None when it can."""
    step = STEPS[kind]
    if status in step.allowed_from:
        return None
    hint = f"; {step.hint}." if step.hint else "."
    return f"Không thể {step.doing}: hồ sơ {code} đang ở trạng thái {status} «{status_label(status)}»{hint}"


def payload_refusal(kind: str, payload: Any) -> str | None:
    """Why a step's payload lacks what its effect reads (None when it has it), in Vietnamese."""
    step = STEPS.get(kind)
    if step is None:
        return None
    if not isinstance(payload, Mapping):
        return f"Nội dung sự kiện «{step.label}» phải là một đối tượng JSON."
    for rule in step.rules:
        if rule.key not in payload or not rule.check(payload[rule.key]):
            return f"«{step.label}»: {rule.message}."
    return None


def changes(kind: str, state: State, payload: Payload) -> dict[str, Any]:
    """The new values of a dossier's state after the step ``kind`` (only what changes)."""
    return STEPS[kind].changes(state, payload)


def first_state(payload: Payload) -> dict[str, Any]:
    """A dossier's state right after intake, from the ``received`` payload (the columns both sides keep)."""
    return {
        "code": payload["code"],
        "status": int(Status.RECEIVED),
        "received_at": payload["received_at"],
        "due_at": payload["due_at"],
        "original_due_at": payload["due_at"],
        "paused_at": None,
        "holder": None,
        "extensions": 0,
        "fee_paid": 0,
    }
