from django.urls import path

from organisations import views

urlpatterns = [
    path("pick/", views.pick_organisation, name="pick_organisation"),
]
