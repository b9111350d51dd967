from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from .second_factor import device_removed, start_login

        user_logged_in.connect(start_login, dispatch_uid="accounts_second_factor")
        post_delete.connect(
            device_removed, sender=TOTPDevice, dispatch_uid="accounts_device_removed"
        )
