"""The sync protocol (version 1): the shapes that travel between a desk and the provincial server, and its rules.

Shared by the client (sync/client/) and the reference server (sync/server/). The HTTP API is documented as
OpenAPI in sync/openapi.json, generated from these models by the server.

Two levels of checking:

- the *shape* of a request (types, lengths, patterns, known kinds) is in the models below: a request that breaks it
  is answered 422 as a whole;
- the *meaning* of each event (times that parse, the sender's own desk and agency, payloads the projections can
  apply, allowed status transitions, codes unused in the agency) is checked event by event on the server, and an
  event that fails is refused with a reason in Vietnamese that the clerk reads, while the others are accepted.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from desk import lifecycle
from desk.lifecycle import CORRECTABLE, DOSSIER_KINDS, EVENT_KINDS, PROCESSOR_KINDS, RECORD_KINDS
from desk.projections import SLOT_WIDTH

API_VERSION = "v1"
PREFIX = f"/{API_VERSION}"

PUSH_BATCH_MAX = 1000  # events in one push request
PULL_PAGE_MAX = 1000  # events in one pull page
PULL_BUNDLES_MAX = 20  # bundles listed in one pull page
PROCESSING_BATCH_MAX = 200
PAYLOAD_MAX_BYTES = 64 * 1024  # one event's payload, as canonical JSON
BODY_MAX_BYTES = 16 * 1024 * 1024  # one push request body
BUNDLE_MAX_BYTES = 64 * 1024 * 1024  # one bundle uploaded by a publisher
PROCESSING_BODY_MAX_BYTES = 4 * 1024 * 1024  # one processing request body
ENROL_BODY_MAX_BYTES = 16 * 1024  # an enrolment request
OTHER_BODY_MAX_BYTES = 64 * 1024  # any other request
PAYLOAD_MAX_DEPTH = 12
ERRORS_MAX = 10  # validation errors listed in one refusal (never the input itself)

# The kinds of event a desk records (desk/lifecycle.py): dossier kinds move (or keep) a dossier's status; the others
# are the desk's own records (imports, accounts, keys, enrolment) and never name a dossier, except ``printed`` (a
# form of one dossier, or the ledger of many). Processing units (and the province) record PROCESSOR_KINDS only.
DESK_RECORD_KINDS: tuple[str, ...] = tuple(RECORD_KINDS)
EventKind = Literal[EVENT_KINDS]  # type: ignore[valid-type]

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
TIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([+-][0-9]{2}:[0-9]{2}|Z)$"
AGENCY_PATTERN = r"^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){2,6}$"
# ``<server id>.<epoch>.e<seq>b<bundle>.<seal>``; the older ``e<seq>b<bundle>`` (epoch 1) is still read.
CURSOR_PATTERN = r"^([0-9a-f]{32}\.[0-9]{1,9}\.)?e[0-9]{1,18}b[0-9]{1,18}(\.[0-9a-f]{16})?$"
KIND_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
HASH_PATTERN = r"^[0-9a-f]{64}$"
ENROL_CODE_PATTERN = r"^[A-Za-z0-9 -]{8,40}$"
CODE_RE = re.compile(r"^(?P<agency>[0-9A-Z.]+)-(?P<yymmdd>[0-9]{6})-(?P<order>[0-9]{4})$")
# Control characters other than tab and line breaks are refused in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

_STRICT = ConfigDict(extra="forbid", regex_engine="python-re")
_OPEN = ConfigDict(extra="allow", regex_engine="python-re")


def _no_surrogates(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("chuỗi có ký tự không hợp lệ (nửa cặp surrogate)") from None
    return value


def _text(max_length: int, min_length: int = 1):
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length, pattern=_TEXT_PATTERN),
        AfterValidator(_no_surrogates),
    ]


Text200 = _text(200)
Text1000 = _text(1000)
OptText200 = _text(200, 0) | None
OptText1000 = _text(1000, 0) | None
Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN, min_length=36, max_length=36)]
Time = Annotated[str, StringConstraints(pattern=TIME_PATTERN, max_length=40)]
AgencyCode = Annotated[str, StringConstraints(pattern=AGENCY_PATTERN, max_length=48)]
Cursor = Annotated[str, StringConstraints(pattern=CURSOR_PATTERN, max_length=80)]
Hash = Annotated[str, StringConstraints(pattern=HASH_PATTERN, min_length=64, max_length=64)]


# Any JSON object: what it may hold is judged event by event (``payload_refusal``), so that one odd payload is
# refused on its own instead of failing the whole batch.
Payload = dict[str, Any]


def payload_refusal(value: Any) -> str | None:
    """Why a payload cannot be stored as it is (None when it can)."""
    try:
        check_json_value(value)
    except (ValueError, RecursionError) as exc:
        return f"Nội dung sự kiện không lưu được ({exc})."
    return None


def check_json_value(value: Any, depth: int = 0) -> None:
    """Refuse what JSON text cannot carry or a database cannot store: lone surrogates, NaN, deep nesting."""
    if depth > PAYLOAD_MAX_DEPTH:
        raise ValueError(f"lồng quá {PAYLOAD_MAX_DEPTH} cấp")
    if isinstance(value, str):
        _no_surrogates(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("số không hữu hạn (NaN/Infinity)")
    elif isinstance(value, bool | None | int):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
            raise ValueError("số nguyên quá lớn")
    elif isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise ValueError("khóa không phải chuỗi")
            _no_surrogates(k)
            check_json_value(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            check_json_value(v, depth + 1)
    else:
        raise ValueError(f"kiểu dữ liệu {type(value).__name__} không có trong JSON")


# -- events ----------------------------------------------------------------------------------------------------


class WireEvent(BaseModel):
    """One event of a desk's log as pushed: the event id is the idempotency key.

    ``hash`` chains it to the desk's previous event (desk/store.py ``chain_hash`` over ``prev_hash`` and the
    content); the server checks the chain. A kind this server does not know is refused on its own (a newer desk).
    """

    model_config = _STRICT

    id: Uuid
    dossier_uid: Uuid | None = None
    kind: Annotated[str, StringConstraints(pattern=KIND_PATTERN, max_length=40)] = Field(
        description="one of the kinds of desk/lifecycle.py: " + ", ".join(EVENT_KINDS)
    )
    payload: Payload
    actor: Text200
    desk_id: Uuid
    device_time: Time
    hash: Hash
    prev_hash: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$", max_length=64)] | None = Field(
        default=None, description="the hash of the desk's previous event ('' for its first); older desks omit it"
    )


class ServerEvent(BaseModel):
    """An event made elsewhere (a processing unit, the province) on one of this desk's dossiers."""

    model_config = _STRICT

    id: str
    dossier_uid: str | None
    kind: str
    payload: dict[str, Any]
    actor: str
    desk_id: str = Field(description="who recorded it: the processing unit's or the desk's device id")
    device_time: str
    hash: str = Field(description="empty for events made on the server (they are in no desk's hash chain)")
    server_seq: int


