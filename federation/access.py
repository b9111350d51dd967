"""What every request asks first: who the user is in the register.

The federations a user belongs to, their roles and their persons are read in one go
and cached until any of them changes (the "access" scope of core.fragments, bumped by
signals on users, groups, federations and persons; see FederationConfig.ready). A
revoked role or membership therefore takes effect on the next request.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User

from core import fragments

from .models import Federation, Person

SCOPE = "access"


@dataclass(frozen=True)
class Access:
    role_names: frozenset[str] = frozenset()
    federation_ids: frozenset[int] = frozenset()
    # federation pk → the pks of the user's persons in it
    person_ids: dict[int, tuple[int, ...]] = field(default_factory=dict)


NOBODY = Access()


def access_for(user: User | AnonymousUser) -> Access:
    """The user's access, kept on the user object for the rest of the request."""
    if not user.is_authenticated:
        return NOBODY
    access = getattr(user, "_access", None)
    if access is None:
        access = fragments.cached(SCOPE, ("user", user.pk), lambda: _read(user))
        user._access = access
    return access


def _read(user: User) -> Access:
    persons: dict[int, list[int]] = {}
    for federation_id, pk in Person.objects.filter(user=user).values_list(
        "federation_id", "pk"
    ):
        persons.setdefault(federation_id, []).append(pk)
    return Access(
        role_names=frozenset(user.groups.values_list("name", flat=True)),
        federation_ids=frozenset(user.federations.values_list("pk", flat=True)),
        person_ids={k: tuple(sorted(v)) for k, v in persons.items()},
    )


def federation_by_slug(slug: str) -> Federation | None:
    """The federation of a URL, from the cache while no federation changes."""
    return fragments.cached(
        SCOPE,
        ("federation", slug),
        lambda: Federation.objects.filter(slug=slug).first(),
    )


def audience(user: User | AnonymousUser) -> tuple:
    """What decides what a shared page shows its reader (core.pages): logged in or
    not, and the roles, which carry the right to see sekretess."""
    return (
        user.is_authenticated,
        user.is_superuser,
        *sorted(access_for(user).role_names),
    )
