"""Pages of the staff."""

from django.shortcuts import render


def dashboard(request):
    return render(request, "bookings/staff/dashboard.html")


urlpatterns = []
