from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from cases.models import Case, Document
        from core.fragments import bump_on_change

        from .models import AgendaItem, Meeting

        # What the cached agenda on the meeting page shows.
        bump_on_change("agenda", Meeting, AgendaItem, Case, Document)
