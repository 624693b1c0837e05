from django.urls import path

from bookings import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
