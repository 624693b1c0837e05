"""The webhooks' outbox: a delivery row per event and endpoint, written in the transaction of the change it
announces, sent by a Celery task after the commit, retried until it is answered with a 2xx.

Why nothing is lost: `webhook_status_changed` runs inside `booking_transition` (the `status_changed` signal of
bookings/lifecycle.py), so the rows exist exactly when the status change was committed; the task enqueued on commit
is a shortcut, `deliveries_flush` (beat, every minute) sends whatever is due, also rows written while the broker
was down. Why nothing is sent twice at once: a worker claims a row (pending → sending) with a compare-and-set
before it calls out; a claim older than SENDING_TIMEOUT was abandoned and may be claimed again. Delivery is
at-least-once, as the specification says: the `webhook-id` is the same on every attempt, receivers dedupe on it.

In order per booking: a delivery waits while an earlier one of the same booking to the same endpoint is still
pending; when that one is delivered (or given up), the next is enqueued.

Retries: exponential back-off from TOLK_WEBHOOK_RETRY_SECONDS, capped at an hour, with ±25 % jitter so that the
deliveries of an endpoint that was down do not all come back at the same second, until RETRY_WINDOW after the
event; the last attempt is at the end of the window, then the delivery is failed. An endpoint that has failed every
attempt for DISABLE_AFTER is disabled, its pending deliveries failed, and its organisation's requesters mailed.
"""

import json
import logging
import random
import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

from bookings.enqueue import enqueue, enqueue_all_on_commit, enqueue_on_commit
from bookings.links import absolute_url
from bookings.models import Booking, Status, StatusChange
from bookings.serializers import BookingSerializer
from notifications.outbox import message_queue
from webhooks import transport
from webhooks.models import PING, DeliveryStatus, EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.signing import signed_headers

logger = logging.getLogger(__name__)

RETRY_WINDOW = timedelta(hours=24)
DISABLE_AFTER = timedelta(days=1)
MAX_BACKOFF = timedelta(hours=1)
SENDING_TIMEOUT = timedelta(minutes=2)  # far longer than TOLK_WEBHOOK_TIMEOUT_SECONDS: a claim this old was abandoned
FLUSH_BATCH = 500
# A delivery's body holds the booking's personal data: the log keeps finished deliveries this long, well inside
# TOLK_RETENTION_MONTHS (bookings/retention.py), and long enough to redeliver what an outage made a system miss.
LOG_KEPT = timedelta(days=30)

# The status a booking moves to → the event announcing it (a creation is booking.created; a new offer round of a
# booking already offered, or a booking put back to submitted, announces nothing).
STATUS_EVENTS = {
    Status.OFFERED: EventType.OFFERED,
    Status.CONFIRMED: EventType.CONFIRMED,
    Status.CANCELLED: EventType.CANCELLED,
    Status.COMPLETED: EventType.COMPLETED,
    Status.UNFILLED: EventType.UNFILLED,
}


def _deliver_task():
    """Imported when needed: webhooks/tasks.py imports this module (the task ↔ service pair)."""
    from webhooks.tasks import deliver_webhook

    return deliver_webhook


def webhook_status_changed(sender, *, booking: Booking, change: StatusChange, **kwargs) -> None:
    """Receiver of bookings.lifecycle.status_changed: queue the event the change announces, if any."""
    if not change.from_status:
        event_type = EventType.CREATED
    elif change.from_status == change.to_status:
        return
    else:
        event_type = STATUS_EVENTS.get(change.to_status)
        if event_type is None:
            return
    webhook_event_queue(booking, event_type, at=change.at)


def _body(event_type: str, at: datetime, data: dict) -> str:
    timestamp = at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    payload = {"type": event_type, "timestamp": timestamp, "data": data}
    return json.dumps(payload, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":"))


