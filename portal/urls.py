from django.urls import path

from portal import views
from portal.views import feedback, interpreter, remote_switch, requester, staff, timesheets

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *requester.urlpatterns,
    *interpreter.urlpatterns,
    *staff.urlpatterns,
    *remote_switch.urlpatterns,
    *feedback.urlpatterns,
    *timesheets.urlpatterns,
]
