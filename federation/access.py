"""Who the user is in the register: their roles and persons in each förbund.

Read from the database in one query per request and kept on the user object for
the rest of it. Nothing of it is cached between requests, so a granted or revoked
role (RoleGrant) takes effect on the next request in every process.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import BigIntegerField, CharField, Value
from django.utils.functional import empty

from .models import Person, RoleGrant


@dataclass(frozen=True)
class Access:
    # federation pk → the roles granted there
    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    # federation pk → the pks of the user's persons in it
    person_ids: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def roles_in(self, federation_id: int) -> frozenset[str]:
        return self.roles.get(federation_id, frozenset())

    @property
    def all_roles(self) -> frozenset[str]:
        return frozenset().union(*self.roles.values())


NOBODY = Access()


def access_for(user: User | AnonymousUser) -> Access:
    """The user's access, read once per request (kept on the user object)."""
    if not user.is_authenticated:
        return NOBODY
    access = getattr(user, "_access", None)
    if access is None:
        # An attribute of our own on Django's user: kept as long as the request.
        access = user._access = _read(user)  # type: ignore[attr-defined]
    return access


def forget_access(user: User | AnonymousUser) -> None:
    """Read the access again on its next use (after a grant in the same request)."""
    # request.user is a lazy wrapper: the access is kept on the user inside it.
    inner = getattr(user, "_wrapped", user)
    if inner is not empty:  # an unread lazy user holds no access yet
        inner.__dict__.pop("_access", None)


def _read(user: User) -> Access:
    # One query for both; the models' default orderings are not allowed in a union.
    grants = (
        RoleGrant.objects.filter(user=user)
        .order_by()
        .values_list(
            "federation_id", "role", Value(None, output_field=BigIntegerField())
        )
    )
    persons = (
        Person.objects.filter(user=user)
        .order_by()
        .values_list("federation_id", Value("", output_field=CharField()), "pk")
    )
    roles: dict[int, set[str]] = {}
    person_ids: dict[int, list[int]] = {}
    for federation_id, role, person_id in grants.union(persons, all=True):
        if role:
            roles.setdefault(federation_id, set()).add(role)
        else:
            person_ids.setdefault(federation_id, []).append(person_id)
    return Access(
        roles={k: frozenset(v) for k, v in roles.items()},
        person_ids={k: tuple(sorted(v)) for k, v in person_ids.items()},
    )
