from django.urls import path

from portal import views
from portal.views import availability, feedback, interpreter, job_card, remote_switch, requester, staff

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *requester.urlpatterns,
    *interpreter.urlpatterns,
    *job_card.urlpatterns,
    *availability.urlpatterns,
    *staff.urlpatterns,
    *remote_switch.urlpatterns,
    *feedback.urlpatterns,
]
