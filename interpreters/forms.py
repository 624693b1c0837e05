from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from config.widgets import DateInput, TimeInput
from interpreters.models import Absence, Interpreter, Sector
from interpreters.services import validate_weekly_ranges
from organisations.services import municipality_for_postcode

WEEKDAYS = [
    (0, _("maandag")),
    (1, _("dinsdag")),
    (2, _("woensdag")),
    (3, _("donderdag")),
    (4, _("vrijdag")),
    (5, _("zaterdag")),
    (6, _("zondag")),
]


class ProfileForm(forms.ModelForm):
    """What an interpreter edits itself. Languages, levels, gender and active are not here on purpose."""

    first_name = forms.CharField(label=_("voornaam"), max_length=150)
    last_name = forms.CharField(label=_("familienaam"), max_length=150)
    email = forms.EmailField(label=_("e-mail"))
    postcode = forms.CharField(label=_("postcode woonplaats"), max_length=4)
    sectors = forms.MultipleChoiceField(
        label=_("sectoren"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: alle sectoren."),
    )

    class Meta:
        model = Interpreter
        fields = [
            "phone",
            "max_travel_km",
            "offers_on_site",
            "offers_phone",
            "offers_video",
            "sectors",
            "words_per_day",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.initial.update(
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            postcode=self.instance.municipality.postcode,
        )
        self.fields["max_travel_km"].validators.append(MaxValueValidator(500))
        self.fields["max_travel_km"].widget.attrs["max"] = 500
        self.order_fields(["first_name", "last_name", "email", "phone", "postcode"])
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Opslaan")))

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode == self.instance.municipality.postcode:
            self.cleaned_data["municipality"] = self.instance.municipality
            return postcode
        municipality = municipality_for_postcode(postcode)
        if municipality is None:
            raise forms.ValidationError(_("Onbekende postcode."))
        self.cleaned_data["municipality"] = municipality
        return postcode

    def profile_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data.update(
            municipality=self.cleaned_data["municipality"],
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            email=self.cleaned_data["email"],
        )
        return data


class WeeklyRangeForm(forms.Form):
    # no day chosen beforehand: an untouched row is left out, not saved as a Monday
    weekday = forms.TypedChoiceField(label=_("dag"), choices=[("", "—"), *WEEKDAYS], coerce=int)
    start_time = forms.TimeField(label=_("van"), widget=TimeInput())
    end_time = forms.TimeField(label=_("tot"), widget=TimeInput())

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("Het einde moet na het begin liggen."))
        return data


class BaseWeeklyFormSet(forms.BaseFormSet):
    def ranges(self) -> list:
        return [
            (f.cleaned_data["weekday"], f.cleaned_data["start_time"], f.cleaned_data["end_time"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if any(self.errors):
            return
        try:
            validate_weekly_ranges(self.ranges())
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None


# one empty row to add a period; the page's "another period" button adds one more row each time
WeeklyFormSet = forms.formset_factory(WeeklyRangeForm, formset=BaseWeeklyFormSet, extra=1, can_delete=True)


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["starts_on", "ends_on", "reason"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("add_absence", _("Afwezigheid toevoegen")))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("De laatste dag ligt voor de eerste."))
        return data
