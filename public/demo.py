"""Demo of the public side: where the protokoll are kept, Sjuhärad's published
diarium (its handlingar from the member kommuner under their names) and a
delegationsbeslut announced on the anslagstavla."""

from django.contrib.auth.models import User

from cases.models import DelegationDecision, Document
from federation.models import Federation, Member
from minutes.models import Anslag
from minutes.services.anslag import post_notice

KEPT_AT = {
    "sjuharad": "Sjuhärads kommunalförbund, kansliet, Stora Torget 2, 503 30 Borås",
    "vastmanland": "Västmanlands kommuner, kansliet, Stora Gatan 16, 722 12 Västerås",
}


def load(context: dict) -> dict:
    for federation in Federation.objects.filter(slug__in=KEPT_AT):
        if not federation.forvaringsplats:
            federation.forvaringsplats = KEPT_AT[federation.slug]
            federation.publishes_diarium = federation.slug == "sjuharad"
            federation.save(update_fields=["forvaringsplats", "publishes_diarium"])
    sjuharad = Federation.objects.filter(slug="sjuharad").first()
    if sjuharad is None:
        return {}
    # A handling from or to a member kommun names an organisation, shown in the
    # public diarium; every other counterpart stays masked.
    members = set(
        Member.objects.filter(federation=sjuharad).values_list("name", flat=True)
    )
    for document in Document.objects.filter(federation=sjuharad).exclude(
        counterpart=""
    ):
        if document.counterpart in members and not document.counterpart_is_organisation:
            document.counterpart_is_organisation = True
            document.save(update_fields=["counterpart_is_organisation"])
    users: dict[str, User] = context.get("users", {})
    decision = (
        DelegationDecision.objects.filter(federation=sjuharad).order_by("-date").first()
    )
    if (
        decision is not None
        and not Anslag.objects.filter(delegation_decision=decision).exists()
    ):
        post_notice(
            sjuharad,
            kind=Anslag.Kind.DELEGATIONSBESLUT,
            title="",
            delegation_decision=decision,
            by=users.get("chef"),
        )
    return {}
