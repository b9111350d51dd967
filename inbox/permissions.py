"""Who has a Nytt list in a förbund: anyone with a role there; each reads their own."""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import has_role
from federation.roles import STAFF_ROLES, Role


def can_read_inbox(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, *STAFF_ROLES, Role.FORTROENDEVALD)
