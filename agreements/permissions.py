"""Who may read and write the register of agreements."""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import has_role
from federation.roles import STAFF_ROLES, Role


def can_view_agreements(user: User | AnonymousUser, federation: Federation) -> bool:
    """Staff and förtroendevalda read: agreements are public acts of the members."""
    return has_role(user, federation, *STAFF_ROLES, Role.FORTROENDEVALD)


def can_edit_agreements(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.ADMINISTRATOR)
