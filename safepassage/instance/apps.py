from django.apps import AppConfig


class InstanceConfig(AppConfig):
    """The instance's life cycle: init, serve, worker, demo data, backup, restore, shred."""

    name = "safepassage.instance"
    label = "instance"
    verbose_name = "Instance"
