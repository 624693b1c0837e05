"""API tokens that expire, and that a new password revokes.

A token lives TOLK_API_TOKEN_DAYS from its creation; the client then posts its username and password to
`/api/v1/token/` again for a new one. Every change of a user's password, through whichever path (the password
change and reset pages, the admin, `changepassword`, `set_password()` and `save()`), deletes that user's tokens:
Django calls `password_changed()` on each validator of AUTH_PASSWORD_VALIDATORS once the new password is saved,
so the revocation needs neither a signal nor a change to every view.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def token_expires_at(token: Token) -> datetime:
    return token.created + timedelta(days=settings.TOLK_API_TOKEN_DAYS)


def token_for(user, *, now: datetime | None = None) -> Token:
    """The user's token, a new one when it has none or when its token has expired."""
    now = now or timezone.now()
    token, _created = Token.objects.get_or_create(user=user)
    if token_expires_at(token) <= now:
        token.delete()
        token = Token.objects.create(user=user)
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expires_at(token) <= timezone.now():
            raise AuthenticationFailed(_("Dit token is verlopen: vraag een nieuw aan met POST /api/v1/token/."))
        return user, token


class RevokeApiTokensOnPasswordChange:
    """Not a rule for passwords: the hook that deletes a user's API tokens once a new password is saved."""

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user) -> None:
        Token.objects.filter(user=user).delete()

    def get_help_text(self) -> str:
        return ""
