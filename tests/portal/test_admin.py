import pytest
from django.contrib import admin
from django.urls import reverse

from bookings.models import Booking, BookingAudit, Document, Feedback, Message, Offer, StatusChange, Timesheet
from interpreters.models import Absence, Interpreter, LanguageSkill, WeeklyAvailability
from organisations.models import Membership, Municipality, Organisation, Region
from portal.services import booking_cancel
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, StaffFactory

pytestmark = pytest.mark.django_db
MODELS = [
    Booking,
    Document,
    Feedback,
    Message,
    Offer,
    StatusChange,
    Timesheet,
    Interpreter,
    LanguageSkill,
    WeeklyAvailability,
    Absence,
    Region,
    Municipality,
    Organisation,
    Membership,
]


@pytest.fixture
def admin_client_in(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_model_of_the_domain_has_an_admin():
    from bookings.models import BookingSeries

    for model in [*MODELS, BookingSeries]:
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_changelist_loads_with_search_and_filters(admin_client_in, model):
    OfferFactory(interpreter=InterpreterFactory(languages={"ara": "certified"}))
    response = admin_client_in.get(admin_url(model), {"q": "a"})
    assert response.status_code == 200
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    assert len(model_admin.list_display) > 1


def test_the_booking_page_shows_history_offers_and_documents_read_only(admin_client_in):
    offer = OfferFactory()
    booking_cancel(booking=offer.booking, by=None, reason="Dubbel ingegeven")
    response = admin_client_in.get(admin_url(Booking, "change", offer.booking.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dubbel ingegeven" in html
    formsets = response.context["inline_admin_formsets"]
    assert {formset.opts.model for formset in formsets} == {StatusChange, Offer, Document, BookingAudit}
    for formset in formsets:
        assert formset.has_add_permission is False
        assert formset.has_change_permission is False


def test_the_booking_list_does_not_query_per_row(admin_client_in, django_assert_max_num_queries):
    BookingFactory.create_batch(20)
    with django_assert_max_num_queries(15):
        admin_client_in.get(admin_url(Booking))
