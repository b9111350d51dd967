"""OParl 1.1 objects from the förbund's rows: one function per type.

Each takes a row read by oparl.kinds (with its public relations prefetched) and the
Links of the request, and reads nothing but what the public portal shows: no
sekretess handling, no non-public item or §, no contact details of a person.
"""

import datetime
import mimetypes
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, Document
from federation.models import Assignment, Body, Federation, Person, Term
from meetings.models import AgendaItem, ItemKind, Meeting
from minutes.models import Attendance, Minutes, Paragraph
from public.selectors import NON_PUBLIC_BODY_KINDS

SCHEMA = "https://schema.oparl.org/1.1/"


class Links:
    """The absolute URLs of one förbund's OParl objects (oparl.urls' layout)."""

    def __init__(self, root: str, federation: Federation | None = None) -> None:
        self.system = root
        self.bodies = f"{root}body/"
        self.body = f"{root}body/{federation.slug}/" if federation else ""

    def of(self, kind: str, pk: int) -> str:
        return f"{self.body}{kind}/{pk}/"

    def list(self, kind: str) -> str:
        return f"{self.body}{kind}/"


def stamp(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def common(kind: str, url: str, row: Any) -> dict:
    """id, type, created and modified; the times as read by oparl.times."""
    data = {"id": url, "type": SCHEMA + kind}
    for key, attr in (("created", "oparl_created"), ("modified", "oparl_modified")):
        value = stamp(getattr(row, attr, None))
        if value:
            data[key] = value
    return data


def deleted(kind: str, url: str, created, modified) -> dict:
    data = {"id": url, "type": SCHEMA + kind, "deleted": True}
    if kind == "File":  # the one attribute the schema asks of every File
        data["accessUrl"] = f"{url}access/"
    if created:
        data["created"] = stamp(created)
    if modified:
        data["modified"] = stamp(modified)
    return data


def _clean(data: dict) -> dict:
    """Without empty values: OParl leaves out what is not known."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def system(links: Links, web: str) -> dict:
    return {
        "id": links.system,
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "name": _("Förbundsportalen"),
        "body": links.bodies,
        "website": web,
    }


def body(federation: Federation, links: Links, terms: list[Term]) -> dict:
    return _clean(
        {
            **common("Body", links.body, federation),
            "system": links.system,
            "name": federation.name,
            "shortName": federation.diarium_prefix,
            "classification": federation.get_kind_display(),
            "organization": links.list("organization"),
            "person": links.list("person"),
            "meeting": links.list("meeting"),
            "paper": links.list("paper"),
            "agendaItem": links.list("agendaitem"),
            "consultation": links.list("consultation"),
            "file": links.list("file"),
            "locationList": links.list("location"),
            "legislativeTermList": links.list("legislativeterm"),
            "membership": links.list("membership"),
            "legislativeTerm": [legislative_term(t, links) for t in terms],
        }
    )


def legislative_term(term: Term, links: Links) -> dict:
    return {
        **common("LegislativeTerm", links.of("legislativeterm", term.pk), term),
        "body": links.body,
        "name": term.name,
        "startDate": term.starts_on.isoformat(),
        "endDate": term.ends_on.isoformat(),
    }


def organization(row: Body, links: Links) -> dict:
    return _clean(
        {
            **common("Organization", links.of("organization", row.pk), row),
            "body": links.body,
            "name": row.name,
            "shortName": row.short_name,
            # OParl's own word for a council body (its list of organizationType).
            "organizationType": "Gremium",
            "classification": row.get_kind_display(),
            # Set up by another body: linked when that body is public too.
            "subOrganizationOf": (
                links.of("organization", row.parent.pk)
                if row.parent is not None
                and row.parent.kind not in NON_PUBLIC_BODY_KINDS
                else None
            ),
            "membership": [links.of("membership", a.pk) for a in row.assignments.all()],
            "meeting": f"{links.list('meeting')}?organization={row.pk}",
        }
    )


def membership(row: Assignment, links: Links) -> dict:
    return _clean(
        {
            **common("Membership", links.of("membership", row.pk), row),
            "person": links.of("person", row.person_id),
            "organization": links.of("organization", row.body_id),
            "role": str(row.get_role_display()),
            "votingRight": row.is_beslutande,
            "startDate": row.valid_from.isoformat(),
            "endDate": row.valid_to.isoformat() if row.valid_to else None,
        }
    )


def serving_membership(row: Attendance, links: Links) -> dict:
    """A tjänstgörande ersättare at one meeting: a Membership of that day, with the
    vote of the ledamot served for (docs/architecture.md)."""
    meeting = row.minutes.meeting
    served = row.serving_for
    return {
        **common("Membership", links.of("servingmembership", row.pk), row),
        "person": links.of("person", row.person_id),
        "organization": links.of("organization", meeting.body_id),
        "role": _("Serving substitute for %(name)s") % {"name": served.full_name}
        if served
        else "",
        "votingRight": True,
        "startDate": meeting.date.isoformat(),
        "endDate": meeting.date.isoformat(),
    }


def person(row: Person, links: Links) -> dict:
    """Name and uppdrag: never the e-mail, phone or user account of the register."""
    return _clean(
        {
            **common("Person", links.of("person", row.pk), row),
            "body": links.body,
            "name": row.full_name,
            "givenName": row.first_name,
            "familyName": row.last_name,
            "membership": [membership(a, links) for a in row.assignments.all()]
            + [serving_membership(a, links) for a in getattr(row, "oparl_serving", [])],
        }
    )


def location(row: Meeting, links: Links) -> dict:
    return {
        **common("Location", links.of("location", row.pk), row),
        "description": row.place,
        "meetings": [links.of("meeting", row.pk)],
    }


def _justerat(meeting: Meeting) -> Minutes | None:
    try:
        minutes = meeting.minutes
    except Minutes.DoesNotExist:
        return None
    return minutes if minutes.status == Minutes.Status.JUSTERAT else None


def meeting(row: Meeting, links: Links) -> dict:
    minutes = _justerat(row)
    present = minutes.attendances.all() if minutes else []
    return _clean(
        {
            **common("Meeting", links.of("meeting", row.pk), row),
            "name": f"{row.body.name} {row.date:%Y-%m-%d}",
            "meetingState": str(row.get_status_display()),
            "cancelled": False,
            "start": stamp(row.starts),
            "end": stamp(row.ends),
            "location": location(row, links) if row.place else None,
            "organization": [links.of("organization", row.body_id)],
            "participant": [links.of("person", a.person_id) for a in present],
            "agendaItem": [
                agenda_item(i, links) for i in getattr(row, "oparl_items", [])
            ],
        }
    )


def public_paragraph(item: AgendaItem) -> Paragraph | None:
    """The item's § when the public protokoll shows it: justerat and public."""
    try:
        paragraph = item.paragraph
    except Paragraph.DoesNotExist:
        return None
    if not paragraph.is_public or paragraph.minutes.status != Minutes.Status.JUSTERAT:
        return None
    return paragraph


def _result(paragraph: Paragraph) -> str:
    """The outcome, and a votering's result as the protokoll says it."""
    parts = [str(paragraph.get_outcome_display())]
    vote = getattr(paragraph, "vote", None)
    if vote is not None:
        parts.append(
            _("Vote: %(ja)s yes, %(nej)s no, %(avstar)s abstaining")
            % {"ja": vote.ja_count, "nej": vote.nej_count, "avstar": vote.avstar_count}
        )
        if vote.result_text:
            parts.append(vote.result_text)
    return ". ".join(parts)


def agenda_item(row: AgendaItem, links: Links) -> dict:
    paragraph = public_paragraph(row)
    files = row.case.documents.all() if row.case_id and row.case else []
    return _clean(
        {
            **common("AgendaItem", links.of("agendaitem", row.pk), row),
            "meeting": links.of("meeting", row.meeting_id),
            "number": f"§ {paragraph.number}" if paragraph else str(row.position),
            "order": row.position,
            "name": row.title,
            "public": True,
            "consultation": (links.of("consultation", row.pk) if row.case_id else None),
            "result": _result(paragraph) if paragraph else None,
            "resolutionText": paragraph.decision_text if paragraph else None,
            "auxiliaryFile": [file(d, links) for d in files],
        }
    )


def consultation(row: AgendaItem, links: Links) -> dict:
    return {
        **common("Consultation", links.of("consultation", row.pk), row),
        "paper": links.of("paper", row.case_id or 0),
        "agendaItem": links.of("agendaitem", row.pk),
        "meeting": links.of("meeting", row.meeting_id),
        "organization": [links.of("organization", row.meeting.body_id)],
        "authoritative": row.kind == ItemKind.DECISION
        and row.meeting.body.takes_decisions,
        "role": str(row.get_kind_display()),
    }


def paper(row: Case, links: Links) -> dict:
    files = list(row.documents.all())
    main = next((d for d in files if d.kind == Document.Kind.TJANSTESKRIVELSE), None)
    return _clean(
        {
            **common("Paper", links.of("paper", row.pk), row),
            "body": links.body,
            "name": row.title,
            "reference": row.diarienummer,
            "date": row.opened_on.isoformat(),
            "paperType": _("Case on the agenda"),
            "mainFile": file(main, links) if main else None,
            "auxiliaryFile": [file(d, links) for d in files if d is not main],
            "consultation": [
                consultation(i, links) for i in getattr(row, "oparl_items", [])
            ],
        }
    )


def file(row: Document, links: Links) -> dict:
    url = links.of("file", row.pk)
    name = (row.file.name or "").rsplit("/", 1)[-1]
    return _clean(
        {
            **common("File", url, row),
            "name": row.title,
            "fileName": name,
            "mimeType": mimetypes.guess_type(name)[0] or "application/octet-stream",
            "date": row.date.isoformat(),
            "accessUrl": f"{url}access/",
            "downloadUrl": f"{url}download/",
            "paper": [links.of("paper", row.case_id)] if row.case_id else None,
        }
    )
