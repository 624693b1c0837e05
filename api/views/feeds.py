"""The caller's agenda as iCalendar, and the annual report (staff)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Role
from api.access import require_role
from api.renderers import ICalendarRenderer
from api.schema import DESCRIPTIONS, RETRY_AFTER, errors
from api.serializers import DetailSerializer, ReportRowSerializer
from bookings.calendar import calendar_for_user
from reporting.annual import annual_report_rows

FIRST_YEAR, LAST_YEAR = 2000, 2099


class CalendarView(APIView):
    """iCalendar for calendar apps; errors stay JSON whatever the caller accepts."""

    renderer_classes = [ICalendarRenderer]

    @extend_schema(
        operation_id="calendar",
        summary="The caller's confirmed jobs (interpreter) or bookings (requester) as an iCalendar feed",
        parameters=[RETRY_AFTER],
        responses={
            (200, "text/calendar"): OpenApiResponse(response=OpenApiTypes.STR, description="One VEVENT per job."),
            **{
                (code, "application/json"): OpenApiResponse(response=DetailSerializer, description=DESCRIPTIONS[code])
                for code in (401, 429)
            },
        },
    )
    def get(self, request):
        response = Response(calendar_for_user(request.user), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="tolkportaal.ics"'
        return response

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


@extend_schema(
    operation_id="reports_retrieve",
    summary="The rows of the annual report for a year (staff only), as `annual_report` writes them",
    parameters=[RETRY_AFTER],
    responses={200: ReportRowSerializer(many=True), **errors(400, 403, 404)},
)
@api_view(["GET"])
def report(request, year: int):
    require_role(request.user, Role.STAFF)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {"year": [_("Kies een jaar van %(first)d tot %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}]}
        )
    return Response(ReportRowSerializer(annual_report_rows(year), many=True).data)
