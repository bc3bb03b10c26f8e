from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "safepassage.vault"
    label = "vault"
    verbose_name = "Vault"

    def ready(self) -> None:
        from safepassage.vault import checks  # noqa: F401  (registers system checks)
