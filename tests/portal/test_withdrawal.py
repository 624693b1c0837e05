"""An interpreter withdraws from a confirmed job: replacement at once, never offered again, requester told,
late ones counted for staff; the API's 403 and 409."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Message, Offer, OfferStatus, Status, Withdrawal
from matching.candidates import candidates_for
from matching.offers import offer_accept
from matching.rounds import round_start
from portal.services import WithdrawalRefused, booking_withdraw
from tests.api.conftest import client_for
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory, requester

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    first = InterpreterFactory(user__username="first", languages={"ara": "certified"})
    second = InterpreterFactory(user__username="second", languages={"ara": "certified"})
    return first, second


def confirmed_job(interpreter, *, starts_in=timedelta(days=10), **fields):
    organisation = OrganisationFactory()
    booking = BookingFactory(
        organisation=organisation,
        requested_by=requester(organisation, email="caseworker@example.org"),
        starts_at=(timezone.now() + starts_in).replace(second=0, microsecond=0),
        **fields,
    )
    (offer,) = [o for o in round_start(booking=booking, now=timezone.now()) if o.interpreter == interpreter]
    return offer_accept(offer=offer, by=interpreter.user)


def test_the_job_goes_back_to_matching_at_once_and_to_someone_else(
    people, settings, django_capture_on_commit_callbacks
):
    first, second = people
    settings.TOLK_CANDIDATES_PER_ROUND = 2
    booking = confirmed_job(first)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal = booking_withdraw(booking=booking, by=first.user, reason="Ziek")

    booking.refresh_from_db()
    assert booking.interpreter is None and booking.status == Status.OFFERED
    assert withdrawal.interpreter == first and withdrawal.reason == "Ziek" and withdrawal.late is False
    # the second had the first round too, its offer withdrawn when the first accepted: it gets the replacement
    open_offers = Offer.objects.filter(booking=booking, status=OfferStatus.OPEN)
    assert list(open_offers.values_list("interpreter", flat=True)) == [second.pk]
    assert first not in [c.interpreter for c in candidates_for(booking)]


def test_who_declined_the_first_round_is_not_asked_again(people, settings, django_capture_on_commit_callbacks):
    from matching.offers import offer_decline

    settings.TOLK_CANDIDATES_PER_ROUND = 2
    first, second = people
    organisation = OrganisationFactory()
    booking = BookingFactory(organisation=organisation, requested_by=requester(organisation))
    offers = {o.interpreter: o for o in round_start(booking=booking, now=timezone.now())}
    offer_decline(offer=offers[second], by=second.user)
    booking = offer_accept(offer=offers[first], by=first.user)
    with django_capture_on_commit_callbacks(execute=True):
        booking_withdraw(booking=booking, by=first.user, reason="Ziek")
    assert not Offer.objects.filter(booking=booking, status=OfferStatus.OPEN).exists()
    assert Booking.objects.get(pk=booking.pk).status == Status.UNFILLED


def test_the_interpreter_who_withdrew_is_never_offered_it_again(people, django_capture_on_commit_callbacks):
    first, second = people
    booking = confirmed_job(first)
    Offer.objects.filter(booking=booking).exclude(interpreter=first).delete()  # second never had it
    with django_capture_on_commit_callbacks(execute=True):
        booking_withdraw(booking=booking, by=first.user, reason="Ziek")

    open_offers = Offer.objects.filter(booking=booking, status=OfferStatus.OPEN)
    assert list(open_offers.values_list("interpreter", flat=True)) == [second.pk]
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED


def test_a_staff_assigned_interpreter_who_withdrew_is_excluded_by_the_candidate_rule(people):
    from portal.services import booking_assign

    first, _second = people
    booking = booking_assign(booking=BookingFactory(), interpreter=first, by=StaffFactory())
    booking_withdraw(booking=booking, by=first.user, reason="Ziek")
    assert not booking.offers.filter(interpreter=first).exists()  # no offer row: the withdrawal itself excludes
    assert first not in [c.interpreter for c in candidates_for(Booking.objects.get(pk=booking.pk))]


def test_the_requester_is_told(people):
    first, _second = people
    booking = confirmed_job(first)
    withdrawal = booking_withdraw(booking=booking, by=first.user, reason="Ziek")
    told = Message.objects.get(kind="booking_withdrawn")
    assert told.recipient == booking.requested_by
    assert told.key == f"booking_withdrawn:{booking.pk}:{booking.requested_by.pk}:{withdrawal.pk}"
    assert booking.reference in told.subject


def test_a_withdrawal_inside_the_late_window_is_late_and_counted_for_staff(people, client, settings):
    settings.TOLK_FREE_CANCELLATION_HOURS = 48
    first, _second = people
    early = booking_withdraw(booking=confirmed_job(first), by=first.user, reason="Ziek")
    late = booking_withdraw(booking=confirmed_job(first, starts_in=timedelta(hours=20)), by=first.user, reason="Ziek")
    assert (early.late, late.late) == (False, True)
    assert Withdrawal.objects.late().filter(interpreter=first).count() == 1

    client.force_login(StaffFactory())
    page = client.get(reverse("staff_booking_desk", args=[late.booking_id])).content.decode()
    assert "1 late terugtrekking in totaal" in page


def test_no_reason_no_withdrawal(people):
    first, _second = people
    booking = confirmed_job(first)
    with pytest.raises(ValidationError) as error:
        booking_withdraw(booking=booking, by=first.user, reason="  ")
    assert "reason" in error.value.message_dict
    assert Booking.objects.get(pk=booking.pk).interpreter == first


def test_a_started_or_ended_job_cannot_be_given_back(people):
    first, _second = people
    booking = confirmed_job(first)
    with pytest.raises(WithdrawalRefused):
        booking_withdraw(booking=booking, by=first.user, reason="Ziek", now=booking.starts_at + timedelta(minutes=1))
    Booking.objects.filter(pk=booking.pk).update(status=Status.COMPLETED)
    with pytest.raises(WithdrawalRefused):
        booking_withdraw(booking=booking, by=first.user, reason="Ziek")
    assert not Withdrawal.objects.exists()


# --- the API: POST /api/v1/bookings/{id}/withdraw/ {"reason"} ------------------------------------------------------


def test_the_api_withdraws_for_the_assigned_interpreter(people):
    first, _second = people
    booking = confirmed_job(first)
    response = client_for(first.user).post(
        f"/api/v1/bookings/{booking.pk}/withdraw/", {"reason": "Ziek"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] in ("submitted", "offered") and response.json()["interpreter"] is None


def test_the_api_answers_403_to_anyone_else_and_400_without_a_reason(people):
    first, second = people
    booking = confirmed_job(first)
    url = f"/api/v1/bookings/{booking.pk}/withdraw/"
    assert client_for(second.user).post(url, {"reason": "x"}, format="json").status_code == 403
    assert client_for(booking.requested_by).post(url, {"reason": "x"}, format="json").status_code == 403
    assert client_for(requester()).post(url, {"reason": "x"}, format="json").status_code == 404
    response = client_for(first.user).post(url, {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert Booking.objects.get(pk=booking.pk).interpreter == first


def test_the_api_answers_409_once_the_job_has_started(people):
    first, _second = people
    booking = confirmed_job(first)
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(minutes=55)
    )
    response = client_for(first.user).post(f"/api/v1/bookings/{booking.pk}/withdraw/", {"reason": "x"}, format="json")
    assert response.status_code == 409
    staff = client_for(StaffFactory())
    assert staff.post(f"/api/v1/bookings/{booking.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 409


def test_the_card_button_withdraws_with_a_reason(people, client):
    first, _second = people
    booking = confirmed_job(first)
    client.force_login(first.user)
    card = client.get(reverse("interpreter_job", args=[booking.pk])).content.decode()
    assert "Terugtrekken" in card
    response = client.post(reverse("interpreter_withdraw", args=[booking.pk]), {"reason": "Auto kapot"})
    assert response.status_code == 302
    assert Withdrawal.objects.get().reason == "Auto kapot"
