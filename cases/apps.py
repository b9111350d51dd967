from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Ärenden och diarium"

    def ready(self) -> None:
        # Models exist only once the app registry is ready.
        from federation.cache import bump_on_change  # noqa: PLC0415 circular

        from .models import Case, DelegationDecision, Document  # noqa: PLC0415 circular

        # Meeting pages show ärenden and their handlingar (federation.cache).
        bump_on_change(
            (Case, "federation_id"),
            (Document, "federation_id"),
            (DelegationDecision, "federation_id"),
        )
