from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Statistics for coordinators and analysts; public exports with small cells suppressed."""

    name = "safepassage.reports"
    label = "reports"
    verbose_name = "Reports"