def _delivery(endpoint: WebhookEndpoint, event_type: str, body: str, booking, now: datetime) -> WebhookDelivery:
    return WebhookDelivery(
        endpoint=endpoint,
        booking=booking,
        event_type=event_type,
        webhook_id=f"msg_{uuid.uuid4().hex}",
        body=body,
        created_at=now,
        next_attempt_at=now,
        give_up_after=now + RETRY_WINDOW,
    )


def webhook_event_queue(booking: Booking, event_type: str, *, at: datetime | None = None) -> list[WebhookDelivery]:
    """Queue `event_type` about `booking` for every active endpoint of its organisation that wants it, with the
    booking as the API shows it now; sent once the caller's transaction commits. Call it in the transaction of the
    change it announces (status changes call it themselves, through bookings.lifecycle.status_changed)."""
    now = timezone.now()
    endpoints = WebhookEndpoint.objects.filter(organisation_id=booking.organisation_id, is_active=True)
    endpoints = [endpoint for endpoint in endpoints if endpoint.wants(event_type)]
    if not endpoints:
        return []
    body = _body(event_type, at or now, BookingSerializer(booking).data)
    deliveries = WebhookDelivery.objects.bulk_create(
        [_delivery(endpoint, event_type, body, booking, now) for endpoint in endpoints]
    )
    enqueue_all_on_commit(_deliver_task(), [delivery.pk for delivery in deliveries])
    return deliveries


def webhook_ping(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """The test button: a `ping` to this one endpoint, through the outbox like every event."""
    now = timezone.now()
    body = _body(PING, now, {"endpoint": endpoint.pk, "url": endpoint.url})
    with transaction.atomic():
        delivery = _delivery(endpoint, PING, body, None, now)
        delivery.save()
        enqueue_on_commit(_deliver_task(), delivery.pk)
    return delivery


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: doubling from TOLK_WEBHOOK_RETRY_SECONDS, at most an hour,
    ±25 % jitter."""
    base = timedelta(seconds=settings.TOLK_WEBHOOK_RETRY_SECONDS) * 2 ** min(max(attempts - 1, 0), 20)
    return min(base, MAX_BACKOFF) * random.uniform(0.75, 1.25)


def _claimable(now: datetime):
    return WebhookDelivery.objects.filter(
        Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT)
    )


def _unfinished() -> Q:
    return Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])


def _waits_for_earlier(delivery: WebhookDelivery) -> bool:
    if delivery.booking_id is None:
        return False
    earlier = WebhookDelivery.objects.filter(
        _unfinished(), endpoint_id=delivery.endpoint_id, booking_id=delivery.booking_id, pk__lt=delivery.pk
    )
    return earlier.exists()


def _release_next(delivery: WebhookDelivery) -> None:
    """The delivery is finished: enqueue the next one of its booking to its endpoint, which waited for it."""
    if delivery.booking_id is None:
        return
    following = WebhookDelivery.objects.filter(
        _unfinished(), endpoint_id=delivery.endpoint_id, booking_id=delivery.booking_id, pk__gt=delivery.pk
    )
    next_id = following.order_by("pk").values_list("pk", flat=True).first()
    if next_id is not None:
        enqueue_on_commit(_deliver_task(), next_id)


def _finish(delivery: WebhookDelivery, **fields) -> None:
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(**fields)
        _release_next(delivery)


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> bool:
    """Claim, send and record one attempt of a delivery. True when it was delivered; safe to call any number of
    times (only the worker whose claim changed the row calls out)."""
    now = now or timezone.now()
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None or _waits_for_earlier(delivery):
        return False
    claimed = (
        _claimable(now)
        .filter(pk=delivery_id)
        .update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        _finish(delivery, status=DeliveryStatus.FAILED, last_error="Het adres is uitgeschakeld.")
        return False
    secrets = endpoint.secrets(now)
    headers = signed_headers(webhook_id=delivery.webhook_id, body=delivery.body, secrets_=secrets, now=now)
    answer = transport.post(endpoint.url, delivery.body.encode(), headers)
    error = answer.error or ("" if answer.succeeded else f"HTTP {answer.status_code}")
    WebhookAttempt.objects.create(
        delivery=delivery,
        at=now,
        status_code=answer.status_code,
        duration_ms=answer.duration_ms,
        response_start=answer.response_start,
        error=answer.error,
    )
    if answer.succeeded:
        _finish(delivery, status=DeliveryStatus.DELIVERED, delivered_at=timezone.now(), last_error="")
        WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=False).update(failing_since=None)
        return True
    logger.info("webhook %s: attempt %s failed: %s", delivery.webhook_id, delivery.attempts, error)
    if now >= delivery.give_up_after:
        _finish(delivery, status=DeliveryStatus.FAILED, last_error=error)
    else:
        retry_at = min(now + backoff(delivery.attempts), delivery.give_up_after)
        WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PENDING, next_attempt_at=retry_at, last_error=error
        )
    endpoint_failed(endpoint=endpoint, now=now)
    return False


def endpoint_failed(*, endpoint: WebhookEndpoint, now: datetime) -> bool:
    """Count a failed attempt against the endpoint: disable it once it has failed for DISABLE_AFTER, fail what it
    still had to get and mail its organisation's requesters. True when this call disabled it."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
    failing_since = WebhookEndpoint.objects.filter(pk=endpoint.pk).values_list("failing_since", flat=True).first()
    if failing_since is None or now - failing_since < DISABLE_AFTER:
        return False
    with transaction.atomic():
        if not WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).update(is_active=False, disabled_at=now):
            return False
        WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, last_error="Het adres werd uitgeschakeld na een dag van mislukte pogingen."
        )
        _mail_disabled(endpoint, now)
    return True


