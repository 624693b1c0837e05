"""GET/POST /api/v1/bookings/{id}/messages/: the thread through the API, with 400 field errors and 404 for
anyone outside it."""

import pytest
from django.core import mail

from bookings.models import Message, Status, ThreadMessage
from tests.api.conftest import client_for
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(organisation, requester_user, interpreter):
    return BookingFactory(
        organisation=organisation, requested_by=requester_user, interpreter=interpreter, status=Status.CONFIRMED
    )


def url(booking):
    return f"/api/v1/bookings/{booking.pk}/messages/"


def test_the_requester_posts_and_the_interpreter_reads(
    requester_api, interpreter_api, job, interpreter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = requester_api.post(url(job), {"body": "Bel aan bij de achterdeur."}, format="json")
    assert created.status_code == 201 and created.json()["body"] == "Bel aan bij de achterdeur."
    listed = interpreter_api.get(url(job)).json()
    assert [row["body"] for row in listed] == ["Bel aan bij de achterdeur."]
    assert Message.objects.filter(kind="thread_message", recipient=interpreter.user).count() == 1
    assert [email.to for email in mail.outbox] == [[interpreter.user.email]]


def test_an_empty_body_is_a_400_field_error(requester_api, job):
    response = requester_api.post(url(job), {"body": ""}, format="json")
    assert response.status_code == 400 and "body" in response.json()
    assert not ThreadMessage.objects.exists()


def test_an_unrelated_interpreter_and_other_organisations_get_404(other_requester_api, job):
    stranger = client_for(InterpreterFactory().user)
    for client in (stranger, other_requester_api):
        assert client.get(url(job)).status_code == 404
        assert client.post(url(job), {"body": "Hallo"}, format="json").status_code == 404
    assert not ThreadMessage.objects.exists()
