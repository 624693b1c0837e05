import os
from pathlib import Path

from celery import Celery, Task
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class ReconnectingTask(Task):
    """Every task of the project: a lost database connection (PostgreSQL restarted, SQLite locked too long) is
    retried with back-off, 2, 4, 8 ... up to 60 s, jittered; any other error is not retried. The tasks are
    idempotent (they take ids and re-read), so running one again after a half-done attempt is safe."""

    autoretry_for = (OperationalError, InterfaceError)
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = True
    max_retries = 10


app = Celery("tolkportaal", task_cls=ReconnectingTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_queue_folders(sender, **kwargs):
    """The embedded transport (no Redis configured) keeps its queue in folders that must exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
