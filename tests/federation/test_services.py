import datetime

import pytest
from django.core.exceptions import ValidationError

from federation.models import Assignment, CompositionRule, Member
from federation.services import (
    add_assignment,
    check_composition,
    composition_on,
    end_assignment,
    fill_vacancy,
)
from tests.factories import AssignmentFactory, BodyFactory, MemberFactory, PersonFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def body(federation):
    return BodyFactory(
        federation=federation, short_name="Direktion", name="Direktionen"
    )


def test_composition_on_orders_presidium_then_ledamoter(body):
    ledamot = AssignmentFactory(body=body, role=Assignment.Role.LEDAMOT)
    vice = AssignmentFactory(body=body, role=Assignment.Role.VICE_1)
    chair = AssignmentFactory(body=body, role=Assignment.Role.ORDFORANDE)
    ersattare_2 = AssignmentFactory(body=body, role="ersattare", ersattare_order=2)
    ersattare_1 = AssignmentFactory(body=body, role="ersattare", ersattare_order=1)
    adjungerad = AssignmentFactory(body=body, role=Assignment.Role.ADJ_LEDAMOT)

    result = composition_on(body, D(2024, 3, 1))

    assert result.beslutande == [chair, vice, ledamot]
    assert result.ersattare == [ersattare_1, ersattare_2]
    assert result.adjungerade == [adjungerad]
    assert result.ordforande == chair


def test_composition_on_leaves_out_uppdrag_ended_the_day_before(body):
    AssignmentFactory(body=body, valid_to=D(2024, 2, 29))
    staying = AssignmentFactory(body=body)

    result = composition_on(body, D(2024, 3, 1))

    assert result.beslutande == [staying]


def test_add_assignment_refuses_overlap_for_same_person(body, federation):
    person = PersonFactory(federation=federation)
    add_assignment(
        person,
        body=body,
        role="ledamot",
        valid_from=D(2023, 1, 1),
        valid_to=D(2026, 12, 31),
    )

    with pytest.raises(ValidationError, match="överlappar"):
        add_assignment(person, body=body, role="ersattare", valid_from=D(2024, 1, 1))

    assert Assignment.objects.filter(person=person).count() == 1


def test_add_assignment_refuses_second_ordforande(body, federation):
    AssignmentFactory(body=body, role=Assignment.Role.ORDFORANDE)
    other = PersonFactory(federation=federation)

    with pytest.raises(ValidationError, match="är redan ordförande"):
        add_assignment(other, body=body, role="ordforande", valid_from=D(2024, 1, 1))


def test_add_assignment_allows_seat_after_previous_ended(body, federation):
    person = PersonFactory(federation=federation)
    add_assignment(
        person,
        body=body,
        role="ledamot",
        valid_from=D(2019, 1, 1),
        valid_to=D(2022, 12, 31),
    )

    second = add_assignment(person, body=body, role="ledamot", valid_from=D(2023, 1, 1))

    assert second.valid_to is None
    assert second.history.first().history_change_reason == "add_assignment"


def test_add_assignment_refuses_person_of_other_federation(body, other_federation):
    stranger = PersonFactory(federation=other_federation)

    with pytest.raises(ValidationError, match="olika förbund"):
        add_assignment(stranger, body=body, role="ledamot", valid_from=D(2024, 1, 1))


def test_add_assignment_refuses_ersattare_where_body_has_none(federation):
    srb = BodyFactory(federation=federation, has_ersattare=False, short_name="SRB")
    person = PersonFactory(federation=federation)

    with pytest.raises(ValidationError, match="har inga ersättare"):
        add_assignment(person, body=srb, role="ersattare", valid_from=D(2024, 1, 1))


def test_fill_vacancy_ends_old_and_starts_successor_in_one_step(body, federation):
    old = AssignmentFactory(body=body, role=Assignment.Role.ADJ_LEDAMOT)
    successor = PersonFactory(federation=federation)

    new = fill_vacancy(
        old,
        successor=successor,
        starts_on=D(2024, 3, 1),
        decision="Direktionen 2024-03-01 § 4",
    )

    old.refresh_from_db()
    assert old.valid_to == D(2024, 2, 29)
    assert (new.person, new.role, new.valid_from, new.valid_to) == (
        successor,
        Assignment.Role.ADJ_LEDAMOT,
        D(2024, 3, 1),
        D(2026, 12, 31),
    )
    assert new.replaces == old
    assert new.decision == "Direktionen 2024-03-01 § 4"