def _mail_disabled(endpoint: WebhookEndpoint, now: datetime) -> None:
    page = absolute_url(reverse("webhooks:endpoint", kwargs={"pk": endpoint.pk}))
    requesters = endpoint.organisation.members.filter(is_active=True, is_staff=False, interpreter__isnull=True)
    for user in requesters.select_related("profile"):
        message_queue(
            key=f"webhook_disabled:{endpoint.pk}:{user.pk}:{int(now.timestamp())}",
            kind="webhook_disabled",
            recipient=user,
            context={"endpoint_url": endpoint.url, "organisation": endpoint.organisation.name, "page_url": page},
        )


def delivery_redeliver(*, delivery: WebhookDelivery, now: datetime | None = None) -> bool:
    """Send a finished delivery again (the same webhook-id and body), with a fresh retry window."""
    now = now or timezone.now()
    with transaction.atomic():
        reset = WebhookDelivery.objects.filter(
            pk=delivery.pk, status__in=[DeliveryStatus.DELIVERED, DeliveryStatus.FAILED]
        ).update(status=DeliveryStatus.PENDING, next_attempt_at=now, give_up_after=now + RETRY_WINDOW)
        if reset:
            enqueue_on_commit(_deliver_task(), delivery.pk)
    return bool(reset)


def deliveries_flush(*, now: datetime | None = None) -> list[int]:
    """Enqueue every delivery that is due (those waiting for an earlier one of their booking wait on)."""
    now = now or timezone.now()
    ids = list(_claimable(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:FLUSH_BATCH])
    deliver = _deliver_task()
    for delivery_id in ids:
        if not enqueue(deliver, delivery_id):
            break  # the broker is down: the next flush tries again
    return ids


def deliveries_purge(*, now: datetime | None = None) -> int:
    """Forget finished deliveries (and their attempts) older than LOG_KEPT; the number of deliveries removed."""
    now = now or timezone.now()
    finished = WebhookDelivery.objects.filter(
        status__in=[DeliveryStatus.DELIVERED, DeliveryStatus.FAILED], created_at__lt=now - LOG_KEPT
    )
    ids = list(finished.values_list("pk", flat=True)[:FLUSH_BATCH])
    WebhookDelivery.objects.filter(pk__in=ids).delete()
    return len(ids)
