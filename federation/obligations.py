"""The bodies' obligations (issue 22.2): the rules as data (models_obligations), how
each body stands against them this year, and the ledamöter's requests for an extra
meeting. The automatic expediering on justering is in obligations_dispatch.
"""

import datetime
import logging
import math
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from core import history

from .cache import bump
from .models import Assignment, Body, Federation, Person, RoleGrant, Term
from .models_obligations import BodyRules, ExtraMeetingNotice, ExtraMeetingRequest
from .roles import Role

logger = logging.getLogger(__name__)

# Held: the meeting took place (its protokoll may be justerat and posted since).
HELD = ("held", "minutes_approved", "posted")
PLANNED = ("planned", "kallelse_published")
AUTUMN_MONTH = 9  # from September a missing meeting is a warning, not a reminder
REASSESS_MONTHS = 12  # the reassessment is shown in the last year of a period


def rules_of(body: Body) -> BodyRules | None:
    return BodyRules.objects.filter(body=body).first()


# --- Editing the rules -------------------------------------------------------------


@transaction.atomic
def save_rules(
    body: Body,
    *,
    values: dict,
    expedite_to: list[Body],
    kallelse_lead_days: int,
    by: User | None,
) -> BodyRules:
    """Save the body's obligations and its kallelse lead time, with history.

    Refused, changing nothing, when a recipient or the body reported to is not one
    of the förbund's other bodies, or a recipient is not a member's own body."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    for recipient in expedite_to:
        if recipient.federation_id != body.federation_id or recipient.pk == body.pk:
            raise ValidationError(_("Choose only from this federation's register."))
        if recipient.member_id is None:
            raise ValidationError(
                _("%(body)s is not a member's own body; the minutes go to those.")
                % {"body": recipient.name}
            )
    reports_to = values.get("reports_to")
    if reports_to is not None and (
        reports_to.federation_id != body.federation_id or reports_to.pk == body.pk
    ):
        raise ValidationError(_("A body reports to another body of the federation."))
    if values.get("reports_per_year") and reports_to is None:
        raise ValidationError(_("Choose the body the reports go to."))
    if body.kallelse_lead_days != kallelse_lead_days:
        body.kallelse_lead_days = kallelse_lead_days
        history.save(body, by=by, reason="save_rules")
    rules = rules_of(body) or BodyRules(body=body)
    for name, value in values.items():
        setattr(rules, name, value)
    history.save(rules, by=by, reason="save_rules")
    history.mark(rules, by=by, reason="save_rules")
    rules.expedite_to.set(expedite_to)
    bump(body.federation_id)  # the body page shows whether it has obligations
    return rules


# --- How a body stands --------------------------------------------------------------


@dataclass
class Standing:
    """A body's meetings in a year against its minimum, and what is to be done."""

    body: Body
    rules: BodyRules
    year: int
    minimum: int
    held: int
    planned: int
    warnings: list[str] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.held - self.planned)

    @property
    def summary(self) -> str:
        planned = ngettext("%(count)s planned", "%(count)s planned", self.planned) % {
            "count": self.planned
        }
        return _("%(held)s of at least %(minimum)s meetings %(year)s; %(planned)s") % {
            "held": self.held,
            "minimum": self.minimum,
            "year": self.year,
            "planned": planned,
        }


def standing(
    body: Body, today: datetime.date | None = None, rules: BodyRules | None = None
) -> Standing | None:
    """How the body stands this year; None when its rules set no minimum."""
    today = today or timezone.localdate()
    rules = rules or rules_of(body)
    if rules is None or not rules.min_meetings_per_year:
        return None
    meetings = body.meetings.filter(date__year=today.year)
    held = meetings.filter(status__in=HELD).count()
    planned = meetings.filter(status__in=PLANNED, date__gte=today).count()
    result = Standing(
        body, rules, today.year, rules.min_meetings_per_year, held, planned
    )
    result.warnings = _meeting_warnings(result, today)
    reassess = reassessment_due(rules, today)
    if reassess:
        result.warnings.append(reassess)
    return result


def _meeting_warnings(result: Standing, today: datetime.date) -> list[str]:
    missing = result.missing
    if not missing:
        return []
    months_left = 12 - today.month + 1
    # The body's usual pace: its minimum spread over the year.
    can_hold = math.floor(months_left * result.minimum / 12)
    if today.month < AUTUMN_MONTH and can_hold >= missing:
        return []
    return [
        ngettext(
            "At least %(minimum)s meetings %(year)s: %(missing)s more must be "
            "planned before the end of the year.",
            "At least %(minimum)s meetings %(year)s: %(missing)s more must be "
            "planned before the end of the year.",
            missing,
        )
        % {"minimum": result.minimum, "year": result.year, "missing": missing}
    ]


def reassessment_due(rules: BodyRules, today: datetime.date) -> str:
    """The reassessment before the next mandate period, in the last year before it."""
    if not rules.reassessment:
        return ""
    term = Term.objects.filter(starts_on__gt=today).order_by("starts_on").first()
    if term is None or (term.starts_on - today).days > REASSESS_MONTHS * 31:
        return ""
    return _("Before the mandate period %(term)s (from %(day)s): %(what)s") % {
        "term": term.name,
        "day": f"{term.starts_on:%Y-%m-%d}",
        "what": rules.reassessment,
    }


