from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Ärenden och diarium"

    def ready(self) -> None:
        from federation.cache import bump_on_change

        from .models import Case, DelegationDecision, Document

        # Meeting pages show ärenden and their handlingar (federation.cache).
        bump_on_change(
            (Case, "federation_id"),
            (Document, "federation_id"),
            (DelegationDecision, "federation_id"),
        )
