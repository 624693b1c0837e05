"""GET /metrics: Prometheus' text format with the figures read at scrape time, and closed to the public."""

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from bookings.models import Message, MessageStatus, OfferStatus
from notifications.outbox import MAX_ATTEMPTS
from tests.factories import BookingFactory, OfferFactory, UserFactory

pytestmark = pytest.mark.django_db
TOKEN = "scrape-me-7f3a"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.TOLK_METRICS_TOKEN = TOKEN


def scrape(client, **headers) -> dict:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def message(key: str, status: str, attempts: int = 0, booking=None) -> Message:
    return Message.objects.create(
        key=key, kind="test", booking=booking, to_email="a@example.be", subject="s", status=status, attempts=attempts
    )


def test_the_figures_come_from_the_database_at_scrape_time(client):
    booking = BookingFactory()
    booking.__class__.objects.filter(pk=booking.pk).update(created_at=timezone.now() - timedelta(seconds=20))
    OfferFactory(booking=booking, round_number=1, rank=1, status=OfferStatus.OPEN, created_at=timezone.now())
    OfferFactory(booking=booking, round_number=1, rank=2, status=OfferStatus.DECLINED, created_at=timezone.now())
    message("a", MessageStatus.SENT, booking=booking)
    message("b", MessageStatus.SENT)
    message("c", MessageStatus.PENDING)
    message("d", MessageStatus.FAILED, attempts=2)  # still to retry: backlog
    message("e", MessageStatus.FAILED, attempts=MAX_ATTEMPTS)  # given up
    figures = scrape(client, **bearer(TOKEN))
    assert figures[("tolk_offers_open", ())] == 1
    assert figures[("tolk_outbox_backlog", ())] == 2
    assert figures[("tolk_mails_sent", ())] == 2
    assert figures[("tolk_mails_failed", ())] == 1
    assert figures[("tolk_mails", (("status", "pending"),))] == 1
    assert figures[("tolk_mails", (("status", "failed"),))] == 2
    # one booking matched after about 20 s: in the 30 s bucket, not the 10 s one
    assert figures[("tolk_matching_seconds_count", ())] == 1
    assert figures[("tolk_matching_seconds_bucket", (("le", "10.0"),))] == 0
    assert figures[("tolk_matching_seconds_bucket", (("le", "30.0"),))] == 1
    assert 19 <= figures[("tolk_matching_seconds_sum", ())] <= 30
    assert figures[("tolk_up", (("source", "database"),))] == 1
    assert ("tolk_up", (("source", "broker"),)) in figures


def test_a_scrape_costs_the_same_queries_with_more_rows(
    client,
):
    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            scrape(client, **bearer(TOKEN))
        return len(captured)

    few = queries()
    for index in range(5):
        OfferFactory(booking=BookingFactory(), round_number=1, rank=1)
        message(f"m{index}", MessageStatus.SENT)
    assert queries() == few


def test_without_credentials_401_with_a_wrong_token_or_not_staff_403(client, settings):
    answer = client.get("/metrics")
    assert answer.status_code == 401 and answer["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", **bearer("guess")).status_code == 403
    client.force_login(UserFactory())
    assert client.get("/metrics").status_code == 403
    settings.TOLK_METRICS_TOKEN = ""  # no token configured: no bearer token opens it
    assert client.get("/metrics", **bearer("")).status_code == 403


def test_a_signed_in_staff_member_may_look(client):
    client.force_login(UserFactory(is_staff=True))
    assert ("tolk_outbox_backlog", ()) in scrape(client)
