"""Thin, idempotent tasks: pricing runs every few minutes, statements are built once their period is over."""

from celery import shared_task

from billing.services import price_pending_jobs as _price_pending_jobs
from billing.statements import statements_build_due


@shared_task(name="billing.price_pending_jobs")
def price_pending_jobs() -> int:
    return _price_pending_jobs().priced


@shared_task(name="billing.build_due_statements")
def build_due_statements() -> int:
    """Daily: the last quarter's statements and the last month's payouts that do not exist yet."""
    return len(statements_build_due())
