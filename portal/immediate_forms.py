"""Forms of “Nu een tolk”: the requester's short request and the interpreter's presence toggle."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Kind
from bookings.requests import TEXT_LIMITS, BookingRequest
from interpreters.models import Mode, Sector
from portal.forms import LanguageField, TimeInput


class ImmediateForm(forms.Form):
    """Language, phone or video, and optionally the sector and notes: nothing else."""

    language = LanguageField(label=_("Taal van de cliënt"))
    mode = forms.ChoiceField(
        label=_("Hoe"),
        choices=[(Mode.VIDEO, Mode.VIDEO.label), (Mode.PHONE, Mode.PHONE.label)],
        widget=forms.RadioSelect,
        initial=Mode.VIDEO,
    )
    sector = forms.ChoiceField(label=_("Sector (optioneel)"), choices=Sector.choices, initial=Sector.ANDERE)
    notes = forms.CharField(
        label=_("Notities voor de tolk (optioneel)"),
        required=False,
        max_length=TEXT_LIMITS["notes"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def to_request(self) -> BookingRequest:
        data = self.cleaned_data
        return BookingRequest(
            kind=Kind.INTERPRETING,
            immediate=True,
            language=data["language"],
            mode=data["mode"],
            sector=data["sector"],
            notes=data.get("notes", ""),
        )


class PresenceForm(forms.Form):
    """On: available until a time today (or tomorrow, when that time has passed today). Off: not available."""

    available = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
    until = forms.TimeField(label=_("Beschikbaar tot"), required=False, widget=TimeInput)

    def until_moment(self, now: datetime) -> datetime | None:
        until = self.cleaned_data.get("until")
        if until is None:
            return None
        local = timezone.localtime(now)
        moment = timezone.make_aware(datetime.combine(local.date(), until))
        return (
            moment if moment > now else timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), until))
        )