class PushRequest(BaseModel):
    model_config = _STRICT

    events: list[WireEvent] = Field(max_length=PUSH_BATCH_MAX)
    since: Cursor | None = Field(
        default=None,
        description="the desk's pull cursor: from another epoch or server, the push is refused (409 with «reset»)",
    )


class EventAnswer(BaseModel):
    """The server's answer for one event: accepted (with its sequence number), duplicate, or refused (why)."""

    model_config = _STRICT

    id: str
    status: Literal["accepted", "duplicate", "refused"]
    server_seq: int | None = None
    reason: str | None = None


class PushResponse(BaseModel):
    model_config = _STRICT

    answers: list[EventAnswer]
    server_time: str


class UploadedBundle(BaseModel):
    """A bundle a publisher uploaded, as stored for one agency's desks (or all: ``agency_code`` null)."""

    model_config = _STRICT

    id: int
    agency_code: str | None
    kind: Literal["catalog", "calendar"]
    label: str | None
    sha256: str
    size: int
    created_at: str
    uploaded_by: str
    key_id: str | None = None
    duplicate: bool = Field(default=False, description="the same bytes were already there for this agency: kept once")


class BundleInfo(BaseModel):
    """A catalog or calendar bundle the desk should import; its bytes are at ``GET /v1/bundles/{id}``."""

    model_config = _STRICT

    id: int
    kind: Literal["catalog", "calendar"]
    label: str | None
    sha256: str
    size: int
    created_at: str


