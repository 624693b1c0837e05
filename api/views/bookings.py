"""Bookings: list, create, read, cancel, assign, complete. The booking services do the work."""

from datetime import timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import Role, user_role
from api.access import as_api_error, booking_for, require_role, visible_bookings
from api.idempotency import idempotent
from api.schema import IDEMPOTENCY_KEY, PAGE, REPLAYED, RETRY_AFTER, errors, page_of
from api.serializers import (
    AssignSerializer,
    BookingCreateSerializer,
    BookingFilterSerializer,
    CancelSerializer,
    CompleteSerializer,
    WithdrawSerializer,
)
from api.views.reference import paginated
from bookings.audit import AuditAction, audit_record
from bookings.models import Booking, Kind, Status
from bookings.requests import BookingRequest
from bookings.serializers import BookingSerializer
from interpreters.models import Mode
from organisations.models import Organisation
from organisations.services import current_organisation, organisations_of
from portal.booking_defaults import default_sector
from portal.services import WithdrawalRefused, booking_assign, booking_cancel, booking_submit, booking_withdraw
from portal.timesheet_actions import timesheet_file_announced

FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Kind.values),
    OpenApiParameter("mode", OpenApiTypes.STR, enum=Mode.values),
    OpenApiParameter("language", OpenApiTypes.STR, description="ISO 639-3 code"),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Starting on or after this date (2000–2099)"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Starting on or before this date (2000–2099)"),
    OpenApiParameter("organisation", OpenApiTypes.INT, description="Organisation id (among the visible bookings)"),
    PAGE,
]


def _filtered(request):
    # a plain dict, so that an empty `?to=` is an error rather than a filter left out
    filters = BookingFilterSerializer(data=dict(request.query_params.items()))
    filters.is_valid(raise_exception=True)
    wanted = filters.validated_data
    bookings = visible_bookings(request.user)
    lookups = {
        "status": "status",
        "kind": "kind",
        "mode": "mode",
        "language": "language_id",
        "from": "starts_at__date__gte",
        "to": "starts_at__date__lte",
        "organisation": "organisation_id",
    }
    for name, lookup in lookups.items():
        if name in wanted:
            bookings = bookings.filter(**{lookup: wanted[name]})
    # The rows serialize ids of their relations, the municipality's name and, for a confirmed phone job, the
    # organisation's number (Booking.join): joining the languages and interpreter (for_lists) only to build objects
    # nobody reads was 3 ms of a page of 50 (bench/); not joining the organisation cost a query per phone job.
    related = ("municipality", "organisation", "timesheet")
    return bookings.select_related(None).select_related(*related).order_by("-starts_at", "-id")


def _organisation_for_create(request, role: Role, organisation_id: int | None) -> Organisation:
    if role == Role.STAFF:
        if organisation_id is None:
            raise ValidationError({"organisation": [_("Kies de organisatie waarvoor je boekt.")]})
        organisation = Organisation.objects.filter(pk=organisation_id).first()
    elif organisation_id is not None:
        organisation = organisations_of(request.user).filter(pk=organisation_id).first()
    else:
        organisation = current_organisation(request)
        if organisation is None:
            raise PermissionDenied(_("Je bent nog geen lid van een organisatie."))
    if organisation is None:
        raise ValidationError({"organisation": [_("Onbekende organisatie, of je bent er geen lid van.")]})
    return organisation


def _booking_create(request) -> Response:
    role = require_role(request.user, Role.REQUESTER, Role.STAFF)
    serializer = BookingCreateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    organisation = _organisation_for_create(request, role, data.pop("organisation", None))
    if "sector" not in data:  # as the portal's form starts (booking_defaults.py); read only when it is needed
        data["sector"] = default_sector(organisation)
    try:
        booking = booking_submit(request=BookingRequest(**data), organisation=organisation, by=request.user)
    except DjangoValidationError as exc:
        raise as_api_error(exc) from None
    return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    operation_id="bookings_list",
    summary="Bookings the caller may see: its organisations' (requester), its jobs (interpreter), all (staff)",
    parameters=[*FILTERS, RETRY_AFTER],
    responses={200: page_of(BookingSerializer), **errors(400, 404)},
)
@extend_schema(
    methods=["POST"],
    operation_id="bookings_create",
    summary="Request an interpreter or a translation (requester, or staff for a given organisation)",
    request=BookingCreateSerializer,
    parameters=[IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER],
    responses={201: BookingSerializer, **errors(400, 403, 422)},
)
@api_view(["GET", "POST"])
def bookings(request):
    if request.method == "POST":
        return idempotent(request, lambda: _booking_create(request))
    # the rows' JSON kept by what they hold: serializing 50 rows was most of the request (bench/README.md)
    return paginated(request, _filtered(request), BookingSerializer, kept_as="api_bookings")


