from django.apps import AppConfig


class IntelConfig(AppConfig):
    """Places (gazetteer), network members, holders, incidents, location reports."""

    name = "safepassage.intel"
    label = "intel"
    verbose_name = "Intelligence"
