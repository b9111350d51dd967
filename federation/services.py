"""Writes and rules of the register: roles, uppdrag, fyllnadsval and composition
checks."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import history

from .access import forget_access
from .models import (
    Assignment,
    Body,
    CompositionRule,
    Federation,
    Member,
    Person,
    RoleGrant,
    Term,
)
from .roles import Role

# --- Roles ---------------------------------------------------------------------------
# A grant takes effect on the user's next request in every process: access is read
# from the database per request (federation.access), and cached page parts are keyed
# on the reader's roles (federation.permissions.audience), so no part made for the
# old roles is shown for the new ones and nothing needs evicting.


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(
            _("Unknown role %(role)s. The roles are: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        )


@transaction.atomic
def grant_role(
    user: User,
    federation: Federation,
    role: str,
    *,
    by: User | None = None,
    reason: str = "grant_role",
) -> tuple[RoleGrant, bool]:
    """Give the user the role in the förbund; False when they already held it (then
    nothing changes). Recorded in the grant's history with who gave it."""
    _check_role(role)
    # One writer of a förbund's grants at a time: the last-Administratör rule of
    # revoke_role reads them all.
    Federation.objects.select_for_update().get(pk=federation.pk)
    grant = RoleGrant.objects.filter(
        user=user, federation=federation, role=role
    ).first()
    if grant is not None:
        return grant, False
    grant = RoleGrant(user=user, federation=federation, role=role)
    history.save(grant, by=by, reason=reason)
    forget_access(user)
    return grant, True


@transaction.atomic
def revoke_role(
    user: User,
    federation: Federation,
    role: str,
    *,
    by: User | None = None,
    reason: str = "revoke_role",
) -> bool:
    """Take the role in the förbund from the user; False when they did not hold it.

    A förbund always keeps one Administratör with an active account (a superuser
    does not count: the förbund's own administration must not depend on the
    operator)."""
    _check_role(role)
    Federation.objects.select_for_update().get(pk=federation.pk)
    grant = RoleGrant.objects.filter(
        user=user, federation=federation, role=role
    ).first()
    if grant is None:
        return False
    if (
        role == Role.ADMINISTRATOR
        and not RoleGrant.objects.filter(
            federation=federation, role=role, user__is_active=True
        )
        .exclude(pk=grant.pk)
        .exists()
    ):
        raise ValidationError(
            _(
                "%(user)s is the last administrator of %(federation)s. A federation "
                "must keep one administrator: grant the role to someone else first."
            )
            % {"user": user.get_full_name() or user.username, "federation": federation}
        )
    history.delete(grant, by=by, reason=reason)
    forget_access(user)
    return True


@dataclass
class Composition:
    """A body's seats on one day, in the order a kallelse lists them."""

    body: Body
    day: datetime.date
    beslutande: list[Assignment] = field(default_factory=list)
    ersattare: list[Assignment] = field(default_factory=list)
    adjungerade: list[Assignment] = field(default_factory=list)

    @property
    def ordforande(self) -> Assignment | None:
        return next(
            (a for a in self.beslutande if a.role == Assignment.Role.ORDFORANDE), None
        )

    @property
    def presidium(self) -> list[Assignment]:
        return [a for a in self.beslutande if a.role in Assignment.PRESIDIUM]


def _kallelse_order(assignment: Assignment) -> tuple:
    return (
        Assignment.ROLE_ORDER[assignment.role],
        assignment.ersattare_order or 0,
        assignment.representing.name if assignment.representing else "~",
        assignment.person.last_name,
        assignment.person.first_name,
    )


def composition_on(body: Body, day: datetime.date) -> Composition:
    """Who sits in the body on the day: one query, never a stored copy."""
    seats = sorted(
        Assignment.objects.active_on(day)
        .filter(body=body)
        .select_related("person__party", "representing", "person__home_member"),
        key=_kallelse_order,
    )
    result = Composition(body=body, day=day)
    for seat in seats:
        if seat.is_beslutande:
            result.beslutande.append(seat)
        elif seat.is_ersattare:
            result.ersattare.append(seat)
        else:
            result.adjungerade.append(seat)
    return result


