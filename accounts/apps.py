from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        # Models load once the app registry is ready, after this module.
        from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415 circular

        from .second_factor import device_removed, start_login  # noqa: PLC0415 circular

        user_logged_in.connect(start_login, dispatch_uid="accounts_second_factor")
        post_delete.connect(
            device_removed, sender=TOTPDevice, dispatch_uid="accounts_device_removed"
        )
