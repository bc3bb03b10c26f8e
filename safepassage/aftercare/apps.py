from django.apps import AppConfig


class AftercareConfig(AppConfig):
    """Arrival, reunification, referrals, consent and testimony: care after she is out."""

    name = "safepassage.aftercare"
    label = "aftercare"
    verbose_name = "Aftercare"
