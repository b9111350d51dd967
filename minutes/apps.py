from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("Minutes of a meeting")

    def ready(self) -> None:
        from federation.cache import bump_on_change  # noqa: PLC0415 circular

        from .models import (  # noqa: PLC0415 circular
            Anslag,
            Approval,
            Minutes,
            ProtokollVersion,
        )

        # What the cached anslagstavla and public PDF show (federation.cache), and
        # the state of a protokoll the meeting page links (minutes.todo).
        bump_on_change(
            (Anslag, "federation_id"),
            (Approval, "minutes__meeting__body__federation_id"),
            (Minutes, "meeting__body__federation_id"),
            (ProtokollVersion, "minutes__meeting__body__federation_id"),
        )
