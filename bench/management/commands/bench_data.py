"""python manage.py bench_data --scale N: the benchmark's large förbund."""

from django.core.management.base import BaseCommand

from bench.data import generate


class Command(BaseCommand):
    help = "Generate the benchmark's synthetic förbund (deterministic, idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, scale: float, **options) -> None:
        generate(scale, log=self.stdout.write)
