"""Who may do what in the register.

A right comes from a role granted in the förbund of the page (RoleGrant) and from
nothing else; a superuser has every right, explicitly.
"""

from django.contrib.auth.models import AnonymousUser, User

from .access import access_for
from .models import Federation
from .roles import STAFF_ROLES, Role


def roles_in(user: User | AnonymousUser, federation: Federation) -> frozenset[str]:
    return access_for(user).roles_in(federation.pk)


def has_role(user: User | AnonymousUser, federation: Federation, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or not roles_in(user, federation).isdisjoint(roles)


def belongs_to(user: User | AnonymousUser, federation: Federation) -> bool:
    """Any role in the förbund makes it the user's: its pages answer 403, not 404."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(roles_in(user, federation))


def audience(user: User | AnonymousUser, federation: Federation) -> tuple:
    """What decides what a cached page of the förbund shows its reader: logged in
    or not, and the roles there, which carry the right to see sekretess."""
    return (
        user.is_authenticated,
        user.is_superuser,
        *sorted(roles_in(user, federation)),
    )


def can_view_register(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, *STAFF_ROLES, Role.FORTROENDEVALD)


def can_view_contact_details(
    user: User | AnonymousUser, federation: Federation
) -> bool:
    return has_role(user, federation, *STAFF_ROLES)


def can_edit_register(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.ADMINISTRATOR)


def can_manage_roles(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.ADMINISTRATOR)
