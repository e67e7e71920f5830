"""The digitisation rate (tỷ lệ số hóa hồ sơ, kết quả — the national scorecard of Decision 766/QĐ-TTg counts it), per
field and for a period, beside Biểu II.06a: documents handed in and how many were digitised (and of those, reused
from an earlier dossier of the same citizen), results ready and how many were digitised.

Counting, for a period [from 00:00, to + 1 day 00:00) in Vietnam time:

- documents: those handed in with the dossiers received in the period (one per line of «Thành phần hồ sơ», whatever
  its quantity); digitised when the dossier has a digitised copy of that document (scanned, imported or reused);
  reused when that copy came from an earlier dossier;
- results: the dossiers whose result was ready in the period; digitised when the dossier has a digitised result.

One function (``compute``) counts, from plain facts. The desk gives it facts from its projections (``for_desk``);
the provincial server gives it facts read from the events it holds (``facts_from_events``), so both sides count alike.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from desk import timeutil
from desk.report import UNKNOWN_FIELD, check_period, field_names, period_label

if TYPE_CHECKING:
    from desk.service import Desk

TITLE = "TÌNH HÌNH SỐ HÓA HỒ SƠ, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
COLUMNS = (
    "STT",
    "Lĩnh vực",
    "Hồ sơ tiếp nhận",
    "Giấy tờ đã nộp",
    "Giấy tờ đã số hóa",
    "Tỷ lệ số hóa giấy tờ (%)",
    "Trong đó dùng lại",
    "Kết quả đã có",
    "Kết quả đã số hóa",
    "Tỷ lệ số hóa kết quả (%)",
)


@dataclass(frozen=True)
class DossierFacts:
    """What the count needs of one dossier."""

    uid: str
    field_code: str | None
    received_at: str
    documents: tuple[str, ...]  # ids of the documents handed in
    result_at: str | None


@dataclass(frozen=True)
class DigitisedFacts:
    """The digitisation in force of one document (or the result) of a dossier."""

    uid: str
    part: str  # document | result
    document: str | None
    source: str  # scan | import | reuse


@dataclass
class Row:
    field_code: str | None
    field_name: str
    received: int = 0
    documents: int = 0
    documents_digitised: int = 0
    documents_reused: int = 0
    results: int = 0
    results_digitised: int = 0

    @property
    def documents_rate(self) -> float | None:
        return round(100 * self.documents_digitised / self.documents, 1) if self.documents else None

    @property
    def results_rate(self) -> float | None:
        return round(100 * self.results_digitised / self.results, 1) if self.results else None

    def add(self, other: Row) -> None:
        for name in ("received", "documents", "documents_digitised", "documents_reused", "results",
                     "results_digitised"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"documents_rate": self.documents_rate, "results_rate": self.results_rate}

    def cells(self, stt: int | str) -> list[Any]:
        def pct(v: float | None) -> str:
            return "—" if v is None else f"{v:.1f}".replace(".", ",")

        return [stt, self.field_name, self.received, self.documents, self.documents_digitised,
                pct(self.documents_rate), self.documents_reused, self.results, self.results_digitised,
                pct(self.results_rate)]  # fmt: skip


@dataclass
class DigitisationReport:
    date_from: dt.date
    date_to: dt.date
    rows: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row(None, "Tổng cộng"))

    @property
    def period_label(self) -> str:
        return period_label(self.date_from, self.date_to)

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "title": TITLE,
                "period": self.period_label, "rows": [r.as_dict() for r in self.rows],
                "total": self.total.as_dict()}  # fmt: skip

    def text(self) -> str:
        """The table for people (``desk digitisation``)."""
        head = ["Lĩnh vực", "HS", "Giấy tờ", "Số hóa", "%", "Dùng lại", "Kết quả", "Số hóa", "%"]
        body = [r.cells(i)[1:] for i, r in enumerate(self.rows, 1)] + [self.total.cells("")[1:]]
        widths = [max(len(str(x[c])) for x in [head, *body]) for c in range(len(head))]
        widths[0] = min(widths[0], 40)

        def line(cells: list[Any]) -> str:
            first = str(cells[0])[:40].ljust(widths[0])
            return "  ".join([first, *(str(v).rjust(w) for v, w in zip(cells[1:], widths[1:], strict=True))])

        out = [TITLE, self.period_label, line(head)]
        out += [line(b) for b in body]
        return "\n".join(out)


def _in(instant: str | None, start: str, end: str) -> bool:
    if not instant:
        return False
    at = timeutil.iso(timeutil.parse_instant(instant))
    return start <= at < end


def compute(dossiers: Iterable[DossierFacts], digitised: Iterable[DigitisedFacts], date_from: Any, date_to: Any,
            names: dict[str, str]) -> DigitisationReport:  # fmt: skip
    """Count a period's digitisation per field from plain facts (the desk's and the server's alike)."""
    start_d, end_d = check_period(date_from, date_to)
    start = timeutil.iso(timeutil.start_of_day(start_d))
    end = timeutil.iso(timeutil.start_of_day(end_d + dt.timedelta(days=1)))
    held: dict[str, dict[tuple[str, str | None], str]] = {}
    for f in digitised:
        held.setdefault(f.uid, {})[(f.part, f.document)] = f.source
    rows: dict[str | None, Row] = {}
    for d in dossiers:
        received = _in(d.received_at, start, end)
        resulted = _in(d.result_at, start, end)
        if not received and not resulted:
            continue
        row = rows.get(d.field_code)
        if row is None:
            row = rows[d.field_code] = Row(d.field_code, names.get(d.field_code or "", UNKNOWN_FIELD))
        mine = held.get(d.uid, {})
        if received:
            row.received += 1
            row.documents += len(d.documents)
            for doc in d.documents:
                source = mine.get(("document", doc))
                if source is not None:
                    row.documents_digitised += 1
                    row.documents_reused += source == "reuse"
        if resulted:
            row.results += 1
            row.results_digitised += ("result", None) in mine
    report = DigitisationReport(start_d, end_d)
    report.rows = sorted(rows.values(), key=lambda r: (r.field_name == UNKNOWN_FIELD, r.field_name))
    for r in report.rows:
        report.total.add(r)
    return report


