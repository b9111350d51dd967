"""Who may read and write the register of agreements."""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import belongs_to, has_role
from federation.roles import STAFF_ROLES, Role


def can_view_agreements(user: User | AnonymousUser, federation: Federation) -> bool:
    """Staff and förtroendevalda read: agreements are public acts of the members."""
    return belongs_to(user, federation) and has_role(
        user, *STAFF_ROLES, Role.FORTROENDEVALD
    )


def can_edit_agreements(user: User | AnonymousUser, federation: Federation) -> bool:
    return belongs_to(user, federation) and has_role(user, Role.ADMINISTRATOR)
