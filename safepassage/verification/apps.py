from django.apps import AppConfig


class VerificationConfig(AppConfig):
    """The trap check: rescue requests, their assessments, rules and approvals."""

    name = "safepassage.verification"
    label = "verification"
    verbose_name = "Verification"
