"""Rättelse: a justerat § corrected, in a new version of the protokoll."""

import pgtrigger
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import history
from minutes.frozen import freeze_corrected_extract, freeze_correction
from minutes.models import Correction, Paragraph

from .editing import _lock

RATTELSE_TRIGGERS = (
    "minutes.Minutes:protect_justerat",
    "minutes.Paragraph:protect_justerat",
)


@transaction.atomic
def record_correction(
    paragraph: Paragraph, *, decision_text: str, reason: str, by: User
) -> Correction:
    """Correct a justerat §: a new version of the protokoll with who and why."""
    minutes = _lock(paragraph.minutes)
    paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    if not (minutes.is_locked or paragraph.immediately_justerat_at):
        raise ValidationError(
            _("Edit the draft directly; a correction is for approved §§.")
        )
    if not reason.strip():
        raise ValidationError(_("Say why the correction is made."))
    if decision_text.strip() == paragraph.decision_text:
        raise ValidationError(_("The text is unchanged."))
    # The one way past the database's refusal to change a justerat protokoll.
    with pgtrigger.ignore(*RATTELSE_TRIGGERS):
        minutes.version += 1
        history.save(
            minutes,
            by=by,
            reason=f"rättelse v{minutes.version}",
            update_fields=["version"],
        )
        correction = Correction(
            minutes=minutes,
            version=minutes.version,
            paragraph=paragraph,
            reason=reason.strip(),
            old_text=paragraph.decision_text,
            new_text=decision_text.strip(),
            made_by=by,
        )
        history.save(correction, by=by, reason="record_correction")
        paragraph.decision_text = decision_text.strip()
        history.save(
            paragraph,
            by=by,
            reason=f"rättelse v{minutes.version}: {reason.strip()}"[:100],
        )
    if minutes.is_locked:
        freeze_correction(minutes, correction, by=by)
    freeze_corrected_extract(paragraph, correction, by=by)
    return correction
