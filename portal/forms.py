"""Requester forms: book an interpreter, order a translation, filter the list, cancel.

The forms turn what was typed into a BookingRequest; the rules themselves live in bookings/requests.py
and the services. `apply_service_errors` puts a service's ValidationError back onto the form's fields.
"""

import json
import re
from datetime import datetime, time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from bookings.models import Kind, Recurrence, Status
from bookings.requests import MAX_WORD_COUNT, MIN_DURATION_MINUTES, TEXT_LIMITS, BookingRequest
from bookings.uploads import ACCEPT_ATTRIBUTE
from config.widgets import DateInput, DateTimeInput, TimeInput
from interpreters.models import Gender, Interpreter, Level, Mode, Sector
from languages.models import Language
from languages.search import resolve_language
from matching.feasibility import booking_request_validate
from organisations.models import Organisation

ISO_CODE = re.compile(r"[a-z]{3}")
SUGGESTED_IN_ERROR = 6  # the datalist holds all the candidates


class LanguageInput(forms.TextInput):
    """A text field with the service's languages as suggestions (<input list> and <datalist>): the requester
    types a name, an alias or a code, or picks a suggestion, with the keyboard and without JS. The page's small
    script (static/js/language_search.js) fills the suggestions from the whole catalogue while one types.

    The value shown is the language's name in the reader's language when it is a code (an initial value), else
    what was typed; when that named no language, the suggestions are the candidates (set by LanguageField)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.candidates: list[Language] = []

    def format_value(self, value):
        if isinstance(value, Language):
            return value.name
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or self.attrs.get('id') or 'id_' + name}_list"
        column = Language.name_column()
        code = value if isinstance(value, str) and ISO_CODE.fullmatch(value) else None
        rows = Language.objects.active().filter(Q(is_common=True) | Q(code=code or ""))
        rows = list(rows.order_by(column, "code").values_list("code", column, "is_common"))
        shown = next((label for row_code, label, _common in rows if row_code == code), None)
        suggestions = [language.name for language in self.candidates] + [
            label for _code, label, is_common in rows if is_common
        ]
        attrs.update(list=list_id, **{"data-language-search": reverse("language_search")})
        field = super().render(name, shown if shown is not None else value, attrs, renderer)
        labels = ((label,) for label in dict.fromkeys(suggestions))
        options = format_html_join("", '<option value="{}"></option>', labels)
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


class LanguageField(forms.CharField):
    """A language by its name in any of the three languages, an alias or its code (languages/search.py)."""

    widget = LanguageInput
    default_error_messages = {
        "required": _("Kies een taal."),
        "unknown": _("Geen taal gevonden voor “%(text)s”. Typ de naam van de taal, bv. Arabisch of Dari."),
        "ambiguous": _("“%(text)s” kan meer dan één taal zijn. Kies er een: %(names)s."),
        "partial": _("Geen taal heet “%(text)s”. Bedoel je: %(names)s?"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        resolution = resolve_language(text)
        if resolution.language is not None:
            return resolution.language
        self.widget.candidates = resolution.candidates
        if not resolution.candidates:
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={"text": text})
        names = ", ".join(language.name for language in resolution.candidates[:SUGGESTED_IN_ERROR])
        code = "ambiguous" if resolution.ambiguous else "partial"
        raise ValidationError(self.error_messages[code], code=code, params={"text": text, "names": names})


def apply_service_errors(
    form: forms.Form, error: ValidationError, field_map: dict | None = None, *, skip_existing: bool = False
) -> None:
    """Show a service's ValidationError on the form: per field where the form has it, else above the form.

    With skip_existing, a field that already shows an error keeps only its own (no duplicate message).
    """
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        target = field_map.get(name, name)
        target = target if target in form.fields else None
        if skip_existing and target in form.errors:
            continue
        messages = [message for item in errors for message in item.messages]
        form.add_error(target, messages)


class RequestFormMixin:
    """Checks the request with the same rules the service applies, so all problems show at once."""

    SERVICE_FIELDS: dict = {}

    def clean(self):
        data = super().clean()
        try:
            booking_request_validate(self.to_request())
        except ValidationError as error:
            apply_service_errors(self, error, self.SERVICE_FIELDS, skip_existing=True)
        return data


# Not Django's id_mode_2: the `mode` radios are id_mode_0, id_mode_1, id_mode_2.
RANKED_MODE_ID = "id_ranked_mode_%d"


class Details(Fieldset):
    """A fieldset folded under a heading that opens on demand (<details>: works without JS). It opens by itself
    when one of its fields has an error or a value other than the form's folded_defaults."""

    template = "bookings/requester/_details.html"

    def render(self, form, context, template_pack=None, **kwargs):
        names = [pointer.name for pointer in self.get_field_names()]
        defaults = getattr(form, "folded_defaults", {})
        self.open = any(name in form.errors for name in names) or any(
            form[name].value() not in (None, "", False, defaults.get(name)) for name in names
        )
        return super().render(form, context, template_pack=template_pack or "bootstrap5", **kwargs)


