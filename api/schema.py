"""Error responses for the OpenAPI schema, so that every status the API can answer is documented."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, OpenApiWebhook, extend_schema

from api.idempotency import HEADER, MAX_KEY_LENGTH
from api.serializers import DetailSerializer, WebhookEventSerializer
from webhooks.models import PING, EventType

DESCRIPTIONS = {
    400: "Bad input: an object with a list of messages per field (`non_field_errors` for the request as a whole).",
    401: "No or an invalid token: send `Authorization: Token <token>`.",
    403: "The caller's role may not take this action.",
    404: "Not found, or not visible to the caller.",
    409: (
        "The offer was already taken, withdrawn or expired; the timesheet is not (or no longer) pending; "
        "or the job has already started or ended."
    ),
    422: "This Idempotency-Key was used before with a different request.",
    429: "Too many requests for this token; retry after the number of seconds in `Retry-After`.",
}


def errors(*codes: int, auth: bool = True) -> dict:
    """Responses for the given error statuses, plus 401 (unless anonymous) and 429 which any call can get."""
    wanted = set(codes) | {429} | ({401} if auth else set())
    responses = {}
    for code in sorted(wanted):
        body = OpenApiTypes.OBJECT if code == 400 else DetailSerializer
        if code == 400:
            examples = [
                OpenApiExample(
                    "Field errors", value={"postcode": ["Een opdracht ter plaatse heeft een postcode nodig."]}
                )
            ]
        else:
            examples = []
        responses[code] = OpenApiResponse(response=body, description=DESCRIPTIONS[code], examples=examples)
    return responses


IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        f"Optional, up to {MAX_KEY_LENGTH} characters, kept per caller for at least 24 hours. A repeat with the "
        "same body returns the first response (status and body) and changes nothing; with a different body: 422."
    ),
)

RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    location=OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next request.",
)


def page_of(serializer_class):
    """The schema of a page of `serializer_class` rows as PageNumberPagination answers it."""
    from drf_spectacular.utils import inline_serializer
    from rest_framework import serializers

    name = serializer_class.__name__.removesuffix("Serializer")
    return inline_serializer(
        name=f"Paginated{name}List",
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


PAGE = OpenApiParameter("page", OpenApiTypes.INT, description="Page number (1-based, 50 rows a page).")

REPLAYED = OpenApiParameter(
    "Idempotent-Replayed",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 201, 400, 403, 404, 409],
    required=False,
    enum=["true"],
    description="Present when this is the stored response to an earlier request with the same Idempotency-Key.",
)


UNSUPPORTED_MEDIA_TYPE = {
    "description": "The body is in a media type the operation does not read (see its request body), or has none.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}},
}


def document_unsupported_media_type(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation that reads a body may answer 415 (DRF's parsers)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["responses"].setdefault("415", UNSUPPORTED_MEDIA_TYPE)
    return result


WEBHOOK_DESCRIPTION = (
    "Sent by POST to each endpoint of the booking's organisation that wants this event, signed per the Standard "
    "Webhooks specification, retried with growing delays for at least 24 hours until it gets a 2xx. Headers:\n\n"
    "- `webhook-id`: one per event and endpoint, the same on every retry; dedupe on it.\n"
    "- `webhook-timestamp`: seconds since 1970 (UTC) of this attempt; refuse one far from now.\n"
    "- `webhook-signature`: `v1,` + base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` under the "
    "secret's bytes (strip `whsec_`, base64-decode); space-separated, two of them for a day after a rotation."
)

WEBHOOK_SUMMARIES = {
    EventType.CREATED: "A booking was requested",
    EventType.OFFERED: "A booking was offered to interpreters",
    EventType.CONFIRMED: "An interpreter was confirmed",
    EventType.CANCELLED: "A booking was cancelled",
    EventType.COMPLETED: "A job was done (its timesheet filed)",
    EventType.UNFILLED: "No interpreter was found in time",
    EventType.WITHDRAWN: "The confirmed interpreter withdrew; the booking is being filled again",
    PING: "The test button: `data` holds the endpoint (`endpoint`, `url`) instead of a booking",
}

WEBHOOKS = [
    OpenApiWebhook(
        name=str(name),
        decorator=extend_schema(
            summary=summary,
            description=WEBHOOK_DESCRIPTION,
            request=WebhookEventSerializer,
            responses={200: OpenApiResponse(description="Received (any 2xx).")},
        ),
    )
    for name, summary in WEBHOOK_SUMMARIES.items()
]
