"""Context builders and renderers for the app's documents: the tjänsteskrivelse and the
anmälningsärenden list. Both take an explicit audience (a user, or None for the public)
and read handlingar through selectors.visible_documents, so sekretess holds in PDFs too.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from core.pdf import render_pdf
from federation.models import Person

from .anmalningsarenden import NotificationList
from .models import Case
from .selectors import visible_documents

Audience = User | AnonymousUser | None
TJANSTESKRIVELSE_TEMPLATE = "cases/pdf/tjansteskrivelse.html"
NOTIFICATION_LIST_TEMPLATE = "cases/pdf/anmalningsarenden.html"


def handlaggare_block(case: Case) -> dict[str, str] | None:
    """Name, title, e-mail and phone of the handläggare, from their Person row."""
    user = case.handlaggare
    if user is None:
        return None
    person = Person.objects.filter(federation_id=case.federation_id, user=user).first()
    name = user.get_full_name() or user.get_username()
    if person is None:
        return {"name": name, "title": "", "email": user.email, "phone": ""}
    return {
        "name": f"{person.first_name} {person.last_name}".strip() or name,
        "title": person.title,
        "email": person.email or user.email,
        "phone": person.phone,
    }


def tjansteskrivelse_context(case: Case, audience: Audience) -> dict[str, Any]:
    """Everything the tjänsteskrivelse shows, as plain values."""
    visible = visible_documents(audience, case.federation)
    basis = [
        d.title
        for d in case.basis_documents.filter(pk__in=visible.values("pk")).order_by(
            "date", "pk"
        )
    ]
    recipients = [
        *(m.name for m in case.recipient_members.all()),
        *(b.name for b in case.recipient_bodies.all()),
        *case.external_recipients,
    ]
    deciding = case.bodies.filter(takes_decisions=True).order_by("pk").first()
    return {
        "case": case,
        "federation": case.federation,
        "diarienummer": case.diarienummer,
        "title": case.title,
        "date": case.opened_on,
        "deciding_body": deciding.name if deciding else "",
        "proposal_points": case.proposal_points,
        "description": case.description,
        "child_impact": case.child_impact,
        "basis": [*basis, *case.other_basis],
        "recipients": recipients,
        "handlaggare": handlaggare_block(case),
    }


def render_tjansteskrivelse(case: Case, audience: Audience) -> bytes:
    """The tjänsteskrivelse as PDF/A bytes; the kallelse includes it per ärende."""
    return render_pdf(
        TJANSTESKRIVELSE_TEMPLATE, tjansteskrivelse_context(case, audience)
    )


def notification_list_context(listing: NotificationList, federation) -> dict[str, Any]:
    return {
        "federation": federation,
        "notification_list": listing,
        "printed_on": timezone.localdate(),
    }


def render_notification_list(listing: NotificationList, federation) -> bytes:
    return render_pdf(
        NOTIFICATION_LIST_TEMPLATE, notification_list_context(listing, federation)
    )
