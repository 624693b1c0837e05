from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """What load balancers and monitoring read: GET /health/ and GET /metrics (Prometheus)."""

    name = "monitoring"