@extend_schema(
    operation_id="bookings_retrieve",
    summary="One booking",
    responses={200: BookingSerializer, **errors(404)},
    parameters=[RETRY_AFTER],
)
@api_view(["GET"])
def booking_detail(request, pk: int):
    booking = booking_for(request.user, pk)
    audit_record(booking=booking, user=request.user, action=AuditAction.VIEWED, what="API")
    return Response(BookingSerializer(booking).data)


def _booking_cancel(request, pk: int) -> Response:
    booking = booking_for(request.user, pk)
    require_role(request.user, Role.REQUESTER, Role.STAFF)
    serializer = CancelSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        booking = booking_cancel(booking=booking, by=request.user, reason=serializer.validated_data["reason"])
    except DjangoValidationError as exc:
        raise as_api_error(exc) from None
    return Response(BookingSerializer(booking).data)


@extend_schema(
    operation_id="bookings_cancel",
    summary="Cancel (requester of the organisation, or staff); late within the free-cancellation window",
    request=CancelSerializer,
    parameters=[IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER],
    responses={200: BookingSerializer, **errors(400, 403, 404, 422)},
)
@api_view(["POST"])
def booking_cancel_view(request, pk: int):
    return idempotent(request, lambda: _booking_cancel(request, pk))


def _booking_assign(request, pk: int) -> Response:
    booking = booking_for(request.user, pk)
    require_role(request.user, Role.STAFF)
    serializer = AssignSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        booking = booking_assign(booking=booking, by=request.user, **serializer.validated_data)
    except DjangoValidationError as exc:
        raise as_api_error(exc) from None
    return Response(BookingSerializer(booking).data)


@extend_schema(
    operation_id="bookings_assign",
    summary="Put an interpreter on an open booking (staff only); 400 when it overlaps another job",
    request=AssignSerializer,
    parameters=[IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER],
    responses={200: BookingSerializer, **errors(400, 403, 404, 422)},
)
@api_view(["POST"])
def booking_assign_view(request, pk: int):
    return idempotent(request, lambda: _booking_assign(request, pk))


def _booking_complete(request, pk: int) -> Response:
    booking = booking_for(request.user, pk)
    require_role(request.user, Role.INTERPRETER, Role.STAFF)
    serializer = CompleteSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        timesheet_file_announced(
            booking=booking,
            by=request.user,
            actual_start=booking.starts_at,
            actual_end=booking.starts_at + timedelta(minutes=data["actual_minutes"]),
            travel_km=data["travel_km"],
            client_no_show=data["client_no_show"],
            remarks=data["remarks"],
        )
    except DjangoValidationError as exc:
        error = as_api_error(exc)
        if "actual_end" in error.detail:  # the API's caller typed minutes, not an end time
            error.detail["actual_minutes"] = error.detail.pop("actual_end")
        raise error from None
    return Response(BookingSerializer(booking_for(request.user, pk)).data)


@extend_schema(
    operation_id="bookings_complete",
    summary="File the timesheet of a confirmed job (its interpreter, or staff): the booking becomes completed",
    request=CompleteSerializer,
    parameters=[IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER],
    responses={200: BookingSerializer, **errors(400, 403, 404, 422)},
)
@api_view(["POST"])
def booking_complete_view(request, pk: int):
    return idempotent(request, lambda: _booking_complete(request, pk))


def _withdrawable(user, pk: int) -> Booking:
    """Staff, or the interpreter assigned to it; any other interpreter (and the requester) 403, as the interface
    says; a booking a requester may not see at all stays 404."""
    booking = Booking.objects.filter(pk=pk).first()
    role = user_role(user)
    if booking is None or (role == Role.REQUESTER and not visible_bookings(user).filter(pk=pk).exists()):
        raise NotFound()
    if role == Role.STAFF or (role == Role.INTERPRETER and booking.interpreter_id == user.interpreter.pk):
        return booking
    raise PermissionDenied(_("Alleen de toegewezen tolk (of de planning) kan zich terugtrekken."))


def _booking_withdraw(request, pk: int) -> Response:
    booking = _withdrawable(request.user, pk)
    serializer = WithdrawSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        booking_withdraw(booking=booking, by=request.user, reason=serializer.validated_data["reason"])
    except DjangoValidationError as exc:
        raise as_api_error(exc) from None
    except WithdrawalRefused as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    booking.refresh_from_db()
    return Response(BookingSerializer(booking).data)


@extend_schema(
    operation_id="bookings_withdraw",
    summary="The assigned interpreter (or staff) gives a confirmed job back; it is matched again at once. "
    "409 once the job has started or ended",
    request=WithdrawSerializer,
    parameters=[IDEMPOTENCY_KEY, REPLAYED, RETRY_AFTER],
    responses={200: BookingSerializer, **errors(400, 403, 404, 409, 422)},
)
@api_view(["POST"])
def booking_withdraw_view(request, pk: int):
    return idempotent(request, lambda: _booking_withdraw(request, pk))
