"""The anmälningsärenden list: handlingar and delegationsbeslut to report to a body.

Three sections (Inkomna handlingar, Expedierade handlingar, Delegationsbeslut) numbered
continuously across sections, dates as YYMMDD, in the form of the reference list
shared/reference/anmalningsarenden-2024-03-01.txt.

Entries are chosen by the day they were registered (`registered_on`), both ends
included, so a letter dated before the last meeting but registered after it is still
reported. A handling or delegationsbeslut is reported to the bodies its ärende passes
(`Case.bodies`); one without an ärende, or whose ärende names no body, goes to the
direktion, the förbund's board that receives the diarium's general inflow. The
direktion also gets every delegationsbeslut: the delegated power is its own. A
sekretess handling stays in the list for an audience without the right to
see it (its existence and date are public in the diarium), but its title is replaced by
a neutral text; the counterpart is kept.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.utils.translation import gettext as _

from federation.models import Body, Federation

from .models import Case, DelegationDecision, Document
from .permissions import can_see_secret


@dataclass(frozen=True)
class Entry:
    number: int
    date: datetime.date
    counterpart: str
    title: str
    object_id: int
    is_secret: bool = False

    @property
    def date_code(self) -> str:
        return self.date.strftime("%y%m%d")


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    date_label: str
    counterpart_label: str
    title_label: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def title_first(self) -> bool:
        """Delegationsbeslut show the decision before the delegate."""
        return self.key == "delegation"


@dataclass(frozen=True)
class NotificationList:
    since: datetime.date
    until: datetime.date
    sections: list[Section]

    @property
    def entry_count(self) -> int:
        return sum(len(s.entries) for s in self.sections)

    def as_text(self) -> str:
        """Plain text in the reference list's form: one line per entry."""
        lines = []
        for section in self.sections:
            lines.append(section.heading)
            columns = [section.date_label, section.counterpart_label]
            columns.insert(2 if not section.title_first else 1, section.title_label)
            lines.append(" ".join(columns))
            for e in section.entries:
                cells = [e.counterpart, e.title]
                if section.title_first:
                    cells.reverse()
                lines.append(f"{e.date_code} {e.number}. {cells[0]} {cells[1]}")
        return "\n".join(lines)


def notification_list(
    federation: Federation,
    *,
    since: datetime.date,
    until: datetime.date,
    audience: User | AnonymousUser | None = None,
    body: Body | None = None,
    exclude_document_ids: Iterable[int] = (),
    exclude_delegation_ids: Iterable[int] = (),
    extra_document_ids: Iterable[int] = (),
    extra_delegation_ids: Iterable[int] = (),
) -> NotificationList:
    """The anmälningsärenden registered from `since` to `until` (both included).

    The secretary's choices come as ids: extra entries are added whatever their date,
    excluded ones left out. `audience` None is the public. `body` None is the whole
    diarium; a body gets what is reported to it (see the module docstring).
    """
    in_period = Q(registered_on__gte=since, registered_on__lte=until)
    if body is not None:
        in_period &= reported_to(body)
    documents = (
        Document.objects.filter(federation=federation)
        .filter(in_period | Q(pk__in=list(extra_document_ids)))
        .exclude(pk__in=list(exclude_document_ids))
        .filter(
            direction__in=[Document.Direction.INCOMING, Document.Direction.DISPATCHED]
        )
        .order_by("date", "pk")
        .only("pk", "date", "counterpart", "title", "direction", "is_secret")
    )
    decision_period = Q(registered_on__gte=since, registered_on__lte=until)
    if body is not None and body.kind != Body.Kind.DIREKTION:
        decision_period &= reported_to(body)
    decisions = (
        DelegationDecision.objects.filter(federation=federation)
        .filter(decision_period | Q(pk__in=list(extra_delegation_ids)))
        .exclude(pk__in=list(exclude_delegation_ids))
        .order_by("date", "pk")
    )
    show_secret = can_see_secret(audience, federation)
    rows = {
        "incoming": [],
        "dispatched": [],
        "delegation": [
            (d.date, d.delegate, d.decision, d.pk, False) for d in decisions
        ],
    }
    for d in documents:
        title = d.title if show_secret or not d.is_secret else secret_title()
        key = "incoming" if d.direction == Document.Direction.INCOMING else "dispatched"
        rows[key].append((d.date, d.counterpart, title, d.pk, d.is_secret))
    return NotificationList(since=since, until=until, sections=_number(rows))


def reported_to(body: Body) -> Q:
    """Rows (handlingar or delegationsbeslut, by their `case`) reported to `body`."""
    passes = Case.bodies.through.objects.filter(case_id=OuterRef("case_id"))
    if body.kind != Body.Kind.DIREKTION:
        return Q(Exists(passes.filter(body_id=body.pk)))
    # Scalar subqueries with LIMIT 1, not EXISTS: PostgreSQL probes the ärende's
    # bodies by index for each row of the period, where NOT EXISTS in an OR was
    # planned as a hash of every ärende's bodies, a cost that grows with the diarium.
    direct = Subquery(passes.filter(body_id=body.pk).values("pk")[:1])
    anywhere = Subquery(passes.values("pk")[:1])
    return Q(case__isnull=True) | Q(IsNull(direct, False)) | Q(IsNull(anywhere, True))


def secret_title() -> str:
    return _("Document covered by secrecy")


def _number(rows: dict[str, list[tuple]]) -> list[Section]:
    headings = [
        ("incoming", _("Incoming documents"), _("Sender"), _("Matter")),
        ("dispatched", _("Dispatched documents"), _("Recipient"), _("Matter")),
        ("delegation", _("Delegation decisions"), _("Delegate"), _("Decision")),
    ]
    number = 0
    sections = []
    for key, heading, counterpart_label, title_label in headings:
        entries = []
        for date, counterpart, title, pk, is_secret in rows[key]:
            number += 1
            entries.append(Entry(number, date, counterpart, title, pk, is_secret))
        sections.append(
            Section(
                key=key,
                heading=heading,
                date_label=_("Date"),
                counterpart_label=counterpart_label,
                title_label=title_label,
                entries=entries,
            )
        )
    return sections
