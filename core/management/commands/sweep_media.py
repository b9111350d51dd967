import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from core.media import orphan_files


class Command(BaseCommand):
    help = (
        "Visar (eller tar bort, med --delete) mediefiler som ingen rad hänvisar "
        "till, till exempel från en uppladdning vars transaktion rullades tillbaka."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="ta bort filerna, inte bara visa dem"
        )
        parser.add_argument(
            "--hours",
            type=int,
            default=24,
            help="bara filer äldre än så här många timmar (standard 24)",
        )

    def handle(self, *args, delete: bool, hours: int, **options):
        orphans = orphan_files(datetime.timedelta(hours=hours))
        for name in orphans:
            if delete:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "borttagna" if delete else "utan hänvisning (kör med --delete)"
        self.stdout.write(f"{len(orphans)} filer {verb}.")
