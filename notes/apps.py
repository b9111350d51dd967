from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = _("Personal notes")

    def ready(self) -> None:
        from . import crypto  # noqa: F401, PLC0415 leaf
