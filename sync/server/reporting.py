"""Biểu II.06a across a province: desk/report.py's counting (one implementation for the desk and the server) run on
the server's ``dossiers`` table, per agency and per field, with the province's totals and monthly series.

The server learns the field of each dossier from its ``received`` event (the procedure's ``field_code``) and the
fields' names from the catalog bundles it holds; an agency's empty fields are those of the newest catalog offered
to its desks, as a desk lists the fields of its catalog in force.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, func, select, text

from desk import report as rp
from desk.catalog import parse_catalog_bundle
from desk.errors import InvalidInput
from desk.signing import open_bundle
from desk.text import clean
from sync.server import storage as s
from sync.server.admin import _agency as _agency_code
from sync.server.storage import Storage

DEFAULT_RECIPIENT = "Bộ Nội vụ"
DEFAULT_REPORTING_UNIT = "Ủy ban nhân dân tỉnh"
META_PROVINCE = "province_name"  # server_meta: the province's name as the report's heading says it

# Catalog bundles parsed once per process (bundle id → (field names, field codes, procedure names)): bundles never
# change.
_CATALOG_FIELDS: dict[int, tuple[dict[str, str], tuple[str, ...], dict[str, str]]] = {}
_CATALOG_LOCK = threading.Lock()


def _execute(conn: Connection):
    def run(sql: str, params: dict[str, Any]) -> Iterable[Sequence[Any]]:
        return conn.execute(text(sql), params).all()

    return run


def _events_for(conn: Connection):
    kinds = list(rp.STATE_KINDS)

    def events_for(uids: list[Any]) -> Iterable[Sequence[Any]]:
        for i in range(0, len(uids), 500):
            chunk = sorted(uids[i : i + 500])
            q = (
                select(s.events.c.dossier_uid, s.events.c.kind, s.events.c.payload)
                .where(s.events.c.dossier_uid.in_(chunk), s.events.c.kind.in_(kinds))
                .order_by(s.events.c.dossier_uid, s.events.c.server_seq)
            )
            yield from conn.execute(q)

    return events_for


def _catalog_fields(bundle_id: int, data: bytes) -> tuple[dict[str, str], tuple[str, ...], dict[str, str]]:
    with _CATALOG_LOCK:
        held = _CATALOG_FIELDS.get(bundle_id)
    if held is not None:
        return held
    names: dict[str, str] = {}
    procedures: dict[str, str] = {}
    try:  # the server verified the signature when it took the bundle; the desk's own parser reads it
        for proc in parse_catalog_bundle(open_bundle(bytes(data), []).payload).procedures:
            procedures[proc.code] = proc.name
            if proc.field_code:
                names[proc.field_code] = proc.field_name or names.get(proc.field_code) or proc.field_code
    except InvalidInput:
        names, procedures = {}, {}
    out = (names, tuple(sorted(names)), procedures)
    with _CATALOG_LOCK:
        _CATALOG_FIELDS[bundle_id] = out
    return out


_INDEX: dict[str, Any] = {}


def _catalog_index(conn: Connection) -> tuple[dict[str, str], dict[str | None, tuple[str, ...]], dict[str, str]]:
    """(field names, each agency's newest fields, procedure names) of the catalog bundles held; read again only when a
    new catalog bundle arrives."""
    newest_id = conn.execute(select(func.max(s.bundles.c.id)).where(s.bundles.c.kind == "catalog")).scalar() or 0
    with _CATALOG_LOCK:
        if _INDEX.get("id") == newest_id and "value" in _INDEX:
            return _INDEX["value"]
    names: dict[str, str] = {}
    newest: dict[str | None, tuple[str, ...]] = {}
    procedures: dict[str, str] = {}
    rows = conn.execute(
        select(s.bundles.c.id, s.bundles.c.agency_code, s.bundles.c.data)
        .where(s.bundles.c.kind == "catalog")
        .order_by(s.bundles.c.id)
    )
    for bundle_id, agency, data in rows:
        fields, codes, procs = _catalog_fields(bundle_id, data)
        names |= fields
        procedures |= procs
        if codes:
            newest[agency] = codes
    value = (names, newest, procedures)
    with _CATALOG_LOCK:
        _INDEX.update(id=newest_id, value=value)
    return value


def field_catalog(conn: Connection) -> tuple[dict[str, str], dict[str | None, tuple[str, ...]]]:
    """(field code → name from the newest catalog naming it, agency → the fields of its newest catalog; key None:
    the newest catalog for every agency)."""
    names, newest, _procedures = _catalog_index(conn)
    return names, newest


def procedure_names(conn: Connection) -> dict[str, str]:
    """Procedure code → name, from the newest catalog bundle naming it (the console shows names, not only codes)."""
    return _catalog_index(conn)[2]


def agency_names(conn: Connection) -> dict[str, str]:
    """The names the province gave its agencies (console › Cơ quan; the code stands for an agency without one)."""
    return {code: name for code, name in conn.execute(select(s.agencies.c.code, s.agencies.c.name))}


def known_agencies(conn: Connection) -> list[str]:
    """Every agency the server knows: those with a desk enrolled, a processing unit, or a name."""
    codes = {
        c for (c,) in conn.execute(select(s.devices.c.agency_code).where(s.devices.c.kind.in_(("desk", "processor"))))
    }
    codes |= set(agency_names(conn))
    return sorted(c for c in codes if c and c != "*")


def province_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(s.server_meta.c.value).where(s.server_meta.c.key == key)).scalar()


def _no_jit(conn: Connection) -> None:
    """PostgreSQL compiles a large query's expressions before running it (JIT); for the report's one long CASE over
    a year of dossiers the compilation costs more than it saves, so this transaction runs without it."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL jit = off"))


