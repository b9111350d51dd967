"""Factories of the cases app. Diarienummer come from a sequence, not the service."""

import datetime
import io

import factory
import pikepdf

from cases.models import Case, DelegationDecision, Document
from tests.factories import FederationFactory, ModelFactory


def pdf_bytes(pages: int = 1) -> bytes:
    """A small valid PDF."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


class CaseFactory(ModelFactory[Case]):
    class Meta:
        model = Case

    federation = factory.SubFactory(FederationFactory)
    year = 2024
    number = factory.Sequence(lambda n: n + 1)
    diarienummer = factory.LazyAttribute(
        lambda o: f"{o.federation.diarium_prefix} {o.year}-{o.number}"
    )
    title = factory.Sequence(lambda n: f"Ärende {n}")
    # Ready for a dagordning, as most tests need; a test of another state passes it.
    status = Case.Status.READY
    proposal = "Direktionen beslutar enligt förslaget"
    opened_on = datetime.date(2024, 1, 15)


class DocumentFactory(ModelFactory[Document]):
    class Meta:
        model = Document

    federation = factory.SubFactory(FederationFactory)
    title = factory.Sequence(lambda n: f"Handling {n}")
    kind = Document.Kind.SKRIVELSE
    direction = Document.Direction.INCOMING
    date = datetime.date(2024, 2, 1)
    registered_on = factory.SelfAttribute("date")
    counterpart = "Borås Stad"


class DelegationDecisionFactory(ModelFactory[DelegationDecision]):
    class Meta:
        model = DelegationDecision

    federation = factory.SubFactory(FederationFactory)
    date = datetime.date(2024, 2, 1)
    registered_on = factory.SelfAttribute("date")
    decision = factory.Sequence(lambda n: f"Beslut {n}")
    delegate = "Förbundsdirektör"
