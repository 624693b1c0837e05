"""Idempotency-Key on POST: a retried request gets the first answer again and changes nothing.

The key row is claimed first, in the same transaction as the work. A concurrent repeat blocks on the
unique constraint until the first transaction ends: it then reads the stored answer (commit) or
claims the key itself (rollback). So two racing repeats create exactly one booking.
"""

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import exception_handler

from api.models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def request_fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _run(handler: Callable[[], Response], request) -> Response:
    try:
        return handler()
    except (APIException, Http404) as exc:
        return exception_handler(exc, {"request": request})


def idempotent(request, handler: Callable[[], Response]) -> Response:
    """Answer `handler()` once per (caller, key); repeats with the same body get the stored answer."""
    key = request.headers.get(HEADER)
    if key is None:
        return handler()
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not all(" " <= char <= "~" for char in key):
        raise ValidationError(
            {HEADER: [_("Een sleutel van 1 tot %(max)d zichtbare ASCII-tekens.") % {"max": MAX_KEY_LENGTH}]}
        )
    fingerprint = request_fingerprint(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                claimed = IdempotencyKey.objects.create(user=request.user, key=key, request_hash=fingerprint)
        except IntegrityError:
            claimed = None
        if claimed is None:
            stored = IdempotencyKey.objects.select_for_update().get(user=request.user, key=key)
            if stored.request_hash != fingerprint:
                return Response(
                    {"detail": _("Deze Idempotency-Key werd al gebruikt voor een ander verzoek.")},
                    status=status.HTTP_422_UNPROCESSABLE_ENTITY,
                )
            return Response(
                stored.response_body, status=stored.response_status, headers={"Idempotent-Replayed": "true"}
            )
        response = _run(handler, request)
        if response.status_code >= 500:
            transaction.set_rollback(True)
            return response
        claimed.response_status = response.status_code
        claimed.response_body = _storable(response.data)
        claimed.save(update_fields=["response_status", "response_body"])
        return response


def _storable(data):
    """The answer as JSON PostgreSQL can keep: jsonb has no NUL character, which an error may echo back from the
    request (a field error quoting the value sent), so it is kept as U+FFFD."""
    return json.loads(json.dumps(data, cls=JSONEncoder).replace("\\u0000", "\\ufffd"))