class CursorReset(BaseModel):
    """The desk's cursor was from another epoch (a restored server) or another server: where to read again."""

    model_config = _STRICT

    why: Literal["restored", "other_server"]
    server_id: str
    epoch: int
    safe_seq: int = Field(description="events the desk pushed with a higher sequence number were lost: send again")
    cursor: str = Field(description="read again from here (events the desk holds are skipped by id)")
    message: str


class PullResponse(BaseModel):
    model_config = _STRICT

    events: list[ServerEvent]
    bundles: list[BundleInfo]
    cursor: str = Field(description="opaque: send it back to read what follows")
    more: bool = Field(description="another page is waiting")
    server_id: str | None = None
    epoch: int | None = None
    reset: CursorReset | None = Field(default=None, description="the given cursor was not read as it was: why")
    server_time: str


class SlotDay(BaseModel):
    model_config = _STRICT

    day: str = Field(description="YYYY-MM-DD")
    last_order: int = Field(description="the highest order number (slot × 1000 + n) the server holds that day")


class SlotCodes(BaseModel):
    """What a restored desk asks before numbering again: the numbers its slot already issued, per day."""

    model_config = _STRICT

    slot: int
    since: str
    days: list[SlotDay]
    server_time: str


class RestorePage(BaseModel):
    """One page of a slot's past: every event of its dossiers and the old PCs' own records, in server order."""

    model_config = _STRICT

    events: list[ServerEvent]
    more: bool = Field(description="another page is waiting: ask again with after = this page's after")
    after: int = Field(description="the server sequence of the last event of this page")
    server_time: str


class PublisherKey(BaseModel):
    """A publisher key registered on the server: a desk trusts it after checking its id out of band."""

    model_config = _STRICT

    key_id: str
    public_key: str = Field(description="ed25519:<key id>:<base64>, as «desk trust add» takes it")
    name: str
    publisher: str | None


class PublisherKeys(BaseModel):
    model_config = _STRICT

    keys: list[PublisherKey]
    server_time: str


# -- enrolment and identity -------------------------------------------------------------------------------------


class EnrolRequest(BaseModel):
    """A desk exchanges a one-time enrolment code for its device credential."""

    model_config = _STRICT

    code: Annotated[str, StringConstraints(pattern=ENROL_CODE_PATTERN, max_length=40)]
    desk_id: Uuid
    agency_code: AgencyCode
    slot: int = Field(ge=1, le=9)
    label: OptText200 = None


class EnrolResponse(BaseModel):
    model_config = _STRICT

    credential: str = Field(description="the device credential: send it as «Authorization: Bearer …»")
    desk_id: str
    agency_code: str
    slot: int
    label: str | None
    server_time: str


class DeskStatus(BaseModel):
    """What a desk says of itself after a sync round, for the province's console: events still waiting or refused,
    its clock when it sent this (the server measures the offset), the catalog and calendar in force."""

    model_config = _STRICT

    pending: int = Field(ge=0, le=10**9)
    refused: int = Field(ge=0, le=10**9)
    clock: Time
    catalog: OptText200 = None
    calendar: OptText200 = None
    app_version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.+-]{0,40}$", max_length=40)] | None = None

    @field_validator("pending", "refused", mode="before")
    @classmethod
    def _not_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("phải là số, không phải true/false")
        return value


