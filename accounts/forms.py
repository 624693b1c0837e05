from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
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


# The account pages in the portal's own words ("je"): Django's forms with their labels and errors in our tone.
PASSWORD_HELP = _(
    "Kies minstens 8 tekens. Je wachtwoord mag niet op je naam of je e-mailadres lijken, "
    "geen veelgebruikt wachtwoord zijn en niet alleen uit cijfers bestaan."
)


class _NewPasswordFields:
    """The two new-password fields of SetPasswordForm and PasswordChangeForm, relabelled."""

    def _relabel(self):
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("Nieuw wachtwoord (nog eens)")
        self.fields["new_password2"].help_text = _("Typ hetzelfde wachtwoord nog eens, om tikfouten te vermijden.")
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("De twee wachtwoorden zijn niet hetzelfde."),
        }


class PortalSetPasswordForm(_NewPasswordFields, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._relabel()


class PortalPasswordChangeForm(_NewPasswordFields, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._relabel()
        self.fields["old_password"].label = _("Je huidige wachtwoord")
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("Je huidige wachtwoord klopt niet. Typ het nog eens."),
        }
