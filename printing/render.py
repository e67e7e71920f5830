"""The one way from the core's print data (desk.printdata.Printable) to a PDF: the CLI, the GUI and the self-check
all call ``render``."""

from __future__ import annotations

from desk.printdata import Printable
from printing.forms import build_form, build_receipt
from printing.ledger import build_ledger


def render(doc: Printable, *, two_on_a4: bool = False) -> bytes:
    """The PDF of a form prepared by the core; ``two_on_a4`` puts both copies of a receipt on one A4 sheet."""
    header = doc.header.as_dict()
    if doc.form == "ledger":
        return build_ledger(doc.entries, header, date_from=doc.extra["date_from"], date_to=doc.extra["date_to"],
                            form_set=doc.form_set, books=doc.extra.get("books"))  # fmt: skip
    if doc.form == "receipt":
        return build_receipt(doc.dossier, header, form_set=doc.form_set, two_on_a4=two_on_a4)
    return build_form(doc.form, doc.dossier, header, form_set=doc.form_set, **doc.extra)
