"""The staff queue: every booking that needs a planner, why it is there, and the planner's filters.

One query lists the queue and one counts it per reason, whatever its length: the reason is a SQL
expression over the booking's status, its offers and its history.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Case, Count, DateTimeField, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, Kind, Offer, Status, StatusChange
from config.widgets import DateInput
from interpreters.models import Mode
from matching.certification import lapsing_certification, with_day_of_job
from organisations.models import Region
from portal.forms import LanguageField, LanguageInput

QUEUE_LIMIT = 200
WAITING = [Status.SUBMITTED, Status.OFFERED]


class QueueReason(models.TextChoices):
    NO_CANDIDATES = "no_candidates", _("Geen kandidaten")
    ROUND_EXPIRED = "round_expired", _("Ronde verlopen zonder aanvaarding")
    AT_RISK = "at_risk", _("In gevaar: nog niet bevestigd")
    LAPSED_CERTIFICATION = "lapsed_certification", _("Certificaat verloopt vóór de opdracht")
    WITHDRAWN = "withdrawn", _("Tolk teruggetrokken")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Dringend aangevraagd (korte termijn)")
    WITHIN_DAY = "24h", _("Binnen 24 uur")


def _reason():
    """Which reason a queue row has, the first that applies: see QueueReason."""
    return Case(
        When(status=Status.CONFIRMED, then=Value(QueueReason.LAPSED_CERTIFICATION)),
        When(tp_withdrawn=True, then=Value(QueueReason.WITHDRAWN)),
        When(tp_offered=False, then=Value(QueueReason.NO_CANDIDATES)),
        When(Q(status=Status.UNFILLED) | Q(tp_round_open=False), then=Value(QueueReason.ROUND_EXPIRED)),
        default=Value(QueueReason.AT_RISK),
        output_field=models.CharField(),
    )


def queue_bookings(now):
    """Unfilled bookings, open ones not confirmed within TOLK_AT_RISK_HOURS and confirmed jobs whose
    certification lapses, most urgent first, each with `queue_reason`."""
    horizon = now + timedelta(hours=settings.TOLK_AT_RISK_HOURS)
    due = Case(
        When(kind=Kind.TRANSLATION, deadline__isnull=False, then=F("deadline")),
        default=F("starts_at"),
        output_field=DateTimeField(),
    )
    open_offers = Prefetch(
        "offers", queryset=Offer.objects.open().select_related("interpreter__user"), to_attr="open_offers"
    )
    offers = Offer.objects.filter(booking=OuterRef("pk"))
    # an interpreter (or staff) took back a confirmed job: it went from confirmed back to looking
    withdrawn = StatusChange.objects.filter(booking=OuterRef("pk"), from_status=Status.CONFIRMED, to_status__in=WAITING)
    waiting = Q(status=Status.UNFILLED) | Q(status__in=WAITING, due__lte=horizon)
    return (
        with_day_of_job(Booking.objects.for_lists())
        .select_related("organisation__municipality__region")
        .prefetch_related(open_offers)
        .annotate(
            due=due,
            tp_withdrawn=Exists(withdrawn),
            tp_offered=Exists(offers),
            tp_round_open=Exists(offers.filter(status="open")),
        )
        .filter((waiting & Q(due__gte=now - timedelta(hours=1))) | lapsing_certification(now))
        .annotate(queue_reason=_reason())
        .order_by("due", "pk")
    )


def reason_counts(bookings) -> list[tuple[str, str, int]]:
    """(reason, label, count) of every reason, in the order of QueueReason, zeros included."""
    counts = dict(
        bookings.order_by().values_list("queue_reason").annotate(n=Count("pk")).values_list("queue_reason", "n")
    )
    return [(reason.value, reason.label, counts.get(reason.value, 0)) for reason in QueueReason]


def _date(label):
    return forms.DateField(label=label, required=False, widget=DateInput())


class QueueFilterForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reden"), choices=[("", "—"), *QueueReason.choices], required=False)
    region = forms.ModelChoiceField(label=_("Regio"), queryset=Region.objects.order_by("name"), required=False)
    language = LanguageField(label=_("Taal"), required=False, widget=LanguageInput(attrs={"placeholder": "—"}))
    mode = forms.ChoiceField(
        label=_("Modus"), choices=[("", "—"), *Mode.choices, (Kind.TRANSLATION, _("Vertaling"))], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", "—"), *((s, Status(s).label) for s in (*WAITING, Status.UNFILLED, Status.CONFIRMED))],
        required=False,
    )
    due_from = _date(_("Vanaf"))
    due_until = _date(_("Tot en met"))
    urgency = forms.ChoiceField(label=_("Dringendheid"), choices=[("", "—"), *Urgency.choices], required=False)

    def __init__(self, *args, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def clean(self):
        data = super().clean()
        if data.get("due_from") and data.get("due_until") and data["due_from"] > data["due_until"]:
            self.add_error("due_until", _("Het einde ligt vóór het begin."))
        return data

    def filter(self, bookings, *, reason: bool = True):
        """The queue narrowed to the form's choices; without `reason`, every choice but the reason (to count)."""
        data = self.cleaned_data
        if reason and data.get("reason"):
            bookings = bookings.filter(queue_reason=data["reason"])
        if data.get("region"):
            bookings = bookings.filter(organisation__municipality__region=data["region"])
        if data.get("language"):
            bookings = bookings.filter(language=data["language"])
        if data.get("mode") == Kind.TRANSLATION:
            bookings = bookings.filter(kind=Kind.TRANSLATION)
        elif data.get("mode"):
            bookings = bookings.filter(kind=Kind.INTERPRETING, mode=data["mode"])
        if data.get("status"):
            bookings = bookings.filter(status=data["status"])
        if data.get("due_from"):
            bookings = bookings.filter(due__date__gte=data["due_from"])
        if data.get("due_until"):
            bookings = bookings.filter(due__date__lte=data["due_until"])
        if data.get("urgency") == Urgency.URGENT:
            bookings = bookings.filter(urgent=True)
        elif data.get("urgency") == Urgency.WITHIN_DAY:
            bookings = bookings.filter(due__lte=self.now + timedelta(hours=24))
        return bookings
