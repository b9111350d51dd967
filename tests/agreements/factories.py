"""Factories of the register of agreements."""

import datetime

import factory

from agreements.models import Agreement, AgreementParty, DecidingBody, Ratification
from tests.factories import FederationFactory, MemberFactory, ModelFactory


class AgreementFactory(ModelFactory[Agreement]):
    class Meta:
        model = Agreement

    federation = factory.SubFactory(FederationFactory)
    title = factory.Sequence(lambda n: f"Avtal {n}")
    kind = Agreement.Kind.SAMVERKANSAVTAL
    valid_from = datetime.date(2024, 1, 1)


class AgreementPartyFactory(ModelFactory[AgreementParty]):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    member = factory.SubFactory(
        MemberFactory, federation=factory.SelfAttribute("..agreement.federation")
    )
    deciding_body = DecidingBody.KOMMUNFULLMAKTIGE


class RatificationFactory(ModelFactory[Ratification]):
    class Meta:
        model = Ratification

    party = factory.SubFactory(AgreementPartyFactory)
    deciding_body = factory.SelfAttribute("party.deciding_body")
    outcome = Ratification.Outcome.ADOPTED
    decided_on = datetime.date(2023, 11, 1)
    paragraph = "§ 1"


def agreement_with_parties(federation, count: int, **fields) -> Agreement:
    """An agreement with `count` member parties, none of which has decided."""
    agreement = AgreementFactory(federation=federation, **fields)
    AgreementPartyFactory.create_batch(count, agreement=agreement)
    return agreement


def adopt(agreement: Agreement, count: int | None = None, **fields) -> None:
    """Record an adoption for the first `count` parties (all when None)."""
    parties = list(agreement.parties.order_by("pk"))
    for party in parties[:count]:
        RatificationFactory(party=party, **fields)
