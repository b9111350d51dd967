"""Who sees and keeps uppföljning: the förbund's staff and its förtroendevalda read
(the Direktion is told of the internkontroll and the goals with the årsbokslut); the
Administratör (administrativ chef) records results, avvikelser and answers. Not
public: the plan and the report reach the public as bilagor of an ärende."""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import has_role
from federation.roles import STAFF_ROLES, Role


def can_view_followup(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, *STAFF_ROLES, Role.FORTROENDEVALD)


def can_edit_followup(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.ADMINISTRATOR)
