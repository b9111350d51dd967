"""Reads of protokoll with visibility rules: one load for the page and the PDFs."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from federation import cache
from federation.http import FederationRequest, PublicRequest
from federation.models import Federation
from meetings.models import Meeting
from meetings.selectors import get_meeting_for_user

from .models import (
    Anslag,
    Approval,
    Attendance,
    Ballot,
    Disqualification,
    JusteringUnderlag,
    Minutes,
    MinutesNote,
    Paragraph,
    ProtokollVersion,
    Reservation,
    Yrkande,
)
from .quorum import Quorum, load_attendances, quorum_at, quorum_table


def get_minutes_for_user(
    request: FederationRequest, meeting_pk: int
) -> tuple[Minutes | None, Meeting]:
    """The protokoll of a meeting the user may see (else 404); None if not begun."""
    meeting = get_meeting_for_user(request, meeting_pk)
    return (
        Minutes.objects.select_related(
            "meeting__body__federation", "chair__party", "secretary"
        )
        .filter(meeting=meeting)
        .first()
    ), meeting


def public_minutes(federation: Federation) -> QuerySet[Minutes]:
    """Justerade protokoll of the federation: the public archive."""
    return (
        Minutes.objects.filter(
            meeting__body__federation=federation, status=Minutes.Status.JUSTERAT
        )
        .select_related("meeting__body")
        .order_by("-meeting__date")
    )


def get_public_minutes(federation: Federation, pk: int) -> Minutes:
    minutes = (
        public_minutes(federation)
        .select_related("meeting__body__federation", "chair__party", "secretary")
        .filter(pk=pk)
        .first()
    )
    if minutes is None:
        raise Http404
    return minutes


def current_anslag(federation: Federation) -> QuerySet[Anslag]:
    return (
        Anslag.objects.current()
        .filter(federation=federation)
        .select_related(
            "minutes__meeting__body",
            "paragraph",
            "meeting__body",
            "delegation_decision",
        )
        .order_by("-posted_on", "-pk")
    )


@dataclass
class ParagraphView:
    paragraph: Paragraph
    quorum: Quorum
    hidden: bool = False

    @property
    def vote(self):
        return getattr(self.paragraph, "vote", None)


@dataclass
class Protokoll:
    """Everything a protokoll page or PDF shows, loaded with a fixed query count."""

    minutes: Minutes
    attendances: list[Attendance]
    paragraphs: list[ParagraphView]
    approvals: list[Approval]
    anslag: list[Anslag]
    corrections: list
    quorum: Quorum
    public: bool = False
    groups: dict = field(default_factory=dict)

    @property
    def meeting(self):
        return self.minutes.meeting

    @property
    def justerare(self) -> list[Approval]:
        return [a for a in self.approvals if a.role == Approval.Role.JUSTERARE]

    @property
    def chair_approval(self) -> Approval | None:
        return next(
            (a for a in self.approvals if a.role == Approval.Role.ORDFORANDE), None
        )

    @property
    def main_anslag(self) -> Anslag | None:
        return next((a for a in self.anslag if a.paragraph_id is None), None)

    @property
    def others(self) -> list[str]:
        return [
            line.strip()
            for line in self.minutes.others_present.splitlines()
            if line.strip()
        ]


def _group(attendances: list[Attendance], quorum: Quorum) -> dict:
    serving = {a.person_id for a in attendances if a.serving_for_id and a.is_present}
    return {
        "beslutande": [
            a
            for a in attendances
            if a.is_present and (a.is_beslutande_seat or a.person_id in serving)
        ],
        "ersattare": [
            a
            for a in attendances
            if a.is_present
            and a.role == Attendance.Role.ERSATTARE
            and a.person_id not in serving
        ],
        "adjungerade": [
            a
            for a in attendances
            if a.is_present
            and a.role in ("adj_ledamot", "adj_ersattare", "adj_sakkunnig")
        ],
        "ovriga": [
            a for a in attendances if a.is_present and a.role == Attendance.Role.OTHER
        ],
        "absent": [a for a in attendances if not a.is_present and a.is_beslutande_seat],
    }


def paragraphs_of(minutes: Minutes) -> QuerySet[Paragraph]:
    return minutes.paragraphs.select_related(
        "agenda_item__case",
        "vote__ja_yrkande__proposer",
        "vote__nej_yrkande__proposer",
    ).prefetch_related(
        Prefetch(
            "disqualifications",
            Disqualification.objects.select_related(
                "person__party", "replaced_by__party"
            ),
        ),
        Prefetch("yrkanden", Yrkande.objects.select_related("proposer__party")),
        Prefetch("reservations", Reservation.objects.select_related("person__party")),
        Prefetch("notes", MinutesNote.objects.select_related("person__party")),
        Prefetch("vote__ballots", Ballot.objects.select_related("person__party")),
    )


def load_protokoll(minutes: Minutes, *, public: bool = False) -> Protokoll:
    """The protokoll for an audience: the public never sees non-public §§' content."""
    attendances = load_attendances(minutes)
    paragraphs = list(paragraphs_of(minutes))
    quorums = quorum_table(minutes, paragraphs, attendances)
    views = [
        ParagraphView(p, quorums[p.pk], hidden=public and not p.is_public)
        for p in paragraphs
    ]
    overall = quorum_at(attendances, None)
    protokoll = Protokoll(
        minutes=minutes,
        attendances=attendances,
        paragraphs=views,
        approvals=list(
            minutes.approvals.select_related("person__party", "approved_by")
        ),
        anslag=list(minutes.anslag.select_related("paragraph")),
        corrections=list(minutes.corrections.select_related("paragraph", "made_by")),
        quorum=overall,
        public=public,
    )
    protokoll.groups = _group(attendances, overall)
    return protokoll


