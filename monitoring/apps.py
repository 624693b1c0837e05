from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """What load balancers and monitoring read: GET /health/."""

    name = "monitoring"
