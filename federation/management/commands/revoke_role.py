from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from federation.management.arguments import (
    federation_from_slug,
    role_from_name,
    user_from_username,
)
from federation.services import revoke_role


class Command(BaseCommand):
    help = (
        "Tar en roll i ett förbund från en användare. Rollen skrivs på svenska "
        "(Administratör, Handläggare, Ekonom, Förtroendevald; också utan å och ö). "
        "Gäller från användarens nästa sidvisning. Förbundets sista Administratör "
        "kan inte tas bort."
    )

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
                revoked = revoke_role(
                    user, forbund, chosen, reason="manage.py revoke_role"
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        if revoked:
            self.stdout.write(
                f"{username} har inte längre rollen {chosen} i {forbund}."
            )
        else:
            self.stdout.write(
                f"{username} har inte rollen {chosen} i {forbund}; ingenting ändrat."
            )