def protokoll_versions(minutes: Minutes, kind: str) -> list[ProtokollVersion]:
    """The frozen versions of a justerat protokoll for one audience, newest first."""
    return list(minutes.versions.filter(kind=kind).order_by("-number"))


def stored_protokoll_version(
    minutes: Minutes, kind: str, number: int | None = None
) -> ProtokollVersion | None:
    """The version to serve: the one asked for, or the newest; None while it is
    being made (a page never renders one on request)."""
    versions = minutes.versions.stored().filter(kind=kind)
    if number is not None:
        return versions.filter(number=number).first()
    newest = minutes.versions.filter(kind=kind).order_by("-number").first()
    if newest is None or not newest.has_file:
        return None
    return newest


def newest_underlag(minutes: Minutes) -> JusteringUnderlag | None:
    """The justeringsunderlag of the protokoll's last sending."""
    return minutes.underlag.order_by("-pk").first()


def public_pdf_file(
    request: PublicRequest, pk: int, number: int | None
) -> tuple[str, str] | None:
    """The stored public PDF of a justerat protokoll of the förbund: the file's name
    in storage and the name to download it as; None when there is none to serve.

    Cached under the förbund's version (federation.cache), so the public reads it
    with no query: a stored file never changes, and a new version (a rättelse)
    changes the förbund's data. None (being made, unknown) is not kept."""

    def find() -> tuple[str, str] | None:
        minutes = public_minutes(request.federation).filter(pk=pk).first()
        version = (
            stored_protokoll_version(minutes, ProtokollVersion.Kind.PUBLIC, number)
            if minutes
            else None
        )
        if version is None or not version.file.name:
            return None
        return version.file.name, protokoll_download_name(version)

    return cache.cached(request, "public-protokoll-pdf", (pk, number), find)


def protokoll_download_name(version: ProtokollVersion) -> str:
    return f"protokoll-{version.snapshot.get('date', '')}-v{version.number}.pdf"


def edit_history(minutes: Minutes) -> dict[int, list[dict]]:
    """Per § id: who added, changed or removed which yrkande or protokollsanteckning,
    and when (from their history rows, the removed ones included), oldest first."""
    said = {
        "yrkande": {
            "+": _("Yrkande added"),
            "~": _("Yrkande changed"),
            "-": _("Yrkande removed"),
        },
        "note": {
            "+": _("Minutes note added"),
            "~": _("Minutes note changed"),
            "-": _("Minutes note removed"),
        },
    }
    rows = [
        (h, h.proposer, said["yrkande"])
        for h in Yrkande.history.filter(paragraph__minutes=minutes).select_related(
            "history_user", "proposer__party"
        )
    ] + [
        (h, h.person, said["note"])
        for h in MinutesNote.history.filter(paragraph__minutes=minutes).select_related(
            "history_user", "person__party"
        )
    ]
    result: dict[int, list[dict]] = {}
    for h, person, kind in sorted(rows, key=lambda r: r[0].history_date):
        user = h.history_user
        who = (user.get_full_name() or user.get_username()) if user else ""
        result.setdefault(h.paragraph_id, []).append(
            {
                "at": h.history_date,
                "who": who,
                "what": kind.get(h.history_type, ""),
                "person": person,
                "text": h.text,
            }
        )
    return result