class InterpretingForm(RequestFormMixin, forms.Form):
    # Where the service names a field differently from the form.
    SERVICE_FIELDS = {"starts_at": "date"}

    organisation = forms.ModelChoiceField(
        label=_("Voor organisatie"), queryset=Organisation.objects.none(), empty_label=None, required=False
    )
    mode = forms.ChoiceField(label=_("Hoe"), choices=Mode.choices, widget=forms.RadioSelect, initial=Mode.ON_SITE)
    language = LanguageField(label=_("Taal van de cliënt"))
    date = forms.DateField(label=_("Datum"), widget=DateInput)
    start_time = forms.TimeField(label=_("Beginuur"), widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label=_("Verwachte duur (minuten)"),
        min_value=MIN_DURATION_MINUTES,
        initial=60,
        error_messages={"min_value": _("Een opdracht duurt minstens %(limit_value)s minuten.")},
    )
    saved_place = forms.ChoiceField(label=_("Bewaarde plaats"), required=False)
    address = forms.CharField(
        label=_("Adres"), max_length=TEXT_LIMITS["address"], required=False, help_text=_("Enkel ter plaatse")
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=4, required=False, help_text=_("Enkel ter plaatse"))
    contact_on_site = forms.CharField(
        label=_("Contactpersoon ter plaatse"), max_length=TEXT_LIMITS["contact_on_site"], required=False
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, initial=Sector.ANDERE)
    gender_preference = forms.ChoiceField(
        label=_("Voorkeur gender tolk"), choices=[("", _("Geen voorkeur"))] + Gender.choices, required=False
    )
    gender_required = forms.BooleanField(label=_("Deze voorkeur is een vereiste"), required=False)
    preferred_interpreter = forms.ModelChoiceField(
        label=_("Voorkeurstolk"),
        queryset=Interpreter.objects.none(),
        required=False,
        empty_label=_("Geen voorkeur"),
        help_text=_("Tolken die al eerder voor jouw organisatie werkten."),
    )
    # Requirements and wishes (matching/wishes.py): each "vereiste" box turns a wish into a requirement.
    preferred_required = forms.BooleanField(label=_("Alleen deze tolk (vereiste)"), required=False)
    excluded_interpreter = forms.ModelChoiceField(
        label=_("Tolk uitsluiten"),
        queryset=Interpreter.objects.none(),
        required=False,
        empty_label=_("Niemand"),
        help_text=_("Deze tolk krijgt geen opdrachten van jouw organisatie meer (bv. belangenconflict)."),
    )
    exclusion_reason = forms.CharField(
        label=_("Reden van uitsluiting"), max_length=TEXT_LIMITS["exclusion_reason"], required=False
    )
    variety_text = forms.CharField(
        label=_("Dialect of variant"),
        max_length=TEXT_LIMITS["variety_text"],
        required=False,
        help_text=_("Bv. Marokkaans Arabisch, Sorani"),
    )
    variety = LanguageField(label=_("Variant (ISO 639-3)"), required=False)
    variety_required = forms.BooleanField(label=_("De variant is een vereiste"), required=False)
    min_level = forms.ChoiceField(
        label=_("Minimumniveau van de tolk"),
        choices=[("", _("Geen")), (Level.SWORN, Level.SWORN.label), (Level.CERTIFIED, Level.CERTIFIED.label)]
        + [(Level.TRAINED, Level.TRAINED.label)],
        required=False,
    )
    min_level_required = forms.BooleanField(label=_("Het niveau is een vereiste"), required=False)
    connection_details = forms.CharField(
        label=_("Telefoonnummer of videolink"),
        max_length=TEXT_LIMITS["connection_details"],
        required=False,
        help_text=_("Enkel telefonisch of via video"),
    )
    mode_2 = forms.ChoiceField(
        label=_("Anders (2de keuze)"),
        choices=[("", _("Geen andere modus"))] + Mode.choices,
        required=False,
        widget=forms.Select(attrs={"id": RANKED_MODE_ID % 2}),
    )
    address_2 = forms.CharField(label=_("Adres (2de keuze)"), max_length=TEXT_LIMITS["address_2"], required=False)
    postcode_2 = forms.CharField(label=_("Postcode (2de keuze)"), max_length=4, required=False)
    connection_details_2 = forms.CharField(
        label=_("Telefoonnummer of videolink (2de keuze)"),
        max_length=TEXT_LIMITS["connection_details_2"],
        required=False,
    )
    mode_3 = forms.ChoiceField(
        label=_("Anders (3de keuze)"),
        choices=[("", _("Geen andere modus"))] + Mode.choices,
        required=False,
        widget=forms.Select(attrs={"id": RANKED_MODE_ID % 3}),
    )
    address_3 = forms.CharField(label=_("Adres (3de keuze)"), max_length=TEXT_LIMITS["address_3"], required=False)
    postcode_3 = forms.CharField(label=_("Postcode (3de keuze)"), max_length=4, required=False)
    connection_details_3 = forms.CharField(
        label=_("Telefoonnummer of videolink (3de keuze)"),
        max_length=TEXT_LIMITS["connection_details_3"],
        required=False,
    )
    notes = forms.CharField(
        label=_("Notities voor de tolk"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMITS["notes"],
        required=False,
    )
    client_name = forms.CharField(
        label=_("Naam of initialen van de cliënt"),
        max_length=TEXT_LIMITS["client_name"],
        required=False,
        help_text=_("Niet verplicht. Alleen jouw organisatie en de toegewezen tolk zien dit."),
    )
    requester_reference = forms.CharField(
        label=_("Je eigen referentie"),
        max_length=TEXT_LIMITS["requester_reference"],
        required=False,
        help_text=_("Dossiernummer of kostenplaats: staat op de afrekening en in de exports."),
    )
    recurrence = forms.ChoiceField(
        label=_("Herhalen"), choices=[("", _("Niet herhalen"))] + Recurrence.choices, required=False
    )
    occurrences = forms.IntegerField(
        label=_("Aantal keer (in totaal)"), min_value=2, max_value=52, required=False, help_text=_("2 tot 52")
    )

    def __init__(self, *args, organisation=None, organisations=None, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        organisations = organisations if organisations is not None else Organisation.objects.none()
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].initial = organisation
        self.one_organisation = organisation if len(organisations) <= 1 else None
        if self.one_organisation is not None:
            self.fields["organisation"].widget = forms.HiddenInput()
        self.places = {str(place.pk): place for place in places}
        self.fields["saved_place"].choices = [("", _("Een nieuwe plaats"))] + [
            (key, str(place)) for key, place in self.places.items()
        ]
        if not self.places:
            self.fields["saved_place"].widget = forms.HiddenInput()
        else:  # the page's script fills the address and postcode from these (no inline script: the CSP)
            places = {key: {"address": p.address, "postcode": p.postcode} for key, p in self.places.items()}
            self.fields["saved_place"].widget.attrs["data-places"] = json.dumps(places)
        if organisation is not None:
            self.fields["preferred_interpreter"].queryset = (
                Interpreter.objects.active()
                .filter(jobs__organisation__in=organisations, jobs__status__in=[Status.CONFIRMED, Status.COMPLETED])
                .select_related("user")
                .distinct()
            )
            self.fields["excluded_interpreter"].queryset = self.fields["preferred_interpreter"].queryset
        if not self.is_bound and not self.initial.get("language"):
            # a new request starts at the language (the mode is on site by default): typed, then Tab, Tab, ...
            self.fields["language"].widget.attrs["autofocus"] = True
        # what a folded section shows without being opened (folded_defaults: the values that keep it closed)
        self.folded_defaults = {"sector": self.initial.get("sector", Sector.ANDERE), "duration_minutes": 60}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = self._layout()

    def _layout(self) -> Layout:
        organisation = (
            HTML(
                format_html(
                    '<p class="mb-3"><span class="text-body-secondary">{}</span> <strong>{}</strong></p>',
                    _("Voor"),
                    self.one_organisation,
                )
            )
            if self.one_organisation is not None
            else Field("organisation")
        )
        # How, which language, where (or which number), then when: Chromium's date and time fields take two Tabs
        # each (their parts, their picker), so they come last and Enter in the start time sends the request.
        return Layout(
            Fieldset(_("De opdracht"), organisation, Field("mode"), Field("language")),
            Fieldset(
                _("Plaats"),
                Field("saved_place"),
                Row(Column("address", css_class="col-sm-8"), Column("postcode", css_class="col-sm-4")),
                css_id="fieldset-place",
            ),
            Field("connection_details"),
            Fieldset(
                _("Wanneer"),
                Row(
                    Column("date", css_class="col-sm-4"),
                    Column("start_time", css_class="col-sm-4"),
                    Column("duration_minutes", css_class="col-sm-4"),
                ),
            ),
            Field("organisation") if self.one_organisation is not None else HTML(""),
            Details(
                _("Sector en je eigen referentie"),
                Row(Column("sector", css_class="col-sm-6"), Column("requester_reference", css_class="col-sm-6")),
            ),
            Details(
                _("Herhalen"),
                Row(Column("recurrence", css_class="col-sm-6"), Column("occurrences", css_class="col-sm-6")),
            ),
            Details(
                _("Voor de tolk: contactpersoon, notities, cliënt"),
                Field("contact_on_site"),
                Field("notes"),
                Field("client_name"),
            ),
            Details(
                _("Wensen en vereisten voor de tolk"),
                Row(Column("gender_preference", css_class="col-sm-6"), Column("gender_required", css_class="col-sm-6")),
                Row(
                    Column("preferred_interpreter", css_class="col-sm-6"),
                    Column("preferred_required", css_class="col-sm-6"),
                ),
                Row(
                    Column("variety_text", css_class="col-sm-4"),
                    Column("variety", css_class="col-sm-4"),
                    Column("variety_required", css_class="col-sm-4"),
                ),
                Row(Column("min_level", css_class="col-sm-6"), Column("min_level_required", css_class="col-sm-6")),
                Row(
                    Column("excluded_interpreter", css_class="col-sm-6"),
                    Column("exclusion_reason", css_class="col-sm-6"),
                ),
            ),
            Details(
                _("Als deze manier niet lukt: een tweede en derde keuze"),
                *[
                    Row(
                        Column(f"mode_{n}", css_class="col-sm-3"),
                        Column(f"address_{n}", css_class="col-sm-4"),
                        Column(f"postcode_{n}", css_class="col-sm-2"),
                        Column(f"connection_details_{n}", css_class="col-sm-3"),
                    )
                    for n in (2, 3)
                ],
            ),
        )

    def clean_organisation(self):
        """Left out (a requester of one organisation): the organisation the requester acts for."""
        return self.cleaned_data.get("organisation") or self.fields["organisation"].initial

    def clean_saved_place(self):
        return self.places.get(self.cleaned_data.get("saved_place") or "")

    def full_clean(self):
        """A saved place fills the address and postcode left empty (the page's script does the same as you pick)."""
        if self.is_bound and self.data.get("saved_place") in self.places:
            place = self.places[self.data["saved_place"]]
            self.data = self.data.copy()
            for name in ("address", "postcode"):
                if not self.data.get(name, "").strip():
                    self.data[name] = getattr(place, name)
        super().full_clean()

    def clean(self):
        data = super().clean()
        if data.get("recurrence") and not data.get("occurrences"):
            self.add_error("occurrences", _("Geef aan hoeveel keer de afspraak plaatsvindt."))
        return data

    def starts_at(self) -> datetime | None:
        day, start = self.cleaned_data.get("date"), self.cleaned_data.get("start_time")
        if day is None or start is None:
            return None
        return timezone.make_aware(datetime.combine(day, start))

    def to_request(self) -> BookingRequest:
        data = self.cleaned_data
        return BookingRequest(
            kind=Kind.INTERPRETING,
            language=data.get("language"),
            starts_at=self.starts_at(),
            mode=data.get("mode", ""),
            duration_minutes=data.get("duration_minutes"),
            postcode=data.get("postcode", ""),
            address=data.get("address", ""),
            contact_on_site=data.get("contact_on_site", ""),
            sector=data.get("sector", Sector.ANDERE),
            gender_preference=data.get("gender_preference", ""),
            gender_required=bool(data.get("gender_required")),
            preferred_interpreter=data.get("preferred_interpreter"),
            notes=data.get("notes", ""),
            client_name=data.get("client_name", ""),
            requester_reference=data.get("requester_reference", ""),
            preferred_required=bool(data.get("preferred_required")),
            excluded_interpreter=data.get("excluded_interpreter"),
            exclusion_reason=data.get("exclusion_reason", ""),
            variety_text=data.get("variety_text", ""),
            variety=data.get("variety"),
            variety_required=bool(data.get("variety_required")),
            min_level=data.get("min_level", ""),
            min_level_required=bool(data.get("min_level_required")),
            connection_details=data.get("connection_details", ""),
            **{
                f"{name}_{n}": data.get(f"{name}_{n}", "")
                for n in (2, 3)
                for name in ("mode", "address", "postcode", "connection_details")
            },
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); returns a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial) or []


