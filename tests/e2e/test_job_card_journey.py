"""Journey: on a 375 px phone an interpreter accepts a whole series in one click from the offer mail, opens the
job card, finds the tel: link, checks in and out and files the timesheet; another interpreter withdraws from a
confirmed job and the replacement is offered to someone else within a minute (a real Celery worker)."""

import re
from datetime import timedelta
from urllib.parse import urlparse

from django.utils import timezone

from bookings.models import Booking, Message, MessageStatus, Offer, OfferStatus, Status, Withdrawal
from bookings.requests import BookingRequest
from matching.offers import offer_accept
from portal.services import booking_series_submit, booking_submit
from tests.e2e.conftest import E2E_MARKS, PHONE_WIDTH, check_page, login
from tests.factories import InterpreterFactory, OrganisationFactory, language, requester
from tests.workers import wait_for

pytestmark = E2E_MARKS


def phone_request(starts_at) -> BookingRequest:
    return BookingRequest(
        kind="interpreting",
        language=language("tir"),
        mode="phone",
        starts_at=starts_at,
        duration_minutes=60,
        connection_details="011 23 45 67",
    )


def path_of(url: str) -> str:
    return urlparse(url).path


def test_a_series_accepted_from_the_mail_then_checked_in_out_and_filed_on_a_phone(new_page, celery_worker):
    tolk = InterpreterFactory(languages={"tir": "certified"}, user__username="tolk.reeks", user__email="t@example.org")
    organisation = OrganisationFactory(name="Scholengroep Hasselt")
    start = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    dates = booking_series_submit(
        request=phone_request(start),
        organisation=organisation,
        by=requester(organisation),
        recurrence="weekly",
        occurrences=3,
    )
    sent = wait_for(
        lambda: Message.objects.filter(kind="offer_made", recipient=tolk.user, status=MessageStatus.SENT).first(),
        "the worker's series offer, made and sent by the worker",
    )
    assert Message.objects.filter(kind="offer_made", recipient=tolk.user).count() == 1  # one mail for the series
    accept_all = re.search(r"https?://\S+/accept_series/", sent.body_text).group(0)
    page = new_page(width=PHONE_WIDTH, height=740)

    page.goto(path_of(accept_all))
    check_page(page, "oneclick-series")
    assert page.locator(".series-date").count() == 3
    page.get_by_role("button", name="Ja, alle vrije data aanvaarden").click()
    page.get_by_text("Deze data staan in je agenda").wait_for()
    check_page(page, "oneclick-series-done")
    statuses = set(Booking.objects.filter(pk__in=[d.pk for d in dates]).values_list("status", "interpreter"))
    assert statuses == {(Status.CONFIRMED, tolk.pk)}

    first = dates[0]
    now = timezone.now()  # the day of the first date has come: it starts now
    Booking.objects.filter(pk=first.pk).update(
        starts_at=now - timedelta(seconds=1), ends_at=now + timedelta(minutes=59)
    )
    login(page, tolk.user.username)
    page.goto(f"/bookings/{first.pk}/")  # the mails' "Bekijk de boeking" link
    assert page.url.endswith(f"/jobs/{first.pk}/")
    check_page(page, "job-card-phone")
    assert page.locator("a.join-link").get_attribute("href") == "tel:+3211234567"
    page.locator("#cost-estimate h2").wait_for()  # the expected fee, fetched from billing

    page.get_by_role("button", name="Aanmelden: ik ben er").click()
    page.get_by_text("Aangemeld.").wait_for()
    checked_in = timezone.now() - timedelta(minutes=50)  # the job takes its time: check-in 50 minutes ago
    Booking.objects.filter(pk=first.pk).update(checked_in_at=checked_in)
    page.reload()
    check_page(page, "job-card-checked-in")
    page.get_by_role("button", name="Afmelden: de opdracht is gedaan").click()
    page.get_by_text("Je tijden staan al op het prestatieblad").wait_for()
    check_page(page, "timesheet-prefilled")
    prefilled = page.locator("#id_actual_start").input_value()
    assert prefilled == timezone.localtime(checked_in).strftime("%Y-%m-%dT%H:%M")
    page.locator("#id_waiting_minutes").fill("10")
    page.get_by_role("button", name="Prestatieblad indienen").click()
    page.get_by_text("Prestatieblad ingediend. Bedankt!").wait_for()
    first.refresh_from_db()
    assert first.status == Status.COMPLETED and first.timesheet.waiting_minutes == 10
    assert first.timesheet.actual_start == checked_in.replace(second=0, microsecond=0)


def test_an_interpreter_withdraws_and_the_replacement_goes_to_someone_else_within_a_minute(new_page, celery_worker):
    leaving = InterpreterFactory(languages={"tir": "certified"}, user__username="tolk.weg")
    staying = InterpreterFactory(languages={"tir": "certified"}, user__username="tolk.vervanger")
    organisation = OrganisationFactory(name="OCMW Genk")
    starts_at = (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    booking = booking_submit(request=phone_request(starts_at), organisation=organisation, by=requester(organisation))
    offer = wait_for(
        lambda: Offer.objects.filter(booking=booking, interpreter=leaving, status=OfferStatus.OPEN).first(),
        "the worker's first round",
    )
    offer_accept(offer=offer, by=leaving.user)
    page = new_page(width=PHONE_WIDTH, height=740)

    login(page, leaving.user.username)
    page.goto(f"/jobs/{booking.pk}/")
    page.get_by_text("Ik kan niet: terugtrekken").click()
    page.get_by_label("Reden").fill("Ziek geworden")
    check_page(page, "job-card-withdraw")
    page.get_by_role("button", name="Terugtrekken", exact=True).click()
    page.get_by_text("We zoeken meteen een andere tolk").wait_for()
    check_page(page, "agenda-after-withdrawal")

    replacement = wait_for(
        lambda: Offer.objects.filter(booking=booking, interpreter=staying, status=OfferStatus.OPEN).first(),
        "the replacement offered to someone else",
        seconds=60,
    )
    assert not Offer.objects.filter(booking=booking, interpreter=leaving, status=OfferStatus.OPEN).exists()
    assert Withdrawal.objects.get(booking=booking).interpreter == leaving
    other = new_page(width=PHONE_WIDTH, height=740)
    login(other, staying.user.username)
    other.goto(f"/offers/{replacement.pk}/")
    check_page(other, "offer-card-replacement")
    assert booking.reference in other.content()
