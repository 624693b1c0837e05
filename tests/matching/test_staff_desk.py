"""The staff planning desk: queue, candidates with reasons, assign by hand, re-open, withdraw, list."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Booking, Message, MessageStatus, OfferStatus, Status
from matching.offers import offer_accept
from tests.factories import (
    BookingFactory,
    InterpreterFactory,
    OfferFactory,
    OrganisationFactory,
    StaffFactory,
    TranslationFactory,
    municipality,
    requester,
)
from tests.matching.outbox import mails, message, offers_made, queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["staff_queue", "staff_booking_list"])
def test_requesters_and_interpreters_get_403(client, name):
    client.force_login(requester())
    assert client.get(reverse(name)).status_code == 403
    client.force_login(InterpreterFactory().user)
    assert client.get(reverse(name)).status_code == 403


def test_the_booking_desk_and_its_actions_are_staff_only(client):
    booking = BookingFactory(status=Status.UNFILLED)
    client.force_login(requester(booking.organisation))
    assert client.get(reverse("staff_booking_desk", args=[booking.pk])).status_code == 403
    interpreter = InterpreterFactory(languages={"ara": "sworn"})
    response = client.post(reverse("staff_booking_assign", args=[booking.pk]), {"interpreter": interpreter.pk})
    assert response.status_code == 403
    assert Booking.objects.get(pk=booking.pk).status == Status.UNFILLED


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("staff_queue"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_queue_shows_unfilled_and_at_risk_bookings_most_urgent_first(staff_client, now):
    unfilled_later = BookingFactory(status=Status.UNFILLED, starts_at=now + timedelta(days=6))
    at_risk = BookingFactory(status=Status.OFFERED, starts_at=now + timedelta(hours=20))
    translation_due = TranslationFactory(status=Status.SUBMITTED, deadline=now + timedelta(hours=30))
    BookingFactory(status=Status.OFFERED, starts_at=now + timedelta(days=5))  # still time
    certified = InterpreterFactory(languages={"ara": "certified"})
    BookingFactory(status=Status.CONFIRMED, interpreter=certified, starts_at=now + timedelta(hours=10))
    response = staff_client.get(reverse("staff_queue"))
    assert [b.pk for b in response.context["bookings"]] == [at_risk.pk, translation_due.pk, unfilled_later.pk]


def test_the_root_page_of_staff_is_the_queue(staff_client, now):
    booking = BookingFactory(status=Status.UNFILLED)
    response = staff_client.get(reverse("dashboard"))
    assert booking.reference in response.content.decode()


def test_the_queue_makes_the_same_number_of_queries_whatever_its_length(staff_client, now):
    def add_one(index):
        organisation = OrganisationFactory(municipality=municipality("2000" if index % 2 else "9000"))
        booking = BookingFactory(status=Status.OFFERED, organisation=organisation, starts_at=now + timedelta(hours=5))
        OfferFactory(booking=booking, interpreter=InterpreterFactory())

    add_one(0)
    few = queries(staff_client, reverse("staff_queue"))
    for index in range(1, 7):
        add_one(index)
    many = queries(staff_client, reverse("staff_queue"))
    assert few == many
    assert many <= 8  # session, user, queue, its open offers, counts per reason, the filter's languages, ...


def test_the_desk_shows_ranked_candidates_with_reasons_and_who_is_excluded_and_why(staff_client):
    booking = BookingFactory(status=Status.UNFILLED)
    sworn = InterpreterFactory(languages={"ara": "sworn"})
    trained = InterpreterFactory(languages={"ara": "trained"})
    phone_only = InterpreterFactory(languages={"ara": "sworn"}, offers_on_site=False)
    response = staff_client.get(reverse("staff_booking_desk", args=[booking.pk]))
    assert [c.interpreter for c in response.context["candidates"]] == [sworn, trained]
    page = response.content.decode()
    assert "Niveau: Beëdigd" in page and "Niveau: Opgeleid" in page
    assert [(e.interpreter, e.reason) for e in response.context["exclusions"]] == [
        (phone_only, "Biedt deze modus niet aan")
    ]


def test_staff_assign_a_candidate_by_hand(staff_client):
    booking = BookingFactory(status=Status.UNFILLED)
    interpreter = InterpreterFactory(languages={"ara": "sworn"})
    response = staff_client.post(reverse("staff_booking_assign", args=[booking.pk]), {"interpreter": interpreter.pk})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
    assert booking.interpreter == interpreter


def test_assigning_an_interpreter_without_a_buffer_is_refused_with_a_message(staff_client):
    booking = BookingFactory(status=Status.UNFILLED)
    interpreter = InterpreterFactory(languages={"ara": "sworn"})
    BookingFactory(status=Status.CONFIRMED, interpreter=interpreter, starts_at=booking.ends_at + timedelta(minutes=5))
    response = staff_client.post(
        reverse("staff_booking_assign", args=[booking.pk]), {"interpreter": interpreter.pk}, follow=True
    )
    assert "Deze tolk heeft op dat moment al een opdracht." in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == Status.UNFILLED


def test_reopening_an_unfilled_booking_starts_a_new_round(staff_client):
    booking = BookingFactory(status=Status.UNFILLED)
    InterpreterFactory(languages={"ara": "sworn"})
    staff_client.post(reverse("staff_booking_reopen", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == Status.OFFERED
    assert booking.offers.get().status == OfferStatus.OPEN


def test_withdrawing_an_assignment_puts_the_booking_back_into_matching(
    staff_client, django_capture_on_commit_callbacks
):
    old = InterpreterFactory(languages={"ara": "sworn"})
    new = InterpreterFactory(languages={"ara": "trained"})
    booking = BookingFactory(status=Status.CONFIRMED, interpreter=old)
    OfferFactory(booking=booking, interpreter=old, status=OfferStatus.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("staff_booking_unassign", args=[booking.pk]), {"reason": "Tolk ziek"})
    booking.refresh_from_db()
    assert booking.interpreter is None
    assert booking.status == Status.OFFERED
    assert [o.interpreter for o in booking.offers.filter(status=OfferStatus.OPEN)] == [new]
    assert booking.history.filter(note="Tolk ziek", to_status=Status.SUBMITTED).exists()


def test_the_list_filters_by_status_language_and_region(staff_client):
    antwerp = OrganisationFactory(municipality=municipality("2000"))
    wanted = BookingFactory(status=Status.UNFILLED, organisation=antwerp)
    BookingFactory(status=Status.UNFILLED)  # Limburg
    BookingFactory(status=Status.SUBMITTED, organisation=antwerp)
    region = antwerp.municipality.region
    response = staff_client.get(
        reverse("staff_booking_list"), {"status": "unfilled", "language": "ARA", "region": region.pk}
    )
    assert [b.pk for b in response.context["page"]] == [wanted.pk]


def test_the_list_makes_the_same_number_of_queries_whatever_its_length(staff_client):
    BookingFactory(interpreter=InterpreterFactory(), status=Status.CONFIRMED)
    few = queries(staff_client, reverse("staff_booking_list"))
    for _ in range(5):
        BookingFactory(interpreter=InterpreterFactory(), status=Status.CONFIRMED)
    assert queries(staff_client, reverse("staff_booking_list")) == few


def test_the_desk_shows_only_the_best_candidates_and_says_how_many_there_are(staff_client, monkeypatch):
    from portal.views import staff

    monkeypatch.setattr(staff, "DESK_CANDIDATES", 1)
    booking = BookingFactory(status=Status.UNFILLED)
    best = InterpreterFactory(languages={"ara": "sworn"})
    InterpreterFactory(languages={"ara": "none"})
    response = staff_client.get(reverse("staff_booking_desk", args=[booking.pk]))
    assert [c.interpreter for c in response.context["candidates"]] == [best]
    assert "de beste 1 van 2" in response.content.decode()


def test_the_desk_of_a_confirmed_booking_offers_to_withdraw_the_assignment(staff_client):
    booking = BookingFactory(status=Status.CONFIRMED, interpreter=InterpreterFactory())
    response = staff_client.get(reverse("staff_booking_desk", args=[booking.pk]))
    assert response.context["candidates"] == []
    assert reverse("staff_booking_unassign", args=[booking.pk]) in response.content.decode()


def test_the_desk_of_a_translation_lists_translators(staff_client, now):
    booking = TranslationFactory(status=Status.UNFILLED, deadline=now + timedelta(days=7))
    translator = InterpreterFactory(languages={"ara": "sworn"})
    response = staff_client.get(reverse("staff_booking_desk", args=[booking.pk]))
    assert [c.interpreter for c in response.context["candidates"]] == [translator]
    assert "woorden" in response.content.decode()


def test_after_unassigning_the_next_interpreter_can_accept_and_the_old_one_is_told(
    staff_client, django_capture_on_commit_callbacks
):
    old, new = InterpreterFactory(languages={"ara": "certified"}), InterpreterFactory(languages={"ara": "trained"})
    booking = BookingFactory(status=Status.CONFIRMED, interpreter=old)
    accepted = OfferFactory(booking=booking, interpreter=old, status=OfferStatus.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("staff_booking_unassign", args=[booking.pk]), {"reason": "Tolk ziek"})
    accepted.refresh_from_db()
    assert accepted.status == OfferStatus.WITHDRAWN
    # the old interpreter is told, once, and only that; the new round's offer goes to the new one
    (unassigned,) = Message.objects.filter(kind="booking_unassigned")
    assert (unassigned.booking, unassigned.recipient, unassigned.to_email) == (booking, old.user, old.user.email)
    assert unassigned.key.startswith(f"booking_unassigned:{booking.pk}:{old.user.pk}:")
    assert unassigned.status == MessageStatus.SENT
    assert (unassigned.key, old.user.email) in mails()
    assert list(Message.objects.filter(recipient=old.user).values_list("kind", flat=True)) == ["booking_unassigned"]

    offer = booking.offers.get(interpreter=new, status=OfferStatus.OPEN)
    assert queued("offer_made") == offers_made([offer])
    booking = offer_accept(offer=offer, by=new.user)
    assert (booking.status, booking.interpreter) == (Status.CONFIRMED, new)
    assert queued("job_confirmed") == [message("job_confirmed", booking, new.user)]
