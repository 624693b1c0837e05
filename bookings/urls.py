from django.urls import path

from bookings import views
from bookings.views import feedback, interpreter, requester, staff

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *requester.urlpatterns,
    *interpreter.urlpatterns,
    *staff.urlpatterns,
    *feedback.urlpatterns,
]
