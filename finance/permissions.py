"""Who may see and change the federation's fees."""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import has_role
from federation.roles import Role


def can_view_finance(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.EKONOM, Role.ADMINISTRATOR)


def can_edit_finance(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.EKONOM)
