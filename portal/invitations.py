"""Staff invite a new requester (member of an organisation) or interpreter: the account is made without a
password and its owner gets a mail, through the outbox, with a link to choose one (Django's reset token: the
link works once, until PASSWORD_RESET_TIMEOUT)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.roles import Role, profile_for
from bookings.links import absolute_url
from interpreters.models import Interpreter
from notifications.outbox import message_queue
from organisations.models import Membership


def set_password_url(user) -> str:
    """The one-time link to choose a password (the reset confirm page)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


@transaction.atomic
def user_invite(
    *, by, email: str, first_name: str, last_name: str, role: Role, language: str, organisation=None, municipality=None
):
    """Create the account of `role` with an unusable password and queue the invitation in `language`."""
    email = email.strip().lower()
    user = get_user_model()(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    profile = profile_for(user)
    profile.language = language
    profile.save(update_fields=["language"])
    if role == Role.REQUESTER:
        Membership.objects.create(user=user, organisation=organisation)
    elif role == Role.INTERPRETER:
        Interpreter.objects.create(user=user, municipality=municipality)
    else:
        raise ValueError(f"an invitation is for a requester or an interpreter, not {role}")
    url = set_password_url(user)
    message_queue(
        key=f"invitation:{user.pk}",
        kind="invitation",
        recipient=user,
        context={
            "set_password_url": url,
            "role": str(role),
            "organisation_name": organisation.name if organisation else "",
            "invited_by": by.get_full_name() or by.username,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        },
    )
    return user
