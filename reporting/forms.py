from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from config.widgets import DateInput
from interpreters.models import Mode
from languages.models import Language
from organisations.models import OrganisationKind, Region
from reporting.selectors import TRANSLATION, YEARS, Filters


class StatisticsFilterForm(forms.Form):
    """The filters of the statistics page (GET): a period of local dates, end inclusive."""

    start = forms.DateField(label=_("van"), widget=DateInput())
    end = forms.DateField(label=_("tot en met"), widget=DateInput())
    region = forms.ModelChoiceField(
        label=_("regio"), queryset=Region.objects.all(), to_field_name="code", required=False, empty_label=_("alle")
    )
    language = forms.ModelChoiceField(
        label=_("taal"),
        queryset=Language.objects.filter(is_common=True).order_by("name_nl"),
        required=False,
        empty_label=_("alle"),
    )
    mode = forms.ChoiceField(
        label=_("modus"), choices=[("", _("alle")), *Mode.choices, (TRANSLATION, _("Vertaling"))], required=False
    )
    organisation_kind = forms.ChoiceField(
        label=_("soort organisatie"), choices=[("", _("alle")), *OrganisationKind.choices], required=False
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = date(today.year, 1, 1)
        self.fields["end"].initial = today
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row row-cols-lg-auto g-2 align-items-end"
        self.helper.form_tag = True
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("show", _("Toon"), css_class="btn-primary"))

    def clean(self):
        cleaned = super().clean()
        for name in ("start", "end"):
            if cleaned.get(name) and cleaned[name].year not in YEARS:
                self.add_error(name, _("Kies een datum tussen 1900 en 2999."))
                cleaned.pop(name, None)
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("Het einde ligt voor het begin."))
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            region=data["region"].code if data.get("region") else "",
            language=data["language"].code if data.get("language") else "",
            mode=data.get("mode") or "",
            organisation_kind=data.get("organisation_kind") or "",
        )


class IndicatorFiguresForm(forms.Form):
    """The total and the regional values of one indicator in one year; an empty field removes the value."""

    def __init__(self, *args, regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions
        self.fields["total"] = forms.IntegerField(label=_("Totaal"), min_value=0, required=False)
        for region in regions:
            self.fields[f"region_{region.code}"] = forms.IntegerField(label=region.name, min_value=0, required=False)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Bewaren"), css_class="btn-primary"))

    def values(self) -> dict[Region | None, int | None]:
        values = {None: self.cleaned_data.get("total")}
        for region in self.regions:
            values[region] = self.cleaned_data.get(f"region_{region.code}")
        return values
