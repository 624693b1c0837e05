from django.urls import path

from accounts import two_factor, views

app_name = "accounts"

urlpatterns = [
    path("notifications/", views.notification_preferences, name="notifications"),
    path("2fa/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("2fa/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
]
