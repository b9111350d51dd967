from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from federation.cache import bump_on_change

        from .models import AgendaItem, BodyMeetingSettings, KallelseVersion, Meeting

        # What the cached meeting page shows (federation.cache).
        bump_on_change(
            (Meeting, "body__federation_id"),
            (AgendaItem, "meeting__body__federation_id"),
            (KallelseVersion, "meeting__body__federation_id"),
            (BodyMeetingSettings, "body__federation_id"),
        )
