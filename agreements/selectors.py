"""Reads of the register: prefetches that let statuses be derived without N+1."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from cases.models import Document
from cases.permissions import can_see_secret
from cases.selectors import visible_documents
from federation.http import FederationRequest
from federation.models import Federation, Member

from .models import Agreement, AgreementParty, Notice, Ratification
from .permissions import can_edit_agreements
from .status import (
    OPEN_FOR_DECISION,
    StatusInfo,
    add_months,
    outcome_of,
    status_of,
)


def _parties() -> QuerySet[AgreementParty]:
    return AgreementParty.objects.select_related(
        "member", "ratification", "ratification__recorded_by"
    )


def agreements_with_status_data(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Prefetch everything status_of reads: parties, decisions, notices, successors.

    Successors (new versions, amendments) get the same, one level down, so that their
    own statuses can be shown too; the number of queries does not grow with rows.
    """
    successors = Agreement.objects.prefetch_related(
        Prefetch("parties", queryset=_parties()),
        Prefetch("notices", queryset=Notice.objects.all()),
        Prefetch(
            "successors",
            queryset=Agreement.objects.prefetch_related(
                Prefetch("parties", queryset=_parties())
            ),
        ),
    )
    return qs.prefetch_related(
        Prefetch("parties", queryset=_parties()),
        Prefetch("notices", queryset=Notice.objects.select_related("party__member")),
        Prefetch("successors", queryset=successors),
    )


@dataclass
class Row:
    agreement: Agreement
    info: StatusInfo


@dataclass
class RegisterFilter:
    status: str = ""
    member: Member | None = None
    expiring_months: int | None = None


def register_rows(
    federation, filters: RegisterFilter, today: datetime.date
) -> list[Row]:
    """The federation's agreements with their statuses, filtered.

    Status and the end date are derived, so those filters run in Python over the
    prefetched rows; the party filter runs in the database.
    """
    qs = Agreement.objects.filter(federation=federation)
    if filters.member is not None:
        qs = qs.filter(parties__member=filters.member).distinct()
    rows = [Row(a, status_of(a, today)) for a in agreements_with_status_data(qs)]
    if filters.status:
        rows = [r for r in rows if r.info.status == filters.status]
    if filters.expiring_months is not None:
        horizon = add_months(today, filters.expiring_months)
        rows = [
            r
            for r in rows
            if r.info.is_binding
            and r.info.ends_on is not None
            and today <= r.info.ends_on <= horizon
        ]
    return rows


def get_agreement_for_user(
    request: FederationRequest, pk: int, *, write: bool = False
) -> Agreement:
    """The agreement of the URL's federation: 404 if not there, 403 to a reader."""
    agreement = (
        agreements_with_status_data(Agreement.objects.select_related("previous"))
        .filter(federation=request.federation, pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    if write and not can_edit_agreements(request.user, request.federation):
        raise PermissionDenied
    return agreement


def linkable_documents(user: User, federation: Federation) -> QuerySet[Document]:
    """The handlingar the user may see (the diarium's sekretess rule) and so link."""
    return visible_documents(user, federation).order_by("-date", "-pk")


def agreement_page(agreement: Agreement, user: User, today: datetime.date) -> dict:
    """Everything the agreement page shows, read with a fixed number of queries."""
    successors = list(agreement.successors.all())
    documents = agreement.documents.all()
    if not can_see_secret(user, agreement.federation):
        documents = documents.filter(is_secret=False)
    return {
        "agreement": agreement,
        "info": status_of(agreement, today),
        "parties": agreement.parties.all(),
        "notices": agreement.notices.all(),
        "documents": list(documents.order_by("date", "pk")),
        "linkable_documents": linkable_documents(user, agreement.federation),
        "amendments": [
            Row(s, status_of(s, today))
            for s in successors
            if s.relation == Agreement.Relation.AMENDS
        ],
        "new_versions": [
            Row(s, status_of(s, today))
            for s in successors
            if s.relation == Agreement.Relation.REPLACES
        ],
        # The costs partial comes from the finance app, which an installation may
        # leave out.
        "show_costs": apps.is_installed("finance"),
    }


@dataclass
class MemberRow:
    agreement: Agreement
    info: StatusInfo
    party: AgreementParty

    @property
    def owes_decision(self) -> bool:
        return (
            self.info.status in OPEN_FOR_DECISION
            and outcome_of(self.party) == Ratification.Outcome.PENDING
        )


def member_overview(member: Member, today: datetime.date) -> dict:
    """The agreements a member is party to, and the decisions it still owes."""
    agreements = agreements_with_status_data(
        Agreement.objects.filter(parties__member=member).distinct()
    )
    rows = []
    for agreement in agreements:
        party = next(p for p in agreement.parties.all() if p.member_id == member.pk)
        rows.append(MemberRow(agreement, status_of(agreement, today), party))
    return {
        "member": member,
        "rows": rows,
        "owed": [row for row in rows if row.owes_decision],
    }
