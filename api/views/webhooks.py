"""Webhooks: a requester lists, adds and deletes its organisation's endpoints; staff list every organisation's."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.roles import Role
from api.access import as_api_error, require_role
from api.schema import PAGE, RETRY_AFTER, errors, page_of
from api.serializers import WebhookEndpointCreatedSerializer, WebhookEndpointSerializer
from api.views.reference import paginated
from organisations.services import current_organisation
from webhooks.endpoints import endpoint_create, endpoint_delete, endpoint_for, endpoints_visible


def _endpoint_create(request) -> Response:
    require_role(request.user, Role.REQUESTER)
    serializer = WebhookEndpointSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    organisation = current_organisation(request)
    if organisation is None:
        raise PermissionDenied(_("Je bent nog geen lid van een organisatie."))
    try:
        endpoint = endpoint_create(organisation=organisation, by=request.user, **serializer.validated_data)
    except DjangoValidationError as exc:
        raise as_api_error(exc) from None
    return Response(WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    operation_id="webhooks_list",
    summary="Webhook endpoints: the caller's organisations' (requester), all (staff)",
    parameters=[PAGE, RETRY_AFTER],
    responses={200: page_of(WebhookEndpointSerializer), **errors(403, 404)},
)
@extend_schema(
    methods=["POST"],
    operation_id="webhooks_create",
    summary="Add an endpoint to the caller's organisation (requester); the answer carries its secret, once",
    request=WebhookEndpointSerializer,
    parameters=[RETRY_AFTER],
    responses={201: WebhookEndpointCreatedSerializer, **errors(400, 403)},
)
@api_view(["GET", "POST"])
def webhooks(request):
    if request.method == "POST":
        return _endpoint_create(request)
    require_role(request.user, Role.REQUESTER, Role.STAFF)
    return paginated(request, endpoints_visible(request.user), WebhookEndpointSerializer)


@extend_schema(
    operation_id="webhooks_destroy",
    summary="Delete an endpoint of the caller's organisation (requester)",
    request=None,
    responses={204: OpenApiResponse(description="Deleted."), **errors(403, 404)},
    parameters=[RETRY_AFTER],
)
@api_view(["DELETE"])
def webhook_detail(request, pk: int):
    require_role(request.user, Role.REQUESTER)
    try:
        endpoint = endpoint_for(request.user, pk)
    except Http404:
        raise NotFound() from None
    endpoint_delete(endpoint=endpoint)
    return Response(status=status.HTTP_204_NO_CONTENT)
