from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "federation"

    def ready(self) -> None:
        from django.contrib.auth.models import Group, User

        from core.fragments import bump_on_change

        from .models import Federation, Person

        # federation.access: who belongs where, with which roles, as which person.
        bump_on_change("access", User, Group, Federation, Person)
        # Pages of the register (core.pages): any change of it.
        bump_on_change(
            "register",
            *(m for m in self.get_models() if not m.__name__.startswith("Historical")),
        )
