from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safepassage.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from safepassage.accounts.decoy import reseal_sessions
        from safepassage.vault.signals import data_key_rotating

        data_key_rotating.connect(reseal_sessions, dispatch_uid="safepassage.decoy.reseal")