def for_desk(desk: Desk, date_from: Any, date_to: Any) -> DigitisationReport:
    """The desk's digitisation report, from its projections (``dossiers``, ``attachments``)."""
    from desk import roles

    roles.require(desk.store, "report")
    start_d, end_d = check_period(date_from, date_to)
    start = timeutil.iso(timeutil.start_of_day(start_d))
    end = timeutil.iso(timeutil.start_of_day(end_d + dt.timedelta(days=1)))
    conn = desk.store.conn
    facts = [
        DossierFacts(uid, field_code, received_at, tuple(d["id"] for d in json.loads(docs)), result_at)
        for uid, field_code, received_at, docs, result_at in conn.execute(
            "SELECT uid, field_code, received_at, documents, result_at FROM dossiers"
            " WHERE receipt_date BETWEEN ? AND ? OR (result_at >= ? AND result_at < ?)",
            (start_d.isoformat(), end_d.isoformat(), start, end),
        )
    ]
    uids = {f.uid for f in facts}
    digitised = [
        DigitisedFacts(uid, part, doc or None, source)
        for uid, part, doc, source in conn.execute("SELECT dossier_uid, part, document_id, source FROM attachments")
        if uid in uids
    ]
    return compute(facts, digitised, start_d, end_d, field_names(desk))


def facts_from_events(events: Iterable[dict[str, Any]]) -> tuple[list[DossierFacts], list[DigitisedFacts]]:
    """Facts from events as the sync protocol carries them (``kind``, ``dossier_uid``, ``payload``; in order): what
    the provincial server holds. The last digitisation of a part is the one in force, as on the desk."""
    received: dict[str, dict[str, Any]] = {}
    result_at: dict[str, str] = {}
    held: dict[tuple[str, str, str | None], str] = {}
    for e in events:
        uid, kind, p = e.get("dossier_uid"), e.get("kind"), e.get("payload") or {}
        if not uid:
            continue
        if kind == "received":
            received[uid] = p
        elif kind == "result_ready" and p.get("at"):
            result_at[uid] = p["at"]
        elif kind == "digitised":
            held[(uid, p.get("part", "document"), p.get("document"))] = p.get("source", "scan")
    dossiers = [
        DossierFacts(
            uid,
            (p.get("procedure") or {}).get("field_code"),
            p.get("received_at", ""),
            tuple(d.get("id") for d in p.get("documents") or []),
            result_at.get(uid),
        )
        for uid, p in received.items()
    ]
    digitised = [DigitisedFacts(uid, part, doc, source) for (uid, part, doc), source in held.items()]
    return dossiers, digitised
