from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from accounts import second_factor


class Command(BaseCommand):
    help = (
        "Tar bort en användares tvåstegsverifiering (till exempel en borttappad "
        "telefon); användaren ställer in en ny vid nästa inloggning."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Det finns ingen användare {username}.")
        count = second_factor.reset(user)
        self.stdout.write(
            f"{username}: {count} enhet(er) borttagna; "
            "tvåstegsverifieringen ställs in igen vid nästa inloggning."
        )
