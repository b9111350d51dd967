"""Att göra: what the start page asks of its reader in one förbund, and the link to
the protokoll the meeting page gives before it is justerat.

The secretariat (who may write the protokoll: permissions.can_edit_minutes) is asked
to write the protokoll of a meeting begun, to send it for justering once the meeting
is closed, and to publish a kallelse due; a justerare or the ordförande to justera a
protokoll sent. Nothing is stored: the list is a query of the moment.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.utils import timezone

from core.swedish_days import day_off
from federation.models import Federation
from meetings.models import Meeting
from meetings.selectors import meetings_for_user

from .models import Approval, Minutes
from .permissions import can_edit_minutes, can_view_minutes

# Kallelser due within this many working days (or late) are on the secretariat's list.
KALLELSE_NOTICE_WORKING_DAYS = 5
# Meetings further ahead than this are no kallelse to think of yet.
KALLELSE_LOOKAHEAD = datetime.timedelta(days=366)


def has_started(
    meeting: Meeting, minutes: Minutes | None, now: datetime.datetime
) -> bool:
    """Whether the meeting has begun: held, its protokoll begun, or its start passed."""
    return (
        meeting.status == Meeting.Status.HELD
        or minutes is not None
        or meeting.starts <= now
    )


def _minutes_of(meeting: Meeting) -> Minutes | None:
    # The reverse one-to-one, loaded by select_related: None when there is none.
    return getattr(meeting, "minutes", None)


def kallelse_due_on(meeting: Meeting) -> datetime.date:
    """The last day to publish the kallelse: the body's lead time in calendar days
    before the meeting, brought back to the weekday before when that day is off
    (a Saturday, a helgdag, an afton: core.swedish_days)."""
    day = meeting.date - datetime.timedelta(days=meeting.body.kallelse_lead_days)
    while day_off(day):
        day -= datetime.timedelta(days=1)
    return day


def _working_days_ahead(today: datetime.date, count: int) -> datetime.date:
    day = today
    while count:
        day += datetime.timedelta(days=1)
        if not day_off(day):
            count -= 1
    return day


@dataclass(frozen=True)
class KallelseDue:
    meeting: Meeting
    due_on: datetime.date
    today: datetime.date

    @property
    def is_late(self) -> bool:
        return self.due_on < self.today


@dataclass
class Todo:
    """The reader's Att göra in one förbund: the secretariat's protokoll to write and
    to send and kallelser due; a justerare's or ordförande's justeringar."""

    to_write: list[Meeting] = field(default_factory=list)
    to_send: list[Minutes] = field(default_factory=list)
    kallelser_due: list[KallelseDue] = field(default_factory=list)
    to_justera: list[Approval] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.to_write or self.to_send or self.kallelser_due or self.to_justera
        )


PROTOKOLL_TODO_LIMIT = 10


def _protokoll_to_do(
    federation: Federation, now: datetime.datetime
) -> tuple[list[Meeting], list[Minutes]]:
    """Meetings begun whose protokoll is not yet sent: to write, or (the meeting
    closed) to send for justering. A meeting held with its kallelse sent outside
    the portal (still "planned") needs its protokoll all the same."""
    meetings = (
        Meeting.objects.filter(body__federation=federation)
        .filter(
            Q(minutes__isnull=False)
            | Q(status=Meeting.Status.HELD)
            | Q(date__lte=now.date())
        )
        .exclude(status__in=[Meeting.Status.MINUTES_APPROVED, Meeting.Status.POSTED])
        .exclude(minutes__status__in=[Minutes.Status.SENT, Minutes.Status.JUSTERAT])
        .select_related("body", "minutes")
        # The most recent only, listed oldest first: a förbund that imports years of
        # past meetings would otherwise see every one on its start page, and read
        # them all on every visit. The older ones stay in the meeting list.
        .order_by("-date", "-starts_at", "-pk")[: 2 * PROTOKOLL_TODO_LIMIT]
    )
    to_write, to_send = [], []
    for meeting in list(meetings)[::-1]:
        minutes = _minutes_of(meeting)
        if not has_started(meeting, minutes, now):
            continue
        if minutes is not None and minutes.is_closed:
            to_send.append(minutes)
        else:
            to_write.append(meeting)
    return to_write[-PROTOKOLL_TODO_LIMIT:], to_send[-PROTOKOLL_TODO_LIMIT:]


def _kallelser_due(federation: Federation, today: datetime.date) -> list[KallelseDue]:
    """Coming meetings whose kallelse is not published and is due within a working
    week, or late."""
    horizon = _working_days_ahead(today, KALLELSE_NOTICE_WORKING_DAYS)
    meetings = (
        Meeting.objects.filter(
            body__federation=federation,
            status=Meeting.Status.PLANNED,
            date__gte=today,
            date__lte=today + KALLELSE_LOOKAHEAD,
        )
        .select_related("body")
        .order_by("date", "starts_at", "pk")
    )
    due = [KallelseDue(m, kallelse_due_on(m), today) for m in meetings]
    return sorted((d for d in due if d.due_on <= horizon), key=lambda d: d.due_on)


def _to_justera(user: User, federation: Federation) -> list[Approval]:
    """The user's own justeringar (as justerare or ordförande) of protokoll sent for
    justering, of meetings the user may see (the protokoll page would 404 else)."""
    return list(
        Approval.objects.filter(
            person__user=user,
            person__federation=federation,
            approved_at__isnull=True,
            minutes__status=Minutes.Status.SENT,
            minutes__meeting__body__federation=federation,
            minutes__meeting__in=meetings_for_user(user, federation).values("pk"),
        )
        .select_related("minutes__meeting__body")
        .order_by("minutes__meeting__date", "minutes__pk", "role")
    )


def todo_for(
    user: User | AnonymousUser,
    federation: Federation,
    *,
    now: datetime.datetime | None = None,
) -> Todo:
    """The reader's Att göra in this förbund only, in a fixed number of queries."""
    todo = Todo()
    if isinstance(user, AnonymousUser):
        return todo
    now = now or timezone.localtime()
    if can_edit_minutes(user, federation):
        todo.to_write, todo.to_send = _protokoll_to_do(federation, now)
        todo.kallelser_due = _kallelser_due(federation, now.date())
    if can_view_minutes(user, federation):
        todo.to_justera = _to_justera(user, federation)
    return todo


