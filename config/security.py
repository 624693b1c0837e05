"""Security middleware: two-factor for staff, the CSP exception of the API docs, NUL in paths, no-store."""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django_otp import user_has_device

# Reachable by a staff member who has not passed the second factor yet.
OPEN_PREFIXES = ("/account/2fa/", "/accounts/logout/", "/i18n/", "/static/", "/jsi18n/")


def needs_second_factor(user) -> bool:
    return bool(
        settings.TOLK_STAFF_2FA
        and user.is_authenticated
        and (user.is_staff or user.is_superuser)
        and not user.is_verified()
    )


def address_failures(ip_address: str | None) -> int:
    """Failed logins from this address within the cool-off, whatever the usernames tried."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes in front of the model backend.

    django-axes locks a (username, address) pair after LOGIN_FAILURE_LIMIT failures, so that one address
    guessing cannot lock out everyone else behind it (an office, a school); an address alone is locked after
    LOGIN_ADDRESS_FAILURE_LIMIT failures over all usernames. Every login form and the API token login pass the
    request, so they are throttled. A call without a request (Django's test client `login()`) has no address
    to count and is left to the model backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        if address_failures(get_client_ip_address(request)) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True  # as django-axes does: its middleware answers with the lockout page
            raise AxesBackendPermissionDenied("too many failed logins from this address")
        return None


def client_ip(request) -> str | None:
    """The caller's address for login throttling (django-axes).

    Behind DJANGO_PROXY_COUNT trusted proxies that each append the address they saw to X-Forwarded-For,
    the real client is that many entries from the right; anything further left was sent by the client
    and cannot be trusted. Without proxies: REMOTE_ADDR.
    """
    count = settings.TOLK_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


class StaffTwoFactorMiddleware:
    """Staff (and so the admin) need a verified TOTP device in this session.

    Without a confirmed device they are sent to set one up, otherwise to enter a code. Runs after
    django_otp's OTPMiddleware, which gives `request.user.is_verified()`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request.user) and not request.path.startswith(OPEN_PREFIXES):
            step = (
                "accounts:two_factor_verify"
                if user_has_device(request.user, confirmed=True)
                else "accounts:two_factor_setup"
            )
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class ApiDocsStylesMiddleware:
    """Swagger UI and Redoc (vendor pages) set styles at run time and Redoc runs a worker from a blob:.

    Only on those two pages the policy allows inline styles and blob: workers; scripts stay 'self' only
    (the Swagger page loads its start script from a URL: SpectacularSwaggerSplitView).
    """

    DOCS = ("/api/docs/", "/api/redoc/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path in self.DOCS:
            response._csp_update = {"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]}
        return response


class NulPathMiddleware:
    """A path with a NUL answers 404 before any view. Our URL patterns cannot match a NUL anyway; this also
    covers the admin, whose text primary keys (a language's code) would reach PostgreSQL, which refuses NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` (Django's never-cache headers) on every response with personal data.

    That is every response to a signed-in user (pages, document downloads, exports, statement PDFs, and the
    API, whose token user DRF sets on the request during the view) and every file sent as a download or a
    feed (`Content-Disposition`: the calendar feed has no session). One middleware rather than `never_cache`
    on each view, so a new view is covered without anyone remembering. Public pages and static files
    (served by WhiteNoise before this middleware) keep their own caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or response.has_header("Content-Disposition")
        if personal and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
