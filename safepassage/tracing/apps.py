from django.apps import AppConfig


class TracingConfig(AppConfig):
    """Persons reported missing, the family reports, proof-of-life contacts, authentication."""

    name = "safepassage.tracing"
    label = "tracing"
    verbose_name = "Tracing"