def _agency_filter(agencies: Sequence[str] | None) -> tuple[str, dict[str, Any]]:
    if not agencies:
        return "", {}
    marks = ", ".join(f":a{i}" for i in range(len(agencies)))
    return f"agency_code IN ({marks})", {f"a{i}": code for i, code in enumerate(agencies)}


def province_report(
    storage: Storage,
    date_from: dt.date | str,
    date_to: dt.date | str,
    *,
    agencies: Sequence[str] | None = None,
    closed_rule: str | None = None,
    reporting_unit: str | None = None,
    receiving_unit: str | None = None,
    include_empty: bool = True,
    now: dt.datetime | None = None,
) -> rp.ProvinceReport:
    """Biểu II.06a for [date_from, date_to] across the agencies (all the server knows, or ``agencies``)."""
    window = rp.Window.of(date_from, date_to, now)
    rule = rp.check_rule(closed_rule or rp.DEFAULT_CLOSED_RULE)
    wanted = sorted({_agency_code(a) for a in agencies}) if agencies else None
    with storage.read(replica=True) as conn:
        _no_jit(conn)
        where, params = _agency_filter(wanted)
        counting = rp.Counting(dialect=storage.dialect, group=("agency_code", "field_code"), where=where, key="uid")
        raw = rp.count_classes(_execute(conn), _events_for(conn), counting, window, params)
        names, catalogs = field_catalog(conn)
        named = agency_names(conn)
        codes = wanted or sorted(set(known_agencies(conn)) | {g[0] for g in raw})
        province = reporting_unit or province_meta(conn, META_PROVINCE) or DEFAULT_REPORTING_UNIT
    recipient = clean(receiving_unit) or DEFAULT_RECIPIENT
    notes = rp.report_notes(rule, None if window.over else window.cut)

    def report(unit: str, code: str, rows: tuple[rp.ReportRow, ...], total: rp.ReportRow) -> rp.Report:
        return rp.Report(
            reporting_unit=unit,
            receiving_unit=recipient,
            parent_name=None,
            agency_code=code,
            place=None,
            date_from=window.start,
            date_to=window.end,
            period_label=rp.period_label(window.start, window.end),
            closed_rule=rule,
            rows=rows,
            total=total,
            generated_at=window.generated,
            as_of=window.cut,
            notes=notes,
        )

    by_agency: list[rp.Report] = []
    overall: dict[str | None, dict[str, int]] = {}
    every_field: set[str] = set()
    for code in codes:
        counts = {g[1]: c for g, c in raw.items() if g[0] == code}
        for field, c in counts.items():
            into = overall.setdefault(field, {})
            for k, n in c.items():
                into[k] = into.get(k, 0) + n
        extra = (catalogs.get(code) or catalogs.get(None) or ()) if include_empty else ()
        every_field |= set(extra)
        rows, total = rp.make_rows(counts, names, rule, extra)
        by_agency.append(report(named.get(code) or code, code, rows, total))
    rows, total = rp.make_rows(overall, names, rule, every_field)
    return rp.ProvinceReport(report(province, "", rows, total), tuple(by_agency))


def province_series(
    storage: Storage, year: int, *, agencies: Sequence[str] | None = None, closed_rule: str | None = None
) -> list[dict[str, Any]]:
    """Per month of ``year``, across the agencies: received, resolved on time and late, closed (the chart)."""
    rule = rp.check_rule(closed_rule or rp.DEFAULT_CLOSED_RULE)
    wanted = sorted({_agency_code(a) for a in agencies}) if agencies else None
    where, params = _agency_filter(wanted)
    with storage.read(replica=True) as conn:
        _no_jit(conn)
        return rp.series_from(_execute(conn), year, rule, where, params)


def province_header(report: rp.ProvinceReport) -> dict[str, Any]:
    """What the printed report's header says of the province (the reporting unit)."""
    return {"agency_name": report.overall.reporting_unit, "parent_name": None, "place": None}
