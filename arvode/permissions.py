"""Who reads the arvodesunderlag (the Ekonom and the Administratör, for the
kommuners lönekontor) and who records a rättelse of närvaro (the secretariat: the
Administratör)."""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import has_role
from federation.roles import Role


def can_view_arvode(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.ADMINISTRATOR, Role.EKONOM)


def can_correct_attendance(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.ADMINISTRATOR)