def _check_assignment(
    *,
    person: Person,
    body: Body,
    role: str,
    representing: Member | None,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    ignore: list[int] | None = None,
) -> None:
    """Refuse an uppdrag that contradicts the register; messages name the conflict."""
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("The assignment cannot end before it starts."))
    if person.federation_id != body.federation_id:
        raise ValidationError(
            _("The person and the body belong to different federations.")
        )
    if representing is not None and representing.federation_id != body.federation_id:
        raise ValidationError(
            _("The member represented is not part of this federation.")
        )
    if role == Assignment.Role.ERSATTARE and not body.has_ersattare:
        raise ValidationError(
            _("%(body)s has no substitutes.") % {"body": body.short_name}
        )
    others = Assignment.objects.filter(body=body).overlapping(valid_from, valid_to)
    if ignore:
        others = others.exclude(pk__in=ignore)
    own = others.filter(person=person).first()
    if own is not None:
        raise ValidationError(
            _(
                "%(person)s already has an assignment in %(body)s from %(start)s "
                "(%(role)s) that overlaps this period."
            )
            % {
                "person": person,
                "body": body.short_name,
                "role": own.get_role_display(),
                "start": date_format(own.valid_from, "Y-m-d"),
            }
        )
    if role in Assignment.SINGLE_SEATS:
        holder = others.filter(role=role).select_related("person").first()
        if holder is not None:
            raise ValidationError(
                _("%(person)s is already %(role)s of %(body)s during this period.")
                % {
                    "person": holder.person,
                    "role": holder.get_role_display().lower(),
                    "body": body.short_name,
                }
            )


