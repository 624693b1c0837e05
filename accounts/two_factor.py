"""Two-factor authentication (TOTP) for staff: set up an authenticator app once, then a code per session."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator-app"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code uit je authenticator-app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def totp_device_for_setup(user) -> TOTPDevice:
    """The user's unconfirmed device (made once, so the key shown stays the same until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@login_required
def two_factor_setup(request):
    """Show the secret key (and otpauth:// link) of a new device; a first valid code confirms it."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{_verify_url()}?{urlencode({'next': _next(request)})}")
    device = totp_device_for_setup(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("Deze code klopt niet. Kijk of de klok van je toestel juist staat."))
    context = {"form": form, "key": _spaced(device.bin_key), "config_url": device.config_url, "next": _next(request)}
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request):
    """Ask for the current code of the confirmed device."""
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect(f"{_setup_url()}?{urlencode({'next': _next(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"].strip()):
                otp_login(request, device)
                return redirect(_next(request))
        form.add_error("token", _("Deze code klopt niet. Kijk of de klok van je toestel juist staat."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


def needs_second_factor_for_token(user, code: str) -> bool:
    """Staff get an API token only with a valid code of a confirmed device (when staff 2FA is on)."""
    from django.conf import settings

    if not (settings.TOLK_STAFF_2FA and (user.is_staff or user.is_superuser)):
        return False
    code = (code or "").strip()
    devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    return not (code and any(device.verify_token(code) for device in devices))


def _spaced(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _verify_url() -> str:
    from django.urls import reverse

    return reverse("accounts:two_factor_verify")


def _setup_url() -> str:
    from django.urls import reverse

    return reverse("accounts:two_factor_setup")


# The demo's staff account gets this TOTP key (demo data only: `seed_demo` prints it; never used in production,
# where every staff member sets up an own device at first login).
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"  # RFC 6238's test key "12345678901234567890"


def demo_totp_device(user) -> TOTPDevice:
    """A confirmed device with the known demo key for the demo's staff account (idempotent)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="Demo", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
    )
    return device


def spaced_key(device: TOTPDevice) -> str:
    return _spaced(device.bin_key)
