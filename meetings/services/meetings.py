"""Planning a meeting: a body's standard items and usual place, a new meeting."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import history
from federation.models import Body
from meetings.forhinder_models import ERSATTARE_STEPS
from meetings.models import (
    STANDARD_KINDS,
    AgendaItem,
    BodyMeetingSettings,
    ItemKind,
    Meeting,
)


def meeting_settings_for(body: Body) -> BodyMeetingSettings:
    return BodyMeetingSettings.objects.get_or_create(body=body)[0]


@transaction.atomic
def configure_body_meetings(
    body: Body, *, standard_items: list[str], default_place: str, by: User | None
) -> BodyMeetingSettings:
    """Choose the standard items a body's new meetings get, in the canonical order."""
    unknown = set(standard_items) - {str(kind) for kind in STANDARD_KINDS}
    if unknown:
        raise ValidationError(
            _("Unknown standard items: %(items)s")
            % {"items": ", ".join(sorted(unknown))}
        )
    body_settings = meeting_settings_for(body)
    body_settings.standard_items = [
        str(kind) for kind in STANDARD_KINDS if str(kind) in standard_items
    ]
    body_settings.default_place = default_place.strip()
    history.save(body_settings, by=by, reason="configure")
    return body_settings


def _standard_title(kind: str) -> str:
    with override("sv"):
        return str(ItemKind(kind).label)


@transaction.atomic
def create_meeting(
    body: Body,
    *,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time | None = None,
    place: str = "",
    by: User | None = None,
) -> Meeting:
    """Plan a meeting; it gets the body's standard items in their configured order."""
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(_("The meeting must end after it starts."))
    body_settings = meeting_settings_for(body)
    meeting = Meeting(
        body=body,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place or body_settings.default_place,
    )
    history.save(meeting, by=by, reason="create_meeting")
    for position, kind in enumerate(body_settings.standard_items, start=1):
        if kind not in STANDARD_KINDS:
            continue
        item = AgendaItem(
            meeting=meeting, position=position, kind=kind, title=_standard_title(kind)
        )
        history.save(item, by=by, reason="create_meeting")
    return meeting


@transaction.atomic
def configure_forhinder(
    body: Body,
    *,
    ersattare_steps: list[str],
    answer_hours: int,
    allows_distance: bool,
    party_groups: list[list[str]],
    by: User | None,
) -> BodyMeetingSettings:
    """A body's order of calling in ersättare, answer time, party groups and
    whether it allows distansdeltagande."""
    if not ersattare_steps:
        raise ValidationError(_("Choose at least one step."))
    if set(ersattare_steps) - set(ERSATTARE_STEPS) or len(set(ersattare_steps)) < len(
        ersattare_steps
    ):
        raise ValidationError(_("Choose each step once."))
    if not 1 <= answer_hours <= 240:
        raise ValidationError(_("Give between 1 and 240 hours."))
    body_settings = meeting_settings_for(body)
    body_settings.ersattare_steps = list(ersattare_steps)
    body_settings.answer_hours = answer_hours
    body_settings.allows_distance = allows_distance
    body_settings.party_groups = [[str(p)[:10] for p in g] for g in party_groups if g]
    history.save(body_settings, by=by, reason="Regler för förhinder och distans")
    return body_settings
