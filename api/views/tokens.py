"""Tokens: log in for one, revoke your own, and staff revoke anyone's."""

from django.contrib.auth import authenticate, get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts.roles import Role
from accounts.two_factor import needs_second_factor_for_token
from api.access import require_role
from api.authentication import token_for
from api.schema import RETRY_AFTER, errors
from api.serializers import TokenRequestSerializer, TokenSerializer


class LoginOrAuthenticated(BasePermission):
    """Anyone may log in; revoking needs the token (or session) being revoked."""

    def has_permission(self, request, view):
        return request.method == "POST" or bool(request.user and request.user.is_authenticated)


def _token_create(request) -> Response:
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    user = authenticate(
        request._request, username=serializer.validated_data["username"], password=serializer.validated_data["password"]
    )
    if user is None and getattr(request._request, "axes_locked_out", False):
        # django-axes locked this login out: answer as the API does (JSON 429), not with the lockout page
        from axes.helpers import get_cool_off

        request._request.axes_locked_out = False
        cool_off = get_cool_off(request._request)
        raise Throttled(
            wait=cool_off.total_seconds() if cool_off else None,
            detail=_("Te veel mislukte pogingen; probeer later opnieuw."),
        )
    if user is None or not user.is_active:
        raise ValidationError({"non_field_errors": [_("Gebruikersnaam of wachtwoord klopt niet.")]})
    if needs_second_factor_for_token(user, serializer.validated_data.get("otp", "")):
        raise ValidationError({"otp": [_("Medewerkers geven ook de code uit hun authenticator-app.")]})
    return Response({"token": token_for(user).key})


@extend_schema(
    methods=["POST"],
    operation_id="token_create",
    summary="Log in: get the caller's API token",
    request=TokenRequestSerializer,
    responses={200: TokenSerializer, **errors(400, auth=False)},
    parameters=[RETRY_AFTER],
    auth=[],
)
@extend_schema(
    methods=["DELETE"],
    operation_id="token_revoke",
    summary="Revoke the caller's own token",
    request=None,
    responses={204: OpenApiResponse(description="Revoked."), **errors()},
    parameters=[RETRY_AFTER],
)
@api_view(["POST", "DELETE"])
@permission_classes([LoginOrAuthenticated])
def token(request):
    if request.method == "POST":
        return _token_create(request)
    Token.objects.filter(user=request.user).delete()
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    operation_id="token_revoke_for_user",
    summary="Revoke a user's token (staff only)",
    request=None,
    responses={204: OpenApiResponse(description="Revoked."), **errors(403, 404)},
    parameters=[RETRY_AFTER],
)
@api_view(["DELETE"])
def user_token(request, username: str):
    require_role(request.user, Role.STAFF)
    user = get_object_or_404(get_user_model(), username=username)
    deleted, _rows = Token.objects.filter(user=user).delete()
    if not deleted:
        return Response({"detail": _("Deze gebruiker heeft geen token.")}, status=status.HTTP_404_NOT_FOUND)
    return Response(status=status.HTTP_204_NO_CONTENT)