class DeskStatusAnswer(BaseModel):
    model_config = _STRICT

    clock_offset_s: int = Field(description="the desk's clock minus the server's, in seconds, as measured now")
    server_time: str


class WhoAmI(BaseModel):
    model_config = _STRICT

    kind: Literal["desk", "processor", "publisher"]
    device_id: str
    agency_code: str
    slot: int | None
    name: str
    role: str | None = None
    server_time: str


class Health(BaseModel):
    model_config = _STRICT

    status: Literal["ok"]
    version: str
    database: str
    server_time: str


class ErrorItem(BaseModel):
    """Where a request breaks the schema and how (never the value sent)."""

    model_config = _STRICT

    type: str = Field(max_length=60)
    loc: list[str | int] = Field(max_length=8)
    msg: str = Field(max_length=200)


class ErrorBody(BaseModel):
    """Every refusal of a whole request, in one bounded shape: a reason for people (Vietnamese), the server's time,
    and, by kind of refusal, the schema errors (422), the wait (429, 503; also in Retry-After) or where a desk reads
    again (409 after a server restore). It never carries the input."""

    model_config = _STRICT

    detail: str = Field(max_length=1000)
    server_time: str
    errors: list[ErrorItem] | None = Field(default=None, max_length=ERRORS_MAX)
    retry_after: int | None = None
    reset: CursorReset | None = None


# -- digitised documents (sync/server/attachments.py) -------------------------------------------------------------


class AttachmentStatus(BaseModel):
    """How much of a digitised document's PDF the server holds for the asking desk."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    complete: bool
    received: int = Field(ge=0)
    size: int = Field(ge=0)
    damaged: bool | None = None  # the whole did not match its digest: sent again from the start
    server_time: str


class AttachmentItem(BaseModel):
    server_seq: int
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    bytes: int = Field(ge=0)
    dossier_uid: str
    code: str
    available: bool  # the server holds the whole file


class AttachmentList(BaseModel):
    """The digitised documents of a desk slot's dossiers, after a server sequence number."""

    attachments: list[AttachmentItem]
    after: int
    more: bool
    server_time: str


# -- processing units ---------------------------------------------------------------------------------------------


class TransferredPayload(BaseModel):
    model_config = _STRICT

    to_unit: Text200
    to_person: OptText200 = None
    from_unit: OptText200 = None
    from_person: OptText200 = None
    at: Time | None = None
    step_due_at: Time | None = None
    note: OptText1000 = None


class SupplementRequestedPayload(BaseModel):
    model_config = _STRICT

    items: list[Text1000] = Field(min_length=1, max_length=50)
    reason: Text1000
    at: Time | None = None


class RefusedPayload(BaseModel):
    model_config = _STRICT

    reasons: list[Text1000] = Field(min_length=1, max_length=50)
    at: Time | None = None


class StoppedPayload(BaseModel):
    model_config = _STRICT

    reason: Text1000
    decided_by: OptText200 = None
    at: Time | None = None


class ApologizedExtendedPayload(BaseModel):
    model_config = _STRICT

    reason: Text1000
    late_unit: Text200
    new_due_at: Time
    letter_no: OptText200 = None
    at: Time | None = None


class ResultReadyPayload(BaseModel):
    model_config = _STRICT

    result: OptText1000 = None
    at: Time | None = None


class NotePayload(BaseModel):
    model_config = _STRICT

    text: Text1000
    at: Time | None = None


_PROCESSING_PAYLOADS: dict[str, type[BaseModel]] = {
    "transferred": TransferredPayload,
    "supplement_requested": SupplementRequestedPayload,
    "refused": RefusedPayload,
    "stopped": StoppedPayload,
    "apologized_extended": ApologizedExtendedPayload,
    "result_ready": ResultReadyPayload,
    "note": NotePayload,
}


