"""Requester feedback on a completed job, complaints and their resolution, and an interpreter's ratings."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Booking, ComplaintType, Feedback, Status


def feedback_give(
    *, booking: Booking, by, rating: int, complaint_type: str = "", complaint_text: str = "", now=None
) -> Feedback:
    """One feedback per completed booking; a complaint needs a known type and an explanation."""
    errors = {}
    if booking.status != Status.COMPLETED:
        errors["rating"] = _("Feedback kan pas na een uitgevoerde opdracht.")
    if rating is None or not 1 <= rating <= 5:
        errors["rating"] = _("Geef een score van 1 tot 5.")
    if complaint_type and complaint_type not in ComplaintType.values:
        errors["complaint_type"] = _("Onbekend soort klacht.")
    if complaint_type and not complaint_text.strip():
        errors["complaint_text"] = _("Licht je klacht kort toe.")
    if complaint_text.strip() and not complaint_type:
        errors["complaint_type"] = _("Kies het soort klacht.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                booking=booking,
                rating=rating,
                complaint_type=complaint_type,
                complaint_text=complaint_text.strip(),
                given_by=by,
                given_at=now or timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(_("Voor deze opdracht werd al feedback gegeven.")) from None


def complaint_close(*, feedback: Feedback, by, resolution: str, now=None) -> Feedback:
    """Staff close an open complaint with what was done about it."""
    if not feedback.complaint_type:
        raise ValidationError(_("Deze feedback bevat geen klacht."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Beschrijf hoe de klacht werd afgehandeld.")})
    closed = Feedback.objects.filter(pk=feedback.pk, complaint_closed_at__isnull=True).update(
        complaint_closed_at=now or timezone.now(), complaint_resolution=resolution.strip()
    )
    if not closed:
        raise ValidationError(_("Deze klacht was al afgesloten."))
    feedback.refresh_from_db()
    return feedback


def complaints():
    """Feedback that carries a complaint, open ones first, for the staff list."""
    return (
        Feedback.objects.exclude(complaint_type="")
        .select_related("booking__organisation", "booking__language", "booking__interpreter__user")
        .order_by(F("complaint_closed_at").desc(nulls_first=True), "-given_at")
    )


def ratings_summary(*, interpreter) -> dict:
    """Average and count of the ratings an interpreter received; never who gave them."""
    summary = Feedback.objects.filter(booking__interpreter=interpreter).aggregate(
        average=Avg("rating"), count=Count("id")
    )
    if summary["average"] is not None:
        summary["average"] = round(summary["average"], 1)
    return summary
