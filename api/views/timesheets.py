"""The requester's organisation (or staff) signs off a filed timesheet: approve, or dispute with a reason."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts.roles import Role
from api.access import as_api_error, booking_for, require_role
from api.idempotency import idempotent
from api.schema import IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER, errors
from api.serializers import BookingSerializer, DisputeSerializer
from bookings.timesheet_approval import TimesheetNotPending, timesheet_approve
from portal.timesheet_actions import timesheet_dispute_announced


def _answer(request, pk: int, answer) -> Response:
    booking = booking_for(request.user, pk)
    require_role(request.user, Role.REQUESTER, Role.STAFF)
    try:
        answer(booking)
    except TimesheetNotPending:
        return Response(
            {"detail": _("Dit prestatieblad wacht niet (meer) op goedkeuring.")}, status=status.HTTP_409_CONFLICT
        )
    except DjangoValidationError as exc:
        raise as_api_error(exc) from None
    return Response(BookingSerializer(booking_for(request.user, pk)).data)


def _dispute(request, pk: int) -> Response:
    def dispute(booking):
        serializer = DisputeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return timesheet_dispute_announced(booking=booking, by=request.user, reason=serializer.validated_data["reason"])

    return _answer(request, pk, dispute)


@extend_schema(
    operation_id="bookings_timesheet_approve",
    summary="Approve the filed timesheet (the requester's organisation, or staff); 409 when it is not pending",
    request=None,
    parameters=[IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER],
    responses={200: BookingSerializer, **errors(400, 403, 404, 409, 422)},
)
@api_view(["POST"])
def timesheet_approve_view(request, pk: int):
    return idempotent(
        request, lambda: _answer(request, pk, lambda booking: timesheet_approve(booking=booking, by=request.user))
    )


@extend_schema(
    operation_id="bookings_timesheet_dispute",
    summary="Dispute the filed timesheet with a reason; staff settle it. 409 when it is not pending",
    request=DisputeSerializer,
    parameters=[IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER],
    responses={200: BookingSerializer, **errors(400, 403, 404, 409, 422)},
)
@api_view(["POST"])
def timesheet_dispute_view(request, pk: int):
    return idempotent(request, lambda: _dispute(request, pk))
