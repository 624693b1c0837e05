from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api.views import bookings, feeds, offers, reference, tokens

v1 = [
    path("token/", tokens.token, name="token"),
    path("tokens/<str:username>/", tokens.user_token, name="user-token"),
    path("me/", reference.me, name="me"),
    path("regions/", reference.regions, name="regions"),
    path("languages/", reference.languages, name="languages"),
    path("bookings/", bookings.bookings, name="bookings"),
    path("bookings/<int:pk>/", bookings.booking_detail, name="booking"),
    path("bookings/<int:pk>/cancel/", bookings.booking_cancel_view, name="booking-cancel"),
    path("bookings/<int:pk>/assign/", bookings.booking_assign_view, name="booking-assign"),
    path("bookings/<int:pk>/complete/", bookings.booking_complete_view, name="booking-complete"),
    path("offers/", offers.offers, name="offers"),
    path("offers/<int:pk>/accept/", offers.offer_accept_view, name="offer-accept"),
    path("offers/<int:pk>/decline/", offers.offer_decline_view, name="offer-decline"),
    path("calendar/", feeds.CalendarView.as_view(), name="calendar"),
    path("reports/<int:year>/", feeds.report, name="report"),
]

app_name = "api"
urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
