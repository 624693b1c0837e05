from django.urls import path

from interpreters import views

app_name = "interpreters"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("availability/", views.availability, name="availability"),
    path("absences/", views.absence_create, name="absence_create"),
    path("absences/<int:pk>/delete/", views.absence_remove, name="absence_delete"),
]
