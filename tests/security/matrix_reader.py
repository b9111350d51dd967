"""The permission matrix's rows of the förtroendevaldas own pages (issue 19):
Nytt (each reader's own list), förhinder and inkallelse of ersättare. Split from
test_permission_matrix.py, which would pass 500 lines."""

import datetime
from collections.abc import Callable

from django.contrib.auth.models import User
from django.utils import timezone

from federation.models import Assignment, Body, Federation, Person
from inbox.services import post
from meetings.models import CalendarToken, Forhinder, Inkallelse, Meeting
from meetings.services import issue_calendar_token
from meetings.services.inkallelse_mail import signed_token

from .conftest import ROLES

OK, LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = "ok", "login", "403", "404", "405"


def _profile(*outcomes: str) -> dict:
    return dict(zip(ROLES, outcomes, strict=True))


EVERYONE = _profile(OK, OK, OK, OK, OK, OK)
POST_ONLY = _profile(*[NOT_ALLOWED] * 6)
MEMBERS_READ = _profile(OK, OK, OK, OK, NOT_FOUND, LOGIN)
ADMIN_ONLY = _profile(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)

READER_EXPECTED: dict[str, dict] = {
    "meetings:calendar_token_issue": POST_ONLY,
    "meetings:calendar_token_revoke": POST_ONLY,
    # The secret token in the address is the credential, as calendar apps need.
    "meetings:calendar_feed": EVERYONE,
    # Nytt: each reader's own list; an item of the ledamot is not found by others.
    "inbox:list": MEMBERS_READ,
    "inbox:badge": MEMBERS_READ,
    "inbox:mark_all_read": POST_ONLY,
    "inbox:open": _profile(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, LOGIN),
    # Förhinder (issue 19.1): a person with a seat reports it; the Administratör
    # follows and steers the inkallelse; the signed link is the ersättare's
    # credential (they may have no account), so everyone gets the question page.
    "meetings:forhinder_report": POST_ONLY,
    "meetings:forhinder_withdraw": POST_ONLY,
    "meetings:distance_request": POST_ONLY,
    "meetings:distance_withdraw": POST_ONLY,
    "meetings:forhinder_chain": ADMIN_ONLY,
    "meetings:inkallelse_ask": POST_ONLY,
    "meetings:inkallelse_fill": POST_ONLY,
    "meetings:inkallelse_stop": POST_ONLY,
    "meetings:forhinder_settings": ADMIN_ONLY,
    "meetings:inkallelse_answer": EVERYONE,
}


def _calendar_token(f: Federation) -> str:
    person = Person.objects.get(federation=f, user__username="ledamot")
    token = CalendarToken.objects.filter(person=person, revoked_at=None).first()
    return (token or issue_calendar_token(person)).token


def _march(f: Federation) -> Meeting:
    return Meeting.objects.get(body__federation=f, date="2024-03-01")


def _inbox_item(f: Federation) -> int:
    ledamot = User.objects.get(username="ledamot")
    return post(
        ledamot, federation=f, kind="kallelse", title="Kallelse", url=f"/{f.slug}/"
    ).pk


def _inkallelse(f: Federation, kind: str) -> dict:
    """Rolf Rask's förhinder at the March meeting and its question to an ersättare
    (rows written as they stand: the meeting is long past for the services)."""
    meeting = _march(f)
    rolf = Person.objects.get(federation=f, user__username="ledamot")
    forhinder, _ = Forhinder.objects.get_or_create(
        meeting=meeting, person=rolf, defaults={"reported_at": timezone.now()}
    )
    seat = Assignment.objects.filter(
        body=meeting.body, role=Assignment.Role.ERSATTARE
    ).first()
    assert seat is not None, "the demo body has ersättare"
    ersattare = seat.person
    asked = Inkallelse.objects.filter(forhinder=forhinder).first()
    if asked is None:
        later = timezone.now() + datetime.timedelta(days=1)
        asked = Inkallelse.objects.create(
            forhinder=forhinder,
            person=ersattare,
            position=1,
            asked_at=timezone.now(),
            answer_by=later,
        )
    if kind == "token":
        return {"token": signed_token(asked), "answer": "kommer"}
    return {"pk": meeting.pk, "forhinder_pk": forhinder.pk}


READER_SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "meetings:calendar_feed": lambda f: {"token": _calendar_token(f)},
    "inbox:open": lambda f: {"pk": _inbox_item(f)},
    "meetings:forhinder_report": lambda f: {"pk": _march(f).pk},
    "meetings:forhinder_withdraw": lambda f: {"pk": _march(f).pk},
    "meetings:distance_request": lambda f: {"pk": _march(f).pk},
    "meetings:distance_withdraw": lambda f: {"pk": _march(f).pk},
    "meetings:forhinder_chain": lambda f: {"pk": _march(f).pk},
    "meetings:inkallelse_ask": lambda f: _inkallelse(f, "pk"),
    "meetings:inkallelse_fill": lambda f: _inkallelse(f, "pk"),
    "meetings:inkallelse_stop": lambda f: _inkallelse(f, "pk"),
    "meetings:forhinder_settings": lambda f: {
        "body_pk": Body.objects.get(federation=f, short_name="Direktion").pk
    },
    "meetings:inkallelse_answer": lambda f: _inkallelse(f, "token"),
}
