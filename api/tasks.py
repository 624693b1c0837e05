from celery import shared_task

from api.models import IdempotencyKey


@shared_task(name="api.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    """Forget idempotency keys older than the promised retention; safe to run any time."""
    deleted, _ = IdempotencyKey.objects.expired().delete()
    return deleted
