"""The protokoll as justerat: a snapshot of what it shows, and its stored PDFs.

At justering every name, party, role, place, body and förbund name the protokoll
shows is copied into a `ProtokollVersion` per audience (internal and public), and
each version's PDF is rendered once from that snapshot by a task (core.documents).
The page of a justerat protokoll and both PDFs read the snapshot alone, so a later
change in the register never reaches them. A rättelse makes the next version from
the previous one's snapshot with the corrected beslut; earlier versions stay.
"""

import copy
import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.documents import (
    BuildStatus,
    StoredDocument,
    build_document,
    request_build,
    retry_failed_build,
)
from core.pdf import render_pdf

from .models import (
    Anslag,
    Correction,
    Extract,
    JusteringUnderlag,
    Minutes,
    Paragraph,
    ProtokollVersion,
)
from .selectors import ParagraphView, Protokoll, load_protokoll
from .tasks import (
    build_extract_pdf_task,
    build_protokoll_pdf_task,
    build_underlag_pdf_task,
)

FrozenT = TypeVar("FrozenT", ProtokollVersion, Extract, JusteringUnderlag)

KINDS = (
    (ProtokollVersion.Kind.INTERNAL, False),
    (ProtokollVersion.Kind.PUBLIC, True),
)


def _day(value: datetime.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _time(value: datetime.time | None) -> str:
    return f"{value:%H:%M}" if value else ""


def _correction(correction: Correction) -> dict[str, Any]:
    made_at = correction.made_at or timezone.now()
    return {
        "version": correction.version,
        "number": correction.paragraph.number if correction.paragraph else None,
        "made_at": _day(timezone.localtime(made_at).date()),
        "made_by": correction.made_by.get_full_name() or correction.made_by.username,
        "reason": correction.reason,
    }


def _paragraph(view: ParagraphView, context: dict[str, Any]) -> dict[str, Any]:
    paragraph = view.paragraph
    frozen: dict[str, Any] = {
        "pk": paragraph.pk,
        "number": paragraph.number,
        "hidden": view.hidden,
    }
    if view.hidden:
        return frozen
    context = {**context, "view": view}
    noted = paragraph.outcome == Paragraph.Outcome.NOTED
    return {
        **frozen,
        "title": paragraph.title,
        "is_public": paragraph.is_public,
        "before_html": render_to_string("minutes/_paragraph_before.html", context),
        "outcome": _("Noted") if noted else str(paragraph.get_outcome_display()),
        "decision_text": paragraph.decision_text,
        "after_html": render_to_string("minutes/_paragraph_after.html", context),
    }


def _paragraph_range(protokoll: Protokoll) -> str:
    """'Paragrafer 1–12' beside the secretary's signature (in the active language)."""
    n = sorted(view.paragraph.number for view in protokoll.paragraphs)
    if len(n) > 1:
        return _("Paragraphs %(first)s–%(last)s") % {"first": n[0], "last": n[-1]}
    return _("Paragraph %(number)s") % {"number": n[0]} if n else ""


def render_anslagsbevis(context: dict[str, Any], anslag: Anslag | None) -> str:
    """The anslagsbevis (blank before the justering), for a snapshot."""
    return render_to_string("minutes/_anslagsbevis.html", {**context, "anslag": anslag})


def _justerat_by(protokoll: Protokoll) -> list[str]:
    approved = [a for a in protokoll.approvals if a.approved_at]
    return [f"{a.person.full_name} ({a.get_role_display()})" for a in approved]


def snapshot_protokoll(
    minutes: Minutes, *, public: bool, protokoll: Protokoll | None = None
) -> dict[str, Any]:
    """What the protokoll shows to an audience, copied from the register now: plain
    strings and the HTML of the parts the draft page shares, rendered in Swedish."""
    protokoll = protokoll or load_protokoll(minutes, public=public)
    meeting = minutes.meeting
    with translation.override("sv"):
        context = {
            "p": protokoll,
            "meeting": meeting,
            "minutes": minutes,
            "paragraph_range": _paragraph_range(protokoll),
        }
        return {
            "federation": meeting.body.federation.name,
            "body": meeting.body.name,
            "date": _day(meeting.date),
            "place": meeting.place,
            "starts": _time(meeting.starts_at),
            "ends": _time(meeting.ends_at),
            "version": minutes.version,
            "public": public,
            "chair": minutes.chair.full_name if minutes.chair else "",
            "secretary": minutes.secretary.full_name if minutes.secretary else "",
            "justerat_on": _day(minutes.justerat_on),
            "justerat_by": _justerat_by(protokoll),
            "attendance_html": render_to_string(
                "minutes/_attendance_list.html", context
            ),
            "first_page_html": render_to_string(
                "minutes/pdf/_first_page.html", context
            ),
            "paragraphs": [_paragraph(view, context) for view in protokoll.paragraphs],
            "signatures_html": render_to_string("minutes/_signatures.html", context),
            "anslag_html": render_anslagsbevis(context, protokoll.main_anslag),
            "corrections": [_correction(c) for c in protokoll.corrections],
        }


# What changes as the justering proceeds, and so is not part of the underlag.
JUSTERING_PARTS = ("signatures_html", "anslag_html", "justerat_on", "justerat_by")


def underlag_snapshot(minutes: Minutes) -> dict[str, Any]:
    """What the justerare and the ordförande read and justerar: the protokoll's
    content as the snapshot copies it, without the justering's own parts."""
    snapshot = snapshot_protokoll(minutes, public=False)
    for key in JUSTERING_PARTS:
        del snapshot[key]
    return snapshot


def _content_sha256(snapshot: dict[str, Any]) -> str:
    data = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def underlag_sha256(minutes: Minutes) -> str:
    """The sha256 of the protokoll's content as it stands (compared with the
    JusteringUnderlag's when a justering is given)."""
    return _content_sha256(underlag_snapshot(minutes))


def freeze_underlag(minutes: Minutes, *, by: User | None) -> JusteringUnderlag:
    """Inside send_for_justering: the underlag as sent, its PDF queued."""
    snapshot = underlag_snapshot(minutes)
    underlag = JusteringUnderlag(
        minutes=minutes,
        sent_at=minutes.sent_at or timezone.now(),
        content_sha256=_content_sha256(snapshot),
        snapshot=snapshot,
    )
    request_build(underlag, by=by, reason="send_for_justering")
    build_underlag_pdf_task.delay_on_commit(underlag_id=underlag.pk)
    return underlag


def build_underlag_pdf(underlag: JusteringUnderlag) -> bytes:
    parts = dict.fromkeys(JUSTERING_PARTS, "")
    frozen = {**underlag.snapshot, **parts, "underlag": True}
    return render_pdf("minutes/pdf/protokoll_frozen.html", {"f": frozen})


def underlag_file_name(underlag: JusteringUnderlag) -> str:
    day = underlag.snapshot.get("date", "")
    name = f"justeringsunderlag-{day}-{underlag.minutes_id}-{underlag.pk}.pdf"
    return f"protokoll/{day[:4] or 'okand'}/{name}"


def _new_version(
    minutes: Minutes,
    *,
    kind: str,
    snapshot: dict[str, Any],
    justerat_at: datetime.datetime,
    by: User | None,
    reason: str,
) -> ProtokollVersion:
    version = ProtokollVersion(
        minutes=minutes,
        number=snapshot["version"],
        kind=kind,
        justerat_at=justerat_at,
        snapshot=snapshot,
    )
    request_build(version, by=by, reason=reason)
    build_protokoll_pdf_task.delay_on_commit(version_id=version.pk)
    return version


def _refuse_unless_as_sent(minutes: Minutes, snapshot: dict[str, Any]) -> None:
    """What is frozen is what the justerare read: a change of the register between
    the last justering's check and this snapshot rolls the justering back."""
    underlag = minutes.underlag.order_by("-pk").first()
    content = {k: v for k, v in snapshot.items() if k not in JUSTERING_PARTS}
    if underlag is not None and _content_sha256(content) != underlag.content_sha256:
        raise ValidationError(
            _(
                "The minutes are no longer what was sent for justering. "
                "The secretary sends them again."
            )
        )


def freeze_protokoll(minutes: Minutes, *, by: User | None) -> list[ProtokollVersion]:
    """Inside the justering's transaction: both versions and an utdrag of every §
    not justerat before (by omedelbar justering), their PDFs queued."""
    justerat_at = minutes.justerat_at or timezone.now()
    versions = [
        _new_version(
            minutes,
            kind=kind,
            snapshot=snapshot_protokoll(minutes, public=public),
            justerat_at=justerat_at,
            by=by,
            reason="justera",
        )
        for kind, public in KINDS
    ]
    internal = versions[0].snapshot
    _refuse_unless_as_sent(minutes, internal)
    done = set(
        Extract.objects.filter(paragraph__minutes=minutes).values_list(
            "paragraph_id", flat=True
        )
    )
    for paragraph in internal["paragraphs"]:
        if paragraph["pk"] not in done:
            _new_extract(
                paragraph["pk"],
                snapshot=extract_snapshot(internal, paragraph["pk"]),
                justerat_at=justerat_at,
                by=by,
                reason="justera",
            )
    return versions


def _corrected(snapshot: dict[str, Any], correction: Correction) -> dict[str, Any]:
    snapshot = copy.deepcopy(snapshot)
    snapshot["version"] = correction.version
    for paragraph in snapshot["paragraphs"]:
        if paragraph["pk"] == correction.paragraph_id and not paragraph["hidden"]:
            paragraph["decision_text"] = correction.new_text
    snapshot["corrections"].append(_correction(correction))
    return snapshot


def freeze_correction(
    minutes: Minutes, correction: Correction, *, by: User
) -> list[ProtokollVersion]:
    """The next version after a rättelse: the previous snapshot with the corrected
    beslut (the register's later changes stay out), its own files."""
    previous = {
        v.kind: v
        for v in ProtokollVersion.objects.filter(
            minutes=minutes, number=correction.version - 1
        )
    }
    versions = []
    for kind, public in KINDS:
        before = previous.get(kind)
        # A protokoll justerat before versions were kept has no snapshot to start
        # from: the register as it stands is the best there is.
        snapshot = (
            _corrected(before.snapshot, correction)
            if before
            else snapshot_protokoll(minutes, public=public)
        )
        versions.append(
            _new_version(
                minutes,
                kind=kind,
                snapshot=snapshot,
                justerat_at=before.justerat_at
                if before
                else minutes.justerat_at or timezone.now(),
                by=by,
                reason=f"rättelse v{correction.version}",
            )
        )
    return versions


# --- Protokollsutdrag ----------------------------------------------------------------


def extract_snapshot(
    protokoll: dict[str, Any], paragraph_pk: int, *, anslag_html: str | None = None
) -> dict[str, Any]:
    """The utdrag of one § cut from a protokoll's snapshot: the same header,
    signatures and anslag (or the §'s own anslag), and only this §'s rättelser."""
    paragraph = next(p for p in protokoll["paragraphs"] if p["pk"] == paragraph_pk)
    kept = {
        key: value
        for key, value in protokoll.items()
        if key
        not in ("paragraphs", "attendance_html", "first_page_html", "corrections")
    }
    return {
        **kept,
        "paragraph": paragraph,
        "anslag_html": protokoll["anslag_html"] if anslag_html is None else anslag_html,
        "corrections": [
            c for c in protokoll["corrections"] if c["number"] == paragraph["number"]
        ],
    }


def _new_extract(
    paragraph_pk: int,
    *,
    snapshot: dict[str, Any],
    justerat_at: datetime.datetime,
    by: User | None,
    reason: str,
) -> Extract:
    extract = Extract(
        paragraph_id=paragraph_pk,
        number=snapshot["version"],
        justerat_at=justerat_at,
        snapshot=snapshot,
    )
    request_build(extract, by=by, reason=reason)
    build_extract_pdf_task.delay_on_commit(extract_id=extract.pk)
    return extract


def freeze_immediate_extract(
    paragraph: Paragraph, anslag: Anslag, *, by: User | None
) -> Extract:
    """Inside an omedelbar justering: the §'s utdrag as it stands, with its own
    anslag; the protokoll's justering later leaves it as it is."""
    minutes = paragraph.minutes
    protokoll = load_protokoll(minutes)
    with translation.override("sv"):
        own_anslag = render_anslagsbevis(
            {"p": protokoll, "meeting": minutes.meeting, "minutes": minutes}, anslag
        )
    snapshot = snapshot_protokoll(minutes, public=False, protokoll=protokoll)
    justerat_at = paragraph.immediately_justerat_at or timezone.now()
    snapshot["justerat_on"] = _day(timezone.localtime(justerat_at).date())
    return _new_extract(
        paragraph.pk,
        snapshot=extract_snapshot(snapshot, paragraph.pk, anslag_html=own_anslag),
        justerat_at=justerat_at,
        by=by,
        reason="justera_immediately",
    )


def freeze_corrected_extract(
    paragraph: Paragraph, correction: Correction, *, by: User
) -> Extract | None:
    """After a rättelse of a §: its next utdrag, from the previous one's snapshot
    with the corrected beslut. None when the § has no utdrag yet (never justerat
    since utdrag were kept: made from the protokoll's version when asked for)."""
    before = paragraph.extracts.order_by("-number").first()
    if before is None:
        return None
    snapshot = copy.deepcopy(before.snapshot)
    snapshot["version"] = correction.version
    if not snapshot["paragraph"]["hidden"]:
        snapshot["paragraph"]["decision_text"] = correction.new_text
    snapshot["corrections"].append(_correction(correction))
    return _new_extract(
        paragraph.pk,
        snapshot=snapshot,
        justerat_at=before.justerat_at,
        by=by,
        reason=f"rättelse v{correction.version}",
    )


def missing_extract(paragraph: Paragraph, *, by: User | None) -> Extract | None:
    """The utdrag of a § justerat before utdrag were kept, cut once from the
    protokoll's newest frozen version; None when there is none to cut it from (the
    register as it stands now is no record: `freeze_justerade_protokoll` first)."""
    paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    extract = paragraph.extracts.order_by("-number").first()
    if extract is not None:
        return extract  # made meanwhile, by a request that held the lock first
    version = (
        paragraph.minutes.versions.filter(kind=ProtokollVersion.Kind.INTERNAL)
        .order_by("-number")
        .first()
    )
    if version is None or not any(
        p["pk"] == paragraph.pk for p in version.snapshot["paragraphs"]
    ):
        return None
    return _new_extract(
        paragraph.pk,
        snapshot=extract_snapshot(version.snapshot, paragraph.pk),
        justerat_at=version.justerat_at,
        by=by,
        reason="missing_extract",
    )


def build_extract_pdf(extract: Extract) -> bytes:
    snapshot = extract.snapshot
    context = {"f": snapshot, "par": snapshot["paragraph"]}
    return render_pdf("minutes/pdf/extract_frozen.html", context)


def extract_file_name(extract: Extract) -> str:
    day = extract.snapshot.get("date", "")
    number = extract.snapshot["paragraph"]["number"]
    name = f"protokollsutdrag-{day}-{extract.paragraph_id}-{number}-v{extract.number}"
    return f"protokoll/{day[:4] or 'okand'}/{name}.pdf"


# --- Protokoll PDFs -------------------------------------------------------------------


def build_protokoll_pdf(version: ProtokollVersion) -> bytes:
    return render_pdf("minutes/pdf/protokoll_frozen.html", {"f": version.snapshot})


def protokoll_file_name(version: ProtokollVersion) -> str:
    day = version.snapshot.get("date", "")
    # The protokoll's id and the version's kind: a build overwrites only the file of
    # its own name (its own earlier attempt), never another version's.
    name = f"protokoll-{day}-{version.minutes_id}-v{version.number}-{version.kind}.pdf"
    return f"protokoll/{day[:4] or 'okand'}/{name}"


# How each frozen document is rendered and named, and the reason its history records.
FROZEN_PDFS: dict[
    type[StoredDocument], tuple[Callable[[Any], bytes], Callable[[Any], str], str]
] = {
    ProtokollVersion: (build_protokoll_pdf, protokoll_file_name, "build_protokoll_pdf"),
    Extract: (build_extract_pdf, extract_file_name, "build_extract_pdf"),
    JusteringUnderlag: (build_underlag_pdf, underlag_file_name, "build_underlag_pdf"),
}


def store_frozen_pdf(document: FrozenT, *, claim_id: str = "") -> FrozenT:
    """Render and store the PDF of a protokoll version, an utdrag or an underlag
    once; a second run finds it done."""
    build, file_name, reason = FROZEN_PDFS[type(document)]
    return build_document(
        document, build=build, file_name=file_name, reason=reason, claim_id=claim_id
    )


def failed_documents(minutes: Minutes) -> list[ProtokollVersion | Extract]:
    """The protokoll's stored documents whose build failed (shown to the secretary
    with a button to try again)."""
    return [
        *minutes.versions.filter(build_status=BuildStatus.FAILED),
        *Extract.objects.filter(
            paragraph__minutes=minutes, build_status=BuildStatus.FAILED
        ),
    ]


def retry_failed_documents(minutes: Minutes, *, by: User) -> int:
    return sum(retry_failed_build(row, by=by) for row in failed_documents(minutes))
