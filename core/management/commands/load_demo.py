"""Load the demo data of every app, in INSTALLED_APPS order. Safe to run again."""

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

DEMO_ACCOUNTS = """
Demokonton (lösenord: demo)
  chef         administrativ chef
  ekonom       ekonom
  handlaggare  handläggare
  ledamot      ledamot i Direktionen (justerare)
  ordforande   Direktionens ordförande
  admin        superanvändare (/admin/)
chef, ekonom, handlaggare och admin anger också en kod (tvåstegsverifiering);
i utvecklingsläget (DEBUG) visar kodsidan demokontots aktuella kod.
"""


class Command(BaseCommand):
    help = (
        "Load the demo federations, register, ärenden, meetings, agreements and fees."
    )

    def handle(self, *args, **options) -> None:
        # Each app that has demo data keeps it in <app>/demo.py with a load(context)
        # function; core discovers them so that it imports no domain app itself.
        context: dict = {}
        # The demo's workflows send e-mail (kallelse, justering); nobody should get it.
        locmem = "django.core.mail.backends.locmem.EmailBackend"
        with override_settings(EMAIL_BACKEND=locmem), transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                module = importlib.import_module(module_name)
                result = module.load(context)
                if isinstance(result, dict):
                    context.update(result)
                self.stdout.write(f"Demodata: {config.name} klart")
        self.stdout.write(DEMO_ACCOUNTS)
