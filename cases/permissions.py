"""Who may read and write ärenden, the diarium and delegationsbeslut.

Administratör and Handläggare of the federation write, and they alone see sekretess
handlingar. A Förtroendevald reads the case pages and the diarium without sekretess:
those are allmänna handlingar anyone may ask for, and ledamöter prepare meetings
from them.
Ekonom has no access here; anonymous users go to the login page.
"""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import has_role
from federation.roles import Role

WRITER_ROLES = (Role.ADMINISTRATOR, Role.HANDLAGGARE)


def can_view_cases(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, *WRITER_ROLES, Role.FORTROENDEVALD)


def can_edit_cases(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, *WRITER_ROLES)


def can_see_secret(user: User | AnonymousUser | None, federation: Federation) -> bool:
    """The right to see sekretess handlingar and their titles."""
    if user is None:
        return False
    return has_role(user, federation, *WRITER_ROLES)
