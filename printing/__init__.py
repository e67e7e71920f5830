"""reportlab documents: the legal forms, the ledger, reports. Built from plain dicts, without Qt."""

from __future__ import annotations

from printing.fonts import FontMissing, serif_family
from printing.forms import build_form, build_receipt
from printing.formsets import DEFAULT_FORM_SET, FORM_SETS, FormSet, FormSpec
from printing.ledger import build_ledger
from printing.output import write_atomic
from printing.render import render

__all__ = [
    "DEFAULT_FORM_SET",
    "FORM_SETS",
    "FontMissing",
    "FormSet",
    "FormSpec",
    "build_form",
    "build_ledger",
    "build_receipt",
    "render",
    "serif_family",
    "write_atomic",
]