def standings(federation: Federation, today: datetime.date | None = None) -> list:
    """Every body of the förbund with a minimum number of meetings, for the start
    page: one query for the rules, two counts a body."""
    rules = BodyRules.objects.filter(
        body__federation=federation, min_meetings_per_year__isnull=False
    ).select_related("body", "reports_to")
    found = [standing(r.body, today, r) for r in rules]
    return [s for s in found if s is not None]


# --- Requests for an extra meeting -------------------------------------------------


def ledamot_ids(body: Body, day: datetime.date) -> set[int]:
    """The persons with a current uppdrag as ledamot of the body, the presidium
    included (the ordförande and the vice ordförande are ledamöter too)."""
    return set(
        Assignment.objects.active_on(day)
        .filter(body=body, role__in=Assignment.BESLUTANDE)
        .values_list("person_id", flat=True)
    )


def may_ask(body: Body, person: Person, day: datetime.date) -> bool:
    return (
        Assignment.objects.active_on(day)
        .filter(body=body, person=person, role__in=Assignment.BESLUTANDE)
        .exists()
    )


def open_requests(body: Body) -> list[ExtraMeetingRequest]:
    return list(
        body.extra_meeting_requests.filter(notice__isnull=True).select_related("person")
    )


@transaction.atomic
def ask_for_extra_meeting(
    body: Body, person: Person, *, by: User | None, reason: str = ""
) -> ExtraMeetingRequest:
    """Record a ledamot's request; when enough have asked (a share of the ledamöter
    set by the rules, or the ordförande alone), the secretariat is told once."""
    today = timezone.localdate()
    # The body's row is the lock: two requests at once count each other.
    body = Body.objects.select_for_update().select_related("federation").get(pk=body.pk)
    rules = rules_of(body)
    if rules is None or not rules.extra_meeting_share:
        raise ValidationError(_("The rules of this body give no extra meetings."))
    if person.federation_id != body.federation_id or not may_ask(body, person, today):
        raise ValidationError(
            _("%(person)s is not a member of %(body)s.")
            % {"person": person, "body": body.short_name}
        )
    request = ExtraMeetingRequest(
        body=body, person=person, reason=reason.strip(), recorded_by=by
    )
    try:
        with transaction.atomic():
            history.save(request, by=by, reason="ask_for_extra_meeting")
    except IntegrityError:
        raise ValidationError(
            _("%(person)s has already asked for an extra meeting.") % {"person": person}
        ) from None
    if _enough(body, rules, today):
        _notify(body, by=by)
    return request


def _enough(body: Body, rules: BodyRules, today: datetime.date) -> bool:
    requests = open_requests(body)
    chair = set(
        Assignment.objects.active_on(today)
        .filter(body=body, role=Assignment.Role.ORDFORANDE)
        .values_list("person_id", flat=True)
    )
    if any(r.person_id in chair for r in requests):
        return True
    ledamoter = ledamot_ids(body, today)
    asked = sum(1 for r in requests if r.person_id in ledamoter)
    share = rules.extra_meeting_share or 0
    return bool(ledamoter) and asked * share >= len(ledamoter)


def _notify(body: Body, *, by: User | None) -> ExtraMeetingNotice:
    notice = ExtraMeetingNotice(body=body)
    history.save(notice, by=by, reason="ask_for_extra_meeting")
    for request in open_requests(body):
        request.notice = notice
        history.save(request, by=by, reason="ask_for_extra_meeting")
    admins = [
        grant.user
        for grant in RoleGrant.objects.filter(
            federation=body.federation, role=Role.ADMINISTRATOR, user__is_active=True
        ).select_related("user")
    ]
    count = notice.requests.count()
    url = reverse("federation:body", args=[body.federation.slug, body.pk])
    transaction.on_commit(lambda: _tell_secretariat(body, admins, count, url))
    return notice


def _tell_secretariat(body: Body, admins: list[User], count: int, url: str) -> None:
    from inbox.models import Item  # noqa: PLC0415 leaf
    from inbox.services import post_many  # noqa: PLC0415 leaf

    with override("sv"):
        title = _("Call an extra meeting of %(body)s: %(count)s have asked") % {
            "body": body.short_name,
            "count": count,
        }
        text = _(
            "Enough members of %(body)s have asked for an extra meeting; the "
            "rules of the body say one is to be called. See the requests: %(url)s"
        ) % {"body": body.name, "url": url}
    # No kind of its own yet in Nytt: the nearest is the kallelse's.
    post_many(
        admins,
        federation=body.federation,
        kind=Item.Kind.KALLELSE,
        title=title,
        url=url,
    )
    addresses = sorted({user.email for user in admins if user.email})
    if not addresses:
        return
    try:
        send_mail(title, text, None, addresses)
    except OSError:
        # After the commit: the request and the notice stand and Nytt has told the
        # secretariat; the ledamot who asked is not shown an error page.
        logger.exception("The notice of an extra meeting of %s not mailed", body.pk)
