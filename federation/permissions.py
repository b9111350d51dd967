"""Who may do what in the register. Roles are groups; the tenant is the federation."""

from django.contrib.auth.models import AnonymousUser, User

from .models import Federation
from .roles import STAFF_ROLES, Role


def role_names(user: User | AnonymousUser) -> set[str]:
    """The user's roles, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return set()
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return names


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(role in role_names(user) for role in roles)


def belongs_to(user: User | AnonymousUser, federation: Federation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    ids = getattr(user, "_federation_ids", None)
    if ids is None:
        ids = set(user.federations.values_list("pk", flat=True))
        user._federation_ids = ids
    return federation.pk in ids


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