def test_fill_vacancy_without_decision_changes_nothing(body, federation):
    old = AssignmentFactory(body=body)

    with pytest.raises(ValidationError, match="beslut"):
        fill_vacancy(
            old,
            successor=PersonFactory(federation=federation),
            starts_on=D(2024, 3, 1),
            decision=" ",
        )

    old.refresh_from_db()
    assert old.valid_to == D(2026, 12, 31)
    assert Assignment.objects.count() == 1


def test_fill_vacancy_refused_when_successor_already_sits_leaves_old_intact(body):
    old = AssignmentFactory(body=body)
    sitting = AssignmentFactory(body=body)

    with pytest.raises(ValidationError, match="överlappar"):
        fill_vacancy(
            old, successor=sitting.person, starts_on=D(2024, 3, 1), decision="Beslut"
        )

    old.refresh_from_db()
    assert old.valid_to == D(2026, 12, 31)  # the atomic step rolled back the ending


def test_end_assignment_refuses_end_before_start(body):
    seat = AssignmentFactory(body=body)

    with pytest.raises(ValidationError, match="sluta innan"):
        end_assignment(seat, ends_on=D(2022, 1, 1))


def _srb(federation):
    srb = BodyFactory(federation=federation, short_name="SRB", has_ersattare=False)
    rs = BodyFactory(federation=federation, short_name="RS", kind="extern")
    CompositionRule.objects.create(
        body=srb,
        kind="count",
        scope="each_member",
        member_kind="kommun",
        min_count=2,
        max_count=2,
    )
    CompositionRule.objects.create(
        body=srb,
        kind="count",
        scope="member_kind",
        member_kind="region",
        min_count=5,
        max_count=10,
    )
    CompositionRule.objects.create(
        body=srb, kind="count", scope="body", min_count=25, max_count=30
    )
    CompositionRule.objects.create(body=srb, kind="chair_presidium", presidium_of=rs)
    return srb, rs


def _fill_srb(srb, rs, federation, *, region_seats=6, chair_in_rs=True):
    kommuner = [MemberFactory(federation=federation) for _ in range(10)]
    region = MemberFactory(
        federation=federation, kind=Member.Kind.REGION, kommunkod="19"
    )
    for kommun in kommuner:
        AssignmentFactory.create_batch(2, body=srb, representing=kommun)
    chair = AssignmentFactory(body=srb, role="ordforande", representing=region)
    AssignmentFactory.create_batch(region_seats - 1, body=srb, representing=region)
    if chair_in_rs:
        AssignmentFactory(body=rs, person=chair.person, role="ordforande")
    return kommuner


def test_check_composition_srb_rules_all_met(federation):
    srb, rs = _srb(federation)
    _fill_srb(srb, rs, federation)

    checks = check_composition(srb, D(2024, 3, 1))

    assert [c.ok for c in checks] == [True, True, True, True]


def test_check_composition_names_member_with_wrong_count(federation):
    srb, rs = _srb(federation)
    kommuner = _fill_srb(srb, rs, federation)
    AssignmentFactory(body=srb, representing=kommuner[3])

    checks = check_composition(srb, D(2024, 3, 1))

    assert checks[0].ok is False
    assert f"{kommuner[3].name} 3" in checks[0].message


def test_check_composition_region_below_five_and_chair_outside_presidium(federation):
    srb, rs = _srb(federation)
    _fill_srb(srb, rs, federation, region_seats=4, chair_in_rs=False)

    checks = check_composition(srb, D(2024, 3, 1))

    assert [c.ok for c in checks] == [True, False, False, False]
    assert "inte i presidiet" in checks[3].message


def test_check_composition_is_config_so_another_body_gets_its_own(federation):
    group = BodyFactory(federation=federation, short_name="SG")
    CompositionRule.objects.create(
        body=group, kind="count", scope="body", min_count=1, max_count=3
    )
    AssignmentFactory.create_batch(4, body=group)

    checks = check_composition(group, D(2024, 3, 1))

    assert [c.ok for c in checks] == [False]
    assert checks[0].message == "ledamöter (med presidiet) totalt: 4 (regel: 1–3)"
