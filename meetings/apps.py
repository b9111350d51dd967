from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        # Models load once the app registry is ready, after this module.
        from federation.cache import bump_on_change  # noqa: PLC0415 circular

        from .models import (  # noqa: PLC0415 circular
            AgendaItem,
            BodyMeetingSettings,
            KallelseVersion,
            Meeting,
        )

        # What the cached meeting page shows (federation.cache).
        bump_on_change(
            (Meeting, "body__federation_id"),
            (AgendaItem, "meeting__body__federation_id"),
            (KallelseVersion, "meeting__body__federation_id"),
            (BodyMeetingSettings, "body__federation_id"),
        )
