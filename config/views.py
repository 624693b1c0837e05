"""What a request answers while the database is away (a PostgreSQL restart, a failover).

A request that needs the database then fails on a lost or refused connection. That is not a bug to hide
behind a 500 but a short outage. First the request runs again for a few seconds (config/database_retry.py);
when the database is still away, or the request can't safely run twice, the answer is 503 with `Retry-After`,
which browsers show plainly and which API clients, load balancers and monitoring understand as "try again
shortly" (an API client repeats its POST with the same Idempotency-Key, so nothing is booked twice). The page
is plain HTML, built without the database. Once the database is back every process reconnects by itself
(CONN_HEALTH_CHECKS in config/env.py). Every other error is Django's own 500.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 5


def database_unavailable(request) -> HttpResponse:
    text = _("De databank is even niet bereikbaar. Probeer het over enkele seconden opnieuw.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": text}, status=503)
    else:
        title = _("Even niet bereikbaar")
        page = f"<!doctype html><html><head><title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        response = HttpResponse(f"{page}<p>{escape(text)}</p></body></html>", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.database_unavailable = True  # config/database_retry.py runs the request again while it may
    return response


def server_error(request, *args, **kwargs):
    """handler500: Django calls it while handling the exception, so sys.exc_info() names it."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    return django_server_error(request, *args, **kwargs)
