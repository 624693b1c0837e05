import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from monitoring.checks import health
from monitoring.metrics import metrics_text


@never_cache
@require_GET
def health_view(request):
    """No login: for load balancers and monitoring."""
    status, body = health()
    return JsonResponse(body, status=status)


def _bearer_token(request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


@never_cache
@require_GET
def metrics_view(request):
    """Prometheus scrapes with `Authorization: Bearer <TOLK_METRICS_TOKEN>`; a signed-in staff member may look.
    No credentials: 401; a wrong token or a user who is not staff: 403."""
    token = _bearer_token(request)
    if token is not None:
        expected = settings.TOLK_METRICS_TOKEN
        if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    elif not request.user.is_authenticated:
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    elif not request.user.is_staff:
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
