"""Who may see and prepare meetings.

Staff of the federation see every meeting; the Administratör prepares them. A
Förtroendevald sees the meetings of the bodies they sit in
(selectors.meetings_for_user).
"""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import belongs_to, has_role
from federation.roles import STAFF_ROLES, Role


def can_view_meetings(user: User | AnonymousUser, federation: Federation) -> bool:
    return belongs_to(user, federation) and has_role(
        user, *STAFF_ROLES, Role.FORTROENDEVALD
    )


def can_view_meeting_list(user: User | AnonymousUser, federation: Federation) -> bool:
    return belongs_to(user, federation) and has_role(user, *STAFF_ROLES)


def can_manage_meetings(user: User | AnonymousUser, federation: Federation) -> bool:
    return belongs_to(user, federation) and has_role(user, Role.ADMINISTRATOR)
