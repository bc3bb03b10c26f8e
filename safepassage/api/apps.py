from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "safepassage.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from safepassage.api import schema  # noqa: F401  (registers OpenAPI extensions)
