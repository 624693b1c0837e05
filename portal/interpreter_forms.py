"""Forms of the interpreter's pages (offers, timesheets, deliveries) and of feedback."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import ComplaintType
from bookings.timesheets import MAX_PARKING_COST, MAX_WAITING_MINUTES
from config.widgets import DateTimeInput
from organisations.geo import distance_km
from portal.delivery import DELIVERY_ACCEPT_ATTRIBUTE

DATETIME_WIDGET = DateTimeInput()


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("reden (optioneel)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("reden"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class TimesheetForm(forms.Form):
    actual_start = forms.DateTimeField(label=_("werkelijke start"), widget=DATETIME_WIDGET)
    actual_end = forms.DateTimeField(label=_("werkelijk einde"), widget=DATETIME_WIDGET)
    travel_km = forms.IntegerField(label=_("reisafstand (km)"), min_value=0, max_value=1000, initial=0)
    waiting_minutes = forms.IntegerField(
        label=_("wachttijd (minuten)"),
        required=False,
        min_value=0,
        max_value=MAX_WAITING_MINUTES,
        initial=0,
        help_text=_("Tijd die je ter plaatse moest wachten, buiten de tijden hierboven."),
    )
    parking_cost = forms.DecimalField(
        label=_("parkeerkosten (EUR)"),
        required=False,
        min_value=0,
        max_value=MAX_PARKING_COST,
        decimal_places=2,
        initial=0,
    )
    client_no_show = forms.BooleanField(label=_("de cliënt kwam niet opdagen"), required=False)
    remarks = forms.CharField(label=_("opmerkingen"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_waiting_minutes(self):
        return self.cleaned_data["waiting_minutes"] or 0

    def clean_parking_cost(self):
        return self.cleaned_data["parking_cost"] or Decimal(0)

    def __init__(self, *args, booking, **kwargs):
        super().__init__(*args, **kwargs)
        # check-in and check-out on the job card (bookings/timesheets.py) prefill the times
        start = booking.checked_in_at or booking.starts_at
        self.initial.setdefault("actual_start", timezone.localtime(start).replace(second=0, microsecond=0))
        end = booking.checked_out_at or booking.ends_at
        if end:
            self.initial.setdefault("actual_end", timezone.localtime(end).replace(second=0, microsecond=0))
        km = round_trip_km(booking)
        if km is not None:
            self.initial.setdefault("travel_km", km)
            self.fields["travel_km"].help_text = _(
                "Voorgesteld: %(km)d km heen en terug, berekend van je woonplaats tot de plaats van de opdracht."
            ) % {"km": km}
        self.helper = FormHelper()
        self.helper.add_input(Submit("file", _("Prestatieblad indienen")))


def round_trip_km(booking) -> int | None:
    """Home to the place of an on-site job and back, as matching measures distances (organisations/geo.py)."""
    if booking.mode != "on_site" or booking.municipality is None or booking.interpreter is None:
        return None
    return round(2 * distance_km(booking.interpreter.municipality, booking.municipality))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": DELIVERY_ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class DeliveryForm(forms.Form):
    files = MultipleFileField(label=_("vertaalde bestanden (PDF, DOCX of ODT)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("deliver", _("Vertaling leveren")))


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("score"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 = uitstekend, 1 = zeer slecht"),
    )
    complaint_type = forms.ChoiceField(
        label=_("klacht (optioneel)"), choices=[("", _("geen klacht")), *ComplaintType.choices], required=False
    )
    complaint_text = forms.CharField(label=_("toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("give", _("Versturen")))


class ComplaintCloseForm(forms.Form):
    resolution = forms.CharField(label=_("afhandeling"), widget=forms.Textarea(attrs={"rows": 2}))
