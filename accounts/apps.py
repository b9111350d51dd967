from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .second_factor import start_login

        user_logged_in.connect(start_login, dispatch_uid="accounts_second_factor")
