from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.preferences import OPTIONAL_NOTIFICATIONS


class NotificationPreferencesForm(forms.Form):
    """The optional notifications a user wants; the mandatory ones are not offered here."""

    language = forms.ChoiceField(label=_("Taal van je e-mails"), choices=settings.LANGUAGES)
    wanted = forms.MultipleChoiceField(
        label=_("Deze meldingen wil ik krijgen"),
        choices=list(OPTIONAL_NOTIFICATIONS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Bewaren")))
