"""The message thread of a booking: who may read and write it, and one mail notice per message per other reader."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.roles import profile_for
from bookings.models import Message, Status, ThreadMessage
from portal.services import booking_unassign
from portal.threads import thread_post
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory, requester

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    organisation = OrganisationFactory(name="OCMW Genk")
    booker = requester(organisation, username="booker", email="booker@genk.be")
    colleague = requester(organisation, username="colleague")
    interpreter = InterpreterFactory(user__username="tolk", user__email="tolk@example.be")
    planner = StaffFactory(username="planner", email="planner@agii.be")
    booking = BookingFactory(
        organisation=organisation, requested_by=booker, status=Status.CONFIRMED, interpreter=interpreter
    )
    return {
        "booking": booking,
        "booker": booker,
        "colleague": colleague,
        "interpreter": interpreter,
        "planner": planner,
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(user, booking, body, capture):
    with capture(execute=True):
        return client_for(user).post(reverse("booking_thread_post", args=[booking.pk]), {"body": body})


def test_a_requesters_message_notifies_the_interpreter_and_staff_once_not_the_author(
    people, django_capture_on_commit_callbacks
):
    booking = people["booking"]
    answer = post(people["booker"], booking, "De cliënt komt een kwartier later.", django_capture_on_commit_callbacks)
    assert answer.status_code == 302 and answer["Location"].endswith(f"/{booking.pk}/#thread")
    assert ThreadMessage.objects.get().body == "De cliënt komt een kwartier later."
    notices = Message.objects.filter(kind="thread_message")
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["planner", "tolk"]
    assert sorted(address for email in mail.outbox for address in email.to) == ["planner@agii.be", "tolk@example.be"]
    assert all("een kwartier later" in email.body and booking.reference in email.subject for email in mail.outbox)


def test_each_message_is_its_own_notice_and_queueing_again_sends_nothing_more(
    people, django_capture_on_commit_callbacks
):
    booking = people["booking"]
    post(people["interpreter"].user, booking, "Waar is de ingang?", django_capture_on_commit_callbacks)
    post(people["planner"], booking, "Achteraan, bij de parking.", django_capture_on_commit_callbacks)
    recipients = Message.objects.filter(kind="thread_message").values_list("recipient__username", flat=True)
    assert sorted(recipients) == ["booker", "booker", "planner", "tolk"]
    assert len(mail.outbox) == 4


def test_the_notice_is_in_the_recipients_language(people, django_capture_on_commit_callbacks):
    profile = profile_for(people["interpreter"].user)
    profile.language = "fr"
    profile.save()
    post(people["booker"], people["booking"], "Merci", django_capture_on_commit_callbacks)
    french = Message.objects.get(kind="thread_message", recipient=people["interpreter"].user)
    dutch = Message.objects.get(kind="thread_message", recipient=people["planner"])
    assert french.language == "fr" and "Nouveau message" in french.subject
    assert dutch.language == "nl" and "Nieuw bericht" in dutch.subject


def test_every_role_reads_the_thread_on_its_own_booking_page(people, django_capture_on_commit_callbacks):
    booking = people["booking"]
    post(people["colleague"], booking, "Een vraag van een collega", django_capture_on_commit_callbacks)
    pages = {
        "colleague": reverse("requester_booking_detail", args=[booking.pk]),
        "interpreter": reverse("interpreter_job", args=[booking.pk]),
        "planner": reverse("staff_booking_desk", args=[booking.pk]),
    }
    for role, url in pages.items():
        user = people[role].user if role == "interpreter" else people[role]
        html = client_for(user).get(url).content.decode()
        assert 'id="thread"' in html and "Een vraag van een collega" in html, role
        if role != "interpreter":  # beside the history (the job card shows none)
            assert html.index('id="thread"') < html.index("Geschiedenis"), role


def test_an_unrelated_interpreter_or_requester_gets_404(people, django_capture_on_commit_callbacks):
    booking = people["booking"]
    stranger = InterpreterFactory(user__username="stranger").user
    outsider = requester(OrganisationFactory(), username="outsider")
    for user in (stranger, outsider):
        assert post(user, booking, "Hallo?", django_capture_on_commit_callbacks).status_code == 404
        assert client_for(user).get(reverse("interpreter_job", args=[booking.pk])).status_code == 404
    assert not ThreadMessage.objects.exists() and not mail.outbox


def test_an_unassigned_interpreter_loses_the_thread(people, django_capture_on_commit_callbacks):
    booking = people["booking"]
    tolk = people["interpreter"].user
    post(tolk, booking, "Ik ben er om tien uur.", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        booking_unassign(booking=booking, by=people["planner"], reason="Ziek")
    booking.refresh_from_db()
    assert post(tolk, booking, "Nog één vraag", django_capture_on_commit_callbacks).status_code == 404
    assert client_for(tolk).get(reverse("interpreter_job", args=[booking.pk])).status_code == 404
    mail.outbox.clear()
    post(people["booker"], booking, "Wie komt er nu?", django_capture_on_commit_callbacks)
    assert [email.to for email in mail.outbox] == [["planner@agii.be"]]  # no notice to the former interpreter


def test_an_empty_message_is_refused_with_a_reason(people):
    client = client_for(people["booker"])
    answer = client.post(reverse("booking_thread_post", args=[people["booking"].pk]), {"body": "   "})
    page = client.get(answer["Location"])
    assert answer.status_code == 302 and not ThreadMessage.objects.exists()
    assert "Dit veld is vereist." in page.content.decode()


def test_the_service_refuses_a_stranger(people):
    stranger = InterpreterFactory().user
    with pytest.raises(PermissionError):
        thread_post(booking=people["booking"], author=stranger, body="Hallo")
