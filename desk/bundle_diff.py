"""What changed between two catalog bundles, for the lead clerk and for IT staff, in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desk.appointment import Duration
from desk.catalog import FORMS, CatalogBundle, Procedure


@dataclass
class CatalogDiff:
    """Procedures added, retired, renamed, with new durations or fees, or changed documents."""

    old_version: int | None
    new_version: int
    added: list[Procedure] = field(default_factory=list)
    retired: list[Procedure] = field(default_factory=list)
    renamed: list[tuple[Procedure, Procedure]] = field(default_factory=list)
    duration_changed: list[tuple[Procedure, Procedure]] = field(default_factory=list)
    fee_changed: list[tuple[Procedure, Procedure]] = field(default_factory=list)
    documents_changed: list[tuple[Procedure, list[str]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.retired or self.renamed or self.duration_changed or self.fee_changed
                    or self.documents_changed)  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "added": [p.code for p in self.added],
            "retired": [p.code for p in self.retired],
            "renamed": [{"code": b.code, "old": a.name, "new": b.name} for a, b in self.renamed],
            "duration_changed": [
                {"code": b.code, "old": a.duration, "new": b.duration} for a, b in self.duration_changed
            ],
            "fee_changed": [
                {"code": b.code, "old": [a.fee_text, a.fee_amount], "new": [b.fee_text, b.fee_amount]}
                for a, b in self.fee_changed
            ],
            "documents_changed": [{"code": p.code, "changes": c} for p, c in self.documents_changed],
        }


def diff_catalogs(old: CatalogBundle | None, new: CatalogBundle) -> CatalogDiff:
    """Compare two bundles procedure by procedure (by code)."""
    before = {p.code: p for p in old.procedures} if old else {}
    after = {p.code: p for p in new.procedures}
    d = CatalogDiff(old.version if old else None, new.version)
    d.added = [after[c] for c in sorted(after.keys() - before.keys())]
    d.retired = [before[c] for c in sorted(before.keys() - after.keys())]
    for code in sorted(before.keys() & after.keys()):
        a, b = before[code], after[code]
        if a.name != b.name:
            d.renamed.append((a, b))
        if a.duration != b.duration:
            d.duration_changed.append((a, b))
        if (a.fee_text, a.fee_amount) != (b.fee_text, b.fee_amount):
            d.fee_changed.append((a, b))
        changes = _document_changes(a, b)
        if changes:
            d.documents_changed.append((b, changes))
    return d


def _doc_text(doc) -> str:
    form = FORMS.get(doc.form or "", "không rõ hình thức")
    qty = doc.quantity if doc.quantity is not None else "theo thực tế"
    return f"{doc.name} ({form}, {qty}, {'bắt buộc' if doc.required else 'nếu có'})"


def _document_changes(a: Procedure, b: Procedure) -> list[str]:
    before = {d.id: d for d in a.documents}
    after = {d.id: d for d in b.documents}
    out = [f"thêm {i}: {_doc_text(after[i])}" for i in sorted(after.keys() - before.keys())]
    out += [f"bỏ {i}: {before[i].name}" for i in sorted(before.keys() - after.keys())]
    for i in sorted(before.keys() & after.keys()):
        if before[i] != after[i]:
            out.append(f"sửa {i}: {_doc_text(before[i])} → {_doc_text(after[i])}")
    return out


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def describe_vi(d: CatalogDiff) -> str:
    """The changes as lines a person reads, in Vietnamese."""
    head = f"Danh mục phiên bản {d.new_version}" + (f" so với phiên bản {d.old_version}" if d.old_version else " (mới)")
    if d.empty:
        return head + ": không có thay đổi về thủ tục."
    lines = [head + ":"]
    if d.added:
        lines.append(f"• Thêm {len(d.added)} thủ tục:")
        lines += [
            f"    + {p.code} {_short(p.name)} — {Duration.from_catalog(p.duration).describe_vi()}" for p in d.added
        ]
    if d.retired:
        lines.append(f"• Bãi bỏ {len(d.retired)} thủ tục (hồ sơ đã nhận vẫn giữ thủ tục cũ):")
        lines += [f"    − {p.code} {_short(p.name)}" for p in d.retired]
    if d.renamed:
        lines.append(f"• Đổi tên {len(d.renamed)} thủ tục:")
        lines += [f"    ~ {b.code}: «{_short(a.name, 60)}» → «{_short(b.name, 60)}»" for a, b in d.renamed]
    if d.duration_changed:
        lines.append(f"• Đổi thời hạn giải quyết {len(d.duration_changed)} thủ tục:")
        lines += [
            f"    ~ {b.code}: {Duration.from_catalog(a.duration).describe_vi()} → {Duration.from_catalog(b.duration).describe_vi()}"
            for a, b in d.duration_changed
        ]
    if d.fee_changed:
        lines.append(f"• Đổi phí, lệ phí {len(d.fee_changed)} thủ tục:")
        for a, b in d.fee_changed:
            lines.append(f"    ~ {b.code}: {_fee(a)} → {_fee(b)}")
    if d.documents_changed:
        lines.append(f"• Đổi thành phần hồ sơ {len(d.documents_changed)} thủ tục:")
        for p, changes in d.documents_changed:
            lines.append(f"    ~ {p.code}:")
            lines += [f"        {_short(c, 150)}" for c in changes]
    return "\n".join(lines)


def _fee(p: Procedure) -> str:
    if p.fee_amount is not None:
        return f"{p.fee_amount:,} đồng".replace(",", ".")
    return _short(p.fee_text or "không ghi", 50)
