"""Pages of the requester."""

from django.shortcuts import render


def dashboard(request):
    return render(request, "bookings/requester/dashboard.html")


urlpatterns = []
