"""Every message kind renders in every language, with a subject, a text and an HTML part."""

from pathlib import Path

import pytest
from django.conf import settings

from notifications.outbox import message_render
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, OrganisationFactory, requester

pytestmark = pytest.mark.django_db
KINDS = sorted(p.name for p in (Path(settings.BASE_DIR) / "templates" / "emails").iterdir() if p.is_dir())
# about the account or a webhook, not a booking: they carry a link (this context key) instead of a reference
ACCOUNT_KINDS = {"password_reset": "reset_url", "invitation": "set_password_url", "webhook_disabled": "page_url"}


def test_there_is_a_folder_per_kind_with_three_templates():
    assert len(KINDS) >= 17
    for kind in KINDS:
        folder = Path(settings.BASE_DIR) / "templates" / "emails" / kind
        assert {p.name for p in folder.iterdir()} >= {"subject.txt", "body.txt", "body.html"}, kind


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_renders_differently_in_nl_fr_and_en(kind):
    organisation = OrganisationFactory()
    interpreter = InterpreterFactory()
    booking = BookingFactory(
        organisation=organisation,
        requested_by=requester(organisation),
        interpreter=interpreter,
        cancellation_reason="Cliënt ziek",
    )
    offer = OfferFactory(booking=booking, interpreter=interpreter)
    context = {
        "booking": booking,
        "recipient": booking.requested_by,
        "offer": offer,
        "hours": 48,
        "accept_url": "https://x/accept",
        "decline_url": "https://x/decline",
        "switch_url": "https://x/switch",
        "reset_url": "https://x/reset",
        "valid_hours": 72,
        "set_password_url": "https://x/set-password",
        "valid_days": 3,
        "page_url": "https://x/webhooks/1/",
        "endpoint_url": "https://case.example.be/in",
    }
    rendered = {
        language: message_render(kind=kind, language=language, context=context) for language in "nl fr en".split()
    }
    subjects = {subject for subject, _, _ in rendered.values()}
    assert len(subjects) == 3, subjects
    about = context[ACCOUNT_KINDS[kind]] if kind in ACCOUNT_KINDS else booking.reference
    for subject, text, html in rendered.values():
        assert (kind in ACCOUNT_KINDS or booking.reference in subject) and "\n" not in subject
        assert about in text and "&lt;" not in text and "{%" not in text
        assert html.lstrip().startswith("<!doctype html>") and about in html
