from django.urls import path

from interpreters import views

app_name = "interpreters"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("absences/<int:pk>/delete/", views.absence_remove, name="absence_delete"),
]
