from django.urls import path

from portal import views
from portal.views import feedback, immediate, interpreter, remote_switch, requester, staff, staff_queue, timesheets

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *requester.urlpatterns,
    *interpreter.urlpatterns,
    *staff_queue.urlpatterns,
    *staff.urlpatterns,
    *immediate.urlpatterns,
    *remote_switch.urlpatterns,
    *feedback.urlpatterns,
    *timesheets.urlpatterns,
]
