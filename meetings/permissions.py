"""Who may see and prepare meetings.

Staff of the federation see every meeting; the Administratör prepares them. A
Förtroendevald sees the meetings of the bodies they sit in
(selectors.meetings_for_user).
"""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import has_role
from federation.roles import STAFF_ROLES, Role


def can_view_meetings(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, *STAFF_ROLES, Role.FORTROENDEVALD)


def can_view_meeting_list(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, *STAFF_ROLES)


def can_manage_meetings(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.ADMINISTRATOR)
