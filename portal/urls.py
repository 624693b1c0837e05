from django.urls import path

from portal import views
from portal.views import (
    availability,
    feedback,
    immediate,
    interpreter,
    invitations,
    job_card,
    languages,
    remote_switch,
    requester,
    staff,
    staff_queue,
    threads,
    timesheets,
)

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *requester.urlpatterns,
    *interpreter.urlpatterns,
    *staff_queue.urlpatterns,
    *job_card.urlpatterns,
    *availability.urlpatterns,
    *staff.urlpatterns,
    *immediate.urlpatterns,
    *remote_switch.urlpatterns,
    *feedback.urlpatterns,
    *timesheets.urlpatterns,
    *languages.urlpatterns,
    *invitations.urlpatterns,
    *threads.urlpatterns,
]
