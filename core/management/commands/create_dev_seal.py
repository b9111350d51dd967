"""Create the development seal once (`make run`): a self-signed certificate in a
PKCS#12 under var/, for SEAL_PKCS12_PATH. Never for production: there the seal is
the förbund's own certificate."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.seal import create_self_signed_seal


class Command(BaseCommand):
    help = "Create a self-signed development seal under var/ unless it exists."
    # The seal check (core.E002) fails until this command has made the seal.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--path", default=str(settings.VAR_DIR / "dev-seal.p12"), type=Path
        )

    def handle(self, *args, path: Path, **options) -> None:
        if path.exists():
            self.stdout.write(f"The development seal exists: {path}")
            return
        create_self_signed_seal(
            path, common_name="Förbundsportalen utvecklingssigill (självsignerat)"
        )
        self.stdout.write(self.style.SUCCESS(f"Created the development seal: {path}"))