def _processing_event(kind: str, payload_model: type[BaseModel]) -> type[BaseModel]:
    name = "".join(part.title() for part in kind.split("_")) + "Event"
    doc = f"A processing unit records «{lifecycle.doing(kind)}» on a dossier, named by its code or its uid."
    return type(
        name,
        (BaseModel,),
        {
            "__doc__": doc,
            "__annotations__": {
                "id": Uuid,
                "kind": Literal[kind],  # type: ignore[valid-type]
                "code": Annotated[str, StringConstraints(max_length=80)] | None,
                "dossier_uid": Uuid | None,
                "actor": Text200,
                "payload": payload_model,
            },
            "model_config": _STRICT,
            "code": None,
            "dossier_uid": None,
            "__module__": __name__,
        },
    )


ProcessingEvent = Annotated[
    _processing_event("transferred", TransferredPayload)
    | _processing_event("supplement_requested", SupplementRequestedPayload)
    | _processing_event("refused", RefusedPayload)
    | _processing_event("stopped", StoppedPayload)
    | _processing_event("apologized_extended", ApologizedExtendedPayload)
    | _processing_event("result_ready", ResultReadyPayload)
    | _processing_event("note", NotePayload),
    Field(discriminator="kind"),
]


class ProcessingRequest(BaseModel):
    model_config = _STRICT

    events: list[ProcessingEvent] = Field(max_length=PROCESSING_BATCH_MAX)  # type: ignore[valid-type]


class DossierView(BaseModel):
    """The server's view of one dossier: its status and the events it holds for it."""

    model_config = _STRICT

    uid: str
    code: str
    agency_code: str
    owner_desk: str
    status: int
    status_label: str
    procedure_code: str | None
    received_at: str | None
    due_at: str | None
    holder: str | None
    events: list[ServerEvent] = Field(default_factory=list)


class DossierList(BaseModel):
    model_config = _STRICT

    dossiers: list[DossierView]
    server_time: str


class Handover(BaseModel):
    """A dossier handed to this processing unit (a ``transferred`` event whose ``to_unit`` is the unit's name)."""

    model_config = _STRICT

    server_seq: int
    handed_at: str | None
    from_unit: str | None
    from_person: str | None
    to_person: str | None
    step_due_at: str | None = Field(description="the deadline of this step, as the hand-over set it")
    note: str | None
    still_held: bool = Field(description="the dossier is still with this unit and open")
    dossier: DossierView


class HandoverFeed(BaseModel):
    model_config = _STRICT

    handovers: list[Handover]
    cursor: str = Field(description="opaque: send it back to read the hand-overs that follow")
    more: bool
    server_time: str


# -- rules shared by both sides ----------------------------------------------------------------------------------


def canonical_uuid(value: str) -> bool:
    """Whether a text is a UUID in its canonical lower-case form."""
    try:
        return str(uuid.UUID(value)) == value
    except (ValueError, AttributeError, TypeError):
        return False


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO 8601 instant with an offset, or None when the text is not one."""
    if not isinstance(value, str) or not re.fullmatch(TIME_PATTERN[1:-1], value):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def transition_refusal(kind: str, status: int, code: str) -> str | None:
    """Why ``kind`` cannot happen to a dossier in ``status`` on the server (None when it can), in Vietnamese."""
    if kind not in lifecycle.STEPS or lifecycle.allows(kind, status):
        return None
    return (
        f"Không ghi nhận được «{lifecycle.doing(kind)}» cho hồ sơ {code}: trên máy chủ hồ sơ đang ở trạng thái "
        f"{status} «{lifecycle.status_label(status)}»."
    )


def processing_payload_model(kind: str) -> type[BaseModel] | None:
    return _PROCESSING_PAYLOADS.get(kind)


def clean_text(value: Any) -> str | None:
    """Text stripped of control characters and outer spaces (None when empty)."""
    if not isinstance(value, str):
        return None
    value = _CONTROL.sub("", value).strip()
    return value or None


__all__ = [
    "API_VERSION",
    "CORRECTABLE",
    "DOSSIER_KINDS",
    "EVENT_KINDS",
    "PREFIX",
    "PROCESSOR_KINDS",
    "SLOT_WIDTH",
    "WireEvent",
]
