from django.apps import AppConfig
from django.db.models.signals import post_save

from core.cache import after_outage


class FederationConfig(AppConfig):
    name = "federation"

    def ready(self) -> None:
        # Models load once the app registry is ready, after this module.
        from django.contrib.auth.models import User  # noqa: PLC0415 circular

        from .cache import after_outage as replace_versions  # noqa: PLC0415 circular
        from .cache import bump, bump_on_change  # noqa: PLC0415 circular
        from .models import (  # noqa: PLC0415 circular
            Assignment,
            Body,
            CompositionRule,
            Federation,
            Member,
            Party,
            Person,
            Term,
        )

        # The cached pages of the register (federation.cache): any change of it.
        bump_on_change(
            (Federation, None),  # every förbund's: the URLs find them in the cache
            (Member, "federation_id"),
            (Party, None),  # parties are every förbund's
            (Body, "federation_id"),
            (Person, "federation_id"),
            (CompositionRule, "body__federation_id"),
            (Assignment, "body__federation_id"),
            (Term, None),  # mandatperioder are every förbund's
        )

        after_outage(replace_versions)

        def user_renamed(sender, instance: User, update_fields=None, **kwargs) -> None:
            # Pages name users (who computed a run); a login only sets last_login.
            if update_fields is not None and set(update_fields) <= {"last_login"}:
                return
            for federation_id in instance.role_grants.values_list(
                "federation_id", flat=True
            ).distinct():
                bump(federation_id)

        post_save.connect(
            user_renamed, sender=User, weak=False, dispatch_uid="federation.cache:user"
        )
