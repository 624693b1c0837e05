"""A world owned by organisation B and interpreter Y, every row with the same id (FOREIGN), and outsiders.

Because every foreign row has the same primary key, one URL with FOREIGN in each id slot probes all of
them at once: whatever the view looks up by that id (booking, offer, document, message, feedback,
absence, statement, ...) belongs to someone the caller is not.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bookings.models import Booking, Document, Feedback, Message, MessageStatus, Offer, OfferStatus, Status
from interpreters.models import Absence
from tests.factories import (
    BookingFactory,
    InterpreterFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    requester,
)

FOREIGN = 900001
SECRET_REFERENCE = "TP-GEHEIM-B"
SECRET_ADDRESS = "Geheimstraat 99"
SECRET_NOTES = "Geheime notitie voor tolk Y"
SECRET_CLIENT = "Cliënt G.H."
SECRETS = (SECRET_REFERENCE, SECRET_ADDRESS, SECRET_NOTES, SECRET_CLIENT)


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    start = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    w.org_b = OrganisationFactory(pk=FOREIGN, name="Organisatie B")
    w.requester_b = requester(w.org_b, username="requester-b")
    w.interpreter_y = InterpreterFactory(
        pk=FOREIGN, user=UserFactory(username="tolk-y", first_name="Yara", last_name="Ypsilon")
    )
    booking_fields = {"address": SECRET_ADDRESS, "notes": SECRET_NOTES, "requested_by": w.requester_b}
    if "client_name" in {f.name for f in Booking._meta.get_fields()}:
        booking_fields["client_name"] = SECRET_CLIENT
    w.booking = BookingFactory(
        pk=FOREIGN,
        reference=SECRET_REFERENCE,
        organisation=w.org_b,
        status=Status.CONFIRMED,
        interpreter=w.interpreter_y,
        starts_at=start,
        **booking_fields,
    )
    w.open_booking = BookingFactory(
        reference="TP-GEHEIM-B2", organisation=w.org_b, status=Status.OFFERED, starts_at=start + timedelta(days=1)
    )
    w.offer = Offer.objects.create(
        pk=FOREIGN,
        booking=w.open_booking,
        interpreter=w.interpreter_y,
        status=OfferStatus.OPEN,
        expires_at=timezone.now() + timedelta(hours=4),
    )
    w.document = Document(pk=FOREIGN, booking=w.booking, original_name="dossier.pdf", content_type="application/pdf")
    w.document.size = 20
    w.document.file.save("dossier.pdf", ContentFile(b"%PDF-1.4 geheim dossier"), save=False)
    w.document.save()
    w.feedback = Feedback.objects.create(
        pk=FOREIGN, booking=w.booking, rating=2, complaint_type="", given_by=w.requester_b
    )
    w.message = Message.objects.create(
        pk=FOREIGN,
        key="test:geheim",
        kind="booking_received",
        booking=w.booking,
        recipient=w.requester_b,
        to_email="b@example.be",
        subject=SECRET_REFERENCE,
        body_text=SECRET_NOTES,
        status=MessageStatus.FAILED,
        attempts=6,
    )
    w.absence = Absence.objects.create(
        pk=FOREIGN, interpreter=w.interpreter_y, starts_on=date.today(), ends_on=date.today() + timedelta(days=2)
    )
    try:
        from billing.models import Party, Statement

        w.statement = Statement.objects.create(
            pk=FOREIGN,
            party=Party.REQUESTER,
            number="ST-GEHEIM-B",
            organisation=w.org_b,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            due_on=date(2026, 5, 1),
            net_amount=Decimal("100.00"),
            vat_rate=Decimal("0"),
            vat_amount=Decimal("0"),
            total_amount=Decimal("100.00"),
        )
    except Exception:  # noqa: BLE001 - billing is another helper's app; the rest of the world stands on its own
        w.statement = None
    w.token_b = Token.objects.create(user=w.requester_b)

    # the outsiders, each with a little of their own so that their pages are not empty
    w.org_a = OrganisationFactory(name="Organisatie A")
    w.requester_a = requester(w.org_a, username="requester-a")
    w.interpreter_x = InterpreterFactory(user=UserFactory(username="tolk-x"))
    own = BookingFactory(organisation=w.org_a, requested_by=w.requester_a, status=Status.OFFERED)
    Offer.objects.create(booking=own, interpreter=w.interpreter_x, expires_at=timezone.now() + timedelta(hours=4))
    BookingFactory(
        organisation=w.org_a, status=Status.CONFIRMED, interpreter=w.interpreter_x, starts_at=start - timedelta(days=2)
    )
    w.staff = StaffFactory(username="planner")
    return w


def fingerprint(w: World) -> dict:
    """Everything a successful write by an outsider would change."""
    return {
        "bookings": sorted(
            Booking.objects.filter(organisation=w.org_b).values_list("pk", "status", "interpreter_id", "mode")
        ),
        "history": Booking.objects.get(pk=FOREIGN).history.count(),
        "offer": Offer.objects.filter(pk=FOREIGN).values_list("status", flat=True).first(),
        "documents": Document.objects.filter(booking__organisation=w.org_b).count(),
        "feedback": Feedback.objects.filter(pk=FOREIGN).values_list("complaint_closed_at", "rating").first(),
        "message": Message.objects.filter(pk=FOREIGN).values_list("status", "attempts").first(),
        "absence": Absence.objects.filter(pk=FOREIGN).exists(),
        "token": Token.objects.filter(user=w.requester_b).exists(),
        "timesheet": Booking.objects.filter(pk=FOREIGN, timesheet__isnull=False).exists(),
    }
