"""The calling interpreter's offers: list the open ones, accept (first wins), decline."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts.roles import Role
from api.access import offer_for, require_role
from api.idempotency import idempotent
from api.schema import IDEMPOTENCY_KEY, PAGE, REPLAYED, RETRY_AFTER, errors, page_of
from api.serializers import DeclineSerializer, OfferSerializer
from api.views.reference import paginated
from bookings.models import Offer
from bookings.serializers import BookingSerializer
from matching.offers import OfferUnavailable, offer_accept, offer_decline


@extend_schema(
    operation_id="offers_list",
    summary="The calling interpreter's open offers, soonest expiry first (interpreters only)",
    parameters=[PAGE, RETRY_AFTER],
    responses={200: page_of(OfferSerializer), **errors(403, 404)},
)
@api_view(["GET"])
def offers(request):
    require_role(request.user, Role.INTERPRETER)
    open_offers = (
        Offer.objects.open()
        .for_interpreter(request.user.interpreter)
        .filter(expires_at__gt=timezone.now())
        .select_related("booking__municipality")
        .order_by("expires_at", "id")
    )
    return paginated(request, open_offers, OfferSerializer)


def _conflict(exc: OfferUnavailable) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)


def _offer_accept(request, pk: int) -> Response:
    offer = offer_for(request.user, pk)
    try:
        booking = offer_accept(offer=offer, by=request.user)
    except OfferUnavailable as exc:
        return _conflict(exc)
    return Response(BookingSerializer(booking).data)


@extend_schema(
    operation_id="offers_accept",
    summary="Accept an offer: the booking becomes confirmed; 409 when it was taken, withdrawn or expired",
    request=None,
    parameters=[IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER],
    responses={200: BookingSerializer, **errors(400, 403, 404, 409, 422)},
)
@api_view(["POST"])
def offer_accept_view(request, pk: int):
    return idempotent(request, lambda: _offer_accept(request, pk))


def _offer_decline(request, pk: int) -> Response:
    offer = offer_for(request.user, pk)
    serializer = DeclineSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        offer = offer_decline(offer=offer, by=request.user, reason=serializer.validated_data["reason"])
    except OfferUnavailable as exc:
        return _conflict(exc)
    return Response(OfferSerializer(offer).data)


@extend_schema(
    operation_id="offers_decline",
    summary="Decline an offer (reason optional); 409 when it is no longer open",
    request=DeclineSerializer,
    parameters=[IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER],
    responses={200: OfferSerializer, **errors(400, 403, 404, 409, 422)},
)
@api_view(["POST"])
def offer_decline_view(request, pk: int):
    return idempotent(request, lambda: _offer_decline(request, pk))
