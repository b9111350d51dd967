"""The arguments of grant_role and revoke_role, read as an administrator types them."""

import unicodedata

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from federation.models import Federation
from federation.roles import Role


def _folded(text: str) -> str:
    """Lower case without diacritics: "Handläggare" and "handlaggare" are one."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def role_from_name(name: str) -> Role:
    """The role by its Swedish name (the stored value), its code name or its label,
    in any case, with or without å, ä and ö."""
    wanted = _folded(name)
    for role in Role:
        if wanted in {
            _folded(role.value),
            _folded(role.name),
            _folded(str(role.label)),
        }:
            return role
    raise CommandError(f"Okänd roll: {name!r}. Välj en av: {', '.join(Role.values)}.")


def user_from_username(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(
            f"Det finns ingen användare med användarnamnet {username!r}."
        )
    return user


def federation_from_slug(slug: str) -> Federation:
    federation = Federation.objects.filter(slug=slug).first()
    if federation is None:
        slugs = ", ".join(Federation.objects.values_list("slug", flat=True)) or "inga"
        raise CommandError(
            f"Det finns inget förbund med kortadressen {slug!r}. Förbunden: {slugs}."
        )
    return federation


class RoleCommand(BaseCommand):
    """USER FEDERATION ROLE, read as above; `change` does the work in Swedish and
    says what happened."""

    def add_arguments(self, parser):
        parser.add_argument("username", help="användarnamnet")
        parser.add_argument("federation", help="förbundets kortadress, t.ex. sjuharad")
        parser.add_argument("role", help="rollen, t.ex. Handläggare")

    def handle(self, *args, username: str, federation: str, role: str, **options):
        user = user_from_username(username)
        forbund = federation_from_slug(federation)
        chosen = role_from_name(role)
        with translation.override("sv"):
            try:
                said = self.change(user, forbund, chosen)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(said)

    def change(self, user: User, federation: Federation, role: Role) -> str:
        raise NotImplementedError