class TranslationForm(RequestFormMixin, forms.Form):
    language = LanguageField(label=_("Brontaal"))
    target_language = LanguageField(label=_("Doeltaal"), initial="nld")
    documents = MultipleFileField(
        label=_("Documenten"),
        help_text=_("PDF, DOCX, ODT, JPG of PNG; je kunt meerdere bestanden tegelijk kiezen."),
    )
    word_count = forms.IntegerField(
        label=_("Aantal woorden (schatting)"), min_value=1, max_value=MAX_WORD_COUNT, required=False
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    certified = forms.BooleanField(label=_("Beëdigde vertaling"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, initial=Sector.ANDERE)
    notes = forms.CharField(
        label=_("Notities voor de vertaler"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMITS["notes"],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("language", css_class="col-sm-6"), Column("target_language", css_class="col-sm-6")),
            Field("documents"),
            Row(Column("word_count", css_class="col-sm-6"), Column("deadline", css_class="col-sm-6")),
            Field("certified"),
            Field("sector"),
            Field("notes"),
        )

    def to_request(self) -> BookingRequest:
        data = self.cleaned_data
        return BookingRequest(
            kind=Kind.TRANSLATION,
            language=data.get("language"),
            target_language=data.get("target_language"),
            deadline=data.get("deadline"),
            word_count=data.get("word_count"),
            certified=bool(data.get("certified")),
            sector=data.get("sector", Sector.ANDERE),
            notes=data.get("notes", ""),
        )


class BookingFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Alle"))] + Status.choices, required=False)
    language = LanguageField(
        label=_("Taal"), required=False, widget=LanguageInput(attrs={"placeholder": _("Alle talen")})
    )
    date_from = forms.DateField(label=_("Van"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput)

    # Rendered by templates/bookings/requester/_filter_field.html, Bootstrap's markup without crispy: the four
    # fields through crispy were a third of the list page's time (bench/README.md, "The list pages").
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def filter(self, bookings):
        if not self.is_valid():
            return bookings
        data = self.cleaned_data
        if data.get("status"):
            bookings = bookings.filter(status=data["status"])
        if data.get("language"):
            bookings = bookings.filter(language=data["language"])
        if data.get("date_from"):
            start = timezone.make_aware(datetime.combine(data["date_from"], time.min))
            bookings = bookings.filter(starts_at__gte=start)
        if data.get("date_to"):
            end = timezone.make_aware(datetime.combine(data["date_to"], time.max))
            bookings = bookings.filter(starts_at__lte=end)
        return bookings


class CancelScope:
    THIS = "this"
    FUTURE = "future"


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reden van annulering"), widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.ChoiceField(
        label=_("Wat annuleren?"),
        choices=[
            (CancelScope.THIS, _("Enkel deze afspraak")),
            (CancelScope.FUTURE, _("Deze en alle latere afspraken van de reeks")),
        ],
        initial=CancelScope.THIS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, in_series=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_series:
            self.fields["scope"].widget = forms.HiddenInput()
