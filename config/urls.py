from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import PortalPasswordChangeForm, PortalSetPasswordForm
from portal.password_reset import PasswordResetView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # throttled, and its mail through the outbox; the new-password forms in our words; the rest of Django's
    # account views as they are, all with the portal's templates (templates/registration/)
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=PortalSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=PortalPasswordChangeForm),
        name="password_change",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/", include("accounts.urls")),
    path("", include("portal.urls")),
    path("", include("notifications.urls")),
    path("organisations/", include("organisations.urls")),
    path("billing/", include("billing.urls")),
    path("webhooks/", include("webhooks.urls")),
    path("api/", include("api.urls")),
    path("", include("monitoring.urls")),
    path("interpreters/", include("interpreters.urls")),
    path("reporting/", include("reporting.urls")),
]

# Uploaded documents are never served from MEDIA_URL, not even with DEBUG: only through the views that check
# who may see them (as attachments), e.g. portal.views.requester.document_download.

# A lost database connection answers 503 with Retry-After instead of 500 (config/views.py).
handler500 = "config.views.server_error"
