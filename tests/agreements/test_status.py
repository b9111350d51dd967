"""Every transition of an agreement's derived status, through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement, Notice, Ratification
from agreements.selectors import agreements_with_status_data
from agreements.services import (
    PartySpec,
    add_party,
    create_agreement,
    give_notice,
    parse_date,
    record_ratification,
)
from agreements.status import Status, add_months, status_of
from tests.agreements.factories import adopt, agreement_with_parties

D = datetime.date


def status(agreement: Agreement, today: datetime.date):
    fresh = agreements_with_status_data(Agreement.objects.filter(pk=agreement.pk))
    return status_of(fresh.get(), today)


def _adopt_via_service(agreement, parties, chef, day=None):
    day = day or D(2023, 12, 1)
    for party in parties:
        record_ratification(
            party, outcome=Ratification.Outcome.ADOPTED, decided_on=day, by=chef
        )


def test_status_without_decisions_is_draft(srb, today):
    info = status(srb, today)

    assert (info.status, info.adopted_count, info.party_count) == (Status.DRAFT, 0, 11)
    assert len(info.pending_parties) == 11


def test_status_with_some_adoptions_is_under_antagande(srb, chef, today):
    _adopt_via_service(srb, srb.parties.order_by("pk")[:4], chef)

    info = status(srb, today)

    assert (info.status, info.adopted_count) == (Status.RATIFYING, 4)
    assert info.status.label == "Under antagande"


def test_last_adoption_makes_the_agreement_in_force(srb, chef, today):
    parties = list(srb.parties.order_by("pk"))
    _adopt_via_service(srb, parties[:10], chef)
    assert status(srb, today).status == Status.RATIFYING

    _adopt_via_service(srb, parties[10:], chef, day=D(2024, 2, 1))

    info = status(srb, today)
    assert (info.status, info.in_force_from) == (Status.IN_FORCE, D(2024, 2, 1))
    assert info.ends_on is None  # tills vidare


def test_adopted_agreement_waits_for_its_start_date(federation, chef):
    agreement = agreement_with_parties(federation, 2, valid_from=D(2025, 10, 1))
    adopt(agreement)

    assert status(agreement, D(2025, 9, 30)).status == Status.ADOPTED
    assert status(agreement, D(2025, 10, 1)).status == Status.IN_FORCE


def test_adopted_agreement_without_start_date_is_not_in_force(federation):
    agreement = agreement_with_parties(federation, 2, valid_from=None)
    adopt(agreement)

    assert status(agreement, D(2030, 1, 1)).status == Status.ADOPTED


def test_one_rejection_makes_the_agreement_fall(srb, chef, today):
    parties = list(srb.parties.order_by("pk"))
    _adopt_via_service(srb, parties[:10], chef)

    record_ratification(
        parties[10],
        outcome=Ratification.Outcome.REJECTED,
        decided_on=D(2023, 12, 5),
        paragraph="§ 112",
        protocol="Kommunfullmäktige 2023-12-05",
        by=chef,
    )

    assert status(srb, today).status == Status.FAILED


def test_pending_outcome_keeps_the_party_waiting(srb, chef, today):
    party = srb.parties.first()

    record_ratification(
        party, outcome=Ratification.Outcome.PENDING, decided_on=None, by=chef
    )

    info = status(srb, today)
    assert (info.status, len(info.pending_parties)) == (Status.DRAFT, 11)


def test_decision_without_date_is_refused(srb, chef):
    with pytest.raises(ValidationError) as error:
        record_ratification(
            srb.parties.first(),
            outcome=Ratification.Outcome.ADOPTED,
            decided_on=None,
            by=chef,
        )

    assert error.value.messages == ["Ett beslut behöver datumet då det fattades."]
    assert Ratification.objects.count() == 0


def test_recording_again_corrects_the_decision_and_keeps_history(srb, chef):
    party = srb.parties.first()
    record_ratification(
        party, outcome=Ratification.Outcome.REJECTED, decided_on=D(2024, 1, 1), by=chef
    )

    ratification = record_ratification(
        party, outcome=Ratification.Outcome.ADOPTED, decided_on=D(2024, 1, 1), by=chef
    )

    assert Ratification.objects.count() == 1
    assert [h.outcome for h in ratification.history.order_by("history_id")] == [
        "rejected",
        "adopted",
    ]
    assert ratification.history.first().history_user == chef


def test_notice_ends_the_agreement_after_the_notice_period(srb, chef):
    adopt(srb)
    party = srb.parties.order_by("pk")[3]

    notice = give_notice(
        srb, party=party, kind=Notice.Kind.NOTICE, given_on=D(2025, 3, 15), by=chef
    )

    assert notice.ends_on == D(2026, 3, 15)
    info = status(srb, D(2025, 4, 1))
    assert (info.status, info.ends_on) == (Status.NOTICE_GIVEN, D(2026, 3, 15))
    assert status(srb, D(2026, 3, 15)).status == Status.NOTICE_GIVEN
    assert status(srb, D(2026, 3, 16)).status == Status.ENDED


def test_exit_of_one_party_ends_it_for_all(srb, chef):
    adopt(srb)
    srb.notice_months = None
    srb.save()

    give_notice(
        srb,
        party=srb.parties.last(),
        kind=Notice.Kind.EXIT,
        given_on=D(2025, 6, 30),
        by=chef,
    )

    assert status(srb, D(2025, 7, 1)).status == Status.ENDED


def test_notice_of_one_party_does_not_end_an_agreement_that_goes_on(federation, chef):
    agreement = agreement_with_parties(
        federation, 3, notice_months=6, ends_for_all_on_exit=False
    )
    adopt(agreement)
    parties = list(agreement.parties.order_by("pk"))
    give_notice(
        agreement,
        party=parties[0],
        kind=Notice.Kind.NOTICE,
        given_on=D(2025, 1, 1),
        by=chef,
    )

    assert status(agreement, D(2026, 1, 1)).status == Status.IN_FORCE


def test_notice_respects_the_earliest_end(federation, chef):
    agreement = agreement_with_parties(
        federation, 2, notice_months=6, earliest_end=D(2026, 12, 31)
    )
    adopt(agreement)

    notice = give_notice(
        agreement,
        party=agreement.parties.first(),
        kind=Notice.Kind.NOTICE,
        given_on=D(2025, 2, 1),
        by=chef,
    )

    assert notice.ends_on == D(2026, 12, 31)


def test_notice_on_an_undecided_agreement_is_refused(srb, chef):
    with pytest.raises(ValidationError) as error:
        give_notice(
            srb,
            party=srb.parties.first(),
            kind=Notice.Kind.NOTICE,
            given_on=D(2025, 1, 1),
            by=chef,
        )

    assert error.value.messages == [
        "Uppsägning kan bara ske av ett avtal som alla parter har antagit."
    ]
    assert Notice.objects.count() == 0


def test_agreement_ends_when_its_end_date_passes(federation):
    agreement = agreement_with_parties(
        federation, 2, valid_from=D(2025, 10, 1), valid_to=D(2028, 9, 30)
    )
    adopt(agreement)

    assert status(agreement, D(2028, 9, 30)).status == Status.IN_FORCE
    assert status(agreement, D(2028, 10, 1)).status == Status.ENDED


def test_amendment_adopted_by_ten_of_eleven_is_not_in_force(srb, chef, today):
    adopt(srb)
    amendment = create_agreement(
        srb.federation,
        by=chef,
        title="Tillägg 1",
        kind=Agreement.Kind.TILLAGGSAVTAL,
        valid_from=D(2025, 1, 1),
        relation=Agreement.Relation.AMENDS,
        previous=srb,
    )
    parties = list(amendment.parties.order_by("pk"))
    _adopt_via_service(amendment, parties[:10], chef)

    assert len(parties) == 11
    assert status(amendment, today).status == Status.RATIFYING
    assert status(srb, today).status == Status.IN_FORCE

    _adopt_via_service(amendment, parties[10:], chef)

    assert status(amendment, today).status == Status.IN_FORCE


def test_new_version_copies_parties_and_ends_the_old_when_in_force(federation, chef):
    old = agreement_with_parties(federation, 3, valid_from=D(2020, 1, 1))
    adopt(old, decided_on=D(2019, 12, 1))
    new = create_agreement(
        federation,
        by=chef,
        title="Version 2",
        kind=Agreement.Kind.SAMVERKANSAVTAL,
        valid_from=D(2025, 1, 1),
        relation=Agreement.Relation.REPLACES,
        previous=old,
    )
    assert status(old, D(2025, 6, 1)).status == Status.IN_FORCE

    _adopt_via_service(new, new.parties.all(), chef, day=D(2024, 11, 1))

    assert status(old, D(2024, 12, 31)).status == Status.IN_FORCE
    old_info = status(old, D(2025, 1, 1))
    assert (old_info.status, old_info.ends_on) == (Status.ENDED, D(2024, 12, 31))
    assert status(new, D(2025, 1, 1)).status == Status.IN_FORCE


def test_rejected_first_version_stays_fallen_when_replaced(federation, chef):
    first = agreement_with_parties(federation, 3)
    parties = list(first.parties.order_by("pk"))
    adopt(first, 2)
    record_ratification(
        parties[2],
        outcome=Ratification.Outcome.REJECTED,
        decided_on=D(2023, 10, 1),
        by=chef,
    )
    second = create_agreement(
        federation,
        by=chef,
        title="Version 2",
        kind=Agreement.Kind.SAMVERKANSAVTAL,
        valid_from=D(2024, 3, 1),
        relation=Agreement.Relation.REPLACES,
        previous=first,
    )
    _adopt_via_service(second, second.parties.all(), chef)

    assert status(first, D(2025, 1, 1)).status == Status.FAILED
    assert status(second, D(2025, 1, 1)).status == Status.IN_FORCE


def test_parties_cannot_be_added_after_a_decision(srb, chef, federation):

    adopt(srb, 1)

    with pytest.raises(ValidationError) as error:
        add_party(srb, PartySpec("styrelse", external_name="Universitetet"), by=chef)

    assert error.value.messages == [
        "Parter kan bara läggas till innan någon part har beslutat."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023-01-01", D(2023, 1, 1)), (" 2025-10-01 ", D(2025, 10, 1))],
)
def test_parse_date_reads_iso_dates(text, expected):
    assert parse_date(text, label="Startdatum") == expected


@pytest.mark.parametrize("text", ["1 xx 2023", "2023-02-30", "", "1 januari 2023"])
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(ValidationError) as error:
        parse_date(text, label="Startdatum")

    assert error.value.messages == [
        "Startdatum måste vara ett verkligt datum skrivet ÅÅÅÅ-MM-DD, "
        f"inte ”{text.strip()}”."
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 11, 15), 3, D(2026, 2, 15)),
        (D(2028, 9, 30), -6, D(2028, 3, 30)),
        (D(2025, 3, 1), -3, D(2024, 12, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected
