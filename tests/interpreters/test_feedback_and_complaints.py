from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.feedback import feedback_give, ratings_summary
from bookings.models import ComplaintType, Feedback, Status
from tests.factories import BookingFactory, OrganisationFactory, StaffFactory, requester

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def completed(organisation, interpreter):
    return BookingFactory(
        organisation=organisation,
        status=Status.COMPLETED,
        interpreter=interpreter,
        starts_at=timezone.now() - timedelta(days=2),
    )


@pytest.fixture
def member_client(client, organisation):
    client.force_login(requester(organisation))
    return client


def test_a_member_rates_a_completed_job(member_client, completed):
    response = member_client.post(reverse("feedback_give", args=[completed.pk]), {"rating": "4"})

    assert response.status_code == 302
    feedback = Feedback.objects.get(booking=completed)
    assert (feedback.rating, feedback.complaint_type) == (4, "")


def test_a_member_files_a_complaint_of_a_fixed_type_with_text(member_client, completed):
    member_client.post(
        reverse("feedback_give", args=[completed.pk]),
        {"rating": "2", "complaint_type": ComplaintType.LATE, "complaint_text": "25 minuten te laat"},
    )

    feedback = Feedback.objects.get(booking=completed)
    assert feedback.complaint_type == ComplaintType.LATE
    assert feedback.complaint_text == "25 minuten te laat"
    assert feedback.complaint_closed_at is None


def test_a_complaint_without_text_is_refused(member_client, completed):
    response = member_client.post(
        reverse("feedback_give", args=[completed.pk]), {"rating": "1", "complaint_type": ComplaintType.CONDUCT}
    )

    assert response.status_code == 200
    assert "Licht je klacht kort toe" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_rating_outside_one_to_five_is_refused(member_client, completed):
    response = member_client.post(reverse("feedback_give", args=[completed.pk]), {"rating": "6"})

    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_feedback_is_given_once_per_booking(completed):
    feedback_give(booking=completed, by=None, rating=5)

    with pytest.raises(ValidationError):
        feedback_give(booking=completed, by=None, rating=1)
    assert Feedback.objects.get().rating == 5


def test_a_job_that_is_not_completed_cannot_be_rated(organisation):
    confirmed = BookingFactory(organisation=organisation, status=Status.SUBMITTED)

    with pytest.raises(ValidationError):
        feedback_give(booking=confirmed, by=None, rating=3)


def test_someone_of_another_organisation_gets_404(client, completed):
    client.force_login(requester())

    assert client.get(reverse("feedback_give", args=[completed.pk])).status_code == 404
    assert client.post(reverse("feedback_give", args=[completed.pk]), {"rating": "1"}).status_code == 404
    assert not Feedback.objects.exists()


def test_staff_list_open_complaints_and_close_them_with_a_resolution(client, completed):
    feedback = feedback_give(booking=completed, by=None, rating=1, complaint_type="no_show", complaint_text="Niemand")
    client.force_login(StaffFactory())

    page = client.get(reverse("complaint_list")).content.decode()
    response = client.post(reverse("complaint_close", args=[feedback.pk]), {"resolution": "Tolk gewaarschuwd"})

    assert "Niemand" in page
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.complaint_closed_at is not None
    assert feedback.complaint_resolution == "Tolk gewaarschuwd"
    assert "Niemand" not in client.get(reverse("complaint_list")).content.decode()
    assert "Niemand" in client.get(reverse("complaint_list") + "?closed=1").content.decode()


def test_closing_needs_a_resolution(client, completed):
    feedback = feedback_give(booking=completed, by=None, rating=2, complaint_type="quality", complaint_text="Slecht")
    client.force_login(StaffFactory())

    client.post(reverse("complaint_close", args=[feedback.pk]), {"resolution": " "})

    feedback.refresh_from_db()
    assert feedback.complaint_closed_at is None


def test_complaints_are_for_staff_only(member_client, completed):
    feedback = feedback_give(booking=completed, by=None, rating=2, complaint_type="other", complaint_text="Iets")

    assert member_client.get(reverse("complaint_list")).status_code == 404
    assert member_client.post(reverse("complaint_close", args=[feedback.pk]), {"resolution": "x"}).status_code == 404


def test_complaint_list_query_count_does_not_grow(client, organisation, interpreter):
    def complaint(days):
        booking = BookingFactory(
            organisation=organisation,
            status=Status.COMPLETED,
            interpreter=interpreter,
            starts_at=timezone.now() - timedelta(days=days),
        )
        feedback_give(booking=booking, by=None, rating=2, complaint_type="late", complaint_text="Te laat")

    client.force_login(StaffFactory())
    complaint(1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("complaint_list"))
    for days in range(2, 7):
        complaint(days)
    with CaptureQueriesContext(connection) as six:
        response = client.get(reverse("complaint_list"))

    assert response.content.decode().count("Klacht afsluiten") == 6
    assert len(six) == len(one) <= 5


def test_interpreter_sees_average_and_count_but_not_who_rated(client, organisation, interpreter):
    rater = requester(organisation, first_name="Zelda", last_name="Verstraeten")
    for days, rating in [(1, 5), (2, 4), (3, 2)]:
        booking = BookingFactory(
            organisation=organisation,
            status=Status.COMPLETED,
            interpreter=interpreter,
            starts_at=timezone.now() - timedelta(days=days),
        )
        feedback_give(booking=booking, by=rater, rating=rating)
    client.force_login(interpreter.user)

    html = client.get(reverse("dashboard")).content.decode()

    assert ratings_summary(interpreter=interpreter) == {"average": 3.7, "count": 3}
    assert "3,7/5" in html or "3.7/5" in html
    assert "Verstraeten" not in html and organisation.name not in html


def test_the_feedback_page_shows_the_form_then_what_was_given(member_client, completed):
    url = reverse("feedback_give", args=[completed.pk])
    assert 'name="rating"' in member_client.get(url).content.decode()

    member_client.post(url, {"rating": "3", "complaint_type": "quality", "complaint_text": "Onduidelijk"})
    again = member_client.post(url, {"rating": "5"})

    html = again.content.decode()
    assert 'name="rating"' not in html
    assert "3/5" in html
    assert Feedback.objects.get().rating == 3
