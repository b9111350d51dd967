"""factory_boy factories shared by every app's tests."""

import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import factory
from django.contrib.auth.models import User
from django.db.models import Model

from federation.models import (
    Assignment,
    Body,
    Federation,
    Member,
    Party,
    Person,
    RoleGrant,
)

M = TypeVar("M", bound=Model)


class ModelFactory(factory.django.DjangoModelFactory[M]):
    """A factory whose call gives its model's row, for the type checker too: factory
    makes the row in its metaclass, and an untyped __new__ would say the factory."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:

        def __new__(cls, *args: Any, **kwargs: Any) -> M: ...  # type: ignore[misc]


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Användare{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.se")
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def save_password(user: User, create: bool, extracted, **kwargs) -> None:
        if create:
            user.save()


def grant(user: User, federation: Federation, *roles: str) -> User:
    """Give the user these roles in the federation (RoleGrant)."""
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, federation=federation, role=role)
    return user


class FederationFactory(ModelFactory[Federation]):
    class Meta:
        model = Federation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testförbundet {n}")
    slug = factory.Sequence(lambda n: f"forbund{n}")
    kind = Federation.Kind.KOMMUNALFORBUND
    diarium_prefix = "TF"


class MemberFactory(ModelFactory[Member]):
    class Meta:
        model = Member

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"Kommun {n}")
    kommunkod = factory.Sequence(lambda n: f"{1000 + n:04d}")
    kind = Member.Kind.KOMMUN
    status = Member.Status.MEMBER


class PartyFactory(ModelFactory[Party]):
    class Meta:
        model = Party
        django_get_or_create = ("abbreviation",)

    abbreviation = "S"
    name = "Socialdemokraterna"


class BodyFactory(ModelFactory[Body]):
    class Meta:
        model = Body

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"Organ {n}")
    short_name = factory.Sequence(lambda n: f"O{n}")
    kind = Body.Kind.DIREKTION
    kallelse_lead_days = 7


class PersonFactory(ModelFactory[Person]):
    class Meta:
        model = Person

    federation = factory.SubFactory(FederationFactory)
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = factory.Sequence(lambda n: f"Efternamn{n}")
    party = factory.SubFactory(PartyFactory)


class AssignmentFactory(ModelFactory[Assignment]):
    class Meta:
        model = Assignment

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(
        PersonFactory, federation=factory.SelfAttribute("..body.federation")
    )
    role = Assignment.Role.LEDAMOT
    valid_from = datetime.date(2023, 1, 1)
    valid_to = datetime.date(2026, 12, 31)
