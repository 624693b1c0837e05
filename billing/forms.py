from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.models import InterpreterTariff, Party, RequesterTariff
from billing.services import tariff_check_overlap
from bookings.models import Kind
from config.widgets import DateInput
from organisations.models import Organisation

PERIOD_FIELDS = ["kind", "mode", "valid_from", "valid_until", "note"]
REQUESTER_FIELDS = [
    "hourly_rate",
    "minimum_minutes",
    "increment_minutes",
    "first_block_minutes",
    "first_block_price",
    "increment_price",
    "km_rate",
    "max_km",
    "late_cancellation_charge",
    "word_rate",
    "translation_minimum",
    "sworn_supplement",
]


class _TariffForm(forms.ModelForm):
    """The overlap check lives in the service; the form shows its error on the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Bewaren")))

    def clean(self):
        cleaned = super().clean()
        kind, mode = cleaned.get("kind"), cleaned.get("mode") or ""
        if kind == Kind.TRANSLATION:
            cleaned["mode"] = self.instance.mode = ""
        elif kind == Kind.INTERPRETING and not mode:
            self.add_error("mode", _("Kies de modus van dit tolktarief."))
        if self.errors or cleaned.get("valid_from") is None:
            return cleaned
        candidate = self._meta.model(
            pk=self.instance.pk,
            kind=kind,
            mode=cleaned.get("mode") or "",
            valid_from=cleaned["valid_from"],
            valid_until=cleaned.get("valid_until"),
        )
        if candidate.valid_until and candidate.valid_until < candidate.valid_from:
            self.add_error("valid_until", _("Het einde ligt voor het begin."))
            return cleaned
        try:
            tariff_check_overlap(tariff=candidate)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class RequesterTariffForm(_TariffForm):
    class Meta:
        model = RequesterTariff
        fields = [*PERIOD_FIELDS, *REQUESTER_FIELDS]
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }


class InterpreterTariffForm(_TariffForm):
    class Meta:
        model = InterpreterTariff
        fields = [*PERIOD_FIELDS, "hourly_fee", "km_allowance", "max_km", "word_fee", "late_cancellation_fee"]
        widgets = RequesterTariffForm.Meta.widgets


class StatementRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisation.objects.all())
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Kwartaal"), coerce=int, choices=[(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", _("Afrekening opmaken")))


class CorrectionForm(forms.Form):
    party = forms.ChoiceField(label=_("Partij"), choices=Party.choices)
    amount = forms.DecimalField(label=_("Bedrag (negatief om te verminderen)"), max_digits=10, decimal_places=2)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))
