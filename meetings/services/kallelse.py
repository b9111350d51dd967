"""Publishing the kallelse: a frozen version of the agenda and its PDF."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.documents import build_document
from meetings.kallelse_print import PRINT_KEY, print_snapshot
from meetings.models import STANDARD_KINDS, KallelseVersion, Meeting
from meetings.pdf import build_kallelse_pdf, kallelse_file_name
from meetings.tasks import build_kallelse_pdf_task, send_kallelse_mail_task

from .agenda import agenda_snapshot
from .changes import same_agenda
from .news import post_kallelse_news


def lead_time_shortfall(meeting: Meeting, today: datetime.date | None = None) -> int:
    """Calendar days the kallelse is late by today (0 when it is on time)."""
    today = today or timezone.localdate()
    latest = meeting.date - datetime.timedelta(days=meeting.body.kallelse_lead_days)
    return max(0, (today - latest).days)


def latest_version(meeting: Meeting) -> KallelseVersion | None:
    return meeting.kallelse_versions.order_by("-number").first()


def has_unpublished_changes(meeting: Meeting) -> bool:
    latest = latest_version(meeting)
    return latest is not None and not same_agenda(
        latest.snapshot, agenda_snapshot(meeting)
    )


@transaction.atomic
def publish_kallelse(
    meeting: Meeting,
    *,
    by: User,
    late_reason: str = "",
    change_note: str = "",
    today: datetime.date | None = None,
    number: int | None = None,
) -> KallelseVersion:
    """Freeze the agenda as a new kallelse version and queue its PDF.

    The first version checks the body's lead time in calendar days: a late kallelse
    needs a recorded reason. A later version (kompletterande handlingar) needs a note
    of what changed, and is refused when nothing has. `number` is the number the
    page offered to publish: when that version exists already (a second submit of
    the same page) nothing is published (code "published").
    """
    meeting = (
        Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    )
    if not meeting.is_editable:
        raise ValidationError(_("The kallelse of a held meeting cannot change."))
    if not meeting.items.exclude(kind__in=STANDARD_KINDS).exists():
        raise ValidationError(_("Add at least one item before publishing."))
    latest = latest_version(meeting)
    if number is not None and latest is not None and latest.number >= number:
        raise ValidationError(
            _("Version %(number)s of the kallelse is already published.")
            % {"number": number},
            code="published",
        )
    snapshot = agenda_snapshot(meeting)
    if latest is None:
        days_late = lead_time_shortfall(meeting, today)
        if days_late and not late_reason.strip():
            raise ValidationError(
                _(
                    "The kallelse is %(days)s day(s) late for the lead time of "
                    "%(lead)s days. State why it is sent late."
                )
                % {"days": days_late, "lead": meeting.body.kallelse_lead_days},
                code="late",
            )
    elif same_agenda(latest.snapshot, snapshot):
        raise ValidationError(_("Nothing has changed since the last version."))
    elif not change_note.strip():
        raise ValidationError(_("Say what the supplementary documents change."))
    now = timezone.now()
    version = KallelseVersion(
        meeting=meeting,
        number=(latest.number + 1) if latest else 1,
        published_at=now,
        build_requested_at=now,
        published_by=by,
        late_reason=late_reason.strip(),
        change_note=change_note.strip(),
        # What the cover prints besides the agenda, frozen too: a rebuild prints it.
        snapshot={**snapshot, PRINT_KEY: print_snapshot(meeting)},
    )
    history.save(version, by=by, reason="publish_kallelse")
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.KALLELSE_PUBLISHED
        meeting.kallelse_published_at = version.published_at
        history.save(
            meeting,
            by=by,
            reason="publish_kallelse",
            update_fields=["status", "kallelse_published_at"],
        )
    # A fullmäktige meeting is kungjort on the anslagstavla (KL 8 kap. 13 §), once.
    from minutes.services.anslag import post_kungorelse  # noqa: PLC0415 circular

    post_kungorelse(meeting, by=by)
    build_kallelse_pdf_task.delay_on_commit(version_id=version.pk)
    post_kallelse_news(version)  # Nytt, in the same transaction
    return version


def store_kallelse_pdf(
    version: KallelseVersion, *, claim_id: str = ""
) -> KallelseVersion:
    """Build and store a version's PDF once (core.documents); a second run finds it
    done or being made. Once stored, the kallade's e-mails are queued."""
    version = build_document(
        version,
        build=build_kallelse_pdf,
        file_name=kallelse_file_name,
        reason="build_kallelse_pdf",
        claim_id=claim_id,
    )
    if (
        version.build_status == KallelseVersion.BuildStatus.DONE
        and not version.notified_at
    ):
        send_kallelse_mail_task.delay_on_commit(version_id=version.pk)
    return version
