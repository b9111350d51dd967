"""Who may do what in the register. Roles are groups; the tenant is the federation."""

from django.contrib.auth.models import AnonymousUser, User

from .access import access_for
from .models import Federation
from .roles import STAFF_ROLES, Role


def role_names(user: User | AnonymousUser) -> frozenset[str]:
    """The user's roles (federation.access: cached until they change)."""
    return access_for(user).role_names


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(role in role_names(user) for role in roles)


def belongs_to(user: User | AnonymousUser, federation: Federation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return federation.pk in access_for(user).federation_ids


def can_view_register(user: User | AnonymousUser, federation: Federation) -> bool:
    return belongs_to(user, federation) and has_role(
        user, *STAFF_ROLES, Role.FORTROENDEVALD
    )


def can_view_contact_details(
    user: User | AnonymousUser, federation: Federation
) -> bool:
    return belongs_to(user, federation) and has_role(user, *STAFF_ROLES)


def can_edit_register(user: User | AnonymousUser, federation: Federation) -> bool:
    return belongs_to(user, federation) and has_role(user, Role.ADMINISTRATOR)
