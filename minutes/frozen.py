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
from typing import Any

from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.documents import build_document, request_build
from core.pdf import render_pdf

from .models import Correction, Minutes, Paragraph, ProtokollVersion
from .selectors import ParagraphView, load_protokoll
from .tasks import build_protokoll_pdf_task

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
        "number": correction.paragraph.number if correction.paragraph_id else None,
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


def snapshot_protokoll(minutes: Minutes, *, public: bool) -> dict[str, Any]:
    """What the protokoll shows to an audience, copied from the register now: plain
    strings and the HTML of the parts the draft page shares, rendered in Swedish."""
    protokoll = load_protokoll(minutes, public=public)
    meeting = minutes.meeting
    context = {"p": protokoll, "meeting": meeting, "minutes": minutes}
    with translation.override("sv"):
        return {
            "federation": meeting.body.federation.name,
            "body": meeting.body.name,
            "date": _day(meeting.date),
            "place": meeting.place,
            "starts": _time(meeting.starts_at),
            "ends": _time(meeting.ends_at),
            "version": minutes.version,
            "public": public,
            "chair": minutes.chair.full_name if minutes.chair_id else "",
            "secretary": minutes.secretary.full_name if minutes.secretary_id else "",
            "justerat_on": _day(minutes.justerat_on),
            "attendance_html": render_to_string(
                "minutes/_attendance_list.html", context
            ),
            "paragraphs": [_paragraph(view, context) for view in protokoll.paragraphs],
            "signatures_html": render_to_string("minutes/_signatures.html", context),
            "anslag_html": render_to_string(
                "minutes/_anslagsbevis.html",
                {**context, "anslag": protokoll.main_anslag},
            ),
            "corrections": [_correction(c) for c in protokoll.corrections],
        }


def underlag_sha256(minutes: Minutes) -> str:
    """The sha256 of what a justerare is shown and justerar: the protokoll's content
    as the snapshot would copy it, without the signatures and the anslag, which
    change as the justering proceeds."""
    snapshot = snapshot_protokoll(minutes, public=False)
    del snapshot["signatures_html"], snapshot["anslag_html"]
    data = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


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


def freeze_protokoll(minutes: Minutes, *, by: User | None) -> list[ProtokollVersion]:
    """Inside the justering's transaction: both versions, their PDFs queued."""
    return [
        _new_version(
            minutes,
            kind=kind,
            snapshot=snapshot_protokoll(minutes, public=public),
            justerat_at=minutes.justerat_at or timezone.now(),
            by=by,
            reason="justera",
        )
        for kind, public in KINDS
    ]


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


def build_protokoll_pdf(version: ProtokollVersion) -> bytes:
    return render_pdf("minutes/pdf/protokoll_frozen.html", {"f": version.snapshot})


def protokoll_file_name(version: ProtokollVersion) -> str:
    day = version.snapshot.get("date", "")
    # The protokoll's id and the version's kind: a build overwrites only the file of
    # its own name (its own earlier attempt), never another version's.
    name = f"protokoll-{day}-{version.minutes_id}-v{version.number}-{version.kind}.pdf"
    return f"protokoll/{day[:4] or 'okand'}/{name}"


def store_protokoll_pdf(
    version: ProtokollVersion, *, claim_id: str = ""
) -> ProtokollVersion:
    """Render and store a version's PDF once; a second run finds it done."""
    return build_document(
        version,
        build=build_protokoll_pdf,
        file_name=protokoll_file_name,
        reason="build_protokoll_pdf",
        claim_id=claim_id,
    )
