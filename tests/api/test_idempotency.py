import threading
from datetime import timedelta

import pytest
from django.db import connection

from api.models import IdempotencyKey
from api.tasks import purge_idempotency_keys
from bookings.models import Booking
from tests.api.conftest import client_for
from tests.factories import OrganisationFactory, requester


@pytest.fixture
def request_body(now):
    return {
        "mode": "phone",
        "language": "ara",
        "starts_at": (now + timedelta(days=3)).replace(microsecond=0).isoformat(),
        "duration_minutes": 60,
    }


def post(client, body, key="order-42"):
    return client.post("/api/v1/bookings/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_a_repeated_post_returns_the_first_response_and_creates_nothing(requester_api, request_body):
    first = post(requester_api, request_body)
    again = post(requester_api, request_body)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_422(requester_api, request_body):
    post(requester_api, request_body)
    response = post(requester_api, {**request_body, "duration_minutes": 120})
    assert response.status_code == 422
    assert "detail" in response.json()
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_keys_belong_to_their_caller(requester_api, other_requester_api, request_body):
    post(requester_api, request_body)
    assert post(other_requester_api, request_body).status_code == 201
    assert Booking.objects.count() == 2


@pytest.mark.django_db
def test_a_new_key_makes_a_new_booking(requester_api, request_body):
    post(requester_api, request_body, key="a")
    post(requester_api, request_body, key="b")
    assert Booking.objects.count() == 2


@pytest.mark.django_db
def test_a_rejected_request_is_answered_the_same_way_again(requester_api, request_body):
    bad = {**request_body, "duration_minutes": 10}
    first = post(requester_api, bad)
    assert first.status_code == 400
    assert post(requester_api, bad).json() == first.json()
    assert post(requester_api, request_body).status_code == 422


@pytest.mark.django_db
def test_an_overlong_key_is_a_400(requester_api, request_body):
    response = post(requester_api, request_body, key="k" * 256)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_keys_are_kept_a_day_and_purged_later(requester_api, requester_user, request_body, now):
    post(requester_api, request_body, key="recent")
    post(requester_api, request_body, key="old")
    IdempotencyKey.objects.filter(key="old").update(created_at=now - timedelta(hours=49))
    IdempotencyKey.objects.filter(key="recent").update(created_at=now - timedelta(hours=25))
    assert purge_idempotency_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["recent"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_concurrent_repeats_create_exactly_one_booking(request_body):
    user = requester(OrganisationFactory())
    clients = [client_for(user) for _ in range(4)]
    barrier = threading.Barrier(len(clients))
    responses = []

    def send(client):
        try:
            barrier.wait()
            responses.append(post(client, request_body, key="race"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Booking.objects.count() == 1
    assert [r.status_code for r in responses] == [201] * len(clients)
    assert len({r.json()["id"] for r in responses}) == 1


def test_beat_purges_old_keys_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-idempotency-keys"]
    assert entry["task"] == purge_idempotency_keys.name == "api.purge_idempotency_keys"


@pytest.mark.django_db
def test_an_error_quoting_a_nul_character_is_kept_and_replayed(requester_api, request_body):
    """PostgreSQL's jsonb refuses NUL: the stored answer keeps U+FFFD in its place instead of failing with a 500."""
    body = request_body | {"mode": "pho\u0000ne"}
    first = post(requester_api, body, key="nul-1")
    again = post(requester_api, body, key="nul-1")
    assert first.status_code == again.status_code == 400
    assert "mode" in first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["mode"] == [message.replace("\u0000", "\ufffd") for message in first.json()["mode"]]
    assert Booking.objects.count() == 0
