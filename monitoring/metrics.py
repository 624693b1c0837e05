"""GET /metrics: Prometheus' text format, read from the database and the broker at scrape time.

gunicorn's workers and Celery's workers are separate processes, so counters kept in one process's memory would
each tell a part. Every figure here is read when Prometheus scrapes, from where all processes write: the queue
length from the broker, the rest from the database (a few constant queries, whatever the number of rows).
A source that does not answer is reported as `tolk_up{source=...} 0` and its figures are left out.
"""

from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from kombu.exceptions import ChannelError
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

from bookings.models import Message, MessageStatus, Offer, OfferStatus
from config.celery_app import app as celery_app
from monitoring.checks import BROKER_TIMEOUT_SECONDS
from notifications.outbox import MAX_ATTEMPTS, outbox_backlog

# seconds from a booking's request to its first offers
MATCHING_BUCKETS = (1, 2, 5, 10, 30, 60, 300, 900, 3600)


def queue_length() -> int:
    """Tasks waiting in the default queue (on Redis: every priority of it)."""
    queue = celery_app.conf.task_default_queue
    with celery_app.connection_for_read() as broker:
        broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
        try:
            return broker.default_channel.queue_declare(queue=queue, passive=True).message_count
        except ChannelError:
            return 0  # no worker declared the queue yet: nothing is in it


def matching_histogram() -> HistogramMetricFamily:
    """The first round of each booking: its offers' creation minus the booking's request, one query."""
    waited = ExpressionWrapper(F("created_at") - F("booking__created_at"), output_field=DurationField())
    firsts = Offer.objects.filter(round_number=1, rank=1).annotate(waited=waited)
    buckets = {f"le_{b}": Count("pk", filter=Q(waited__lte=timedelta(seconds=b))) for b in MATCHING_BUCKETS}
    figures = firsts.aggregate(total=Count("pk"), waited_sum=Sum("waited"), **buckets)
    total_seconds = figures["waited_sum"].total_seconds() if figures["waited_sum"] else 0.0
    histogram = HistogramMetricFamily(
        "tolk_matching_seconds", "Time from a booking's request to its first offers (all bookings)"
    )
    histogram.add_metric(
        [],
        [(str(float(b)), figures[f"le_{b}"]) for b in MATCHING_BUCKETS] + [("+Inf", figures["total"])],
        sum_value=total_seconds,
    )
    return histogram


def database_families():
    backlog = GaugeMetricFamily("tolk_outbox_backlog", "Mails still to go out (waiting, being sent, to retry)")
    backlog.add_metric([], outbox_backlog())
    yield backlog
    offers = GaugeMetricFamily("tolk_offers_open", "Offers waiting for the interpreter's answer")
    offers.add_metric([], Offer.objects.filter(status=OfferStatus.OPEN).count())
    yield offers
    yield matching_histogram()
    by_status = dict(Message.objects.values_list("status").annotate(n=Count("pk")).order_by())
    mails = GaugeMetricFamily("tolk_mails", "Mails in the outbox by status", labels=["status"])
    for status in MessageStatus.values:
        mails.add_metric([status], by_status.get(status, 0))
    yield mails
    sent = GaugeMetricFamily("tolk_mails_sent", "Mails the SMTP server accepted")
    sent.add_metric([], by_status.get(MessageStatus.SENT, 0))
    yield sent
    failed = GaugeMetricFamily("tolk_mails_failed", f"Mails given up after {MAX_ATTEMPTS} attempts (staff retry)")
    failed.add_metric([], Message.objects.filter(status=MessageStatus.FAILED, attempts__gte=MAX_ATTEMPTS).count())
    yield failed


class PortalCollector:
    def collect(self):
        up = GaugeMetricFamily("tolk_up", "Whether the source of the figures answered this scrape", labels=["source"])
        try:
            length = queue_length()
        except Exception:  # noqa: BLE001 - a broker that does not answer: no queue figure
            up.add_metric(["broker"], 0)
        else:
            up.add_metric(["broker"], 1)
            queue = GaugeMetricFamily("tolk_queue_length", "Tasks waiting in the broker's queue", labels=["queue"])
            queue.add_metric([celery_app.conf.task_default_queue], length)
            yield queue
        try:
            families = list(database_families())
        except Exception:  # noqa: BLE001 - the database does not answer: no database figures
            up.add_metric(["database"], 0)
        else:
            up.add_metric(["database"], 1)
            yield from families
        yield up


def metrics_text() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(PortalCollector())
    return generate_latest(registry)