@transaction.atomic
def add_assignment(
    person: Person,
    *,
    body: Body,
    role: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    representing: Member | None = None,
    decision: str = "",
    ersattare_order: int | None = None,
    personal_ersattare_for: Person | None = None,
    by: User | None = None,
) -> Assignment:
    """Give a person a seat in a body, refusing overlaps and double seats."""
    Body.objects.select_for_update().get(pk=body.pk)  # serialise writes per body
    _check_assignment(
        person=person,
        body=body,
        role=role,
        representing=representing,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    assignment = Assignment(
        person=person,
        body=body,
        role=role,
        representing=representing,
        valid_from=valid_from,
        valid_to=valid_to,
        decision=decision,
        ersattare_order=ersattare_order,
        personal_ersattare_for=personal_ersattare_for,
        term=Term.for_date(valid_from),
    )
    history.save(assignment, by=by, reason="add_assignment")
    return assignment


@transaction.atomic
def end_assignment(
    assignment: Assignment,
    *,
    ends_on: datetime.date,
    by: User | None = None,
    reason: str = "end_assignment",
) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if ends_on < assignment.valid_from:
        raise ValidationError(_("The assignment cannot end before it starts."))
    if assignment.valid_to is not None and assignment.valid_to < ends_on:
        raise ValidationError(
            _("The assignment already ended on %(day)s.")
            % {"day": date_format(assignment.valid_to, "Y-m-d")}
        )
    assignment.valid_to = ends_on
    history.save(assignment, by=by, reason=reason, update_fields=["valid_to"])
    return assignment


@transaction.atomic
def fill_vacancy(
    assignment: Assignment,
    *,
    successor: Person,
    starts_on: datetime.date,
    decision: str,
    by: User | None = None,
) -> Assignment:
    """Fyllnadsval: end an uppdrag the day before the successor starts, in one step.

    The successor takes the same seat: role, member represented, ersättare order and
    the end of the term. The decision that made the choice is kept on the new uppdrag.
    """
    if not decision.strip():
        raise ValidationError(_("State the decision that filled the vacancy."))
    old = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if hasattr(old, "replaced_by"):
        raise ValidationError(_("This assignment's vacancy has already been filled."))
    if successor.pk == old.person_id:
        raise ValidationError(_("The successor must be another person."))
    if starts_on <= old.valid_from:
        raise ValidationError(_("The successor must start after the assignment began."))
    term_end = old.valid_to
    end_assignment(
        old,
        ends_on=starts_on - datetime.timedelta(days=1),
        by=by,
        reason="fill_vacancy",
    )
    _check_assignment(
        person=successor,
        body=old.body,
        role=old.role,
        representing=old.representing,
        valid_from=starts_on,
        valid_to=term_end,
        ignore=[old.pk],
    )
    new = Assignment(
        person=successor,
        body=old.body,
        role=old.role,
        representing=old.representing,
        valid_from=starts_on,
        valid_to=term_end,
        decision=decision,
        ersattare_order=old.ersattare_order,
        personal_ersattare_for=old.personal_ersattare_for,
        replaces=old,
        term=old.term or Term.for_date(starts_on),
    )
    history.save(new, by=by, reason="fill_vacancy")
    return new


@dataclass
class RuleCheck:
    rule: CompositionRule
    ok: bool
    message: str


def check_composition(
    body: Body, day: datetime.date, *, composition: Composition | None = None
) -> list[RuleCheck]:
    """Check the body's configured rules on a day; each result says what it found."""
    composition = composition or composition_on(body, day)
    rules = list(body.rules.select_related("presidium_of"))
    if not rules:
        return []
    members = list(Member.objects.active_on(day).filter(federation=body.federation_id))
    return [_check_rule(rule, composition, members) for rule in rules]


def _seats(composition: Composition, group: str) -> list[Assignment]:
    if group == CompositionRule.RoleGroup.ERSATTARE:
        return composition.ersattare
    return composition.beslutande


def _bounds_text(rule: CompositionRule) -> str:
    low, high = rule.min_count, rule.max_count
    if low is not None and low == high:
        return _("exactly %(n)s") % {"n": low}
    if low is not None and high is not None:
        return _("%(low)s–%(high)s") % {"low": low, "high": high}
    if low is not None:
        return _("at least %(n)s") % {"n": low}
    return _("at most %(n)s") % {"n": high}


def _within(count: int, rule: CompositionRule) -> bool:
    return (rule.min_count is None or count >= rule.min_count) and (
        rule.max_count is None or count <= rule.max_count
    )


def _check_rule(
    rule: CompositionRule, composition: Composition, members: list[Member]
) -> RuleCheck:
    if rule.kind == CompositionRule.Kind.CHAIR_FROM_PRESIDIUM:
        return _check_chair(rule, composition)
    seats = _seats(composition, rule.role_group)
    group = rule.get_role_group_display().lower()
    bounds = _bounds_text(rule)
    if rule.scope == CompositionRule.Scope.BODY:
        count = len(seats)
        ok = _within(count, rule)
        return RuleCheck(
            rule,
            ok,
            _("%(group)s in all: %(count)s (rule: %(bounds)s)")
            % {"group": group, "count": count, "bounds": bounds},
        )
    per_member = Counter(s.representing_id for s in seats)
    if rule.scope == CompositionRule.Scope.MEMBER_KIND:
        kind_members = [m for m in members if m.kind == rule.member_kind]
        count = sum(per_member[m.pk] for m in kind_members)
        kind = Member.Kind(rule.member_kind).label.lower()
        return RuleCheck(
            rule,
            _within(count, rule),
            _("%(group)s for %(kind)s: %(count)s (rule: %(bounds)s)")
            % {"group": group, "kind": kind, "count": count, "bounds": bounds},
        )
    scoped = [m for m in members if not rule.member_kind or m.kind == rule.member_kind]
    wrong = [
        f"{m.name} {per_member[m.pk]}"
        for m in scoped
        if not _within(per_member[m.pk], rule)
    ]
    if wrong:
        return RuleCheck(
            rule,
            False,
            _("%(group)s per member should be %(bounds)s; differs for: %(list)s")
            % {"group": group, "bounds": bounds, "list": ", ".join(wrong)},
        )
    return RuleCheck(
        rule,
        True,
        _("%(group)s per member: %(bounds)s for every member")
        % {"group": group, "bounds": bounds},
    )


def _check_chair(rule: CompositionRule, composition: Composition) -> RuleCheck:
    chair = composition.ordforande
    other = rule.presidium_of
    if chair is None:
        return RuleCheck(rule, False, _("The body has no chair on this date."))
    holds = (
        Assignment.objects.active_on(composition.day)
        .filter(body=other, person_id=chair.person_id, role__in=Assignment.PRESIDIUM)
        .exists()
    )
    if holds:
        return RuleCheck(
            rule,
            True,
            _("The chair, %(person)s, sits in the presidium of %(body)s.")
            % {"person": chair.person, "body": other},
        )
    return RuleCheck(
        rule,
        False,
        _("The chair, %(person)s, is not in the presidium of %(body)s.")
        % {"person": chair.person, "body": other},
    )
