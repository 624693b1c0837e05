"""Pages of the interpreter."""

from django.shortcuts import render


def dashboard(request):
    return render(request, "bookings/interpreter/dashboard.html")


urlpatterns = []
