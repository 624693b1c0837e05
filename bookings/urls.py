from django.urls import path

from bookings import views
from bookings.views import feedback, interpreter, remote_switch, requester, staff
from bookings.views import messages as message_views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *requester.urlpatterns,
    *interpreter.urlpatterns,
    *staff.urlpatterns,
    *remote_switch.urlpatterns,
    *feedback.urlpatterns,
    *message_views.urlpatterns,
]
