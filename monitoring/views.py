from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from monitoring.checks import health


@never_cache
@require_GET
def health_view(request):
    """No login: for load balancers and monitoring."""
    status, body = health()
    return JsonResponse(body, status=status)
