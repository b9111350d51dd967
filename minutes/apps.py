from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("Protokoll")

    def ready(self) -> None:
        from core.fragments import bump_on_change
        from federation.models import Body
        from meetings.models import Meeting

        from .models import Anslag, Minutes

        # What the cached anslagstavla shows.
        bump_on_change("anslag", Anslag, Minutes, Meeting, Body)
