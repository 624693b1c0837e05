"""The calling interpreter's presence: available now for phone and video jobs ("Nu een tolk"), until when."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, parser_classes
from rest_framework.response import Response

from accounts.roles import Role
from api.access import as_api_error, require_role
from api.parsers import JSONParser
from api.schema import RETRY_AFTER, errors
from api.serializers import PresenceSerializer
from interpreters.presence import presence_of, presence_set


def _as_data(presence) -> dict:
    return PresenceSerializer({"available": presence is not None, "until": presence and presence.until}).data


@extend_schema(
    methods=["GET"],
    operation_id="presence_retrieve",
    summary="The calling interpreter's presence (interpreters only)",
    parameters=[RETRY_AFTER],
    responses={200: PresenceSerializer, **errors(403)},
)
@extend_schema(
    methods=["POST"],
    operation_id="presence_update",
    summary="Say the calling interpreter can take a phone or video job now, until `until` (at most 12 h), or not",
    request=PresenceSerializer,
    parameters=[RETRY_AFTER],
    responses={200: PresenceSerializer, **errors(400, 403)},
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser])  # JSON only: in form data an empty `until` would read as null, not as an error
def presence(request):
    require_role(request.user, Role.INTERPRETER)
    interpreter = request.user.interpreter
    if request.method == "GET":
        return Response(_as_data(presence_of(interpreter)))
    serializer = PresenceSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        current = presence_set(interpreter=interpreter, **serializer.validated_data)
    except DjangoValidationError as exc:
        raise as_api_error(exc) from None
    return Response(_as_data(current))
