"""Password reset: throttled per address and per account, and its mail goes through the outbox.

Django's own view mails from the request, so the link is lost when SMTP is down at that moment; here the mail
is a Message row that the outbox retries. Beyond PASSWORD_RESET_ADDRESS_LIMIT requests an hour from one
address the page answers 429; beyond PASSWORD_RESET_ACCOUNT_LIMIT an hour for one account no further mail is
queued, and the page says the same as always (it never tells whether an address has an account).
"""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bookings.links import absolute_url
from notifications.outbox import message_queue

WINDOW_SECONDS = 60 * 60


def over_limit(key: str, limit: int) -> bool:
    """Count one more request under `key` in this hour's window; True once the count passes `limit`."""
    if cache.add(key, 1, WINDOW_SECONDS):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # the window ran out between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return limit < 1


class OutboxPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Je e-mailadres")

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        user = context["user"]
        if over_limit(f"password-reset:account:{user.pk}", settings.PASSWORD_RESET_ACCOUNT_LIMIT):
            return
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        message_queue(
            key=f"password_reset:{user.pk}:{context['token']}",
            kind="password_reset",
            recipient=user,
            context={
                "reset_url": absolute_url(path),
                "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm

    def form_valid(self, form):
        if over_limit(
            f"password-reset:address:{get_client_ip_address(self.request)}", settings.PASSWORD_RESET_ADDRESS_LIMIT
        ):
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        return super().form_valid(form)