@dataclass(frozen=True)
class ProtokollState:
    """What the meeting page's link to the protokoll depends on, whoever reads it:
    kept with the förbund's data (federation.cache), which every change of a
    meeting, a protokoll or a justering bumps."""

    starts: datetime.datetime
    meeting_status: str
    minutes_status: str | None = None
    closed: bool = False
    # The users of the justerare and the ordförande, with their justering to give
    # and given, while the protokoll is out for justering.
    pending: frozenset[int] = frozenset()
    approved: frozenset[int] = frozenset()


def protokoll_state(federation: Federation, meeting_id: int) -> ProtokollState | None:
    meeting = (
        Meeting.objects.filter(pk=meeting_id, body__federation=federation)
        .select_related("minutes")
        .first()
    )
    if meeting is None:
        return None
    minutes = _minutes_of(meeting)
    if minutes is None:
        return ProtokollState(meeting.starts, meeting.status)
    pending: set[int] = set()
    approved: set[int] = set()
    if minutes.status == Minutes.Status.SENT:
        for user_id, approved_at in minutes.approvals.filter(
            person__user__isnull=False
        ).values_list("person__user_id", "approved_at"):
            (pending if approved_at is None else approved).add(user_id)
    return ProtokollState(
        meeting.starts,
        meeting.status,
        minutes.status,
        minutes.is_closed,
        frozenset(pending),
        frozenset(approved),
    )


def protokoll_link(
    user: User | AnonymousUser,
    federation: Federation,
    state: ProtokollState | None,
    *,
    now: datetime.datetime | None = None,
) -> str | None:
    """Which link to the protokoll the meeting page gives this reader before it is
    justerat (the justerat protokoll the page links for every reader), or None.

    The secretariat's once the meeting has begun: "write" (to begin or go on with),
    "send" (the meeting closed) or "sent"; a justerare's or the ordförande's while
    the protokoll is out for justering: "justera", or "sent" once given."""
    if (
        state is None
        or isinstance(user, AnonymousUser)
        or not can_view_minutes(user, federation)
        or state.meeting_status
        in (Meeting.Status.MINUTES_APPROVED, Meeting.Status.POSTED)
        or state.minutes_status == Minutes.Status.JUSTERAT
    ):
        return None
    if can_edit_minutes(user, federation):
        begun = (
            state.meeting_status == Meeting.Status.HELD
            or state.minutes_status is not None
            or state.starts <= (now or timezone.localtime())
        )
        if not begun:
            return None
        if state.minutes_status == Minutes.Status.SENT:
            return "sent"
        return "send" if state.closed else "write"
    if user.pk in state.pending:
        return "justera"
    if user.pk in state.approved:
        return "sent"
    return None
