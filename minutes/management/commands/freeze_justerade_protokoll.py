"""Freeze the protokoll justerade before versions were kept (issue 15.2).

Such a protokoll has no snapshot from its justering: the register as it stands now
is the best there is, and the command says so per protokoll. Run once after the
migration; a protokoll that already has versions is left alone.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from minutes.frozen import freeze_protokoll
from minutes.models import Minutes


class Command(BaseCommand):
    help = "Freeze every justerat protokoll that has no stored version yet."

    def handle(self, *args, **options) -> None:
        pending = Minutes.objects.filter(
            status=Minutes.Status.JUSTERAT, versions__isnull=True
        ).select_related("meeting__body__federation")
        count = 0
        for minutes in pending:
            with transaction.atomic():
                freeze_protokoll(minutes, by=None)
            count += 1
            self.stdout.write(f"{minutes}: frozen from the register as it is now")
        self.stdout.write(f"{count} protokoll frozen")
