from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "safepassage.operations"
    label = "operations"
    verbose_name = "Operations"
