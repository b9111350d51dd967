from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Den publika webbplatsen"

    def ready(self) -> None:
        # Models exist only once the app registry is ready.
        from federation.cache import bump_on_change  # noqa: PLC0415 circular

        from .models import Begaran  # noqa: PLC0415 circular

        # The public diarium lists the begäran's handling (federation.cache).
        bump_on_change((Begaran, "federation_id"))
