"""Staff invite a requester or an interpreter (portal/invitations.py)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from organisations.models import Municipality, Organisation
from portal.invitations import user_invite
from portal.views.staff import staff_required


class InvitationForm(forms.Form):
    role = forms.ChoiceField(
        label=gettext_lazy("Rol"),
        choices=[
            (Role.REQUESTER.value, gettext_lazy("Aanvrager van een organisatie")),
            (Role.INTERPRETER.value, gettext_lazy("Tolk of vertaler")),
        ],
        widget=forms.RadioSelect,
    )
    first_name = forms.CharField(label=gettext_lazy("Voornaam"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Achternaam"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mailadres"))
    language = forms.ChoiceField(label=gettext_lazy("Taal van de uitnodiging"), choices=settings.LANGUAGES)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie"),
        queryset=Organisation.objects.active().order_by("name"),
        required=False,
        help_text=gettext_lazy("Voor een aanvrager"),
    )
    postcode = forms.CharField(
        label=gettext_lazy("Postcode woonplaats"), max_length=4, required=False, help_text=gettext_lazy("Voor een tolk")
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if users.filter(email__iexact=email).exists() or users.filter(username__iexact=email).exists():
            raise forms.ValidationError(_("Er is al een account met dit e-mailadres."))
        return email

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.REQUESTER and not data.get("organisation"):
            self.add_error("organisation", _("Kies de organisatie van de aanvrager."))
        if data.get("role") == Role.INTERPRETER:
            municipality = Municipality.objects.for_postcode(data.get("postcode") or "").first()
            if municipality is None:
                self.add_error("postcode", _("Geef een Belgische postcode."))
            data["municipality"] = municipality
        return data


@staff_required
def user_invite_view(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_invite(
            by=request.user,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=Role(data["role"]),
            language=data["language"],
            organisation=data.get("organisation") if data["role"] == Role.REQUESTER else None,
            municipality=data.get("municipality"),
        )
        messages.success(request, _("De uitnodiging voor %(email)s is verstuurd.") % {"email": user.email})
        return redirect("staff_user_invite")
    return render(request, "accounts/invitation_form.html", {"form": form})


urlpatterns = [path("staff/invite/", user_invite_view, name="staff_user_invite")]
