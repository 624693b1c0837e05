"""Celery tasks of the webhooks' outbox: thin, take ids only, safe to run twice."""

from celery import shared_task

from webhooks.outbox import deliveries_flush, deliveries_purge, delivery_send


@shared_task(name="webhooks.deliver_webhook")
def deliver_webhook(delivery_id: int) -> None:
    """One attempt of one delivery; the claim inside makes a second delivery of this task a no-op."""
    delivery_send(delivery_id=delivery_id)


@shared_task(name="webhooks.flush_webhooks")
def flush_webhooks() -> None:
    """Beat, every minute: enqueue the deliveries that are due, and those whose claim was abandoned; forget
    finished ones past LOG_KEPT."""
    deliveries_flush()
    deliveries_purge()
