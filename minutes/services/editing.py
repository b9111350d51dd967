"""What every write of the protokoll asks first: the protokoll row locked, and
whether it may change.

Every edit goes through `_editable`: a protokoll sent for justering waits for the
justerare, and a justerat protokoll is locked; it changes only by `record_correction`.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from federation.models import Person
from minutes.models import Attendance, Minutes, Paragraph


def _lock(minutes: Minutes) -> Minutes:
    return (
        Minutes.objects.select_for_update()
        .select_related("meeting__body__federation")
        .get(pk=minutes.pk)
    )


def _editable(minutes: Minutes) -> Minutes:
    """Lock the protokoll row and refuse when it may not change."""
    minutes = _lock(minutes)
    if minutes.status == Minutes.Status.JUSTERAT:
        raise ValidationError(
            _("The minutes are approved and locked; only a correction can change them.")
        )
    if minutes.status == Minutes.Status.SENT:
        raise ValidationError(
            _("The minutes are out for justering and cannot change now.")
        )
    return minutes


def _editable_paragraph(paragraph: Paragraph) -> Paragraph:
    _editable(paragraph.minutes)
    paragraph = Paragraph.objects.select_related("minutes").get(pk=paragraph.pk)
    if paragraph.immediately_justerat_at is not None:
        raise ValidationError(_("The § was approved at the meeting and is locked."))
    return paragraph


def _attendance(minutes: Minutes, person: Person) -> Attendance:
    attendance = minutes.attendances.filter(person=person).first()
    if attendance is None:
        raise ValidationError(
            _("%(person)s is not in the attendance of these minutes.")
            % {"person": person}
        )
    return attendance


class AlreadySaved(Exception):
    """The form was sent before with the same content: its row is already stored.

    The view answers as the first submit did, with "Already saved."."""

    def __init__(self, row: object) -> None:
        super().__init__("already saved")
        self.row = row


def form_sent_again(made: object, **content: object) -> None:
    """A form (its token) sent again: the same content is `AlreadySaved`; other
    content under the same token is refused, never dropped silently."""
    if all(getattr(made, name) == value for name, value in content.items()):
        raise AlreadySaved(made)
    raise ValidationError(RELOAD_MESSAGE)


# The answer to a form without a token or with a used token and other content: the
# secretary reloads the page (a new form, a new token) and adds the row again.
RELOAD_MESSAGE = _lazy(
    "This form was already sent with other content, or it is out of date. "
    "Nothing is saved: reload the page and add it again."
)
