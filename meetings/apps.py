from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from cases.models import Case, Document
        from core.fragments import bump_on_change
        from federation.models import Assignment, Body, Person

        from .models import AgendaItem, KallelseVersion, Meeting

        # What the cached meeting page shows, and who may see it (the composition).
        bump_on_change(
            "agenda",
            Meeting,
            AgendaItem,
            KallelseVersion,
            Case,
            Document,
            Body,
            Person,
            Assignment,
        )
