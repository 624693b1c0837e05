"""The endpoints of an organisation: add (the secret shown once), rotate the secret, test, enable, delete; and
who may see which. Portal pages and the API call these."""

import ipaddress
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, user_role
from organisations.models import Organisation
from organisations.services import organisations_of
from webhooks import transport
from webhooks.models import EventType, WebhookEndpoint
from webhooks.signing import secret_new

ROTATION_OVERLAP = timedelta(days=1)  # both secrets sign for this long after a rotation
MAX_ENDPOINTS = 10  # per organisation


def url_check(url: str) -> str:
    """The reason `url` cannot be an endpoint, or "" when it can. Names looked up in DNS are checked again at
    every delivery (webhooks/transport.py); here only what the address itself says."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not transport.scheme_allowed(parts.scheme, host):
        return _("Alleen https-adressen zijn toegelaten.")
    if parts.username or parts.password:
        return _("Zet geen gebruikersnaam of wachtwoord in het adres.")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    internal = host == "localhost" or host.endswith(".localhost") or (literal and not transport.is_public(host))
    if internal and not settings.TOLK_WEBHOOKS_ALLOW_LOCAL:
        return _("Dit adres ligt in een intern netwerk; kies een publiek bereikbaar adres.")
    return ""


def endpoint_validate(*, url: str, events: list[str]) -> None:
    errors = {}
    if reason := url_check(url):
        errors["url"] = [reason]
    unknown = sorted(set(events) - set(EventType.values))
    if unknown:
        errors["events"] = [_("Onbekende gebeurtenis: %(names)s.") % {"names": ", ".join(unknown)}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def endpoint_create(*, organisation: Organisation, url: str, events: list[str], by) -> WebhookEndpoint:
    """A new endpoint with a new secret: `endpoint.secret` is shown to the caller once, and never again."""
    endpoint_validate(url=url, events=events)
    # one at a time per organisation, so that two requests at once cannot both pass the limit
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if WebhookEndpoint.objects.filter(organisation=organisation).count() >= MAX_ENDPOINTS:
        raise ValidationError({"url": [_("Een organisatie heeft ten hoogste %(n)s webhooks.") % {"n": MAX_ENDPOINTS}]})
    ordered = [name for name in EventType.values if name in events]
    return WebhookEndpoint.objects.create(
        organisation=organisation, url=url, events=ordered, secret=secret_new(), created_by=by
    )


def endpoint_rotate(*, endpoint: WebhookEndpoint, now: datetime | None = None) -> str:
    """A new secret, returned to be shown once; the old one goes on signing for ROTATION_OVERLAP."""
    now = now or timezone.now()
    secret = secret_new()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        secret=secret, previous_secret=endpoint.secret, previous_secret_until=now + ROTATION_OVERLAP
    )
    endpoint.refresh_from_db()
    return secret


def endpoint_enable(*, endpoint: WebhookEndpoint) -> bool:
    """Switch a disabled endpoint on again; what it missed can be redelivered from its log."""
    return bool(
        WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=False).update(
            is_active=True, disabled_at=None, failing_since=None
        )
    )


def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


def endpoints_visible(user):
    """Staff see every organisation's endpoints, a requester those of its organisations, anyone else none."""
    endpoints = WebhookEndpoint.objects.select_related("organisation")
    endpoints = endpoints.order_by("organisation__name", "created_at", "id")
    role = user_role(user)
    if role == Role.STAFF:
        return endpoints
    if role == Role.REQUESTER:
        return endpoints.filter(organisation__in=organisations_of(user))
    return endpoints.none()


def endpoint_for(user, pk: int) -> WebhookEndpoint:
    endpoint = endpoints_visible(user).filter(pk=pk).first()
    if endpoint is None:
        raise Http404
    return endpoint
