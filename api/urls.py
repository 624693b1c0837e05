from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from api.views import bookings, feeds, offers, presence, reference, threads, timesheets, tokens, webhooks

v1 = [
    path("token/", tokens.token, name="token"),
    re_path(r"^tokens/(?P<username>[\w.@+-]{1,150})/$", tokens.user_token, name="user-token"),
    path("me/", reference.me, name="me"),
    path("regions/", reference.regions, name="regions"),
    path("languages/", reference.languages, name="languages"),
    path("bookings/", bookings.bookings, name="bookings"),
    path("bookings/<int:pk>/", bookings.booking_detail, name="booking"),
    path("bookings/<int:pk>/cancel/", bookings.booking_cancel_view, name="booking-cancel"),
    path("bookings/<int:pk>/assign/", bookings.booking_assign_view, name="booking-assign"),
    path("bookings/<int:pk>/complete/", bookings.booking_complete_view, name="booking-complete"),
    path("bookings/<int:pk>/timesheet/approve/", timesheets.timesheet_approve_view, name="booking-timesheet-approve"),
    path("bookings/<int:pk>/timesheet/dispute/", timesheets.timesheet_dispute_view, name="booking-timesheet-dispute"),
    path("bookings/<int:pk>/messages/", threads.booking_messages, name="booking-messages"),
    path("bookings/<int:pk>/withdraw/", bookings.booking_withdraw_view, name="booking-withdraw"),
    path("offers/", offers.offers, name="offers"),
    path("offers/<int:pk>/accept/", offers.offer_accept_view, name="offer-accept"),
    path("offers/<int:pk>/decline/", offers.offer_decline_view, name="offer-decline"),
    path("presence/", presence.presence, name="presence"),
    path("calendar/", feeds.CalendarView.as_view(), name="calendar"),
    path("reports/<int:year>/", feeds.report, name="report"),
    path("webhooks/", webhooks.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", webhooks.webhook_detail, name="webhook"),
]


@csrf_exempt
def not_found(request):
    return JsonResponse({"detail": _("Niet gevonden.")}, status=404)


app_name = "api"
urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),  # script by URL: CSP
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # anything else under /api/ (an id that is not a number, a mistyped path): a JSON 404, not an HTML page
    re_path(r"^", not_found),
]
