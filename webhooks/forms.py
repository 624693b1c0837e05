from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from webhooks.endpoints import url_check
from webhooks.models import EventType


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("adres"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Het https-adres van uw systeem dat de berichten ontvangt."),
    )
    events = forms.MultipleChoiceField(
        label=_("gebeurtenissen"),
        choices=EventType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: alle gebeurtenissen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("add", _("Webhook toevoegen"), css_class="btn-primary"))

    def clean_url(self):
        url = self.cleaned_data["url"]
        if reason := url_check(url):
            raise ValidationError(reason)
        return url
